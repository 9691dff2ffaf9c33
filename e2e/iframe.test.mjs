// The iframe embed: the README's snippet on a customer's page of another origin draws a launcher
// and an iframe of frame.html, and window.QuintusChat talks to it by postMessage. The frame obeys
// only its parent at parent_origin and posts only there; the host helper listens only to its
// frame; a frame whose storage is blocked still works; both pages pass a strict CSP; a click
// before the frame is ready shows the panel's first frame in it.
//
// Origins: the reference server (frame.html, the widget, the API) is FRAME; the customer's pages
// come from a second loopback server, HOST (127.0.0.1, another port), and OTHER (the same
// server as localhost) plays a foreign site.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { startServer } from "./support/server.mjs";
import { readmeSnippet } from "./support/readme.mjs";
import { startPageServer } from "./support/pages.mjs";
import { launch, screenshot } from "./support/browser.mjs";
import { serverMessages, textOf } from "./support/widget.mjs";
import { axeViolations } from "./support/axe.mjs";

let server;
let pages;
let browser;
let FRAME;
let HOST;
let OTHER;
before(async () => {
  server = await startServer(["--pace-ms", "2"]);
  pages = await startPageServer();
  browser = await launch();
  FRAME = server.url;
  HOST = pages.url;
  OTHER = pages.otherOrigin;
  pages.set("/blank.html", `<!doctype html><html><head><title>blank</title><link rel="icon" href="data:,"></head><body></body></html>`);
});
after(async () => {
  await browser?.close();
  await server?.stop();
  await pages?.stop();
});

/** The README's iframe snippet, pointed at the reference server instead of a CDN and the API. */
function iframeSnippet() {
  const snippet = readmeSnippet("### Iframe embed", "html");
  assert.match(snippet, /quintus-chat-frame\.js/);
  return snippet.replaceAll("https://your-cdn.example/quintus-chat", FRAME).replaceAll("https://api.quintus.tec.br", FRAME);
}

/** A customer's page: a title, a heading, and `body`. */
function customerPage(body) {
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Shop</title><link rel="icon" href="data:,"></head>
<body><h1>Shop</h1>${body}</body></html>`;
}

/** frame.html's address for a hand-made iframe. */
function frameUrl(params) {
  const url = new URL(FRAME + "/frame.html");
  for (const [k, v] of Object.entries({ agent_id: "agent_demo", api_key: "qts-pk-dev", api_url: "/", lang: "en", ...params })) {
    if (v !== undefined) url.searchParams.set(k, v);
  }
  return url.href;
}

/** A new context and page that record console errors and uncaught errors of every frame. */
async function freshPage({ viewport = { width: 1280, height: 800 } } = {}) {
  const context = await browser.newContext({ viewport });
  const page = await context.newPage();
  const problems = [];
  page.on("console", (msg) => { if (msg.type() === "error") problems.push(`console: ${msg.text()}`); });
  page.on("pageerror", (err) => problems.push(`pageerror: ${err.message}`));
  return { context, page, problems };
}

/** The page's frame showing frame.html (the n-th, in the order they attached). */
async function chatFrame(page, n = 0) {
  for (let waited = 0; waited < 20_000; waited += 50) {
    const frames = page.frames().filter((f) => f.url().startsWith(FRAME + "/frame.html"));
    if (frames[n]) return frames[n];
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  throw new Error(`no frame.html #${n} in the page`);
}

/** The widget's parts inside a frame. */
function inFrame(frame) {
  return {
    dialog: frame.getByRole("dialog"),
    input: frame.getByRole("textbox", { name: "Message" }),
    userRows: frame.locator('quintus-chat [part~="user"][part~="message"]'),
    assistantRows: frame.locator('quintus-chat [part~="assistant"][part~="message"]:not([part~="greeting"])'),
  };
}

/** Waits for the n-th assistant reply in `frame` to complete; returns its text. */
async function frameReply(frame, n) {
  const row = inFrame(frame).assistantRows.nth(n);
  await row.and(frame.locator('[data-state="sent"]')).waitFor({ timeout: 20_000 });
  return (await row.innerText()).trim();
}

/** The conversation the frame keeps in its sessionStorage. */
async function frameSession(frame) {
  return frame.evaluate(() => {
    for (let i = 0; i < sessionStorage.length; i++) {
      const key = sessionStorage.key(i);
      if (key.startsWith("quintus-chat")) return JSON.parse(sessionStorage.getItem(key));
    }
    return null;
  });
}

/** Records the JS API's events on the host page as strings, in window.seen. */
async function recordEvents(page) {
  await page.waitForFunction(() => window.QuintusChat);
  await page.evaluate(() => {
    window.seen = [];
    for (const name of ["ready", "open", "close", "message", "unread", "error"]) {
      window.QuintusChat.on(name, (p) => window.seen.push(name === "message" ? `message:${p.role}:${p.content[0].text}` : name));
    }
  });
}

// The CSPs of DESIGN.md's security section: no inline script, no eval, nothing from elsewhere.
const frameCsp = () =>
  `default-src 'none'; script-src 'self' 'wasm-unsafe-eval'; connect-src 'self'; style-src 'self'; img-src 'self' data:; frame-ancestors ${HOST}`;
const hostCsp = () => `default-src 'none'; script-src ${FRAME}; frame-src ${FRAME}; img-src data:`;

/** Serves frame.html with a strict CSP (the reference server sends none of its own). */
async function strictFrameCsp(context) {
  await context.route((url) => url.origin === FRAME && url.pathname === "/frame.html", async (route) => {
    const response = await route.fetch();
    await route.fulfill({ response, headers: { ...response.headers(), "content-security-policy": frameCsp() } });
  });
}

test("a conversation through the frame, from a customer's page on another origin, both under a strict CSP", async () => {
  pages.set("/shop.html", customerPage(iframeSnippet()), { "Content-Security-Policy": hostCsp() });
  const { context, page, problems } = await freshPage();
  await strictFrameCsp(context);
  await page.goto(HOST + "/shop.html");
  await recordEvents(page);
  await page.evaluate(() => window.QuintusChat.setUser({ name: "Ana", external_id: "u-7" }));

  const launcher = page.getByRole("button", { name: "Open chat" });
  assert.equal(await launcher.getAttribute("aria-expanded"), "false");
  await launcher.click();
  const frame = await chatFrame(page);
  const w = inFrame(frame);
  await w.dialog.waitFor({ timeout: 20_000 });
  const iframe = page.locator("quintus-chat iframe");
  assert.equal(await iframe.getAttribute("title"), "Chat with us");
  const src = new URL(await iframe.getAttribute("src"));
  assert.equal(src.origin, FRAME);
  assert.equal(src.searchParams.get("parent_origin"), HOST);
  assert.equal(await page.getByRole("button", { name: "Close chat" }).getAttribute("aria-expanded"), "true");
  // The launcher's press put the visitor in the composer, inside the frame.
  await page.waitForFunction(() => document.querySelector("quintus-chat").shadowRoot.activeElement?.tagName === "IFRAME");
  await frame.waitForFunction(() => document.querySelector("quintus-chat").shadowRoot.activeElement?.tagName === "TEXTAREA");

  await page.evaluate(() => window.QuintusChat.send("hello"));
  assert.match(await frameReply(frame, 0), /You said: "hello"/);
  await w.input.fill("typed in the frame");
  await w.input.press("Enter");
  assert.match(await frameReply(frame, 1), /You said: "typed in the frame"/);
  await page.waitForFunction(() => window.seen.filter((e) => e.startsWith("message:")).length === 2);
  await screenshot(page, "iframe-desktop-open");
  assert.deepEqual(await axeViolations(page), [], "host page: launcher and frame");
  assert.deepEqual(await axeViolations(frame), [], "inside the frame");

  // Esc inside the frame closes it, and focus comes back to the launcher on the host page.
  await w.input.press("Escape");
  await page.waitForFunction(() => window.seen.at(-1) === "close");
  assert.equal(await iframe.isHidden(), true);
  assert.equal(await page.evaluate(() => document.querySelector("quintus-chat").shadowRoot.activeElement?.getAttribute("part")), "launcher");
  assert.deepEqual(await page.evaluate(() => window.seen), [
    "ready",
    "open",
    'message:assistant:You said: "hello". Type `/help` to see what else I can do.',
    'message:assistant:You said: "typed in the frame". Type `/help` to see what else I can do.',
    "close",
  ]);

  // What the server stored, read with the frame's own session (kept in the frame's origin).
  const session = await frameSession(frame);
  assert.ok(session, "the frame keeps its conversation in its own sessionStorage");
  const stored = await serverMessages(FRAME, session);
  assert.deepEqual(stored.filter((m) => m.role === "user").map(textOf), ["hello", "typed in the frame"]);
  const state = await (await fetch(`${FRAME}/v1/public/agents/conversations/${session.conversation_id}`, {
    headers: { Authorization: `Bearer ${session.session_token}` },
  })).json();
  assert.deepEqual(state.user_data, { name: "Ana", external_id: "u-7" });
  assert.deepEqual(problems, []);
  await context.close();
});

test("on a phone the frame fills the screen, and reopens where it was", async () => {
  pages.set("/shop.html", customerPage(iframeSnippet()), { "Content-Security-Policy": hostCsp() });
  const { context, page, problems } = await freshPage({ viewport: { width: 390, height: 844 } });
  await page.goto(HOST + "/shop.html");
  await recordEvents(page);
  await page.evaluate(() => window.QuintusChat.open());
  const frame = await chatFrame(page);
  await inFrame(frame).dialog.waitFor({ timeout: 20_000 });
  const box = await page.locator("quintus-chat iframe").boundingBox();
  assert.deepEqual(box, { x: 0, y: 0, width: 390, height: 844 });
  assert.equal(await page.evaluate(() => document.body.style.overflow), "hidden", "the page behind does not scroll");
  await page.evaluate(() => window.QuintusChat.send("from a phone"));
  assert.match(await frameReply(frame, 0), /from a phone/);
  await screenshot(page, "iframe-phone-open");
  // The frame's own close button; then the launcher again.
  await frame.getByRole("button", { name: "Close", exact: true }).click();
  await page.waitForFunction(() => window.seen.at(-1) === "close");
  assert.equal(await page.evaluate(() => document.body.style.overflow), "");
  await page.getByRole("button", { name: "Open chat" }).click();
  await inFrame(frame).dialog.waitFor();
  assert.equal(await inFrame(frame).userRows.count(), 1);
  assert.deepEqual(problems, []);
  await context.close();
});

test("the frame obeys only its parent window at parent_origin", async () => {
  pages.set(
    "/raw.html",
    customerPage(`<iframe id="chat" title="Chat" width="380" height="600" src="${frameUrl({ parent_origin: HOST })}"></iframe>
      <iframe id="sibling" title="sibling" src="${HOST}/blank.html"></iframe>
      <iframe id="foreign" title="foreign" src="${OTHER}/blank.html"></iframe>`),
  );
  const { context, page, problems } = await freshPage();
  // Every message the frame receives, recorded before the widget's own listener runs (so once
  // a message is here, the bridge has already decided about it).
  await context.addInitScript(() => {
    if (location.pathname !== "/frame.html") return;
    window.received = [];
    window.addEventListener("message", (e) => window.received.push({ origin: e.origin, fromParent: e.source === window.parent }));
  });
  // What the parent hears from the chat.
  await context.addInitScript(() => {
    if (location.pathname !== "/raw.html") return;
    window.got = [];
    window.addEventListener("message", (e) => {
      if (e.source === document.getElementById("chat")?.contentWindow && e.data?.source === "quintus-chat") window.got.push(e.data.type);
    });
  });
  const created = [];
  page.on("request", (r) => { if (r.method() === "POST" && r.url().startsWith(FRAME + "/v1/")) created.push(r.url()); });
  await page.goto(HOST + "/raw.html");
  const frame = await chatFrame(page);
  const w = inFrame(frame);
  await w.dialog.waitFor({ timeout: 20_000 });
  await page.waitForFunction(() => window.got.includes("ready"));

  // A foreign site's frame, and a window of the parent's own origin that is not the parent,
  // both post well-formed calls to the chat.
  const forge = (text) => {
    const chat = window.parent.frames[0];
    chat.postMessage({ source: "quintus-chat", type: "send", payload: { text } }, "*");
    chat.postMessage({ source: "quintus-chat", type: "close" }, "*");
  };
  const foreign = page.frames().find((f) => f.url().startsWith(OTHER));
  const sibling = page.frames().find((f) => f.url().startsWith(HOST + "/blank.html"));
  await foreign.evaluate(forge, "x");
  await sibling.evaluate(forge, "y");
  await frame.waitForFunction(() => window.received.length === 4);
  assert.deepEqual(await frame.evaluate(() => window.received), [
    { origin: OTHER, fromParent: false },
    { origin: OTHER, fromParent: false },
    { origin: HOST, fromParent: false },
    { origin: HOST, fromParent: false },
  ]);
  assert.equal(await w.userRows.count(), 0, "nothing was sent");
  assert.deepEqual(created, [], "no conversation was created");
  assert.equal(await w.dialog.isVisible(), true, "the forged close was ignored");

  // The parent itself, at parent_origin, with the protocol as documented.
  await page.evaluate((origin) => {
    document.getElementById("chat").contentWindow.postMessage({ source: "quintus-chat", type: "send", payload: { text: "from the parent" } }, origin);
  }, FRAME);
  assert.match(await frameReply(frame, 0), /from the parent/);
  assert.equal(await w.userRows.count(), 1);
  assert.match(await w.userRows.first().innerText(), /from the parent/);
  await page.waitForFunction(() => window.got.includes("message"));
  assert.deepEqual(problems, []);
  await context.close();
});

test("the frame posts only to parent_origin, and nowhere without a valid one", async () => {
  // A parent at HOST whose frames were told other origins: one valid but wrong, one "*", none.
  const cases = [
    { parent_origin: OTHER, error: null },
    { parent_origin: "*", error: /`parent_origin` "\*" is not an origin/ },
    { parent_origin: undefined, error: /the `parent_origin` parameter is missing/ },
  ];
  pages.set(
    "/wrong.html",
    customerPage(cases.map((c, i) => `<iframe id="f${i}" title="chat ${i}" width="380" height="600" src="${frameUrl({ parent_origin: c.parent_origin })}"></iframe>`).join("")),
  );
  const { context, page, problems } = await freshPage();
  await context.addInitScript(() => {
    if (location.pathname === "/frame.html") {
      window.received = 0;
      window.addEventListener("message", () => window.received++);
    }
    if (location.pathname !== "/wrong.html") return;
    window.got = [[], [], []];
    window.addEventListener("message", (e) => {
      for (let i = 0; i < 3; i++) {
        if (e.source === document.getElementById(`f${i}`)?.contentWindow) window.got[i].push(e.data);
      }
    });
  });
  await page.goto(HOST + "/wrong.html");
  for (let i = 0; i < cases.length; i++) {
    const frame = await chatFrame(page, i);
    const w = inFrame(frame);
    // The chat still works on its own: ready, open, a message and its reply all happened.
    await w.dialog.waitFor({ timeout: 20_000 });
    // Its real parent is not at the origin it was told, so the parent is not obeyed either.
    await page.evaluate(([n, origin]) => {
      const message = { source: "quintus-chat", type: "send", payload: { text: "from the parent at another origin" } };
      document.getElementById(`f${n}`).contentWindow.postMessage(message, origin);
    }, [i, FRAME]);
    await frame.waitForFunction(() => window.received === 1);
    await w.input.fill(`hello ${i}`);
    await w.input.press("Enter");
    assert.match(await frameReply(frame, 0), new RegExp(`hello ${i}`));
    assert.equal(await w.userRows.count(), 1, "only what the visitor typed was sent");
    // Messages from one window to another arrive in order: once this one is in, anything the
    // widget had posted to this page would be too.
    await frame.evaluate(() => window.parent.postMessage("sentinel", "*"));
    await page.waitForFunction((n) => window.got[n].includes("sentinel"), i);
    assert.deepEqual(await page.evaluate((n) => window.got[n], i), ["sentinel"], `frame ${i} posted to its real parent`);
  }
  const errors = problems.filter((p) => p.includes("parent_origin"));
  assert.equal(errors.length, 2, problems.join("\n"));
  assert.match(errors.join("\n"), cases[1].error);
  assert.match(errors.join("\n"), cases[2].error);
  assert.deepEqual(problems.filter((p) => !p.includes("parent_origin")), []);
  await context.close();
});

test("the host listens only to its own frame", async () => {
  pages.set(
    "/forged.html",
    customerPage(`${iframeSnippet()}
      <iframe id="foreign" title="foreign" src="${OTHER}/blank.html"></iframe>
      <iframe id="impostor" title="impostor" src="${FRAME}/healthz"></iframe>`),
  );
  const { context, page, problems } = await freshPage();
  await context.addInitScript(() => {
    if (location.pathname !== "/forged.html") return;
    window.forgedReceived = 0;
    window.addEventListener("message", (e) => { if (e.data?.forged) window.forgedReceived++; });
  });
  await page.goto(HOST + "/forged.html");
  await recordEvents(page);
  // A foreign site, and a window of the frame's own origin that is not the frame, claim events.
  const forge = () => {
    const fake = (type, payload) => window.parent.postMessage({ source: "quintus-chat", type, payload, forged: true }, "*");
    fake("ready");
    fake("open");
    fake("message", { role: "assistant", content: [{ type: "text", text: "forged" }] });
  };
  await page.frames().find((f) => f.url().startsWith(OTHER)).evaluate(forge);
  await page.frames().find((f) => f.url().startsWith(FRAME + "/healthz")).evaluate(forge);
  await page.waitForFunction(() => window.forgedReceived === 6);
  assert.equal(await page.evaluate(() => window.seen.some((e) => e !== "ready")), false, "no forged event reached a listener");
  assert.equal(await page.getByRole("button", { name: "Open chat" }).getAttribute("aria-expanded"), "false");

  await page.evaluate(() => {
    window.QuintusChat.open();
    window.QuintusChat.send("after the forgeries");
  });
  await page.waitForFunction(() => window.seen.some((e) => e.startsWith("message:")));
  const seen = await page.evaluate(() => window.seen);
  assert.deepEqual(seen.slice(0, 2), ["ready", "open"]);
  assert.match(seen[2], /^message:assistant:You said: "after the forgeries"/);
  assert.deepEqual(problems, []);
  await context.close();
});

test("a frame whose storage is blocked still works, from memory", async () => {
  pages.set("/shop.html", customerPage(iframeSnippet()), { "Content-Security-Policy": hostCsp() });
  const { context, page, problems } = await freshPage();
  // As in a sandboxed or partitioned frame: touching sessionStorage throws.
  await context.addInitScript(() => {
    if (location.pathname !== "/frame.html") return;
    window.realStorage = window.sessionStorage;
    window.storageAttempts = 0;
    Object.defineProperty(window, "sessionStorage", {
      configurable: true,
      get() {
        window.storageAttempts++;
        throw new DOMException("The operation is insecure.", "SecurityError");
      },
    });
  });
  await page.goto(HOST + "/shop.html");
  await recordEvents(page);
  await page.evaluate(() => {
    window.QuintusChat.open();
    window.QuintusChat.send("hello");
  });
  const frame = await chatFrame(page);
  assert.match(await frameReply(frame, 0), /You said: "hello"/);
  await inFrame(frame).input.fill("and again");
  await inFrame(frame).input.press("Enter");
  assert.match(await frameReply(frame, 1), /and again/);
  await page.waitForFunction(() => window.seen.filter((e) => e.startsWith("message:")).length === 2);
  assert.ok((await frame.evaluate(() => window.storageAttempts)) > 0, "the widget tried storage");
  assert.equal(await frame.evaluate(() => window.realStorage.length), 0, "and kept nothing there");
  assert.deepEqual(problems, []);
  await context.close();
});

test("the demo page embeds the chat with the helper, linked from the demo index", async () => {
  const { context, page, problems } = await freshPage();
  await page.goto(FRAME + "/");
  await page.getByRole("link", { name: "Iframe", exact: true }).click();
  await page.waitForURL(FRAME + "/demo/iframe.html");
  await page.getByRole("button", { name: "Open chat" }).click();
  const frame = await chatFrame(page);
  await inFrame(frame).input.fill("hello");
  await inFrame(frame).input.press("Enter");
  assert.match(await frameReply(frame, 0), /You said: "hello"/);
  assert.deepEqual(problems, []);
  await context.close();
});

test("a click before the frame is ready shows the panel's first frame in it; the widget takes over and sends what was queued once", async () => {
  pages.set("/early.html", customerPage(iframeSnippet()), { "Content-Security-Policy": hostCsp() });
  const { context, page, problems } = await freshPage();
  await strictFrameCsp(context);
  // The page stays idle, so the click is what loads the frame; the wasm waits for release().
  await context.addInitScript(() => { window.requestIdleCallback = () => 0; });
  let release;
  const held = new Promise((r) => { release = r; });
  await context.route((url) => url.pathname.endsWith(".wasm"), async (route) => { await held; await route.continue(); });
  await page.goto(HOST + "/early.html");
  await recordEvents(page);
  await page.locator("quintus-chat [part=launcher]").click();
  const frame = await chatFrame(page);
  const w = inFrame(frame);
  await w.dialog.waitFor({ timeout: 10_000 });
  assert.equal(await frame.evaluate(() => !!document.querySelector("quintus-chat[data-quintus-loader]")), true, "drawn by the loader in the frame, before the wasm");
  await frame.waitForFunction(() => document.querySelector("quintus-chat").shadowRoot.activeElement?.matches("textarea"));
  // The visitor types at once: the focus is in the frame's composer.
  await page.keyboard.type("from the frame's first panel");
  await page.keyboard.press("Enter");
  await page.keyboard.type("a draft");
  await screenshot(page, "iframe-early-panel");
  release();
  assert.match(await frameReply(frame, 0), /from the frame's first panel/);
  assert.equal(await frame.evaluate(() => document.querySelector("quintus-chat").hasAttribute("data-quintus-loader")), false, "the widget took over");
  assert.equal(await w.input.inputValue(), "a draft");
  assert.equal(await frame.evaluate(() => document.querySelector("quintus-chat").shadowRoot.activeElement?.matches("textarea")), true, "the composer kept the focus");
  const stored = await serverMessages(FRAME, await frameSession(frame));
  assert.deepEqual(stored.filter((m) => m.role === "user").map(textOf), ["from the frame's first panel"], "stored once");
  const seen = await page.evaluate(() => window.seen);
  assert.equal(seen[0], "ready", JSON.stringify(seen));
  assert.ok(!seen.includes("close"), "the frame stayed open");
  assert.equal(await page.locator("quintus-chat iframe").isVisible(), true);
  assert.deepEqual(problems, []);
  await context.close();
});
