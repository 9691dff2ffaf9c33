//! The files attached to the next message, as chips: a preview or icon, the name, the size or
//! the upload's progress, and cancel / remove / retry. Also the lines saying why a picked
//! file was refused.

use crate::core::upload::{format_size, FileKind};
use crate::i18n::Strings;
use crate::store::attachments::{Attachment, UploadState};
use crate::components::icons::{file_icon, icon_button, CROSS};
use crate::dom;
use leptos::prelude::*;
use wasm_bindgen::JsCast;

/// Side of the preview canvas in device pixels (shown at 40 CSS pixels).
const PREVIEW_PX: u32 = 80;

/// The chips and the refusals.
pub fn attachment_chips(
    attachments: RwSignal<Vec<Attachment>>,
    rejections: RwSignal<Vec<String>>,
    file_of: Callback<u64, Option<web_sys::File>>,
    on_remove: Callback<u64>,
    on_retry: Callback<u64>,
    strings: &'static Strings,
) -> web_sys::Node {
    let both = dom::fragment();
    let rejected = dom::show(
        move || !rejections.with(Vec::is_empty),
        move || {
            // Keyed by the line, so a refusal added while others show is one new row.
            let lines = dom::keyed(move || rejections.get(), String::clone, |line| dom::el("li").text(&line).into());
            dom::el("div")
                .class("qc-rejections")
                .part("rejections")
                .attr("role", "alert")
                .child(dom::el("ul").child(lines))
                .child(
                    icon_button("qc-dismiss", CROSS)
                        .attr("aria-label", strings.dismiss)
                        .on("click", move |_| rejections.set(Vec::new())),
                )
                .into()
        },
    );
    let chips = dom::show(
        move || !attachments.with(Vec::is_empty),
        move || {
            let rows = dom::keyed(
                move || attachments.get(),
                |a| a.key.to_string(),
                move |a| chip(a, file_of, on_remove, on_retry, strings),
            );
            dom::el("ul").class("qc-chips").part("attachments").attr("aria-label", strings.attachments).child(rows).into()
        },
    );
    let _ = both.append_child(&rejected);
    let _ = both.append_child(&chips);
    both.into()
}

/// One attached file.
fn chip(
    attachment: Attachment,
    file_of: Callback<u64, Option<web_sys::File>>,
    on_remove: Callback<u64>,
    on_retry: Callback<u64>,
    strings: &'static Strings,
) -> web_sys::Node {
    let Attachment { key, name, size, kind, state } = attachment;
    let preview = match kind {
        FileKind::Image => {
            let canvas = dom::el("canvas")
                .class("qc-preview")
                .attr("width", &PREVIEW_PX.to_string())
                .attr("height", &PREVIEW_PX.to_string())
                .attr("aria-hidden", "true");
            if let (Ok(canvas), Some(file)) = (canvas.el().clone().dyn_into::<web_sys::HtmlCanvasElement>(), file_of.run(key)) {
                leptos::task::spawn_local(draw_preview(canvas, file));
            }
            canvas
        }
        FileKind::File => file_icon(),
    };
    let uploading = {
        let state = state.clone();
        move || matches!(state.get(), UploadState::Uploading(_))
    };
    let detail = {
        let (state, name) = (state.clone(), name.clone());
        let state2 = state.clone();
        let kind_of = move || match state.get() {
            UploadState::Uploading(_) => 0u8,
            UploadState::Done(_) => 1,
            UploadState::Failed(_) => 2,
        };
        dom::switch(kind_of, move |k| {
            Some(match k {
                0 => {
                    let state = state2.clone();
                    dom::el("progress")
                        .class("qc-progress")
                        .attr("max", "1000")
                        .attr("aria-label", &strings.uploading.replace("{name}", &name))
                        .attr_dyn("value", move || match state.get() {
                            UploadState::Uploading(f) => Some(permille(f).to_string()),
                            _ => None,
                        })
                        .into()
                }
                1 => dom::el("span").class("qc-chip-size").text(&format_size(size, strings.decimal)).into(),
                _ => {
                    let reason = match state2.get_untracked() {
                        UploadState::Failed(r) => r,
                        _ => String::new(),
                    };
                    let both = dom::fragment();
                    let _ = both.append_child(&dom::el("span").class("qc-chip-error").text(&reason).into());
                    let retry = dom::el("button")
                        .attr("type", "button")
                        .class("qc-chip-retry")
                        .part("attachment-retry")
                        .attr("aria-label", &format!("{}: {}", strings.retry, name))
                        .on("click", move |_| on_retry.run(key))
                        .text(strings.retry);
                    let _ = both.append_child(&retry.into());
                    both.into()
                }
            })
        })
    };
    let state_name = {
        let state = state.clone();
        move || {
            Some(
                match state.get() {
                    UploadState::Uploading(_) => "uploading",
                    UploadState::Done(_) => "done",
                    UploadState::Failed(_) => "failed",
                }
                .to_string(),
            )
        }
    };
    let remove_label = {
        let name = name.clone();
        move || Some(if uploading() { strings.cancel_upload } else { strings.remove_file }.replace("{name}", &name))
    };
    dom::el("li")
        .class("qc-chip")
        .part("attachment")
        .attr_dyn("data-state", state_name)
        .child(preview)
        .child(dom::el("span").class("qc-chip-text").child(dom::el("span").class("qc-chip-name").text(&name)).child(detail))
        .child(
            icon_button("qc-chip-remove", CROSS)
                .part("attachment-remove")
                .attr_dyn("aria-label", remove_label)
                .on("click", move |_| on_remove.run(key)),
        )
        .into()
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
