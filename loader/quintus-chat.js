/*! Quintus chat loader. The one script a page includes:
 *  <script src=".../quintus-chat.js" defer data-agent-id="..." data-api-key="..."></script>
 *  It defines window.QuintusChat at once (calls made before the widget is ready are queued and
 *  run in order), and loads the widget, from beside this file, when the page is idle
 *  (data-load="idle", the default) or only at the visitor's intent (data-load="intent", and
 *  whenever the browser asks to save data): the wasm and its JS glue are fetched together.
 *  The iframe embed's frame.html runs it too (data-frame-page): the options are then the page's
 *  query parameters, the widget loads at once, and an open frame shows the panel's first frame. */
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
  // ready (centred over the hidden icon), a closed panel shell, and its "connecting" line
  // (out of the flow, so nothing moves when it goes).
  var LOADER_CSS = "@keyframes qc-spin{to{transform:rotate(1turn)}}" +
    ".qc-launcher[aria-busy=true] .qc-icon{visibility:hidden}" +
    ".qc-launcher[aria-busy=true]::after{content:\"\";position:absolute;inset:0;margin:auto;width:22px;height:22px;" +
    "box-sizing:border-box;border-radius:50%;border:3px solid currentColor;border-right-color:transparent;animation:qc-spin .8s linear infinite}" +
    ".qc-panel[hidden]{display:none}" +
    ".qc-connecting{position:absolute;left:0;right:0;bottom:12px;margin:0;text-align:center;font-size:13px;color:var(--qc-muted)}";
  // The launcher's and the panel's words, in the widget's languages (src/i18n: open_chat,
  // close_chat, default_title, close, conversation, message, message_placeholder, send,
  // attach_file; and the loader's own "connecting" and "could not load").
  var STRINGS = {
    en: ["Open chat", "Close chat", "Chat with us", "Close", "Conversation", "Message", "Write a message\u2026", "Send", "Attach file", "Connecting\u2026", "The chat could not load. Please try again later."],
    "pt-BR": ["Abrir chat", "Fechar chat", "Fale conosco", "Fechar", "Conversa", "Mensagem", "Escreva sua mensagem\u2026", "Enviar", "Anexar arquivo", "Conectando\u2026", "N\u00e3o foi poss\u00edvel carregar o chat. Tente novamente mais tarde."],
    es: ["Abrir chat", "Cerrar chat", "Habla con nosotros", "Cerrar", "Conversaci\u00f3n", "Mensaje", "Escribe un mensaje\u2026", "Enviar", "Adjuntar archivo", "Conectando\u2026", "No se pudo cargar el chat. Int\u00e9ntalo de nuevo m\u00e1s tarde."]
  };
  var SVG = "http://www.w3.org/2000/svg";
  // In the iframe embed's frame.html, the options come in its address (agent_id=...; see
  // quintus-chat-frame.js), and the frame is open unless open=false.
  var framePage = script.hasAttribute("data-frame-page");
  var options = {};
  if (framePage) {
    new URLSearchParams(location.search).forEach(function (value, name) {
      options[name.replace(/_([a-z])/g, function (m, c) { return c.toUpperCase(); })] = value;
    });
  } else {
    for (var key in script.dataset) options[key] = script.dataset[key];
  }

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

  // The panel's first frame, once drawn (drawPanel: a click, or an open frame.html).
  var shell = null;
  var launcher = framePage ? null : drawLauncher();

  function load() {
    if (loading) return loading;
    stopWaiting();
    // No chain: the wasm's download starts now, beside the glue's, and the glue's init takes
    // the response in flight (it compiles it as it streams in).
    var wasm = fetch(new URL(WASM, base).href, { credentials: "same-origin" });
    loading = import(new URL(GLUE, base).href)
      .then(function (mod) {
        return mod.default({ module_or_path: wasm }).then(function () {
          // mountFrame reads the address itself, and returns nothing without a required one.
          real = framePage ? mod.mountFrame() : mod.mount(options);
          // (The widget said why in the console, and to the host page.)
          if (!real) {
            if (shell) shell.failed();
            return;
          }
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
        // No widget is coming. An open panel stays, saying so, with what the visitor typed
        // still in it; otherwise the loader's launcher would promise what cannot happen.
        if (shell) shell.failed();
        else if (launcher) launcher.host.remove();
      });
    return loading;
  }

  // When to load. "intent": at the first sign the visitor wants the chat (a JS API call above,
  // or a pointer or focus on the launcher). "idle" (the default): also when the page is idle.
  // A browser asking to save data gets "intent"; a tab holding a conversation (a reload) gets
  // "idle" whatever was asked, so the widget comes back with its unread badge.
  var mode = options.load === "intent" || saveData() ? "intent" : "idle";
  if (hasStoredConversation()) mode = "idle";
  // frame.html exists to show the chat: it loads at once.
  if (framePage) mode = "now";
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
  if (mode === "now") {
    // An open frame (the visitor asked for the chat: quintus-chat-frame.js) shows the panel's
    // first frame at once; a hidden one, loaded on idle, waits for the widget.
    if (framePage && options.open !== "false" && !hasStoredConversation()) {
      var frameHost = drawHost("frame");
      if (frameHost) {
        shell = drawPanel(frameHost.widget, null, frameHost.words);
        shell.show(true);
      }
    }
    load();
  }

  // The launcher's first frame, in the host element and shadow root the widget will mount into
  // (src/embed/takeover.rs): the same markup, classes, part and name as the widget's Launcher
  // component, under the widget's stylesheet. Any intent on it loads the widget. A click opens
  // the panel's first frame (below); in a tab holding a conversation, whose messages only the
  // widget can show, it shows a spinner in the bubble and opens the panel once the widget is
  // ready.
  function drawLauncher() {
    var drawn = drawHost("page");
    if (!drawn) return null;
    var words = drawn.words;
    var widget = drawn.widget;
    var button = element("button", {
      type: "button", class: "qc-launcher", part: "launcher", "aria-haspopup": "dialog",
      "aria-expanded": "false", "aria-label": words[0]
    });
    var svg = icon("M4 4h16a2 2 0 0 1 2 2v10a2 2 0 0 1-2 2H9l-5 4v-4a2 2 0 0 1-2-2V6a2 2 0 0 1 2-2z");
    svg.firstChild.setAttribute("class", "qc-icon-chat");
    button.appendChild(svg);
    ["pointerenter", "pointerdown", "touchstart", "focus"].forEach(function (e) {
      button.addEventListener(e, function () { load(); }, { passive: true });
    });
    button.addEventListener("click", function () {
      if (!shell && !hasStoredConversation()) shell = drawPanel(widget, button, words);
      if (shell) return shell.show(shell.section.hidden);
      button.setAttribute("aria-busy", "true");
      api.open();
    });
    widget.appendChild(button);
    return { host: drawn.host, button: button };
  }

  // The host element and shadow root the widget will mount into, with the widget's stylesheet
  // and its .qc-widget element for `embed` ("page", or "frame" in frame.html).
  function drawHost(embed) {
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
      "data-embed": embed
    });
    box.appendChild(widget);
    root.appendChild(box);
    document.body.appendChild(host);
    return { host: host, widget: widget, words: STRINGS[lang] };
  }

  // The panel's first frame, for a click before the widget is ready (or an open frame.html,
  // `button` null): the markup of the
  // widget's Panel and Composer components (src/components/panel.rs, composer.rs) in a new
  // conversation, under the widget's stylesheet, with a real textarea that takes the focus and
  // the visitor's typing. Send (or Enter) queues the message through the JS API queue above and
  // shows it as sending. When the widget mounts, it opens its own panel in the same task, with
  // this one's text, caret and focus, and removes this one (src/embed/takeover.rs); the queued
  // message then goes out once, as a queued send() does.
  function drawPanel(widget, button, words) {
    var section = element("section", { class: "qc-panel", part: "panel", role: "dialog", "aria-labelledby": "qc-title", hidden: "" });
    var header = element("header", { class: "qc-header", part: "header" });
    var title = element("h2", { id: "qc-title", class: "qc-title", part: "title" });
    title.textContent = (options.title || "").trim() || words[2];
    var close = element("button", { type: "button", class: "qc-close", part: "close", "aria-label": words[3] });
    close.appendChild(icon("M6 6l12 12M18 6L6 18"));
    header.appendChild(title);
    header.appendChild(close);
    var wrap = element("div", { class: "qc-log-wrap" });
    var log = element("div", { class: "qc-log", part: "log", role: "log", "aria-label": words[4], "aria-live": "off", tabindex: "0" });
    var greeting = (options.greeting || "").trim();
    if (greeting) log.appendChild(bubble("assistant greeting", greeting));
    var connecting = element("p", { class: "qc-connecting", role: "status" });
    connecting.textContent = words[9];
    wrap.appendChild(log);
    wrap.appendChild(connecting);
    var form = element("form", { class: "qc-composer", part: "composer" });
    // Files wait for the widget (its uploads): the button is there, not yet usable.
    var attach = element("button", { type: "button", class: "qc-attach", part: "attach", "aria-label": words[8], title: words[8], disabled: "" });
    attach.appendChild(icon("M21 11.5l-8.6 8.6a5 5 0 0 1-7-7l8.6-8.6a3.3 3.3 0 0 1 4.7 4.7l-8.6 8.6a1.7 1.7 0 0 1-2.4-2.4l7.9-7.9"));
    var input = element("textarea", { class: "qc-input", part: "input", rows: "1", "aria-label": words[5], placeholder: words[6] });
    var send = element("button", { type: "submit", class: "qc-send", part: "send", "aria-label": words[7], disabled: "" });
    send.appendChild(icon("M4 12l16-8-6 16-2-6-8-2z"));
    form.appendChild(attach);
    form.appendChild(input);
    form.appendChild(send);
    [header, wrap, element("div", { class: "qc-notices", part: "notices", role: "status" }), form].forEach(function (part) { section.appendChild(part); });
    widget.insertBefore(section, button);

    // As the widget's composer: the height follows the text (through the CSSOM, which a
    // strict CSP allows), Send is enabled by text, Enter sends and Shift+Enter is a new line.
    function typed() {
      var s = input.style;
      s.setProperty("height", "auto");
      var h = input.scrollHeight;
      s.setProperty("height", Math.min(h, 160) + "px");
      s.setProperty("overflow-y", h > 160 ? "auto" : "hidden");
      send.disabled = !input.value.trim();
    }
    function submit(e) {
      e.preventDefault();
      var text = input.value;
      if (!text.trim()) return;
      api.send(text);
      log.appendChild(bubble("user", text.trim()));
      log.scrollTop = log.scrollHeight;
      input.value = "";
      typed();
    }
    input.addEventListener("input", typed);
    input.addEventListener("keydown", function (e) {
      if (e.key === "Enter" && !e.shiftKey && !e.isComposing) submit(e);
    });
    form.addEventListener("submit", submit);
    function dismiss() {
      if (!button) return closeFrame();
      show(false);
      button.focus();
    }
    close.addEventListener("click", dismiss);
    section.addEventListener("keydown", function (e) {
      if (e.key === "Escape") {
        e.preventDefault();
        dismiss();
      }
    });
    // As the widget: while the panel fills a phone's screen the page behind does not scroll;
    // the page's own value waits on the host for the widget to restore (takeover.rs).
    function lockScroll(on) {
      var host = widget.getRootNode().host;
      var saved = host.getAttribute("data-page-overflow");
      var s = document.body.style;
      if (on && saved === null) {
        host.setAttribute("data-page-overflow", s.overflow);
        s.overflow = "hidden";
      } else if (!on && saved !== null) {
        s.overflow = saved;
        host.removeAttribute("data-page-overflow");
      }
    }
    function show(on) {
      section.hidden = !on;
      if (button) {
        button.setAttribute("aria-expanded", String(on));
        button.setAttribute("aria-label", words[on ? 1 : 0]);
        lockScroll(on && matchMedia("(max-width:480px)").matches);
      }
      if (on) {
        typed();
        input.focus();
      }
      if (on) api.open();
      else api.close();
    }
    function failed() {
      connecting.textContent = words[10];
      connecting.setAttribute("role", "alert");
    }
    return { section: section, show: show, failed: failed };
  }

  // In frame.html, Close and Esc ask the host page to hide the frame, as the widget's panel does
  // there (src/embed/frame.rs); the panel stays open inside it, as the widget's does, for when
  // the host shows the frame again.
  function closeFrame() {
    // Only to the origin the host named (never "*"), as the widget.
    if (window.parent === window || !/^https?:\/\/[^/]+$/.test(options.parentOrigin || "")) return;
    try {
      window.parent.postMessage({ source: "quintus-chat", type: "close" }, options.parentOrigin);
    } catch (e) {
      // No valid parent_origin: the widget says so once it loads, and talks to no one.
    }
  }

  // A message as the widget's list shows it (src/components/message.rs): a visitor's one
  // waiting to be sent, or the greeting.
  function bubble(who, text) {
    var user = who === "user";
    var row = element("div", { class: "qc-msg qc-msg-" + (user ? "user" : "assistant qc-greeting"), part: "message " + who });
    if (user) row.setAttribute("data-state", "sending");
    var b = element("div", { class: "qc-bubble", part: "bubble" });
    var p = element("p", { class: "qc-plain" });
    p.textContent = text;
    b.appendChild(p);
    row.appendChild(b);
    return row;
  }

  function icon(d) {
    var svg = document.createElementNS(SVG, "svg");
    [["class", "qc-icon"], ["viewBox", "0 0 24 24"], ["aria-hidden", "true"], ["focusable", "false"]].forEach(function (a) { svg.setAttribute(a[0], a[1]); });
    var path = document.createElementNS(SVG, "path");
    path.setAttribute("d", d);
    svg.appendChild(path);
    return svg;
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
