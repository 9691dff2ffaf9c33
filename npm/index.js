// @quintus/chat-widget: the Quintus chat widget as an ES module. The widget is Rust compiled to
// WebAssembly; this file loads the wasm and mounts widgets with it.
import init, { mount as mountWidget } from "./quintus_chat_widget.js";

/**
 * Loads the widget (once) and mounts it into `options.target` (default `<body>`), in an open
 * shadow root. Resolves to the JS API object; rejects with an Error when a required option is
 * missing or the wasm cannot load.
 */
export async function mount(options) {
  // wasm-bindgen's init loads the wasm once: concurrent first calls share the one load, later
  // calls return at once, and a failed load (offline, blocked by CSP) is tried again next time.
  // The URL is written as `new URL("./file", import.meta.url)` so that bundlers (Vite,
  // webpack 5) copy the wasm into the build and rewrite it.
  await init({ module_or_path: new URL("./quintus_chat_widget_bg.wasm", import.meta.url) });
  try {
    return mountWidget(options);
  } catch (err) {
    // The wasm throws plain strings; callers expect an Error.
    throw err instanceof Error ? err : new Error(String(err));
  }
}
