/*! Quintus chat, iframe embed: the script of frame.html. It starts the widget's wasm (beside
 *  this file) and hands over to its mountFrame(), which reads the query parameters, mounts the
 *  open panel filling the frame, and bridges the JS API to the host page by postMessage. */
import init, { mountFrame } from "./quintus-chat-widget.js";
// (The build writes the content-hashed names over both file names here.)

init({ module_or_path: fetch(new URL("quintus-chat-widget_bg.wasm", import.meta.url), { credentials: "same-origin" }) })
  .then(function () { mountFrame(); })
  .catch(function (err) { console.error("Quintus chat frame: the widget could not start", err); });
