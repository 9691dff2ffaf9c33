//! The files attached to the next message, as chips: a preview or icon, the name, the size or
//! the upload's progress, and cancel / remove / retry. Also the lines saying why a picked
//! file was refused.

use crate::core::upload::{format_size, FileKind};
use crate::i18n::Strings;
use crate::store::attachments::{Attachment, UploadState};
use leptos::prelude::*;
use wasm_bindgen::JsCast;

/// Side of the preview canvas in device pixels (shown at 40 CSS pixels).
const PREVIEW_PX: u32 = 80;

/// The chips and the refusals.
#[component]
pub fn AttachmentChips(
    /// The attached files.
    attachments: RwSignal<Vec<Attachment>>,
    /// Why the last picked files were refused.
    rejections: RwSignal<Vec<String>>,
    /// The browser's file behind a chip, for its preview.
    file_of: Callback<u64, Option<web_sys::File>>,
    /// Cancels an upload or removes a file.
    on_remove: Callback<u64>,
    /// Uploads a failed file again.
    on_retry: Callback<u64>,
    /// Strings of the active language.
    strings: &'static Strings,
) -> impl IntoView {
    view! {
        <Show when=move || !rejections.with(Vec::is_empty)>
            <div class="qc-rejections" part="rejections" role="alert">
                <ul>
                    {move || rejections.get().into_iter().map(|line| view! { <li>{line}</li> }).collect_view()}
                </ul>
                <button type="button" class="qc-dismiss" aria-label=strings.dismiss on:click=move |_| rejections.set(Vec::new())>
                    <svg class="qc-icon" viewBox="0 0 24 24" aria-hidden="true" focusable="false">
                        <path d="M6 6l12 12M18 6L6 18"></path>
                    </svg>
                </button>
            </div>
        </Show>
        <Show when=move || !attachments.with(Vec::is_empty)>
            <ul class="qc-chips" part="attachments" aria-label=strings.attachments>
                <For each=move || attachments.get() key=|a| a.key let:attachment>
                    <Chip attachment=attachment file_of=file_of on_remove=on_remove on_retry=on_retry strings=strings />
                </For>
            </ul>
        </Show>
    }
}

/// One attached file.
#[component]
fn Chip(
    attachment: Attachment,
    file_of: Callback<u64, Option<web_sys::File>>,
    on_remove: Callback<u64>,
    on_retry: Callback<u64>,
    strings: &'static Strings,
) -> impl IntoView {
    let Attachment { key, name, size, kind, state } = attachment;
    let canvas = NodeRef::<leptos::html::Canvas>::new();
    if kind == FileKind::Image {
        Effect::new(move |_| {
            if let (Some(canvas), Some(file)) = (canvas.get(), file_of.run(key)) {
                leptos::task::spawn_local(draw_preview(canvas, file));
            }
        });
    }
    let state_name = {
        let state = state.clone();
        move || match state.get() {
            UploadState::Uploading(_) => "uploading",
            UploadState::Done(_) => "done",
            UploadState::Failed(_) => "failed",
        }
    };
    let uploading = {
        let state = state.clone();
        move || matches!(state.get(), UploadState::Uploading(_))
    };
    let remove_label = {
        let (name, uploading) = (name.clone(), uploading.clone());
        move || if uploading() { strings.cancel_upload } else { strings.remove_file }.replace("{name}", &name)
    };
    let detail = {
        let (state, name) = (state.clone(), name.clone());
        move || match state.get() {
            UploadState::Uploading(fraction) => view! {
                <progress class="qc-progress" max="1000" value=permille(fraction) aria-label=strings.uploading.replace("{name}", &name)></progress>
            }
            .into_any(),
            UploadState::Done(_) => view! { <span class="qc-chip-size">{format_size(size, strings.decimal)}</span> }.into_any(),
            UploadState::Failed(reason) => view! {
                <span class="qc-chip-error">{reason}</span>
                <button
                    type="button"
                    class="qc-chip-retry"
                    part="attachment-retry"
                    aria-label=format!("{}: {}", strings.retry, name)
                    on:click=move |_| on_retry.run(key)
                >
                    {strings.retry}
                </button>
            }
            .into_any(),
        }
    };
    view! {
        <li class="qc-chip" part="attachment" data-state=state_name>
            {match kind {
                FileKind::Image => view! { <canvas node_ref=canvas class="qc-preview" width=PREVIEW_PX height=PREVIEW_PX aria-hidden="true"></canvas> }.into_any(),
                FileKind::File => file_icon().into_any(),
            }}
            <span class="qc-chip-text">
                <span class="qc-chip-name">{name.clone()}</span>
                {detail}
            </span>
            <button type="button" class="qc-chip-remove" part="attachment-remove" aria-label=remove_label on:click=move |_| on_remove.run(key)>
                <svg class="qc-icon" viewBox="0 0 24 24" aria-hidden="true" focusable="false">
                    <path d="M6 6l12 12M18 6L6 18"></path>
                </svg>
            </button>
        </li>
    }
}

/// Progress in thousandths: an integer attribute, because printing a float would pull Rust's
/// float formatting (~20 KB) into the wasm.
fn permille(fraction: f64) -> u32 {
    (fraction.clamp(0.0, 1.0) * 1000.0).round() as u32
}

/// The icon of a file that is not an image.
pub fn file_icon() -> impl IntoView {
    view! {
        <svg class="qc-icon qc-file-icon" viewBox="0 0 24 24" aria-hidden="true" focusable="false">
            <path d="M14 3H7a2 2 0 0 0-2 2v14a2 2 0 0 0 2 2h10a2 2 0 0 0 2-2V8zM14 3v5h5"></path>
        </svg>
    }
}

/// Draws the image, cropped square, into the preview canvas. Decoding through
/// `createImageBitmap` and a canvas needs no `blob:` image URL, so a strict `img-src` CSP
/// on the host page does not block the preview. A file that does not decode keeps the blank
/// canvas; the server will judge it.
async fn draw_preview(canvas: web_sys::HtmlCanvasElement, file: web_sys::File) {
    let Some(window) = web_sys::window() else { return };
    let Ok(promise) = window.create_image_bitmap_with_blob(&file) else { return };
    let Ok(bitmap) = wasm_bindgen_futures::JsFuture::from(promise).await else { return };
    let Ok(bitmap) = bitmap.dyn_into::<web_sys::ImageBitmap>() else { return };
    let Some(ctx) = canvas.get_context("2d").ok().flatten().and_then(|c| c.dyn_into::<web_sys::CanvasRenderingContext2d>().ok()) else {
        return;
    };
    let (w, h) = (f64::from(bitmap.width()), f64::from(bitmap.height()));
    let side = w.min(h);
    let px = f64::from(PREVIEW_PX);
    let _ = ctx.draw_image_with_image_bitmap_and_sw_and_sh_and_dx_and_dy_and_dw_and_dh(&bitmap, (w - side) / 2.0, (h - side) / 2.0, side, side, 0.0, 0.0, px, px);
    bitmap.close();
}
