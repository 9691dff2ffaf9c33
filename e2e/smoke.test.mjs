// Smoke test of the release build: the demo page served by the reference server loads in
// headless Chromium without errors, and the widget mounts in its shadow root and opens.
import { test } from "node:test";
import assert from "node:assert/strict";
import { serverAndBrowser } from "./support/suite.mjs";
import { newPage, screenshot } from "./support/browser.mjs";

const env = serverAndBrowser([]);

for (const [name, viewport] of [["desktop", { width: 1280, height: 800 }], ["phone", { width: 390, height: 844 }]]) {
  test(`demo page loads and the widget opens (${name})`, async () => {
    const { page, problems } = await newPage(env.browser, viewport);
    await page.goto(env.server.url + "/");
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

test("the README's first command starts the demo (on a free port here)", async () => {
  const { spawn } = await import("node:child_process");
  const { mkdtempSync, rmSync } = await import("node:fs");
  const { tmpdir } = await import("node:os");
  const { join } = await import("node:path");
  const { ROOT, readyUrl } = await import("./support/server.mjs");
  const dir = mkdtempSync(join(tmpdir(), "quintus-demo-"));
  // `bash scripts/demo.sh` passes its arguments to the server: a free port and a fresh database.
  const child = spawn("bash", ["scripts/demo.sh", "--addr", "127.0.0.1:0", "--db", join(dir, "db.sqlite")], {
    cwd: ROOT,
    stdio: ["ignore", "pipe", "pipe"],
    detached: true,
  });
  try {
    const url = await readyUrl(child, 300_000);
    const { page, problems } = await newPage(env.browser);
    await page.goto(url + "/");
    await page.getByRole("button", { name: "Open chat" }).click({ timeout: 20_000 });
    await page.getByRole("textbox", { name: "Message" }).fill("hello demo");
    await page.getByRole("textbox", { name: "Message" }).press("Enter");
    await page.locator('quintus-chat [part~="assistant"][data-state="sent"]').waitFor({ timeout: 20_000 });
    assert.deepEqual(problems, []);
    await page.context().close();
  } finally {
    child.removeAllListeners("exit");
    // demo.sh execs the server in its own process group: stop the group.
    try { process.kill(-child.pid, "SIGTERM"); } catch {}
    rmSync(dir, { recursive: true, force: true });
  }
});
