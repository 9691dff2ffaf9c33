// Delivery, as `quintus-server --static dist` serves the built widget: every widget file
// compressed with the right headers, a second visit served from the browser's cache with no
// request, a 304 when the loader is revalidated, the wasm downloading beside its glue (no
// chain), and when the loader fetches nothing at all (data-load="intent", Save-Data) or fetches
// anyway (a reload of a tab holding a conversation).
import { test } from "node:test";
import assert from "node:assert/strict";
import { builtFiles } from "./support/server.mjs";
import { serverAndBrowser } from "./support/suite.mjs";
import { newPage } from "./support/browser.mjs";
import { widget, widgetMounted, sendMessage, replyText } from "./support/widget.mjs";

const env = serverAndBrowser(["--pace-ms", "2"]);
const manifest = builtFiles();
const HASHED = [manifest.glue, manifest.wasm];
const isWidgetFile = (url) => HASHED.some((name) => url.endsWith("/" + name));

/** Every network event of `page` through the DevTools protocol, which (unlike playwright's
 *  request events) says whether a response came from the cache. */
async function networkLog(page) {
  const cdp = await page.context().newCDPSession(page);
  await cdp.send("Network.enable");
  const log = { requests: [], responses: [], wire: [], cdp };
  // What the server actually answered (a revalidated response reaches the page as the cached 200).
  cdp.on("Network.responseReceivedExtraInfo", (e) => log.wire.push({ requestId: e.requestId, status: e.statusCode, headers: lower(e.headers) }));
  cdp.on("Network.requestWillBeSent", (e) => log.requests.push({ id: e.requestId, url: e.request.url, t: e.timestamp }));
  cdp.on("Network.responseReceived", (e) => log.responses.push({ url: e.response.url, status: e.response.status, headers: lower(e.response.headers), fromCache: e.response.fromDiskCache || e.response.fromPrefetchCache || false, t: e.timestamp, requestId: e.requestId }));
  // A hit in the memory cache: this event, for a request id whose responseReceived may come later.
  const cached = new Set();
  cdp.on("Network.requestServedFromCache", (e) => cached.add(e.requestId));
  log.fromCache = (r) => r.fromCache || cached.has(r.requestId);
  return log;
}
const lower = (headers) => Object.fromEntries(Object.entries(headers).map(([k, v]) => [k.toLowerCase(), v]));

test("every widget file comes compressed, typed, cacheable and loadable cross-origin", async () => {
  const { page, problems } = await newPage(env.browser);
  const log = await networkLog(page);
  await page.goto(env.server.url + "/demo/script-tag.html");
  await widgetMounted(page);
  const byName = (name) => log.responses.find((r) => r.url.endsWith("/" + name));
  for (const name of HASHED) {
    const r = byName(name);
    assert.ok(r, `${name} was fetched`);
    assert.equal(r.status, 200, name);
    assert.equal(r.headers["content-encoding"], "br", name);
    assert.match(r.headers["vary"], /accept-encoding/i, name);
    assert.equal(r.headers["cache-control"], "public, max-age=31536000, immutable", name);
    assert.equal(r.headers["access-control-allow-origin"], "*", name);
  }
  assert.equal(byName(manifest.wasm).headers["content-type"], "application/wasm");
  assert.match(byName(manifest.glue).headers["content-type"], /javascript/);
  const loader = byName("quintus-chat.js");
  assert.equal(loader.headers["content-encoding"], "br");
  assert.equal(loader.headers["cache-control"], "public, max-age=300");
  assert.match(loader.headers["etag"], /^"[0-9a-f]{32}"$/);
  assert.deepEqual(problems, []);
  await page.context().close();
});

test("a second visit takes the widget from the cache without a request; the loader revalidates to 304", async () => {
  const { page, problems } = await newPage(env.browser);
  await page.goto(env.server.url + "/demo/script-tag.html");
  await widgetMounted(page);
  const log = await networkLog(page);
  await page.goto("about:blank");
  await page.goto(env.server.url + "/demo/script-tag.html");
  await widgetMounted(page);
  for (const name of HASHED) {
    const seen = log.responses.filter((r) => r.url.endsWith("/" + name));
    assert.equal(seen.length, 1, `${name} loaded once on the second visit`);
    assert.equal(log.fromCache(seen[0]), true, JSON.stringify(seen[0]) + " " + `${name} came from the cache, without a request to the server`);
  }
  // Revalidating the loader (what the browser does once its 5 minutes are up) costs a 304.
  const status = await page.evaluate(async () => (await fetch("/quintus-chat.js", { cache: "no-cache" })).status);
  assert.equal(status, 200, "the page sees the cached loader");
  const sent = log.requests.filter((r) => r.url.endsWith("/quintus-chat.js")).at(-1);
  await page.waitForTimeout(200);
  const wire = log.wire.filter((w) => w.requestId === sent.id);
  assert.equal(wire.at(-1)?.status, 304, `the server answered the revalidation with 304: ${JSON.stringify(wire)}`);
  assert.match(wire.at(-1).headers["etag"], /^"[0-9a-f]{32}"$/);
  assert.deepEqual(problems, []);
  await page.context().close();
});

const SNIPPET = (extra = "") => `<script src="/quintus-chat.js" defer data-agent-id="agent_demo" data-api-key="qts-pk-dev"
        data-api-url="/" data-lang="en" ${extra}></script>`;

/** A customer's page on the server's origin with the loader snippet in it. */
async function customerPage(extra, { setup } = {}) {
  const { page, problems } = await newPage(env.browser);
  const widgetRequests = [];
  page.on("request", (r) => isWidgetFile(r.url()) && widgetRequests.push(r.url()));
  await page.route(env.server.url + "/shop.html", (route) =>
    route.fulfill({ contentType: "text/html", body: `<!doctype html><html><head><title>Shop</title><link rel="icon" href="data:,"></head><body><h1>Shop</h1><p style="height:3000px">Long page</p>${SNIPPET(extra)}</body></html>` }),
  );
  if (setup) await setup(page);
  await page.goto(env.server.url + "/shop.html");
  return { page, problems, widgetRequests };
}

test("the wasm download starts beside the glue's, not after it", async () => {
  const { page, problems } = await newPage(env.browser);
  const log = await networkLog(page);
  // Slow enough that the glue takes a while to arrive.
  await log.cdp.send("Network.emulateNetworkConditions", { offline: false, latency: 150, downloadThroughput: 200 * 1024, uploadThroughput: 100 * 1024 });
  const finished = {};
  log.cdp.on("Network.loadingFinished", (e) => { finished[e.requestId] = e.timestamp; });
  const ids = {};
  log.cdp.on("Network.requestWillBeSent", (e) => { for (const name of HASHED) if (e.request.url.endsWith("/" + name)) ids[name] = { id: e.requestId, t: e.timestamp }; });
  await page.goto(env.server.url + "/demo/script-tag.html");
  await page.evaluate(() => window.QuintusChat.open());
  await widget(page).dialog.waitFor({ timeout: 30_000 });
  const glue = ids[manifest.glue];
  const wasm = ids[manifest.wasm];
  assert.ok(glue && wasm, "both fetched");
  assert.ok(wasm.t < finished[glue.id], `the wasm was requested (${wasm.t}) before the glue had arrived (${finished[glue.id]})`);
  assert.deepEqual(problems, []);
  await page.context().close();
});

test('data-load="intent": nothing is fetched until the visitor asks for the chat', async () => {
  const { page, problems, widgetRequests } = await customerPage('data-load="intent"');
  // Idle time, scrolling, pointing and keys elsewhere on the page are no intent to chat.
  await page.waitForTimeout(1500);
  await page.mouse.move(100, 100);
  await page.mouse.wheel(0, 400);
  await page.mouse.click(100, 100);
  await page.keyboard.press("ArrowDown");
  await page.waitForTimeout(1000);
  assert.deepEqual(widgetRequests, [], "no widget file before intent");
  // The pointer reaching the launcher is.
  await widget(page).launcher.hover();
  await widgetMounted(page);
  assert.equal(widgetRequests.length, 2, "the glue and the wasm, once each");
  assert.deepEqual(problems, []);
  await page.context().close();
});

test("Save-Data makes the default load wait for intent", async () => {
  const { page, problems, widgetRequests } = await customerPage("", {
    setup: async (page) => {
      const cdp = await page.context().newCDPSession(page);
      await cdp.send("Emulation.setDataSaverOverride", { dataSaverEnabled: true });
    },
  });
  assert.equal(await page.evaluate(() => navigator.connection.saveData), true);
  await page.waitForTimeout(2500);
  assert.deepEqual(widgetRequests, [], "no widget file before intent");
  await page.evaluate(() => window.QuintusChat.open());
  await widget(page).dialog.waitFor({ timeout: 20_000 });
  assert.deepEqual(problems, []);
  await page.context().close();
});

test("a reload of a tab holding a conversation loads on idle even with intent", async () => {
  const { page, problems, widgetRequests } = await customerPage('data-load="intent"');
  await page.evaluate(() => window.QuintusChat.open());
  await sendMessage(page, "hello before the reload");
  assert.match(await replyText(page, 0), /hello before the reload/);
  await page.evaluate(() => window.QuintusChat.close());
  widgetRequests.length = 0;
  await page.reload();
  await widgetMounted(page);
  assert.equal(widgetRequests.length, 2, "loaded without intent");
  assert.deepEqual(problems, []);
  await page.context().close();
});
