// Smoke test of the release build: the demo page served by the reference server loads in
// headless Chromium without errors, and the widget mounts in its shadow root and opens.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { startServer } from "./support/server.mjs";
import { launch, newPage, screenshot } from "./support/browser.mjs";

let server;
let browser;
before(async () => {
  server = await startServer();
  browser = await launch();
});
after(async () => {
  await browser?.close();
  await server?.stop();
});

for (const [name, viewport] of [["desktop", { width: 1280, height: 800 }], ["phone", { width: 390, height: 844 }]]) {
  test(`demo page loads and the widget opens (${name})`, async () => {
    const { page, problems } = await newPage(browser, viewport);
    await page.goto(server.url + "/");
    // Playwright's role locators pierce open shadow roots.
    const launcher = page.getByRole("button", { name: "Open chat" });
    await launcher.waitFor({ timeout: 20_000 });
    assert.equal(await launcher.getAttribute("aria-expanded"), "false");
    assert.equal(await page.locator("head style").count(), 1, "only the demo page's own <style> in <head>");
    await screenshot(page, `smoke-closed-${name}`);

    await launcher.click();
    const dialog = page.getByRole("dialog", { name: "Chat with us" });
    await dialog.waitFor();
    // On phones the panel fills the screen and the bubble hides, so find it by its part.
    const bubble = page.locator("quintus-chat [part=launcher]");
    assert.equal(await bubble.getAttribute("aria-label"), "Close chat");
    assert.equal(await bubble.getAttribute("aria-expanded"), "true");
    await screenshot(page, `smoke-open-${name}`);

    await dialog.getByRole("button", { name: "Close", exact: true }).click();
    await dialog.waitFor({ state: "detached" });
    assert.deepEqual(problems, []);
    await page.context().close();
  });
}
