// axe-core audits of the widget in the states a visitor meets: closed, open and empty,
// mid-stream, showing an error, with feedback open, in light and dark, and on a phone.
import { test } from "node:test";
import assert from "node:assert/strict";
import { serverAndBrowser } from "./support/suite.mjs";
import { newPage, screenshot } from "./support/browser.mjs";
import { widget, openPanel, sendMessage, replyText, armFault } from "./support/widget.mjs";
import { axeViolations } from "./support/axe.mjs";

const env = serverAndBrowser(["--dev", "--pace-ms", "40"]);

async function audit(page, state) {
  const violations = await axeViolations(page);
  assert.deepEqual(violations, [], `${state}: ${JSON.stringify(violations, null, 2)}`);
}

// The four looks the README's screenshots come from: desktop and phone, light and dark.
const LOOKS = [
  ["light", { width: 1280, height: 800 }],
  ["dark", { width: 1280, height: 800 }],
  ["light", { width: 390, height: 844 }],
  ["dark", { width: 390, height: 844 }],
];

for (const [scheme, viewport] of LOOKS) {
  const look = `${scheme}-${viewport.width}x${viewport.height}`;
  test(`no axe violations, ${scheme}, ${viewport.width}x${viewport.height}`, async () => {
    const { page } = await newPage(env.browser, viewport);
    await page.emulateMedia({ colorScheme: scheme, reducedMotion: "reduce" });
    await page.goto(env.server.url + "/");
    const w = widget(page);
    await w.launcher.waitFor({ timeout: 20_000 });
    await audit(page, "closed");
    await openPanel(page);
    await audit(page, "open and empty");
    await page.locator("quintus-chat input[type=file]").setInputFiles([
      { name: "notes.txt", mimeType: "text/plain", buffer: Buffer.from("some notes") },
      { name: "setup.exe", mimeType: "application/x-msdownload", buffer: Buffer.from("MZ") },
    ]);
    await page.locator('quintus-chat [part=attachment][data-state="done"]').waitFor();
    await audit(page, "with an attachment and a refused file");
    await screenshot(page, `look-${look}-attachments`);
    await page.getByRole("button", { name: "Remove notes.txt" }).click();
    await page.getByRole("button", { name: "Dismiss" }).click();
    await sendMessage(page, "/long");
    await page.locator('quintus-chat [data-state="streaming"] .qc-stream').waitFor();
    await audit(page, "mid-stream");
    await replyText(page, 0, 30_000);
    await sendMessage(page, "/table");
    await replyText(page, 1, 30_000);
    await audit(page, "markdown reply");
    await screenshot(page, `look-${look}-conversation`);
    await armFault(env.server.url, { kind: "status", status: 500, path_contains: "/messages/stream" });
    await sendMessage(page, "this fails");
    await page.locator('quintus-chat [data-state="failed"]').waitFor();
    await audit(page, "showing an error");
    await page.getByRole("button", { name: "End conversation" }).click();
    await audit(page, "confirming the end");
    await page.getByRole("button", { name: "End", exact: true }).click();
    await page.getByRole("group", { name: /how likely/i }).waitFor();
    await audit(page, "feedback open");
    await screenshot(page, `look-${look}-feedback`);
    await page.context().close();
  });
}
