// The demo pages of the embeds, as a website owner would use them: the script-tag page (with a
// held-back idle callback, to prove no wasm loads before idle or interaction), the strict-CSP
// page (no violation, also on the nonce fallback), the hostile-CSS page (nothing changes
// inside, nothing leaks out), and destroy() then mount() ten times with nothing left over.
import { test } from "node:test";
import assert from "node:assert/strict";
import { builtFiles } from "./support/server.mjs";
import { serverAndBrowser } from "./support/suite.mjs";
import { readmeSnippet } from "./support/readme.mjs";
import { newPage, screenshot } from "./support/browser.mjs";
import { widget, openPanel, sendMessage, replyText } from "./support/widget.mjs";

const env = serverAndBrowser(["--pace-ms", "2"]);

/** Holds back requestIdleCallback: the page is never "idle" until the test says so. */
const HOLD_IDLE = () => {
  window.__idle = [];
  window.requestIdleCallback = (cb) => window.__idle.push(cb) && window.__idle.length;
  window.cancelIdleCallback = () => {};
};

test("script tag: no wasm before idle or interaction; then a conversation works", async () => {
  for (const trigger of ["idle", "interaction"]) {
    const { page, problems } = await newPage(env.browser);
    await page.addInitScript(HOLD_IDLE);
    const wasm = [];
    page.on("request", (r) => r.url().endsWith(".wasm") && wasm.push(r.url()));
    await page.goto(env.server.url + "/demo/script-tag.html", { waitUntil: "load" });
    // Long enough for anything eager to have fetched it (the loader waits for idle instead).
    await page.waitForTimeout(1000);
    assert.deepEqual(wasm, [], `${trigger}: no wasm yet`);
    assert.equal(await page.evaluate(() => window.__idle.length), 1, "the loader asked for idle time");
    if (trigger === "idle") await page.evaluate(() => window.__idle[0]({ didTimeout: false, timeRemaining: () => 50 }));
    else await page.mouse.click(10, 10);
    const w = widget(page);
    await w.launcher.waitFor({ timeout: 20_000 });
    assert.equal(wasm.length, 1, `${trigger}: the wasm loads once`);
    if (trigger === "interaction") {
      await openPanel(page);
      await sendMessage(page, "hello from the script tag");
      assert.match(await replyText(page, 0), /hello from the script tag/);
    }
    assert.deepEqual(problems, []);
    await page.context().close();
  }
});

test("the README's script-tag and JS API snippets work as written (CDN and API URLs pointed here)", async () => {
  const snippet = readmeSnippet("### Embedding with a script tag", "html")
    .replace("https://your-cdn.example/quintus-chat/", env.server.url + "/")
    .replace("https://api.quintus.tec.br", env.server.url);
  const usage = readmeSnippet("### The JS API", "js");
  const { page, problems } = await newPage(env.browser);
  await page.route(env.server.url + "/shop.html", (route) =>
    route.fulfill({ contentType: "text/html", body: `<!doctype html><html lang="pt-BR"><head><title>Loja</title><link rel="icon" href="/demo/favicon.svg"></head><body><h1>Loja</h1>${snippet}</body></html>` }),
  );
  await page.goto(env.server.url + "/shop.html");
  await page.evaluate((code) => {
    window.logged = [];
    const log = console.log;
    console.log = (...args) => { window.logged.push(args.map(String).join(" ")); log(...args); };
    new Function(code)();
  }, usage);
  // data-lang="pt-BR" in the snippet: the widget speaks Portuguese.
  await page.getByRole("dialog").waitFor({ timeout: 20_000 });
  assert.ok(await page.getByRole("button", { name: "Fechar chat" }).count() === 1);
  assert.match(await replyText(page, 0), /I need help with my order/);
  await page.waitForFunction(() => window.logged.length > 0);
  assert.match((await page.evaluate(() => window.logged))[0], /^assistant /);
  assert.deepEqual(problems, []);
  await page.context().close();
});

test("the README's styling snippet themes the widget through custom properties and ::part()", async () => {
  const css = readmeSnippet("### Styling", "css");
  const { page, problems } = await newPage(env.browser);
  await page.goto(env.server.url + "/demo/script-tag.html");
  await page.addStyleTag({ content: css });
  await page.evaluate(() => QuintusChat.open());
  await openPanel(page);
  await sendMessage(page, "styled?");
  await replyText(page, 0);
  const look = await page.evaluate(() => {
    const root = document.querySelector("quintus-chat").shadowRoot;
    const cs = (sel) => getComputedStyle(root.querySelector(sel));
    return {
      send: cs("[part=attach] ~ [part=send], [part=send]").backgroundColor,
      launcherShadow: cs("[part=launcher]").boxShadow,
      userWeight: cs('[part~="message"][part~="user"]').fontWeight,
      assistantWeight: cs('[part~="message"][part~="assistant"]').fontWeight,
      radius: cs(".qc-bubble").borderTopLeftRadius,
    };
  });
  assert.equal(look.send, "rgb(10, 125, 79)", "--qc-accent");
  assert.match(look.launcherShadow, /rgb\(255, 255, 255\) 0px 0px 0px 3px/, "::part(launcher)");
  assert.equal(look.userWeight, "500", "::part(message user)");
  assert.equal(look.assistantWeight, "400", "assistant messages untouched");
  await screenshot(page, "embed-themed-desktop");
  assert.deepEqual(problems, []);
  await page.context().close();
});

/** Runs a conversation on the strict-CSP page and returns the violations the page saw. */
async function cspConversation(page) {
  const violations = [];
  await page.exposeFunction("__reportViolation", (v) => violations.push(v));
  await page.addInitScript(() => {
    document.addEventListener("securitypolicyviolation", (e) =>
      window.__reportViolation(`${e.violatedDirective} ${e.blockedURI || "inline"} ${e.sourceFile}:${e.lineNumber}`),
    );
  });
  const response = await page.goto(env.server.url + "/demo/csp.html");
  const policy = response.headers()["content-security-policy"];
  assert.match(policy, /script-src 'self' 'wasm-unsafe-eval'; style-src 'self' 'nonce-[0-9a-f]{32}'/);
  const w = await openPanel(page);
  await sendMessage(page, "/table");
  await replyText(page, 0);
  await page.locator("quintus-chat input[type=file]").setInputFiles({
    name: "red.png",
    mimeType: "image/png",
    buffer: Buffer.from("iVBORw0KGgoAAAANSUhEUgAAAAgAAAAICAIAAABLbSncAAAAEUlEQVR4nGO4o6GBFTEMLQkAe3tLAfuiUfAAAAAASUVORK5CYII=", "base64"),
  });
  await page.locator('quintus-chat [part=attachment][data-state="done"]').waitFor();
  await w.send.click();
  await replyText(page, 1);
  return { violations, policy };
}

test("strict CSP page: a whole conversation with a file, and no violation", async () => {
  const { page, problems } = await newPage(env.browser, { width: 390, height: 844 });
  const { violations } = await cspConversation(page);
  assert.deepEqual(violations, []);
  assert.equal(await page.locator("#csp-status").getAttribute("data-violations"), "0");
  await screenshot(page, "embed-csp-phone");
  assert.deepEqual(problems, []);
  await page.context().close();
});

test("strict CSP page without constructable stylesheets: the <style> carries the page's nonce", async () => {
  const { page, problems } = await newPage(env.browser);
  // An older browser: no CSSStyleSheet.replaceSync, so the widget falls back to a <style>.
  await page.addInitScript(() => { delete CSSStyleSheet.prototype.replaceSync; });
  const { violations, policy } = await cspConversation(page);
  assert.deepEqual(violations, []);
  const nonce = policy.match(/'nonce-([0-9a-f]+)'/)[1];
  const style = await page.evaluate(() => {
    const s = document.querySelector("quintus-chat").shadowRoot.querySelector("style");
    return s && { nonce: s.nonce, styled: getComputedStyle(document.querySelector("quintus-chat").shadowRoot.querySelector("[part=launcher]")).borderRadius };
  });
  assert.equal(style?.nonce, nonce, "the fallback <style> has the nonce of this response");
  assert.equal(style.styled, "50%", "and it applied");
  assert.equal(await page.locator("head style").count(), 0, "nothing in the host's head");
  assert.deepEqual(problems, []);
  await page.context().close();
});

/** Computed styles of the widget's main parts, to compare two pages. */
async function widgetLook(page) {
  return page.evaluate(() => {
    const root = document.querySelector("quintus-chat").shadowRoot;
    const pick = (sel, props) => {
      const el = root.querySelector(sel);
      if (!el) return null;
      const cs = getComputedStyle(el);
      const box = el.getBoundingClientRect();
      return Object.fromEntries([...props.map((p) => [p, cs.getPropertyValue(p)]), ["width", Math.round(box.width)], ["height", Math.round(box.height)]]);
    };
    return {
      launcher: pick("[part=launcher]", ["display", "background-color", "border-radius", "position"]),
      launcherIcon: pick("[part=launcher] svg", ["display"]),
      panel: pick("[part=panel]", ["display", "font-size", "font-family", "border-top-width", "background-color"]),
      title: pick(".qc-title", ["font-size", "color", "line-height"]),
      input: pick("textarea", ["font-size", "border-top-style", "padding-top", "display"]),
      send: pick("[part=send]", ["display", "background-color"]),
      attach: pick("[part=attach]", ["display"]),
      reply: pick('[part~="assistant"] .qc-bubble', ["color", "line-height", "letter-spacing", "border-top-style"]),
    };
  });
}

test("hostile CSS changes nothing inside the widget, and the widget's CSS does not leak out", async () => {
  const looks = {};
  for (const path of ["/demo/script-tag.html", "/demo/hostile-css.html"]) {
    const { page, problems } = await newPage(env.browser);
    await page.goto(env.server.url + path);
    await page.evaluate(() => QuintusChat.open());
    await openPanel(page);
    await sendMessage(page, "same look?");
    await replyText(page, 0);
    looks[path] = await widgetLook(page);
    if (path.includes("hostile")) {
      await screenshot(page, "embed-hostile-css-desktop");
      const host = await page.evaluate(() => {
        const own = getComputedStyle(document.getElementById("host-widget-names"));
        return { position: own.position, color: own.color, fontSize: own.fontSize, headStyles: document.head.querySelectorAll("style").length };
      });
      assert.deepEqual(host, { position: "static", color: "rgb(0, 0, 128)", fontSize: "20px", headStyles: 1 }, "the page's own element keeps the page's styles");
    }
    assert.deepEqual(problems, []);
    await page.context().close();
  }
  for (const part of Object.keys(looks["/demo/script-tag.html"])) assert.ok(looks["/demo/script-tag.html"][part], `${part} found`);
  assert.deepEqual(looks["/demo/hostile-css.html"], looks["/demo/script-tag.html"]);
});

test("hostile CSS changes nothing in the panel the loader draws before the widget", async () => {
  const looks = {};
  for (const path of ["/demo/script-tag.html", "/demo/hostile-css.html"]) {
    const { page, problems } = await newPage(env.browser);
    // The page stays idle and the wasm never comes: the loader's panel is all there is.
    await page.addInitScript(() => { window.requestIdleCallback = () => 0; });
    await page.route("**/*.wasm", () => new Promise(() => {}));
    await page.goto(env.server.url + path);
    await page.locator("quintus-chat [part=launcher]").click();
    await page.keyboard.type("same look?");
    // Off the launcher, whose hover scales it.
    await page.mouse.move(0, 0);
    await page.waitForTimeout(300);
    looks[path] = await widgetLook(page);
    assert.equal(await page.evaluate(() => !!document.querySelector("quintus-chat[data-quintus-loader]")), true, "the loader's");
    if (path.includes("hostile")) await screenshot(page, "embed-hostile-css-loader-panel");
    assert.deepEqual(problems.filter((p) => !p.includes(".wasm")), []);
    await page.context().close();
  }
  for (const part of ["launcher", "panel", "title", "input", "send", "attach"]) assert.ok(looks["/demo/script-tag.html"][part], `${part} found`);
  assert.deepEqual(looks["/demo/hostile-css.html"], looks["/demo/script-tag.html"]);
});

test("destroy() then mount() ten times: no leftover nodes, listeners or growing memory", async () => {
  const { page, problems } = await newPage(env.browser);
  await page.goto(env.server.url + "/demo/script-tag.html");
  await page.evaluate(() => QuintusChat.open());
  await openPanel(page);
  const cdp = await page.context().newCDPSession(page);
  /** Listeners on window and document, and the JS heap after a full GC. */
  const measure = async () => {
    await cdp.send("HeapProfiler.collectGarbage");
    const counts = [];
    for (const expr of ["window", "document"]) {
      const { result } = await cdp.send("Runtime.evaluate", { expression: expr });
      const { listeners } = await cdp.send("DOMDebugger.getEventListeners", { objectId: result.objectId });
      counts.push(listeners.length);
    }
    const { usedSize } = await cdp.send("Runtime.getHeapUsage");
    const { nodes, wasm } = await page.evaluate(async (glue) => {
      // The module's init returns the already-running instance's exports (their names are
      // shortened by scripts/shrink-widget.mjs, so the memory is found by its type).
      const exports = await (await import("/" + glue)).default();
      const memory = Object.values(exports).find((e) => e instanceof WebAssembly.Memory);
      return { nodes: document.querySelectorAll("quintus-chat").length, wasm: memory.buffer.byteLength };
    }, builtFiles().glue);
    return { listeners: counts, heap: usedSize, wasm, nodes };
  };
  await page.evaluate(() => QuintusChat.destroy());
  const start = await measure();
  assert.equal(start.nodes, 0);
  const heaps = [];
  for (let i = 0; i < 10; i++) {
    await page.evaluate(async ([i, glue]) => {
      const mod = await import("/" + glue);
      const chat = mod.mount({ agentId: "agent_demo", apiKey: "qts-pk-dev", apiUrl: "/", open: true, greeting: `round ${i}` });
      await new Promise((resolve) => chat.on("ready", resolve));
      window.__chat = chat;
    }, [i, builtFiles().glue]);
    await page.getByText(`round ${i}`).waitFor();
    await page.evaluate(() => { window.__chat.destroy(); window.__chat = null; });
    const now = await measure();
    assert.equal(now.nodes, 0, `round ${i}: no node left`);
    assert.deepEqual(now.listeners, start.listeners, `round ${i}: no listener left on window or document`);
    heaps.push(now);
  }
  // The first rounds warm caches; from then on the heap must stay flat (a leak of one widget a
  // round would add hundreds of KB each time).
  const kb = (n) => (n / 1024).toFixed(0) + " KB";
  console.log(`JS heap after rounds 3..10: ${heaps.slice(2).map((h) => kb(h.heap)).join(", ")}`);
  console.log(`wasm memory after rounds 3..10: ${heaps.slice(2).map((h) => kb(h.wasm)).join(", ")}`);
  const growth = heaps[9].heap - heaps[2].heap;
  assert.ok(growth < 256 * 1024, `JS heap grew ${growth} bytes over 7 rounds`);
  const wasmGrowth = heaps[9].wasm - heaps[2].wasm;
  assert.ok(wasmGrowth <= 256 * 1024, `wasm memory grew ${wasmGrowth} bytes over 7 rounds`);
  assert.deepEqual(problems, []);
  await page.context().close();
});
