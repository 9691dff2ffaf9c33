// The floor of streaming cost in this browser: plain JS reads the same `/words N` SSE reply
// (fetch reader, TextDecoder, JSON.parse) and writes each delta, in four ways: `raf` (one
// requestAnimationFrame per delta, appendData on one text node), `node` (the same, a new text
// node per write), `qm-data` and `qm-node` (the write in a queueMicrotask callback, no frame
// callback), and `await` (the write in the read's promise continuation: Performance.getMetrics'
// ScriptDuration leaves promise reactions out, so this prints about 0 for the same work), and
// `raf-100ms` (like `raf`, but at most one write per 100 ms), and `read-only` (no write at all:
// the cost of reading and decoding alone). Prints script, task and layout time per 1,000 tokens; asserts nothing.
// With `js` last, each run also takes a 0.25 ms sampling CPU profile and prints its JavaScript
// time, promise reactions included (all samples but idle and the browser's own `(program)`).
// Usage: node scripts/bench-stream-floor.mjs URL WORDS ROUNDS [js|time] [VARIANT,VARIANT...]
// (URL: a quintus-server --pace-ms 40; all variants unless some are named)
// The e2e tests' launcher: Debian's Chromium with the flags this closed network needs.
import { launch } from "../e2e/support/browser.mjs";
import { jsTime } from "./cpu-profile.mjs";
const [URL_, WORDS_, ROUNDS_, MODE, ONLY] = process.argv.slice(2);
const VARIANTS = ONLY ? ONLY.split(",") : ["raf", "node", "qm-data", "qm-node", "await", "raf-100ms", "read-only"];
const WORDS = +WORDS_;
const browser = await launch();
const html = `<!doctype html><html><body><h1>Shop</h1>${"<p>Products and prose.</p>".repeat(40)}<div id=log style="position:fixed;right:0;bottom:0;width:380px;height:500px;overflow:auto"><p id=p></p></div></body></html>`;
async function run(variant) {
  const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
  const page = await context.newPage();
  await page.route(URL_ + "/floor.html", (r) => r.fulfill({ contentType: "text/html", body: html }));
  const cdp = await context.newCDPSession(page);
  await cdp.send("Performance.enable");
  await page.goto(URL_ + "/floor.html");
  const conv = await page.evaluate(async () => {
    const r = await fetch("/v1/public/agents/conversations", { method: "POST", headers: { "X-API-Key": "qts-pk-dev", "Content-Type": "application/json" }, body: JSON.stringify({ agent_id: "agent_demo" }) });
    return r.json();
  });
  const metric = async () => Object.fromEntries((await cdp.send("Performance.getMetrics")).metrics.map((m) => [m.name, m.value]));
  if (MODE === "js") { await cdp.send("Profiler.enable"); await cdp.send("Profiler.setSamplingInterval", { interval: 250 }); await cdp.send("Profiler.start"); }
  const before = await metric();
  await page.evaluate(async ({ conv, words, variant }) => {
    const r = await fetch(`/v1/public/agents/conversations/${conv.id}/messages/stream`, { method: "POST", headers: { Authorization: `Bearer ${conv.session_token}`, "Content-Type": "application/json", Accept: "text/event-stream" }, body: JSON.stringify({ content: `/words ${words}` }) });
    const reader = r.body.getReader();
    const dec = new TextDecoder();
    const p = document.getElementById("p"), log = document.getElementById("log");
    let buf = "", pending = "", scheduled = false;
    const flush = () => { scheduled = false; window.__last = performance.now(); if (variant === "node" || variant === "qm-node") p.append(pending); else p.firstChild ? p.firstChild.appendData(pending) : p.append(pending); pending = ""; log.scrollTop = 1e9; };
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      buf += dec.decode(value, { stream: true });
      let i;
      while ((i = buf.indexOf("\n\n")) >= 0) {
        const ev = buf.slice(0, i); buf = buf.slice(i + 2);
        if (!ev.includes("event: message.delta")) continue;
        const data = ev.split("\n").find((l) => l.startsWith("data:"));
        pending += JSON.parse(data.slice(5)).delta;
        if (variant === "read-only") continue; if (variant === "await") flush(); else if (variant === "raf-100ms") { if (!scheduled) { scheduled = true; setTimeout(() => requestAnimationFrame(flush), Math.max(0, 100 - (performance.now() - (window.__last ?? 0)))); } } else if (variant.startsWith("qm")) queueMicrotask(flush); else if (!scheduled) { scheduled = true; requestAnimationFrame(flush); }
      }
    }
  }, { conv, words: WORDS, variant });
  const after = await metric();
  const js = MODE === "js" ? jsTime((await cdp.send("Profiler.stop")).profile) * 1000 / WORDS : undefined;
  await context.close();
  return { js, script: ((after.ScriptDuration - before.ScriptDuration) * 1e6) / WORDS, task: ((after.TaskDuration - before.TaskDuration) * 1e6) / WORDS, layout: ((after.LayoutDuration - before.LayoutDuration) * 1e6) / WORDS };
}
for (let r = 0; r < +ROUNDS_; r++) for (const v of VARIANTS) { const o = await run(v); console.log(`${v}: script ${o.script.toFixed(0)} ms/1000tok, task ${o.task.toFixed(0)}, layout ${o.layout.toFixed(0)}${o.js === undefined ? "" : `, js incl. promise reactions (profile) ${o.js.toFixed(0)}`}`); }
await browser.close();
