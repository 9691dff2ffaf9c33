//! Puts the widget's CSS inside its shadow root, and nowhere else.

use crate::config::WidgetConfig;
use wasm_bindgen::{JsCast, JsValue};
use web_sys::{Document, ShadowRoot};

/// The widget's stylesheet (`style/widget.css`), compiled in as written so that no extra
/// request or host `<style>` is needed. (Minifying it saved 0.5 KB brotli, not worth code of
/// our own.)
const WIDGET_CSS: &str = include_str!("../../style/widget.css");

/// The stylesheet text with the embedder's overrides (already validated by `config`).
pub fn css_for(config: &WidgetConfig) -> String {
    let mut css = String::with_capacity(WIDGET_CSS.len() + 64);
    css.push_str(WIDGET_CSS);
    if let Some(color) = &config.color {
        css.push_str(&format!("\n:host {{ --qc-accent: {color}; }}\n"));
    }
    css
}

/// Installs the CSS in `root`. A constructed stylesheet (`adoptedStyleSheets`) is not an inline
/// style for CSP, so it works under `style-src 'self'`; where it is missing, a `<style>` with the
/// configured nonce is the fallback.
pub fn install(document: &Document, root: &ShadowRoot, config: &WidgetConfig) -> Result<(), JsValue> {
    let css = css_for(config);
    if adopt(root, &css).is_ok() {
        return Ok(());
    }
    let style = document.create_element("style")?;
    if let Some(nonce) = &config.nonce {
        style.set_attribute("nonce", nonce)?;
    }
    style.set_text_content(Some(&css));
    root.append_child(&style)?;
    Ok(())
}

fn adopt(root: &ShadowRoot, css: &str) -> Result<(), JsValue> {
    let sheet = web_sys::CssStyleSheet::new()?;
    let replace_sync = js_sys::Reflect::get(&sheet, &"replaceSync".into())?.dyn_into::<js_sys::Function>()?;
    replace_sync.call1(&sheet, &css.into())?;
    js_sys::Reflect::set(root, &"adoptedStyleSheets".into(), &js_sys::Array::of1(&sheet))?;
    Ok(())
}
