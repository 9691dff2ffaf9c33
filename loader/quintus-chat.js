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
  // The widget's own stylesheet (style/widget.css), written here by the build, so that the
  // launcher's first frame, drawn below before any wasm arrives, is the widget's to the pixel.
  // Unbuilt (empty), the launcher waits for the widget.
  var WIDGET_CSS = "";
  // The loader's only rules of its own: the spinner of a launcher clicked before the widget is
  // ready (centred over the hidden icon).
  var LOADER_CSS = "@keyframes qc-spin{to{transform:rotate(1turn)}}" +
    ".qc-launcher[aria-busy=true] .qc-icon{visibility:hidden}" +
    ".qc-launcher[aria-busy=true]::after{content:\"\";position:absolute;inset:0;margin:auto;width:22px;height:22px;" +
    "box-sizing:border-box;border-radius:50%;border:3px solid currentColor;border-right-color:transparent;animation:qc-spin .8s linear infinite}";
  // The launcher's accessible name, in the widget's languages (src/i18n, open_chat).
  var OPEN_CHAT = { en: "Open chat", "pt-BR": "Abrir chat", es: "Abrir chat" };
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

  var launcher = drawLauncher();

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
        // No widget is coming: the loader's launcher would promise what cannot happen.
        if (launcher) launcher.host.remove();
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

  // The launcher's first frame, in the host element and shadow root the widget will mount into
  // (src/embed/takeover.rs): the same markup, classes, part and name as the widget's Launcher
  // component, under the widget's stylesheet. Any intent on it loads the widget; a click also
  // opens the panel once it is ready, with a spinner in the bubble meanwhile.
  function drawLauncher() {
    if (!WIDGET_CSS || !document.body) return null;
    var lang = langTag();
    var host = document.createElement("quintus-chat");
    host.setAttribute("data-quintus-loader", "");
    var root = host.attachShadow({ mode: "open" });
    var box = element("div", { class: "qc-root", "data-quintus-loader": "" });
    var css = WIDGET_CSS + LOADER_CSS;
    // As the widget does with data-color (a value CSS.supports as a colour cannot break out).
    if (options.color && window.CSS && window.CSS.supports("color", options.color)) css += "\n:host { --qc-accent: " + options.color + "; }\n";
    try {
      var sheet = new CSSStyleSheet();
      sheet.replaceSync(css);
      root.adoptedStyleSheets = [sheet];
    } catch (e) {
      var style = element("style", options.nonce ? { nonce: options.nonce } : {});
      style.textContent = css;
      box.appendChild(style);
    }
    var widget = element("div", {
      class: "qc-widget",
      lang: lang,
      "data-theme": oneOf(options.theme, ["light", "dark", "auto"], "auto"),
      "data-position": oneOf(options.position, ["right", "left"], "right"),
      "data-embed": "page"
    });
    var button = element("button", {
      type: "button", class: "qc-launcher", part: "launcher", "aria-haspopup": "dialog",
      "aria-expanded": "false", "aria-label": OPEN_CHAT[lang]
    });
    var svg = document.createElementNS("http://www.w3.org/2000/svg", "svg");
    [["class", "qc-icon"], ["viewBox", "0 0 24 24"], ["aria-hidden", "true"], ["focusable", "false"]].forEach(function (a) { svg.setAttribute(a[0], a[1]); });
    var path = document.createElementNS("http://www.w3.org/2000/svg", "path");
    path.setAttribute("class", "qc-icon-chat");
    path.setAttribute("d", "M4 4h16a2 2 0 0 1 2 2v10a2 2 0 0 1-2 2H9l-5 4v-4a2 2 0 0 1-2-2V6a2 2 0 0 1 2-2z");
    svg.appendChild(path);
    button.appendChild(svg);
    ["pointerenter", "pointerdown", "touchstart", "focus"].forEach(function (e) {
      button.addEventListener(e, function () { load(); }, { passive: true });
    });
    button.addEventListener("click", function () {
      button.setAttribute("aria-busy", "true");
      api.open();
    });
    widget.appendChild(button);
    box.appendChild(widget);
    root.appendChild(box);
    document.body.appendChild(host);
    return { host: host, button: button };
  }

  function element(tag, attributes) {
    var el = document.createElement(tag);
    for (var name in attributes) el.setAttribute(name, attributes[name]);
    return el;
  }
  function oneOf(value, allowed, fallback) {
    return allowed.indexOf(value) >= 0 ? value : fallback;
  }
  // The widget's language: data-lang, else the browser's first supported one, else English
  // (src/config.rs, Lang::negotiate).
  function langTag() {
    var tags = [options.lang || ""].concat(navigator.languages || [navigator.language || ""]);
    for (var i = 0; i < tags.length; i++) {
      var primary = String(tags[i]).split(/[-_]/)[0].toLowerCase();
      if (primary === "pt") return "pt-BR";
      if (primary === "en" || primary === "es") return primary;
      // An unsupported data-lang falls back to the browser's languages, as the widget does.
    }
    return "en";
  }

  function saveData() {
    var connection = navigator.connection;
    return !!(connection && connection.saveData);
  }

  // The widget keeps this tab's conversation in sessionStorage under
  // "quintus-chat:v2:<agent id>@<API base URL>" (src/session.rs, storage_key); any API will do
  // here. Storage can throw (sandboxed frames, privacy modes): then there is nothing stored to
  // come back to.
  function hasStoredConversation() {
    try {
      var storage = window.sessionStorage;
      for (var i = 0; i < storage.length; i++) {
        var key = storage.key(i);
        if (key && key.indexOf("quintus-chat:v2:" + options.agentId + "@") === 0) return true;
      }
    } catch (e) {}
    return false;
  }
})();
