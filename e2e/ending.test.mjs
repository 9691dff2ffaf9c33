// Ending a conversation: "End conversation" with a confirmation, the feedback form (a 0 to 10
// radio group and a comment; sending again replaces it), and starting over.
import { test } from "node:test";
import assert from "node:assert/strict";
import { serverAndBrowser } from "./support/suite.mjs";
import { newPage, screenshot } from "./support/browser.mjs";
import { widget, openPanel, sendMessage, replyText, storedSession } from "./support/widget.mjs";

const env = serverAndBrowser(["--pace-ms", "2"]);

test("end with confirmation, feedback upsert, start a new conversation", async () => {
  const { page, problems } = await newPage(env.browser, { width: 390, height: 844 });
  await page.goto(env.server.url + "/");
  await openPanel(page);
  const w = widget(page);
  await sendMessage(page, "hello before the end");
  await replyText(page, 0);
  const first = await storedSession(page);

  await page.getByRole("button", { name: "End conversation" }).click();
  // Cancel keeps the conversation going.
  await page.getByRole("button", { name: "Cancel" }).click();
  await w.input.waitFor();
  await page.getByRole("button", { name: "End conversation" }).click();
  await page.getByRole("button", { name: "End", exact: true }).click();

  const ended = page.locator("quintus-chat [part=ended]");
  await ended.waitFor();
  assert.equal(await w.input.count(), 0, "no composer once ended");
  const state = await (await fetch(`${env.server.url}/v1/public/agents/conversations/${first.conversation_id}`, {
    headers: { Authorization: `Bearer ${first.session_token}` },
  })).json();
  assert.equal(state.status, "closed", "the server closed it");

  const group = page.getByRole("group", { name: /how likely/i });
  assert.equal(await group.getByRole("radio").count(), 11, "0 to 10");
  await group.getByRole("radio", { name: "3", exact: true }).check();
  await page.getByRole("textbox", { name: "Comment (optional)" }).fill("could be better");
  const firstSave = page.waitForResponse((r) => r.url().endsWith("/feedback"));
  await page.getByRole("button", { name: "Send feedback" }).click();
  const firstBody = await (await firstSave).json();
  assert.equal(firstBody.score, 3);
  await page.getByText("Thank you! Your feedback was saved.").waitFor();
  await screenshot(page, "ending-feedback-saved");

  // Changing it replaces the stored feedback.
  await group.getByRole("radio", { name: "9", exact: true }).check();
  const secondSave = page.waitForResponse((r) => r.url().endsWith("/feedback"));
  await page.getByRole("button", { name: "Update feedback" }).click();
  const secondBody = await (await secondSave).json();
  assert.equal(secondBody.score, 9);
  assert.equal(secondBody.id, firstBody.id, "one feedback per conversation");
  await page.getByText("Thank you! Your feedback was saved.").waitFor();

  await page.getByRole("button", { name: "Start a new conversation" }).click();
  await w.input.waitFor();
  assert.equal(await w.userRows.count(), 0, "a fresh, empty conversation");
  await sendMessage(page, "a new start");
  await replyText(page, 0);
  const second = await storedSession(page);
  assert.notEqual(second.conversation_id, first.conversation_id);
  assert.deepEqual(problems, []);
  await page.context().close();
});

/** What has focus inside the widget's shadow root (its tag and part, else its class, else its
 * type), or null when focus is not there. */
const focusedPart = (page) =>
  page.evaluate(() => {
    const el = document.querySelector("quintus-chat")?.shadowRoot?.activeElement;
    return el ? `${el.tagName.toLowerCase()}:${el.getAttribute("part") ?? (el.getAttribute("class") || el.getAttribute("type")) ?? ""}` : null;
  });

test("keyboard: the confirmation's answers never drop focus on the page's body", async () => {
  const { page, problems } = await newPage(env.browser, { width: 390, height: 844 });
  await page.goto(env.server.url + "/");
  await openPanel(page);
  await sendMessage(page, "hello before the end");
  await replyText(page, 0);

  await page.getByRole("button", { name: "End conversation" }).focus();
  await page.keyboard.press("Enter");
  assert.equal(await focusedPart(page), "button:qc-confirm-yes", "the question takes focus (on its yes)");
  await page.keyboard.press("Escape");
  assert.equal(await focusedPart(page), "button:end", "Esc gives focus back to End conversation");
  await page.keyboard.press("Enter");
  await page.keyboard.press("Tab");
  await page.keyboard.press("Enter"); // Cancel
  assert.equal(await focusedPart(page), "button:end", "Cancel gives focus back to End conversation");

  await page.keyboard.press("Enter");
  await page.keyboard.press("Enter"); // End
  await page.locator("quintus-chat [part=ended]").waitFor();
  await page.waitForFunction(() => document.querySelector("quintus-chat")?.shadowRoot?.activeElement != null);
  assert.equal(await focusedPart(page), "input:radio", "focus moves on to the feedback");
  assert.notEqual(await page.evaluate(() => document.activeElement?.tagName.toLowerCase()), "body");
  assert.deepEqual(problems, []);
  await page.context().close();
});
