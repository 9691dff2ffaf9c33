// The panel at once: a click on the loader's launcher before the widget is ready draws the
// panel's first frame (the widget's markup under the widget's stylesheet) with a real composer
// that takes the focus and the visitor's typing; what they send waits in the JS API queue. When
// the widget mounts, its own panel takes over in the same task: the typed text, the caret and
// the focus are kept, the queued message goes out exactly once, every frame shows one panel,
// nothing shifts, and the pixels are the same but for what arrives (the list).
import { test } from "node:test";
import assert from "node:assert/strict";
import { writeFileSync, mkdirSync } from "node:fs";
import { builtFiles } from "./support/server.mjs";
import { serverAndBrowser } from "./support/suite.mjs";
import { newPage, screenshot, ARTIFACTS } from "./support/browser.mjs";
import { axeViolations } from "./support/axe.mjs";
import { widget, widgetMounted, replyText, storedSession, serverMessages, textOf } from "./support/widget.mjs";

const env = serverAndBrowser();
const files = builtFiles();

const PHONE = { width: 390, height: 844 };
const DESKTOP = { width: 1280, height: 800 };

/** A customer page with the loader, its wasm held back until `release()`; every animation
 *  frame counts the launchers and the open panels, and layout shifts are summed. */
async function customerPage(viewport, extra = "") {
  const { page, problems } = await newPage(env.browser, viewport);
  await page.route(env.server.url + "/shop.html", (route) =>
    route.fulfill({
      contentType: "text/html",
      body: `<!doctype html><html><head><title>Shop</title><link rel="icon" href="data:,">
        <meta name="viewport" content="width=device-width, initial-scale=1"></head><body>
        <h1>Shop</h1>${"<p>Products and prose.</p>".repeat(60)}
        <script src="/quintus-chat.js" defer data-agent-id="agent_demo" data-api-key="qts-pk-dev" data-api-url="/"
          data-lang="en" data-load="intent" ${extra}></script></body></html>`,
    }),
  );
  let release;
  const held = new Promise((r) => { release = r; });
  await page.route(`**/${files.wasm}`, async (route) => { await held; await route.continue(); });
  await page.addInitScript(() => {
    window.__frames = { total: 0, bad: [] };
    // Every layout shift, with its time: typing that grows the composer moves things on purpose;
    // the takeover must move nothing.
    window.__shifts = [];
    new PerformanceObserver((l) => { for (const e of l.getEntries()) window.__shifts.push({ at: e.startTime, value: e.value }); }).observe({ type: "layout-shift", buffered: true });
    const count = () => {
      const root = document.querySelector("quintus-chat")?.shadowRoot;
      if (root) {
        window.__frames.total++;
        const launchers = root.querySelectorAll("[part~=launcher]").length;
        const panels = [...root.querySelectorAll("[part~=panel]")].filter((p) => p.getBoundingClientRect().height > 0).length;
        if (launchers !== 1 || panels > 1 || (window.__panelShown && panels !== 1)) window.__frames.bad.push({ launchers, panels });
        if (panels === 1) window.__panelShown = true;
      }
      requestAnimationFrame(count);
    };
    requestAnimationFrame(count);
  });
  await page.goto(env.server.url + "/shop.html");
  return { page, problems, release };
}

/** What the composer holds and whether it has the focus, from inside the shadow root. */
const composerState = (page) => page.evaluate(() => {
  const root = document.querySelector("quintus-chat").shadowRoot;
  const input = root.querySelector("[part~=input]");
  return {
    value: input.value,
    start: input.selectionStart,
    end: input.selectionEnd,
    focused: root.activeElement === input,
    fromLoader: !!input.closest("[data-quintus-loader]"),
    height: input.getBoundingClientRect().height,
  };
});

const loaderGone = (page) => page.evaluate(() => document.querySelector("quintus-chat").shadowRoot.querySelectorAll("[data-quintus-loader]").length);

/** The viewport, with the parts only the widget fills masked: the list (the loader's says
 *  "connecting") and Attach (the loader's waits for the widget's uploads). */
const shot = (page) => page.screenshot({
  animations: "disabled",
  caret: "hide",
  mask: [page.locator("quintus-chat .qc-log-wrap"), page.locator("quintus-chat [part=attach]")],
});

/** How two screenshots differ: the number of pixels, and the largest difference in a colour
 *  channel (0–255), decoded by the browser itself. */
async function pixelDifference(a, b) {
  const page = await env.browser.newPage();
  const result = await page.evaluate(async ([a, b]) => {
    const pixels = async (src) => {
      const img = new Image();
      img.src = src;
      await img.decode();
      const canvas = new OffscreenCanvas(img.width, img.height);
      const ctx = canvas.getContext("2d");
      ctx.drawImage(img, 0, 0);
      return ctx.getImageData(0, 0, img.width, img.height).data;
    };
    const [pa, pb] = await Promise.all([pixels(a), pixels(b)]);
    let count = 0;
    let max = 0;
    for (let i = 0; i < pa.length; i += 4) {
      const d = Math.max(Math.abs(pa[i] - pb[i]), Math.abs(pa[i + 1] - pb[i + 1]), Math.abs(pa[i + 2] - pb[i + 2]));
      if (d) count++;
      max = Math.max(max, d);
    }
    return { count, max, sameSize: pa.length === pb.length };
  }, [a, b].map((png) => `data:image/png;base64,${png.toString("base64")}`));
  await page.close();
  return result;
}

for (const [name, viewport, extra] of [["desktop", DESKTOP, 'data-greeting="Hi! How can we help?"'], ["phone", PHONE, ""]]) {
  test(`${name}: the panel opens at the click, before any wasm; the widget's takes it over with the text, caret and focus, looking the same`, async () => {
    const { page, problems, release } = await customerPage(viewport, extra);
    const w = widget(page);
    await w.launcher.click();
    await w.dialog.waitFor({ timeout: 5_000 });
    assert.equal(await page.evaluate(() => !!document.querySelector("quintus-chat").shadowRoot.querySelector("[data-quintus-loader] [part~=panel]")), true, "drawn by the loader");
    assert.equal(await w.launcher.getAttribute("aria-expanded"), "true");
    assert.equal(await w.launcher.getAttribute("aria-busy"), null, "no spinner: the panel says it is connecting");
    assert.equal(await page.locator("quintus-chat .qc-connecting").innerText(), "Connecting…", "decoded right on a page without a charset");
    assert.equal(await page.getByRole("heading", { name: "Chat with us" }).count(), 1);
    // The focus is in the composer: the visitor just types.
    await page.keyboard.type("Where is my order?");
    await page.keyboard.press("Shift+Enter");
    await page.keyboard.type("It was 4521");
    await page.keyboard.press("ArrowLeft");
    await page.keyboard.press("ArrowLeft");
    const typed = await composerState(page);
    assert.deepEqual([typed.value, typed.start, typed.end, typed.focused, typed.fromLoader], ["Where is my order?\nIt was 4521", 28, 28, true, true]);
    assert.ok(typed.height > 50, `the composer grew with the second line (${typed.height}px)`);
    assert.equal(await w.send.isEnabled(), true, "Send is enabled by the text");
    await page.waitForTimeout(300);
    const beforeShot = await shot(page);
    // Whole, for a person to look at: the loader's says "Connecting…" in its list.
    await screenshot(page, `early-panel-${name}-loader-whole`);
    const releasedAt = await page.evaluate(() => performance.now());
    release();
    await widgetMounted(page);
    assert.equal(await loaderGone(page), 0, "the loader's launcher and panel are gone");
    const mounted = await composerState(page);
    assert.deepEqual(
      [mounted.value, mounted.start, mounted.end, mounted.focused, mounted.fromLoader, mounted.height],
      [typed.value, 28, 28, true, false, typed.height],
      "the widget's composer has the text, the caret, the focus and the height",
    );
    await page.waitForTimeout(300);
    const afterShot = await shot(page);
    await screenshot(page, `early-panel-${name}-widget-whole`);
    mkdirSync(ARTIFACTS, { recursive: true });
    writeFileSync(`${ARTIFACTS}/early-panel-${name}-loader.png`, beforeShot);
    writeFileSync(`${ARTIFACTS}/early-panel-${name}-widget.png`, afterShot);
    // The same to the eye: at most the antialiasing of the panel's rounded corners differs, by
    // a level or two of 255 (the two panels are rastered as different layers).
    const diff = await pixelDifference(beforeShot, afterShot);
    assert.ok(diff.sameSize && diff.max <= 2, `the panel looks the same before and after the widget takes over (${JSON.stringify(diff)})`);
    const frames = await page.evaluate(() => window.__frames);
    assert.deepEqual(frames.bad, [], `every frame showed one launcher and one panel (${frames.total} frames)`);
    const shifts = await page.evaluate(() => window.__shifts);
    assert.deepEqual(shifts.filter((s) => s.at >= releasedAt), [], `no layout shift from the takeover (all: ${JSON.stringify(shifts)})`);
    // Typing goes on where it was, and Enter sends through the widget.
    await page.keyboard.type("7");
    assert.equal((await composerState(page)).value, "Where is my order?\nIt was 45721");
    await page.keyboard.press("End");
    await page.keyboard.press("Enter");
    assert.match(await replyText(page, 0), /Where is my order/);
    assert.deepEqual(problems, []);
    await page.context().close();
  });
}

test("a message sent from the loader's panel is delivered once, and what is typed after it stays", async () => {
  const { page, problems, release } = await customerPage(DESKTOP);
  await page.evaluate(() => {
    window.seen = [];
    window.QuintusChat.on("open", () => window.seen.push("open"));
    window.QuintusChat.on("message", (m) => window.seen.push("message:" + m.role));
  });
  const w = widget(page);
  await w.launcher.click();
  await page.keyboard.type("sent before the widget");
  // (Before the send: a message waiting to be sent is dimmed, as in the widget's own list, and
  // axe counts that as low contrast there too.)
  assert.deepEqual(await axeViolations(page), [], "the loader's panel passes axe as the widget's does");
  await page.keyboard.press("Enter");
  // Shown at once, as sending; the composer is empty again.
  await page.locator('quintus-chat [part~="user"][part~="message"][data-state="sending"]').filter({ hasText: "sent before the widget" }).waitFor();
  assert.equal((await composerState(page)).value, "");
  assert.equal(await w.send.isEnabled(), false);
  await page.keyboard.type("and a draft");
  release();
  await widgetMounted(page);
  assert.match(await replyText(page, 0), /sent before the widget/);
  const state = await composerState(page);
  assert.deepEqual([state.value, state.focused], ["and a draft", true], "the draft typed after the send is kept");
  assert.equal(await w.userRows.count(), 1, "one message shown");
  const stored = await serverMessages(env.server.url, await storedSession(page));
  assert.deepEqual(stored.filter((m) => m.role === "user").map(textOf), ["sent before the widget"], "stored once");
  assert.deepEqual(await page.evaluate(() => window.seen), ["open", "message:assistant"]);
  assert.deepEqual(problems, []);
  await page.context().close();
});

test("Esc closes the loader's panel to the launcher; the widget mounts closed and keeps the draft", async () => {
  const { page, problems, release } = await customerPage(PHONE);
  const w = widget(page);
  await w.launcher.click();
  await page.keyboard.type("half a thought");
  assert.equal(await page.evaluate(() => document.body.style.overflow), "hidden", "the page behind the full-screen panel does not scroll");
  await page.keyboard.press("Escape");
  assert.equal(await w.dialog.count(), 0);
  assert.equal(await w.launcher.getAttribute("aria-expanded"), "false");
  assert.equal(await page.evaluate(() => document.querySelector("quintus-chat").shadowRoot.activeElement?.getAttribute("part")), "launcher");
  assert.equal(await page.evaluate(() => document.body.style.overflow), "", "the page scrolls again");
  release();
  await widgetMounted(page);
  assert.equal(await w.dialog.count(), 0, "the widget mounted closed");
  assert.equal(await page.evaluate(() => document.querySelector("quintus-chat").shadowRoot.activeElement?.matches("[part~=launcher]")), true);
  await page.keyboard.press("Enter");
  await w.dialog.waitFor();
  assert.equal(await w.input.inputValue(), "half a thought");
  assert.equal(await page.evaluate(() => document.body.style.overflow), "hidden");
  assert.deepEqual(problems, []);
  await page.context().close();
});

test("strict CSP page: the loader's panel takes typing and sends, with no violation", async () => {
  const { page, problems } = await newPage(env.browser);
  const violations = [];
  await page.exposeFunction("__reportViolation", (v) => violations.push(v));
  await page.addInitScript(() => {
    document.addEventListener("securitypolicyviolation", (e) => window.__reportViolation(`${e.violatedDirective} ${e.blockedURI || "inline"}`));
    // The page stays idle: the click is what loads the widget.
    window.requestIdleCallback = () => 0;
  });
  let release;
  const held = new Promise((r) => { release = r; });
  await page.route(`**/${files.wasm}`, async (route) => { await held; await route.continue(); });
  await page.goto(env.server.url + "/demo/csp.html");
  const w = widget(page);
  await w.launcher.click();
  await page.keyboard.type("hello under CSP");
  await page.keyboard.press("Shift+Enter");
  await page.keyboard.type("second line");
  assert.ok((await composerState(page)).height > 50, "grown through the CSSOM");
  await page.keyboard.press("Enter");
  release();
  await widgetMounted(page);
  assert.match(await replyText(page, 0), /hello under CSP/);
  assert.deepEqual(violations, []);
  assert.equal(await page.locator("#csp-status").getAttribute("data-violations"), "0");
  assert.deepEqual(problems, []);
  await page.context().close();
});

test("when the widget cannot load, the loader's panel says so and keeps what the visitor typed", async () => {
  const { page, problems } = await newPage(env.browser);
  await page.route(env.server.url + "/shop.html", (route) =>
    route.fulfill({
      contentType: "text/html",
      body: `<!doctype html><html><head><title>Shop</title><link rel="icon" href="data:,"></head><body><h1>Shop</h1>
        <script src="/quintus-chat.js" defer data-agent-id="agent_demo" data-api-key="qts-pk-dev" data-api-url="/"
          data-lang="en" data-load="intent"></script></body></html>`,
    }),
  );
  await page.route(`**/${files.wasm}`, (route) => route.abort("connectionrefused"));
  await page.goto(env.server.url + "/shop.html");
  const w = widget(page);
  await w.launcher.click();
  await page.keyboard.type("my question");
  await page.getByRole("alert").filter({ hasText: "The chat could not load" }).waitFor();
  assert.equal(await w.input.inputValue(), "my question", "the text is still there");
  assert.equal(await w.dialog.count(), 1);
  assert.ok(problems.some((p) => p.includes("could not load")), "and the console says why");
  await page.context().close();
});
