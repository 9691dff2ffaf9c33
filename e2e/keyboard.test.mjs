// A whole conversation with the keyboard alone: Tab to the launcher, Enter to open (focus
// goes to the composer), type and Enter to send, Esc to close (focus back on the launcher).
// On a phone the panel fills the screen: Tab stays inside and the page behind does not scroll.
import { test } from "node:test";
import assert from "node:assert/strict";
import { serverAndBrowser } from "./support/suite.mjs";
import { newPage, screenshot } from "./support/browser.mjs";
import { widget, replyText } from "./support/widget.mjs";

const env = serverAndBrowser(["--pace-ms", "5"]);

/** What has focus, seen through the widget's shadow root. */
const focused = (page) =>
  page.evaluate(() => {
    const root = document.querySelector("quintus-chat")?.shadowRoot;
    const el = root?.activeElement;
    return el ? `${el.tagName.toLowerCase()}:${el.getAttribute("part") ?? ""}:${el.getAttribute("aria-label") ?? ""}` : null;
  });

test("keyboard only: open, send, read, close", async () => {
  const { page, problems } = await newPage(env.browser);
  await page.goto(env.server.url + "/");
  const w = widget(page);
  await w.launcher.waitFor({ timeout: 20_000 });
  // The widget comes last on the demo page: Tab past the page's links reaches the launcher.
  for (let i = 0; i < 5 && (await focused(page)) === null; i++) await page.keyboard.press("Tab");
  assert.equal(await focused(page), "button:launcher:Open chat");
  await page.keyboard.press("Enter");
  await w.dialog.waitFor();
  assert.equal(await focused(page), "textarea:input:Message", "focus moves into the panel");
  await page.keyboard.type("typed with the keyboard");
  await page.keyboard.press("Enter");
  assert.match(await replyText(page, 0), /typed with the keyboard/);
  await page.keyboard.press("Shift+Enter");
  await page.keyboard.type("two");
  assert.equal(await w.input.inputValue(), "\ntwo", "Shift+Enter adds a line");
  await page.keyboard.press("Escape");
  await w.dialog.waitFor({ state: "detached" });
  assert.equal(await focused(page), "button:launcher:Open chat", "focus returns to the launcher");
  await page.keyboard.press("Enter");
  await w.dialog.waitFor();
  assert.equal(await w.input.inputValue(), "\ntwo", "the draft survives closing the panel");
  assert.deepEqual(problems, []);
  await page.context().close();
});

test("phone: Tab stays in the full-screen panel and the page does not scroll", async () => {
  const { page, problems } = await newPage(env.browser, { width: 390, height: 844 });
  await page.goto(env.server.url + "/");
  const w = widget(page);
  await w.launcher.click();
  await w.dialog.waitFor();
  assert.equal(await page.evaluate(() => getComputedStyle(document.body).overflow), "hidden");
  const seen = new Set();
  for (let i = 0; i < 8; i++) {
    await page.keyboard.press("Tab");
    const f = await focused(page);
    assert.ok(f, `focus stays inside the widget (step ${i})`);
    seen.add(f);
  }
  assert.ok(seen.has("textarea:input:Message") && seen.has("button:close:Close"), [...seen].join(" | "));
  await screenshot(page, "keyboard-phone-open");
  await page.keyboard.press("Escape");
  await w.dialog.waitFor({ state: "detached" });
  assert.notEqual(await page.evaluate(() => getComputedStyle(document.body).overflow), "hidden", "scrolling is back");
  assert.deepEqual(problems, []);
  await page.context().close();
});

test("phone: the full-screen panel follows the visual viewport, so the composer stays visible", async () => {
  const { page, problems } = await newPage(env.browser, { width: 390, height: 844 });
  await page.goto(env.server.url + "/");
  const w = widget(page);
  await w.launcher.click({ timeout: 20_000 });
  await w.input.waitFor();
  // An on-screen keyboard shrinks the visual viewport and leaves the layout viewport alone;
  // pinch zoom does the same to the visual viewport, and headless Chromium can emulate it.
  const cdp = await page.context().newCDPSession(page);
  await cdp.send("Emulation.setPageScaleFactor", { pageScaleFactor: 2 });
  const fits = () =>
    page.evaluate(() => {
      const vv = window.visualViewport;
      const root = document.querySelector("quintus-chat").shadowRoot;
      const panel = root.querySelector("[part=panel]").getBoundingClientRect();
      const input = root.querySelector("[part=input]").getBoundingClientRect();
      return {
        shrunk: vv.height < window.innerHeight,
        panelTop: Math.round(panel.top) === Math.round(vv.offsetTop),
        panelHeight: Math.round(panel.height) === Math.round(vv.height),
        inputVisible: input.bottom <= vv.offsetTop + vv.height + 1 && input.top >= vv.offsetTop,
      };
    });
  await page.waitForFunction(() => window.visualViewport.height < window.innerHeight);
  await page.waitForFunction(() => {
    const vv = window.visualViewport;
    const panel = document.querySelector("quintus-chat").shadowRoot.querySelector("[part=panel]").getBoundingClientRect();
    return Math.round(panel.height) === Math.round(vv.height);
  });
  assert.deepEqual(await fits(), { shrunk: true, panelTop: true, panelHeight: true, inputVisible: true });
  // Back to normal: the panel fills the screen again.
  await cdp.send("Emulation.setPageScaleFactor", { pageScaleFactor: 1 });
  await page.waitForFunction(() => {
    const panel = document.querySelector("quintus-chat").shadowRoot.querySelector("[part=panel]").getBoundingClientRect();
    return Math.round(panel.height) === window.innerHeight;
  });
  assert.deepEqual(problems, []);
  await page.context().close();
});

// Closing the panel gives focus back to the launcher in every layout. On a phone the launcher
// is hidden while the full-screen panel is open, so focus can only land on it once it shows
// again; it used to fall to the page's body there.
for (const [layout, options] of [
  ["phone", { viewport: { width: 390, height: 844 }, hasTouch: true, isMobile: true }],
  ["desktop", { viewport: { width: 1280, height: 800 } }],
]) {
  for (const closeWith of ["Escape", "the close button"]) {
    test(`${layout}: Enter on the launcher, then ${closeWith} gives focus back to the launcher`, async () => {
      const context = await env.browser.newContext(options);
      const page = await context.newPage();
      const problems = [];
      page.on("pageerror", (err) => problems.push(`pageerror: ${err.message}`));
      await page.goto(env.server.url + "/");
      const w = widget(page);
      await w.launcher.waitFor({ timeout: 20_000 });
      await w.launcher.focus();
      await page.keyboard.press("Enter");
      await w.dialog.waitFor();
      assert.equal(await focused(page), "textarea:input:Message", "focus moves into the panel");
      if (closeWith === "Escape") {
        await page.keyboard.press("Escape");
      } else {
        // Tab to the close button, as a keyboard user does, and press it.
        await page.locator("quintus-chat [part=close]").focus();
        await page.keyboard.press("Enter");
      }
      await w.dialog.waitFor({ state: "detached" });
      assert.equal(await focused(page), "button:launcher:Open chat", "focus is back on the launcher");
      assert.equal(await page.evaluate(() => document.activeElement?.tagName.toLowerCase()), "quintus-chat");
      assert.deepEqual(problems, []);
      await context.close();
    });
  }
}
