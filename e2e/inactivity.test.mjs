// Inactivity: after data-inactivity-warning idle seconds the widget shows the server's warning,
// after data-inactivity-final more it shows the final message, the conversation closes, and the
// ended state with feedback appears. Typing in between restarts the count.
import { test } from "node:test";
import assert from "node:assert/strict";
import { serverAndBrowser } from "./support/suite.mjs";
import { pageWithAttributes, screenshot } from "./support/browser.mjs";
import { widget, openPanel, sendMessage, replyText, storedSession } from "./support/widget.mjs";

const env = serverAndBrowser(["--pace-ms", "2"]);

const pageWith = (attributes, locale) => pageWithAttributes(env.browser, env.server.url, attributes, { locale });

test("warning, then final closes the conversation", async () => {
  const { page, problems } = await pageWith('data-inactivity-warning="2" data-inactivity-final="2"');
  await openPanel(page);
  const w = widget(page);
  await sendMessage(page, "then I go quiet");
  await replyText(page, 0);
  const started = Date.now();
  await w.assistantRows.nth(1).filter({ hasText: "Are you still there?" }).waitFor({ timeout: 10_000 });
  assert.ok(Date.now() - started >= 1500, "not before the idle time");
  await w.assistantRows.nth(2).filter({ hasText: "closing this conversation" }).waitFor({ timeout: 10_000 });
  await page.locator("quintus-chat [part=ended]").waitFor();
  await page.getByRole("group", { name: /how likely/i }).waitFor();
  await screenshot(page, "inactivity-closed");
  const session = await storedSession(page);
  const state = await (await fetch(`${env.server.url}/v1/public/agents/conversations/${session.conversation_id}`, {
    headers: { Authorization: `Bearer ${session.session_token}` },
  })).json();
  assert.equal(state.status, "closed");
  assert.deepEqual(problems, []);
  await page.context().close();
});

test("typing restarts the idle count", async () => {
  const { page, problems } = await pageWith('data-inactivity-warning="3" data-inactivity-final="0"');
  await openPanel(page);
  const w = widget(page);
  await sendMessage(page, "still here");
  await replyText(page, 0);
  for (let i = 0; i < 4; i++) {
    await page.waitForTimeout(1000);
    await w.input.pressSequentially("x");
  }
  assert.equal(await w.assistantRows.count(), 1, "no warning while the visitor types");
  await w.assistantRows.nth(1).filter({ hasText: "Are you still there?" }).waitFor({ timeout: 10_000 });
  await page.waitForTimeout(1500);
  assert.equal(await page.locator("quintus-chat [part=ended]").count(), 0, "final is off (0)");
  assert.deepEqual(problems, []);
  await page.context().close();
});
