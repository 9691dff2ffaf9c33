//! One file upload over XMLHttpRequest: fetch cannot report upload progress, XHR can.

use crate::core::error::ApiError;
use crate::core::models::FileInfo;
use std::cell::RefCell;
use std::rc::Rc;
use wasm_bindgen::closure::Closure;
use wasm_bindgen::JsCast;
use web_sys::{ProgressEvent, XmlHttpRequest};

/// Where a running upload's request is kept, so the visitor's Cancel can abort it.
pub type AbortSlot = Rc<RefCell<Option<XmlHttpRequest>>>;

/// How an upload ended, as the XHR events say.
enum Outcome {
    Loaded,
    Failed,
    Aborted,
}

/// Posts `file` as the multipart field `file` to `url` with the session `token`, calling
/// `progress` with the fraction sent (0 to 1). A non-2xx answer becomes its `ApiError`.
pub async fn send(url: &str, token: &str, file: &web_sys::File, progress: &Rc<dyn Fn(f64)>, slot: &AbortSlot) -> Result<FileInfo, ApiError> {
    let xhr = XmlHttpRequest::new().map_err(super::http::from_js)?;
    xhr.open("POST", url).map_err(super::http::from_js)?;
    xhr.set_request_header("Authorization", &format!("Bearer {token}")).map_err(super::http::from_js)?;
    xhr.set_request_header("Accept", "application/json").map_err(super::http::from_js)?;
    let form = web_sys::FormData::new().map_err(super::http::from_js)?;
    form.append_with_blob_and_filename("file", file, &file.name()).map_err(super::http::from_js)?;

    let report = progress.clone();
    let on_progress = Closure::<dyn Fn(ProgressEvent)>::new(move |e: ProgressEvent| {
        if e.length_computable() && e.total() > 0.0 {
            report((e.loaded() / e.total()).clamp(0.0, 1.0));
        }
    });
    if let Ok(upload) = xhr.upload() {
        upload.set_onprogress(Some(on_progress.as_ref().unchecked_ref()));
    }
    // The three ends of an XHR settle one promise; the closures live until it settles.
    let outcome: Rc<RefCell<Option<Outcome>>> = Rc::new(RefCell::new(None));
    let mut handlers = Vec::new();
    let promise = js_sys::Promise::new(&mut |resolve, _reject| {
        for (event, end) in [("load", Outcome::Loaded), ("error", Outcome::Failed), ("abort", Outcome::Aborted)] {
            let (outcome, resolve) = (outcome.clone(), resolve.clone());
            let mut end = Some(end);
            let handler = Closure::<dyn FnMut()>::new(move || {
                if let Some(end) = end.take() {
                    outcome.borrow_mut().get_or_insert(end);
                }
                let _ = resolve.call0(&wasm_bindgen::JsValue::NULL);
            });
            let _ = xhr.add_event_listener_with_callback(event, handler.as_ref().unchecked_ref());
            handlers.push(handler);
        }
    });
    *slot.borrow_mut() = Some(xhr.clone());
    let sent = xhr.send_with_opt_form_data(Some(&form));
    if let Err(err) = sent {
        slot.borrow_mut().take();
        return Err(super::http::from_js(err));
    }
    let _ = wasm_bindgen_futures::JsFuture::from(promise).await;
    slot.borrow_mut().take();
    drop((handlers, on_progress));
    let outcome = outcome.borrow_mut().take();
    match outcome {
        Some(Outcome::Loaded) => {}
        Some(Outcome::Aborted) => return Err(ApiError::Aborted),
        _ => return Err(ApiError::Network("the upload did not reach the server".into())),
    }
    let status = xhr.status().unwrap_or(0);
    let body = xhr.response_text().ok().flatten().unwrap_or_default();
    if (200..300).contains(&status) {
        return super::http::decode(&body);
    }
    let retry_after = xhr.get_response_header("Retry-After").ok().flatten();
    Err(ApiError::from_response(status, &body, retry_after.as_deref()))
}
