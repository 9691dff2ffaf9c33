/*! Quintus chat, iframe embed. The one script a host page includes:
 *  <script src="https://chat.example/quintus-chat-frame.js" defer data-agent-id="..." data-api-key="..."></script>
 *  It draws a launcher button and an iframe of frame.html (from beside this file), and defines
 *  window.QuintusChat, whose calls are queued until the frame is ready. It talks to that frame
 *  only: it posts to the frame's origin, never "*", and listens to nothing else. */
(function () {
  "use strict";
  var script = document.currentScript;
  if (!script || !script.src) return;
  // Loading the script twice must not draw two launchers.
  if (window.QuintusChat && window.QuintusChat.__quintusFrame) return;

  var SOURCE = "quintus-chat";
  var EVENTS = ["ready", "open", "close", "message", "unread", "error"];
  var NS = "http://www.w3.org/2000/svg";
  // The launcher's names and the frame's title, in the widget's languages.
  var STRINGS = {
    en: ["Open chat", "Close chat", "Chat with us", "new messages"],
    pt: ["Abrir chat", "Fechar chat", "Fale conosco", "novas mensagens"],
    es: ["Abrir chat", "Cerrar chat", "Habla con nosotros", "mensajes nuevos"]
  };
  var CSS =
    ":host{all:initial!important;position:static!important}" +
    "button{position:fixed;bottom:var(--qc-offset-y,20px);right:var(--qc-offset-x,20px);z-index:var(--qc-z,2147483000);" +
    "width:56px;height:56px;padding:0;border:0;border-radius:50%;background:var(--qc-accent,#1f5eff);" +
    "color:var(--qc-accent-contrast,#fff);display:grid;place-items:center;cursor:pointer;box-shadow:0 6px 20px rgb(0 0 0/.22)}" +
    "button:focus-visible{outline:3px solid var(--qc-fg,#1a1d24);outline-offset:2px}" +
    "svg{width:24px;height:24px;fill:currentColor}.x{fill:none;stroke:currentColor;stroke-width:2;stroke-linecap:round}" +
    "[aria-expanded=true] .c,[aria-expanded=false] .x{display:none}" +
    ".b{position:absolute;top:-4px;right:-4px;min-width:22px;height:22px;padding:0 6px;border-radius:11px;" +
    "background:#c62828;color:#fff;font:700 12px/22px system-ui,sans-serif;border:2px solid #fff}" +
    "iframe{position:fixed;bottom:calc(var(--qc-offset-y,20px) + 68px);right:var(--qc-offset-x,20px);z-index:var(--qc-z,2147483000);" +
    "width:min(var(--qc-panel-width,380px),calc(100vw - 2*var(--qc-offset-x,20px)));" +
    "height:min(var(--qc-panel-height,600px),calc(100vh - var(--qc-offset-y,20px) - 100px));" +
    "border:0;border-radius:var(--qc-radius,16px);box-shadow:0 12px 40px rgb(0 0 0/.25);background:var(--qc-bg,#fff)}" +
    "[hidden]{display:none!important}" +
    ":host([data-position=left]) button,:host([data-position=left]) iframe{right:auto;left:var(--qc-offset-x,20px)}" +
    "@media (max-width:480px){iframe{inset:0;width:100%;height:100%;border-radius:0}button[aria-expanded=true]{display:none}}";

  var data = script.dataset;
  // frame.html beside this script: its origin is the only one this page talks to.
  var src = new URL("frame.html", script.src);
  var frameOrigin = src.origin;
  for (var key in data) {
    // data-agent-id -> agent_id. The nonce is for this page's own style fallback only.
    if (key !== "nonce" && key !== "open") {
      src.searchParams.set(key.replace(/[A-Z]/g, function (c) { return "_" + c.toLowerCase(); }), data[key]);
    }
  }
  src.searchParams.set("parent_origin", location.origin);
  var t = STRINGS[(data.lang || navigator.language || "").slice(0, 2).toLowerCase()] || STRINGS.en;

  var host = document.createElement("quintus-chat");
  if (data.position) host.setAttribute("data-position", data.position);
  // Through the CSSOM, which a strict CSP allows.
  if (data.color) host.style.setProperty("--qc-accent", data.color);
  var root = host.attachShadow({ mode: "open" });
  try {
    var sheet = new CSSStyleSheet();
    sheet.replaceSync(CSS);
    root.adoptedStyleSheets = [sheet];
  } catch (e) {
    var style = document.createElement("style");
    if (data.nonce) style.setAttribute("nonce", data.nonce);
    style.textContent = CSS;
    root.appendChild(style);
  }
  var button = document.createElement("button");
  button.type = "button";
  button.setAttribute("part", "launcher");
  button.setAttribute("aria-haspopup", "dialog");
  button.appendChild(icon("c", "M4 4h16a2 2 0 0 1 2 2v10a2 2 0 0 1-2 2H9l-5 4v-4a2 2 0 0 1-2-2V6a2 2 0 0 1 2-2z"));
  button.appendChild(icon("x", "M6 9l6 6 6-6"));
  var badge = document.createElement("span");
  badge.className = "b";
  badge.setAttribute("aria-hidden", "true");
  button.appendChild(badge);
  button.addEventListener("click", function () { api.toggle(); });
  root.appendChild(button);

  var frame = null;
  var ready = false;
  var shown = false;
  var unread = 0;
  var queue = [];
  var listeners = [];
  var savedOverflow = null;
  var api = { __quintusFrame: true };

  function icon(cls, d) {
    var svg = document.createElementNS(NS, "svg");
    svg.setAttribute("viewBox", "0 0 24 24");
    svg.setAttribute("aria-hidden", "true");
    svg.setAttribute("class", cls);
    var path = document.createElementNS(NS, "path");
    path.setAttribute("d", d);
    svg.appendChild(path);
    return svg;
  }

  function label() {
    button.setAttribute("aria-expanded", String(shown));
    button.setAttribute("aria-label", shown ? t[1] : unread ? t[0] + ", " + unread + " " + t[3] : t[0]);
    badge.hidden = shown || !unread;
    badge.textContent = String(Math.min(unread, 99));
  }

  // Shows or hides the frame, mirroring the panel's state inside it.
  function show(on, focus) {
    if (!host) return;
    var focusInside = root.activeElement === frame;
    shown = on;
    if (frame) frame.hidden = !on;
    label();
    // Like the widget: while the frame fills a phone's screen, the page behind does not scroll.
    var lock = on && matchMedia("(max-width:480px)").matches;
    if (lock && savedOverflow === null) {
      savedOverflow = document.body.style.overflow;
      document.body.style.overflow = "hidden";
    } else if (!lock && savedOverflow !== null) {
      document.body.style.overflow = savedOverflow;
      savedOverflow = null;
    }
    if (on && focus && frame) frame.focus();
    // Closed from inside the frame (Esc, its close button): focus comes back to the launcher.
    if (!on && focusInside) button.focus();
  }

  function load() {
    if (frame || !host) return;
    stopWaiting();
    frame = document.createElement("iframe");
    frame.setAttribute("part", "frame");
    frame.title = data.title || t[2];
    // Scripts, its own origin's storage, the composer's form and reply links in new tabs;
    // no top navigation, no modals.
    frame.setAttribute("sandbox", "allow-scripts allow-same-origin allow-forms allow-popups allow-popups-to-escape-sandbox");
    frame.hidden = !shown;
    // A frame loaded to be shown (the visitor asked for the chat) starts open, and draws the
    // panel's first frame before its wasm arrives; one loaded on idle starts closed, and this
    // page's launcher (or open()) opens it.
    src.searchParams.set("open", String(shown));
    frame.src = src.href;
    root.appendChild(frame);
    if (shown) frame.focus();
  }

  function call(type, payload) {
    if (!host) return;
    if (ready) {
      var target = frame.contentWindow;
      if (target) target.postMessage({ source: SOURCE, type: type, payload: payload }, frameOrigin);
    } else {
      queue.push([type, payload]);
      // Asking for the chat is an interaction: load now.
      if (type !== "setUser" && type !== "setContext") load();
    }
  }

  function emit(event, payload) {
    listeners.slice().forEach(function (l) {
      if (l.event !== event) return;
      // A throwing listener is the page's bug; it must not stop the others.
      try { l.callback(payload); } catch (err) { console.error("Quintus chat: a `" + event + "` listener threw", err); }
    });
  }

  function onMessage(e) {
    if (!frame || e.source !== frame.contentWindow || e.origin !== frameOrigin) return;
    var m = e.data;
    if (!m || m.source !== SOURCE || EVENTS.indexOf(m.type) < 0) return;
    if (m.type === "ready") {
      if (ready) return;
      ready = true;
      emit("ready");
      queue.splice(0).forEach(function (c) { call(c[0], c[1]); });
      return;
    }
    if (m.type === "open" && !shown) show(true);
    if (m.type === "close" && shown) show(false);
    if (m.type === "unread") { unread = +m.payload || 0; label(); }
    emit(m.type, m.payload);
  }
  window.addEventListener("message", onMessage);

  // Shown first, so that a frame this loads starts open.
  api.open = function () { show(true, true); call("open"); };
  api.close = function () { call("close"); show(false); };
  api.toggle = function () { if (shown) api.close(); else api.open(); };
  api.send = function (text) { call("send", { text: String(text) }); };
  api.reset = function () { call("reset"); };
  api.setUser = function (user) { call("setUser", user); };
  api.setContext = function (context) { call("setContext", context); };
  api.on = function (event, callback) {
    if (EVENTS.indexOf(event) < 0) throw new Error("Quintus chat: unknown event `" + event + "`; known: " + EVENTS.join(", "));
    var entry = { event: event, callback: callback };
    listeners.push(entry);
    if (event === "ready" && ready) callback();
    return function () { listeners = listeners.filter(function (l) { return l !== entry; }); };
  };
  api.destroy = function () {
    if (!host) return;
    show(false);
    stopWaiting();
    window.removeEventListener("message", onMessage);
    host.remove();
    host = frame = null;
    listeners = [];
    queue = [];
  };
  window.QuintusChat = api;
  label();
  function mount() { if (host) (document.body || document.documentElement).appendChild(host); }
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", mount);
  else mount();

  // Load the frame when the page is idle, or at the visitor's first interaction.
  var events = ["pointerdown", "keydown", "touchstart", "scroll"];
  var idleHandle = null;
  function stopWaiting() {
    events.forEach(function (e) { window.removeEventListener(e, onInteraction, true); });
    if (idleHandle !== null && window.cancelIdleCallback) window.cancelIdleCallback(idleHandle);
  }
  // Not on the launcher itself: its click loads the frame open, with the panel's first frame.
  function onInteraction(e) {
    if (host && e.composedPath().indexOf(host) < 0) load();
  }
  events.forEach(function (e) { window.addEventListener(e, onInteraction, { capture: true, passive: true }); });
  function whenIdle() {
    if (!host || frame) return;
    if (window.requestIdleCallback) idleHandle = window.requestIdleCallback(load, { timeout: 4000 });
    else setTimeout(load, 1500);
  }
  if (document.readyState === "complete") whenIdle();
  else window.addEventListener("load", whenIdle, { once: true });
  if (data.open === "true") api.open();
})();
