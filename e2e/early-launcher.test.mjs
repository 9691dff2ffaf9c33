// The launcher at once: the loader draws the launcher's first frame before any wasm arrives,
// in the shadow root the widget then mounts into; the widget's Launcher component takes over
// with the same pixels, no frame without (or with two) launchers, no layout shift, and the
// keyboard focus kept. A click before the widget is ready opens the loader's panel
// (e2e/early-panel.test.mjs), or, in a tab holding a conversation, shows a spinner and opens
// the widget's panel once it is ready.
import { test } from "node:test";
import assert from "node:assert/strict";
import { builtFiles } from "./support/server.mjs";
import { serverAndBrowser } from "./support/suite.mjs";
import { writeFileSync, mkdirSync } from "node:fs";
import { newPage, screenshot, ARTIFACTS } from "./support/browser.mjs";
import { widget, widgetMounted } from "./support/widget.mjs";

const env = serverAndBrowser(["--pace-ms", "2"]);
const files = builtFiles();

/** A customer page with the loader, data-load="intent" so that the test decides when the
 *  widget loads; every animation frame counts the launchers drawn. */
async function customerPage(extra = "", setup = async () => {}) {
  const { page, problems } = await newPage(env.browser);
  await setup(page);
  const widgetRequests = [];
  page.on("request", (r) => [files.glue, files.wasm].some((f) => r.url().endsWith("/" + f)) && widgetRequests.push(r.url()));
  await page.route(env.server.url + "/shop.html", (route) =>
    route.fulfill({
      contentType: "text/html",
      body: `<!doctype html><html><head><title>Shop</title><link rel="icon" href="data:,"></head><body>
        <h1>Shop</h1><button id="before">Before</button>
        <script src="/quintus-chat.js" defer data-agent-id="agent_demo" data-api-key="qts-pk-dev" data-api-url="/"
          data-lang="en" data-load="intent" ${extra}></script></body></html>`,
    }),
  );
  await page.addInitScript(() => {
    window.__frames = { total: 0, bad: [] };
    window.__shift = 0;
    new PerformanceObserver((l) => { for (const e of l.getEntries()) window.__shift += e.value; }).observe({ type: "layout-shift", buffered: true });
    const count = () => {
      const root = document.querySelector("quintus-chat")?.shadowRoot;
      if (root) {
        window.__frames.total++;
        const n = root.querySelectorAll("[part~=launcher]").length;
        if (n !== 1) window.__frames.bad.push(n);
      }
      requestAnimationFrame(count);
    };
    requestAnimationFrame(count);
  });
  await page.goto(env.server.url + "/shop.html");
  return { page, problems, widgetRequests };
}

const tookOver = async (page) => {
  await widgetMounted(page);
  assert.equal(await page.evaluate(() => document.querySelector("quintus-chat").shadowRoot.querySelectorAll("[data-quintus-loader]").length), 0, "the loader's copy is gone");
};

const launcherClip = (box) => ({ x: box.x - 12, y: box.y - 12, width: box.width + 24, height: box.height + 24 });

for (const [name, extra] of [["default theme", ""], ["dark, left, custom colour", 'data-theme="dark" data-position="left" data-color="#0a7f5a"']]) {
  test(`${name}: the loader's launcher shows before any wasm, and the widget's replaces it pixel for pixel`, async () => {
    const { page, problems, widgetRequests } = await customerPage(extra);
    const w = widget(page);
    await w.launcher.waitFor();
    assert.deepEqual(widgetRequests, [], "drawn before the widget is fetched");
    assert.equal(await page.locator("quintus-chat").count(), 1);
    assert.equal(await w.launcher.getAttribute("aria-label"), "Open chat");
    assert.equal(await w.launcher.getAttribute("aria-expanded"), "false");
    const box = await w.launcher.boundingBox();
    await page.waitForTimeout(300);
    const slug = name.replace(/\W+/g, "-");
    const before = await page.screenshot({ clip: launcherClip(box) });
    // close() is an API call: the widget loads and takes over, leaving the panel closed.
    await page.evaluate(() => window.QuintusChat.close());
    await tookOver(page);
    await page.waitForTimeout(300);
    const afterShot = await page.screenshot({ clip: launcherClip(box) });
    // Kept for a person to look at, too.
    mkdirSync(ARTIFACTS, { recursive: true });
    writeFileSync(`${ARTIFACTS}/early-launcher-${slug}-before.png`, before);
    writeFileSync(`${ARTIFACTS}/early-launcher-${slug}-after.png`, afterShot);
    assert.ok(before.equals(afterShot), "the launcher looks the same before and after the widget takes over");
    assert.deepEqual(await w.launcher.boundingBox(), box, "same place and size");
    assert.equal(await w.launcher.getAttribute("aria-label"), "Open chat");
    assert.equal(await page.locator("quintus-chat").count(), 1, "one host: the widget mounted into the loader's");
    const frames = await page.evaluate(() => window.__frames);
    assert.deepEqual(frames.bad, [], `every frame showed exactly one launcher (${frames.total} frames)`);
    assert.equal(await page.evaluate(() => window.__shift), 0, "no layout shift");
    assert.equal(widgetRequests.length, 2);
    assert.deepEqual(problems, []);
    await page.context().close();
  });
}

test("in a tab holding a conversation, a click before the widget is ready shows a spinner and opens the panel when it is", async () => {
  // A reload: only the widget can show the stored messages, so the loader draws no panel.
  const api = `${env.server.url}/v1/public/agents/conversations`;
  const created = await (await fetch(api, {
    method: "POST",
    headers: { "X-API-Key": "qts-pk-dev", "Content-Type": "application/json" },
    body: JSON.stringify({ agent_id: "agent_demo" }),
  })).json();
  let release;
  const held = new Promise((r) => { release = r; });
  const { page, problems } = await customerPage("", async (page) => {
    await page.addInitScript((s) => {
      // The widget's key for this agent and API (src/session.rs, storage_key).
      if (!sessionStorage.getItem("quintus-chat:v2:agent_demo@")) sessionStorage.setItem("quintus-chat:v2:agent_demo@", JSON.stringify(s));
    }, { conversation_id: created.id, session_token: created.session_token, expires_at: created.expires_at });
    // Hold the wasm back, so the spinner can be seen.
    await page.route(`**/${files.wasm}`, async (route) => { await held; await route.continue(); });
  });
  const w = widget(page);
  await w.launcher.click();
  assert.equal(await w.launcher.getAttribute("aria-busy"), "true");
  await screenshot(page, "early-launcher-spinner");
  release();
  await w.dialog.waitFor({ timeout: 20_000 });
  assert.equal(await w.launcher.getAttribute("aria-expanded"), "true");
  assert.equal(await w.launcher.getAttribute("aria-busy"), null, "the widget's launcher has no spinner");
  assert.deepEqual(problems, []);
  await page.context().close();
});

test("keyboard focus on the loader's launcher stays on the launcher when the widget takes over", async () => {
  const { page, problems } = await customerPage();
  await page.focus("#before");
  await page.keyboard.press("Tab");
  // Focus is intent: the widget loads.
  assert.equal(await page.evaluate(() => document.activeElement?.tagName), "QUINTUS-CHAT");
  await tookOver(page);
  const focused = await page.evaluate(() => {
    const root = document.querySelector("quintus-chat").shadowRoot;
    const active = root.activeElement;
    return active && active.matches("[part~=launcher]") && !active.closest("[data-quintus-loader]") && active.isConnected;
  });
  assert.equal(focused, true, "the widget's launcher has the focus");
  await page.keyboard.press("Enter");
  await widget(page).dialog.waitFor();
  assert.deepEqual(problems, []);
  await page.context().close();
});
