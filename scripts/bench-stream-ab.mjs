// Side-by-side streaming cost of two widget builds (issue 14), for A/B work on the per-delta
// path: each served by its own `quintus-server --static DIR --pace-ms 40`, run interleaved in
// fresh headless Chromium contexts, a `/words N` reply each, printing the main-thread script,
// task and layout time per 1,000 tokens (Performance.getMetrics). Modes: `time` (nothing else
// in the page); `count` (wraps every wasm import and export, requestAnimationFrame,
// queueMicrotask, appendData, read, TextDecoder.decode and Promise.then, and times the frame
// callbacks, the microtasks they queue, the ResizeObserver callbacks and the other microtasks:
// per-token counts, inflated times); `profile` (a 0.1 ms sampling CPU profile, self time per
// 1,000 tokens); `js` (a 0.25 ms sampling profile for the JavaScript time promise reactions
// included, which ScriptDuration leaves out). Prints figures; asserts nothing.
// Usage: node scripts/bench-stream-ab.mjs URL_A URL_B WORDS ROUNDS [time|count|profile|js]
// The e2e tests' launcher: Debian's Chromium with the flags this closed network needs.
import { launch } from "../e2e/support/browser.mjs";
import { jsTime } from "./cpu-profile.mjs";
const [A, B, WORDS_, ROUNDS_, MODE = "time"] = process.argv.slice(2);
const WORDS = +WORDS_, ROUNDS = +ROUNDS_;
const KEY = 'data-agent-id="agent_demo" data-api-key="qts-pk-dev" data-api-url="/" data-lang="en"';
const page_ = `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Shop</title><link rel="icon" href="data:,"></head><body><h1>Shop</h1>${"<p>Products and prose.</p>".repeat(40)}<script src="/quintus-chat.js" defer ${KEY} data-open="true"></script></body></html>`;
const COUNT = () => {
  const c = (window.__c = { on: false, n: {} });
  const inc = (k) => { if (c.on) c.n[k] = (c.n[k] ?? 0) + 1; };
  for (const [obj, name] of [[window, "requestAnimationFrame"], [window, "queueMicrotask"], [Text.prototype, "appendData"], [ReadableStreamDefaultReader.prototype, "read"], [TextDecoder.prototype, "decode"]]) {
    const f = obj[name];
    obj[name] = function (...a) { inc("api:" + name); return f.apply(this, a); };
  }
  const t = (c.t = { rafBody: 0, rafMicro: 0, roBody: 0, roMicro: 0, otherMicro: 0, rafN: 0, roN: 0 });
  let phase = null;
  const rq = window.requestAnimationFrame;
  window.requestAnimationFrame = function (cb) { return rq.call(this, (ts) => { const a = performance.now(); phase = "raf"; try { cb(ts); } finally { if (c.on) { t.rafBody += performance.now() - a; t.rafN++; } qm(() => { phase = null; }); } }); };
  const qm = window.queueMicrotask.bind(window);
  const qmw = window.queueMicrotask;
  window.queueMicrotask = function (cb) { const ph = phase; return qmw.call(this, () => { const a = performance.now(); try { cb(); } finally { if (c.on) t[ph === "raf" ? "rafMicro" : ph === "ro" ? "roMicro" : "otherMicro"] += performance.now() - a; } }); };
  const RO = window.ResizeObserver;
  window.ResizeObserver = class extends RO { constructor(cb) { super((...a) => { const s = performance.now(); phase = "ro"; try { cb(...a); } finally { if (c.on) { t.roBody += performance.now() - s; t.roN++; } qm(() => { phase = null; }); } }); } };
  const OrigPromise = Promise;
  const then = Promise.prototype.then;
  Promise.prototype.then = function (...a) { inc("api:Promise.then"); return then.apply(this, a); };
  const wrapImports = (imports) => {
    for (const mod of Object.values(imports)) for (const [k, f] of Object.entries(mod)) if (typeof f === "function") {
      const label = "w2js:" + f.toString().replace(/\s+/g, " ").slice(0, 90);
      mod[k] = function (...a) { inc(label); return f.apply(this, a); };
    }
  };
  const wrapResult = (r) => {
    const inst = r.instance ?? r;
    const ex = {};
    for (const [k, v] of Object.entries(inst.exports)) ex[k] = typeof v === "function" ? function (...a) { inc("js2w:" + k); return v.apply(this, a); } : v;
    const fake = { exports: ex };
    return r.instance ? { instance: fake, module: r.module } : fake;
  };
  const is = WebAssembly.instantiateStreaming;
  WebAssembly.instantiateStreaming = async (src, imports) => { wrapImports(imports); return wrapResult(await is(src, imports)); };
  const i = WebAssembly.instantiate;
  WebAssembly.instantiate = async (src, imports) => { wrapImports(imports); return wrapResult(await i(src, imports)); };
};
const browser = await launch();
async function run(base, mode) {
  const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
  const page = await context.newPage();
  if (mode === "count") await page.addInitScript(COUNT);
  await page.route(base + "/shop.html", (r) => r.fulfill({ contentType: "text/html", body: page_ }));
  const cdp = await context.newCDPSession(page);
  await cdp.send("Performance.enable");
  await page.goto(base + "/shop.html");
  await page.waitForFunction(() => { const h = document.querySelector("quintus-chat"); return h && !h.hasAttribute("data-quintus-loader") && h.shadowRoot.querySelector(".qc-root")?.childElementCount > 0; }, null, { timeout: 60000, polling: 100 });
  const input = page.locator("quintus-chat textarea");
  await input.waitFor();
  const metric = async () => Object.fromEntries((await cdp.send("Performance.getMetrics")).metrics.map((m) => [m.name, m.value]));
  if (mode === "count") await page.evaluate(() => { window.__c.on = true; const c = window.__c; new MutationObserver((recs) => { for (const r of recs) { for (const n of r.addedNodes) { const k = "added:" + (n.nodeType === 1 ? n.tagName + "." + n.className + " " + (n.getAttribute("part") ?? "") : "#" + n.nodeType) + " in " + (r.target.className || r.target.tagName); c.n[k] = (c.n[k] ?? 0) + 1; } for (const n of r.removedNodes) { const k = "removed:" + (n.nodeType === 1 ? n.tagName + "." + n.className : "#" + n.nodeType) + " in " + (r.target.className || r.target.tagName); c.n[k] = (c.n[k] ?? 0) + 1; } if (r.type !== "childList") { const k = r.type + ":" + (r.attributeName ?? "") + " " + (r.target.className || r.target.nodeName); c.n[k] = (c.n[k] ?? 0) + 1; } } }).observe(document.querySelector("quintus-chat").shadowRoot, { subtree: true, childList: true, characterData: true, attributes: true }); });
  if (mode === "profile" || mode === "js") { await cdp.send("Profiler.enable"); await cdp.send("Profiler.setSamplingInterval", { interval: mode === "js" ? 250 : 100 }); await cdp.send("Profiler.start"); }
  const before = await metric();
  await input.fill(`/words ${WORDS}`);
  await input.press("Enter");
  await page.locator('quintus-chat [part~="assistant"][part~="message"][data-state="sent"]').last().waitFor({ timeout: WORDS * 200 + 60000 });
  const after = await metric();
  const out = { script: ((after.ScriptDuration - before.ScriptDuration) * 1e6) / WORDS, task: ((after.TaskDuration - before.TaskDuration) * 1e6) / WORDS, layout: ((after.LayoutDuration - before.LayoutDuration) * 1e6) / WORDS };
  if (mode === "count") { const c = await page.evaluate(() => { window.__c.on = false; return window.__c.n; }); out.timing = await page.evaluate((w) => Object.fromEntries(Object.entries(window.__c.t).map(([k, v]) => [k, k.endsWith("N") ? (v / w).toFixed(2) + "/tok" : ((v * 1000) / w).toFixed(0) + " ms/1000tok"])), WORDS); out.counts = Object.entries(c).sort((a, b) => b[1] - a[1]).map(([k, v]) => `${(v / WORDS).toFixed(2)}/tok ${k}`); }
  if (mode === "js") out.js = jsTime((await cdp.send("Profiler.stop")).profile) * 1000 / WORDS;
  if (mode === "profile") {
    const { profile } = await cdp.send("Profiler.stop");
    const byId = new Map(profile.nodes.map((n) => [n.id, n]));
    const self = new Map();
    profile.samples.forEach((id, i) => { const f = byId.get(id).callFrame; if (f.functionName === "(idle)") return; const name = `${f.functionName || "(anon)"}${f.url ? " " + f.url.split("/").pop().slice(0, 24) + ":" + f.columnNumber : ""}`; self.set(name, (self.get(name) ?? 0) + (profile.timeDeltas[i + 1] ?? 0) / 1000); });
    out.top = [...self.entries()].sort((a, b) => b[1] - a[1]).slice(0, 45).map(([k, v]) => `${((v * 1000) / WORDS).toFixed(1)} ${k}`);
  }
  await context.close();
  return out;
}
const res = { A: [], B: [] };
for (let r = 0; r < ROUNDS; r++) for (const [name, url] of r % 2 ? [["B", B], ["A", A]] : [["A", A], ["B", B]]) {
  const o = await run(url, MODE);
  res[name].push(o);
  console.log(`${name} round ${r}: script ${o.script.toFixed(0)} ms/1000tok, task ${o.task.toFixed(0)}, layout ${o.layout.toFixed(0)}${o.js === undefined ? "" : `, js incl. promise reactions (profile) ${o.js.toFixed(0)}`}`);
  if (o.timing) console.log(JSON.stringify(o.timing));
  if (o.counts) console.log(o.counts.join("\n"));
  if (o.top) console.log(o.top.join("\n"));
}
const summary = (xs) => `${xs.map((x) => x.toFixed(0)).join(" / ")}, mean ${(xs.reduce((a, b) => a + b, 0) / xs.length).toFixed(0)}`;
for (const k of ["A", "B"]) {
  if (!res[k].length) continue;
  console.log(`${k}: script per 1000 tokens ${summary(res[k].map((o) => o.script))}`);
  if (res[k][0].js !== undefined) console.log(`${k}: js incl. promise reactions per 1000 tokens ${summary(res[k].map((o) => o.js))}`);
}
await browser.close();
