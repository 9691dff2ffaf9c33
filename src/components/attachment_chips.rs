//! The files attached to the next message, as chips: a preview or icon, the name, the size or
//! the upload's progress, and cancel / remove / retry. Also the lines saying why a picked
//! file was refused.

use crate::components::icons::{FileIcon, Icon, CROSS};
use crate::core::upload::{format_size, FileKind};
use crate::i18n::Strings;
use crate::store::attachments::{Attachment, UploadState};
use leptos::html;
use crate::reactive::effect;
use leptos::prelude::*;
use wasm_bindgen::JsCast;

/// Side of the preview canvas in device pixels (shown at 40 CSS pixels).
const PREVIEW_PX: u32 = 80;

/// Where an upload stands, without its details: what the chip shows after the name.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Stage {
    /// A progress bar.
    Uploading,
    /// The file's size.
    Done,
    /// Why it failed, and Retry.
    Failed,
}

impl Stage {
    fn of(state: &UploadState) -> Stage {
        match state {
            UploadState::Uploading(_) => Stage::Uploading,
            UploadState::Done(_) => Stage::Done,
            UploadState::Failed(_) => Stage::Failed,
        }
    }

    /// The chip's `data-state`.
    fn name(self) -> &'static str {
        match self {
            Stage::Uploading => "uploading",
            Stage::Done => "done",
            Stage::Failed => "failed",
        }
    }
}

/// The chips and the refusals.
#[component]
pub fn AttachmentChips(
    /// The attached files.
    attachments: RwSignal<Vec<Attachment>>,
    /// Why the last picked files were refused, one line each.
    rejections: RwSignal<Vec<String>>,
    /// The browser's file behind a chip, for its preview.
    #[prop(into)]
    file_of: Callback<u64, Option<web_sys::File>>,
    /// Cancels an upload or removes a file.
    #[prop(into)]
    on_remove: Callback<u64>,
    /// Uploads a failed file again.
    #[prop(into)]
    on_retry: Callback<u64>,
    /// Strings of the active language.
    strings: &'static Strings,
) -> impl IntoView {
    view! {
        <Show when=move || !rejections.with(Vec::is_empty)>
            <div class="qc-rejections" part="rejections" role="alert">
                <ul>
                    // The lines follow the signal while shown: a refusal added is one more line.
                    {move || rejections.get().into_iter().map(|line| view! { <li>{line}</li> }).collect_view()}
                </ul>
                <button type="button" class="qc-dismiss" aria-label=strings.dismiss on:click=move |_| rejections.set(Vec::new())>
                    <Icon d=CROSS />
                </button>
            </div>
        </Show>
        <Show when=move || !attachments.with(Vec::is_empty)>
            <ul class="qc-chips" part="attachments" aria-label=strings.attachments>
                <For each=move || attachments.get() key=|a| a.key let:attachment>
                    <Chip attachment file_of on_remove on_retry strings />
                </For>
            </ul>
        </Show>
    }
}

/// One attached file.
#[component]
fn Chip(
    /// The file and its upload.
    attachment: Attachment,
    /// The browser's file, for the preview.
    file_of: Callback<u64, Option<web_sys::File>>,
    /// Cancels the upload or removes the file.
    on_remove: Callback<u64>,
    /// Uploads the file again.
    on_retry: Callback<u64>,
    /// Strings of the active language.
    strings: &'static Strings,
) -> impl IntoView {
    let Attachment { key, name, size, kind, state } = attachment;
    let stage = {
        let state = state.clone();
        Memo::new(move |_| state.with(Stage::of))
    };
    let remove_label = {
        let name = name.clone();
        move || if stage.get() == Stage::Uploading { strings.cancel_upload } else { strings.remove_file }.replace("{name}", &name)
    };
    let preview = match kind {
        FileKind::Image => view! { <Preview key file_of /> }.into_any(),
        FileKind::File => view! { <FileIcon /> }.into_any(),
    };
    let detail = {
        let name = name.clone();
        move || match stage.get() {
            Stage::Uploading => {
                let state = state.clone();
                let value = move || match state.get() {
                    UploadState::Uploading(fraction) => Some(permille(fraction)),
                    UploadState::Done(_) | UploadState::Failed(_) => None,
                };
                view! {
                    <progress class="qc-progress" max="1000" aria-label=strings.uploading.replace("{name}", &name) value=value></progress>
                }
                .into_any()
            }
            Stage::Done => view! { <span class="qc-chip-size">{format_size(size, strings.decimal)}</span> }.into_any(),
            Stage::Failed => {
                let state = state.clone();
                let reason = move || match state.get() {
                    UploadState::Failed(reason) => reason,
                    UploadState::Uploading(_) | UploadState::Done(_) => String::new(),
                };
                view! {
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
                .into_any()
            }
        }
    };
    view! {
        <li class="qc-chip" part="attachment" data-state=move || stage.get().name()>
            {preview}
            <span class="qc-chip-text">
                <span class="qc-chip-name">{name}</span>
                {detail}
            </span>
            <button
                type="button"
                class="qc-chip-remove"
                part="attachment-remove"
                aria-label=remove_label
                on:click=move |_| on_remove.run(key)
            >
                <Icon d=CROSS />
            </button>
        </li>
    }
}

/// An image's preview: the picture, cropped square, drawn into a canvas once it is in the page.
#[component]
fn Preview(
    /// The chip's key.
    key: u64,
    /// The browser's file behind the chip.
    file_of: Callback<u64, Option<web_sys::File>>,
) -> impl IntoView {
    let canvas = NodeRef::<html::Canvas>::new();
    effect(move || {
        if let (Some(canvas), Some(file)) = (canvas.get(), file_of.run(key)) {
            leptos::task::spawn_local(draw_preview(canvas, file));
        }
    });
    view! { <canvas node_ref=canvas class="qc-preview" width=PREVIEW_PX height=PREVIEW_PX aria-hidden="true"></canvas> }
}

/// Progress in thousandths: an integer attribute, because printing a float would pull Rust's
/// float formatting (~20 KB) into the wasm.
fn permille(fraction: f64) -> u32 {
    (fraction.clamp(0.0, 1.0) * 1000.0).round() as u32
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
