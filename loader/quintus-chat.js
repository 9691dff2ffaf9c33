/*! Quintus chat loader. The one script a page includes:
 *  <script src=".../quintus-chat.js" defer data-agent-id="..." data-api-key="..."></script>
 *  It defines window.QuintusChat at once (calls made before the widget is ready are queued and
 *  run in order), and loads the widget's wasm, from beside this file, only when the page is
 *  idle or the visitor interacts. */
(function () {
  "use strict";
  var script = document.currentScript;
  if (!script || !script.src) return;
  // Loading the script twice must not mount two widgets.
  if (window.QuintusChat && window.QuintusChat.__quintusLoader) return;

  var base = new URL(".", script.src);
  var options = {};
  for (var key in script.dataset) options[key] = script.dataset[key];

  var queue = [];
  var listeners = [];
  var real = null;
  var loading = null;
  var api = { __quintusLoader: true };

  ["open", "close", "toggle", "send", "reset", "destroy", "setUser", "setContext"].forEach(function (name) {
    api[name] = function () {
      var args = Array.prototype.slice.call(arguments);
      if (real) return real[name].apply(real, args);
      queue.push([name, args]);
      // Asking for the chat is an interaction: load now.
      if (name !== "setUser" && name !== "setContext") load();
    };
  });
  api.on = function (event, callback) {
    if (real) return real.on(event, callback);
    var entry = { event: event, callback: callback, off: null, removed: false };
    listeners.push(entry);
    return function () {
      entry.removed = true;
      if (entry.off) entry.off();
    };
  };
  window.QuintusChat = api;

  function load() {
    if (loading) return loading;
    stopWaiting();
    loading = import(new URL("quintus-chat-widget.js", base).href)
      .then(function (mod) {
        return mod.default({ module_or_path: new URL("quintus-chat-widget_bg.wasm", base) }).then(function () {
          real = mod.mount(options);
          listeners.forEach(function (l) {
            if (!l.removed) l.off = real.on(l.event, l.callback);
          });
          queue.splice(0).forEach(function (call) {
            real[call[0]].apply(real, call[1]);
          });
          // From now on, calls go straight to the widget.
          ["open", "close", "toggle", "send", "reset", "destroy", "setUser", "setContext", "on"].forEach(function (name) {
            api[name] = real[name].bind(real);
          });
        });
      })
      .catch(function (err) {
        console.error("Quintus chat: the widget could not load", err);
      });
    return loading;
  }

  // Load when the page is idle, or at the visitor's first interaction, whichever comes first.
  var events = ["pointerdown", "keydown", "touchstart", "scroll"];
  var idleHandle = null;
  function onInteraction() { load(); }
  function stopWaiting() {
    events.forEach(function (e) { window.removeEventListener(e, onInteraction, true); });
    if (idleHandle !== null && window.cancelIdleCallback) window.cancelIdleCallback(idleHandle);
  }
  events.forEach(function (e) { window.addEventListener(e, onInteraction, { capture: true, passive: true, once: true }); });
  function whenIdle() {
    if (window.requestIdleCallback) idleHandle = window.requestIdleCallback(load, { timeout: 4000 });
    else setTimeout(load, 1500);
  }
  if (document.readyState === "complete") whenIdle();
  else window.addEventListener("load", whenIdle, { once: true });
})();
