// The script-tag embed through the loader: window.QuintusChat exists at once and queues calls
// made before the widget is ready (they run in order); the wasm loads lazily; loading the
// script twice mounts one widget.
import { test } from "node:test";
import assert from "node:assert/strict";
import { serverAndBrowser } from "./support/suite.mjs";
import { newPage } from "./support/browser.mjs";
import { widget, widgetMounted, replyText } from "./support/widget.mjs";

const env = serverAndBrowser(["--pace-ms", "2"]);

const SNIPPET = `<script src="/quintus-chat.js" defer data-agent-id="agent_demo" data-api-key="qts-pk-dev"
        data-api-url="/" data-lang="en"></script>`;

/** A customer's page, served from the server's origin, with the README snippet in it. */
async function customerPage(body) {
  const { page, problems } = await newPage(env.browser);
  await page.route(env.server.url + "/shop.html", (route) =>
    route.fulfill({ contentType: "text/html", body: `<!doctype html><html><head><title>Shop</title><link rel="icon" href="data:,"></head><body>${body}</body></html>` }),
  );
  const wasm = [];
  page.on("request", (r) => r.url().endsWith(".wasm") && wasm.push(Date.now()));
  return { page, problems, wasm };
}

test("calls made before ready run in order once the widget loads", async () => {
  const { page, problems } = await customerPage(`<h1>Shop</h1>${SNIPPET}
    <script>
      // The loader is deferred: it has run by DOMContentLoaded, long before the wasm.
      window.seen = [];
      document.addEventListener("DOMContentLoaded", () => {
        QuintusChat.on("ready", () => seen.push("ready"));
        QuintusChat.on("open", () => seen.push("open"));
        QuintusChat.on("message", (m) => seen.push("message:" + m.role));
        QuintusChat.setUser({ name: "Early" });
        QuintusChat.open();
        QuintusChat.send("queued before ready");
      });
    </script>`);
  await page.goto(env.server.url + "/shop.html");
  const w = widget(page);
  await w.dialog.waitFor({ timeout: 20_000 });
  assert.match(await replyText(page, 0), /queued before ready/);
  assert.deepEqual(await page.evaluate(() => window.seen), ["ready", "open", "message:assistant"]);
  assert.deepEqual(problems, []);
  await page.context().close();
});

test("no wasm before the page is idle or the visitor interacts; loading twice mounts once", async () => {
  const { page, problems, wasm } = await customerPage(`<h1>Shop</h1>${SNIPPET}${SNIPPET}`);
  const loaded = Date.now();
  await page.goto(env.server.url + "/shop.html", { waitUntil: "domcontentloaded" });
  assert.equal(await page.evaluate(() => typeof window.QuintusChat.open), "function", "defined at once");
  const w = widget(page);
  await widgetMounted(page);
  assert.equal(wasm.length, 1, "one wasm request");
  assert.ok(wasm[0] >= loaded);
  await page.waitForTimeout(500);
  assert.equal(await page.locator("quintus-chat").count(), 1, "one widget");
  await w.launcher.click();
  await w.dialog.waitFor();
  assert.deepEqual(problems, []);
  await page.context().close();
});
