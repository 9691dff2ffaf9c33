/*! Quintus chat loader. The one script a page includes:
 *  <script src=".../quintus-chat.js" defer data-agent-id="..." data-api-key="..."></script>
 *  It defines window.QuintusChat at once (calls made before the widget is ready are queued and
 *  run in order), and loads the widget, from beside this file, when the page is idle
 *  (data-load="idle", the default) or only at the visitor's intent (data-load="intent", and
 *  whenever the browser asks to save data): the wasm and its JS glue are fetched together. */
(function () {
  "use strict";
  var script = document.currentScript;
  if (!script || !script.src) return;
  // Loading the script twice must not mount two widgets.
  if (window.QuintusChat && window.QuintusChat.__quintusLoader) return;

  var base = new URL(".", script.src);
  // The build (scripts/hash-widget.mjs) writes the content-hashed names over these two.
  var GLUE = "quintus-chat-widget.js";
  var WASM = "quintus-chat-widget_bg.wasm";
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
    // No chain: the wasm's download starts now, beside the glue's, and the glue's init takes
    // the response in flight (it compiles it as it streams in).
    var wasm = fetch(new URL(WASM, base).href, { credentials: "same-origin" });
    loading = import(new URL(GLUE, base).href)
      .then(function (mod) {
        return mod.default({ module_or_path: wasm }).then(function () {
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

  // When to load. "intent": at the first sign the visitor wants the chat (a JS API call above,
  // or a pointer or focus on the launcher). "idle" (the default): also when the page is idle.
  // A browser asking to save data gets "intent"; a tab holding a conversation (a reload) gets
  // "idle" whatever was asked, so the widget comes back with its unread badge.
  var mode = options.load === "intent" || saveData() ? "intent" : "idle";
  if (hasStoredConversation()) mode = "idle";
  var idleHandle = null;
  var events = ["pointerdown", "keydown", "touchstart", "scroll"];
  function onInteraction() { load(); }
  function stopWaiting() {
    events.forEach(function (e) { window.removeEventListener(e, onInteraction, true); });
    if (idleHandle !== null && window.cancelIdleCallback) window.cancelIdleCallback(idleHandle);
  }
  function whenIdle() {
    if (loading) return;
    if (window.requestIdleCallback) idleHandle = window.requestIdleCallback(load, { timeout: 4000 });
    else setTimeout(load, 1500);
  }
  if (mode === "idle") {
    // The visitor's first interaction with the page, or idle time, whichever comes first.
    events.forEach(function (e) { window.addEventListener(e, onInteraction, { capture: true, passive: true, once: true }); });
    if (document.readyState === "complete") whenIdle();
    else window.addEventListener("load", whenIdle, { once: true });
  }

  function saveData() {
    var connection = navigator.connection;
    return !!(connection && connection.saveData);
  }

  // The widget keeps this tab's conversation in sessionStorage under a key starting
  // "quintus-chat:" and holding the agent id (src/session.rs, storage_key). Storage can
  // throw (sandboxed frames, privacy modes): then there is nothing stored to come back to.
  function hasStoredConversation() {
    try {
      var storage = window.sessionStorage;
      for (var i = 0; i < storage.length; i++) {
        var key = storage.key(i);
        if (key && key.indexOf("quintus-chat:") === 0 && key.indexOf(":" + (options.agentId || "")) > 0) return true;
      }
    } catch (e) {}
    return false;
  }
})();
