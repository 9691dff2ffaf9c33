// The JS API the script-tag embed puts on window.QuintusChat: methods, events, destroy.
import { test } from "node:test";
import assert from "node:assert/strict";
import { serverAndBrowser } from "./support/suite.mjs";
import { newPage } from "./support/browser.mjs";
import { widget, replyText, storedSession } from "./support/widget.mjs";

const env = serverAndBrowser(["--pace-ms", "2"]);

test("open, send, events, setUser, unsubscribe, destroy", async () => {
  const { page, problems } = await newPage(env.browser);
  await page.goto(env.server.url + "/");
  await page.waitForFunction(() => window.QuintusChat);
  await page.evaluate(() => {
    window.seen = [];
    const chat = window.QuintusChat;
    chat.on("ready", () => window.seen.push("ready"));
    chat.on("open", () => window.seen.push("open"));
    chat.on("close", () => window.seen.push("close"));
    chat.on("message", (m) => window.seen.push(`message:${m.role}:${m.content[0].text.slice(0, 30)}`));
    window.stopUnread = chat.on("unread", (n) => window.seen.push(`unread:${n}`));
    chat.setUser({ name: "Ana", email: "ana@example.com", external_id: "u-1" });
    chat.setContext({ page: "/pricing" });
    chat.open();
  });
  const w = widget(page);
  await w.dialog.waitFor();
  await page.evaluate(() => window.QuintusChat.send("sent through the API"));
  assert.match(await replyText(page, 0), /sent through the API/);
  await page.evaluate(() => {
    window.stopUnread();
    // A second call is harmless.
    window.stopUnread();
    window.QuintusChat.toggle();
  });
  await w.dialog.waitFor({ state: "detached" });
  const seen = await page.evaluate(() => window.seen);
  assert.deepEqual(seen, ["ready", "open", 'message:assistant:You said: "sent through the AP', "close"]);

  const session = await storedSession(page);
  const state = await (await fetch(`${env.server.url}/v1/public/agents/conversations/${session.conversation_id}`, {
    headers: { Authorization: `Bearer ${session.session_token}` },
  })).json();
  assert.deepEqual(state.user_data, { name: "Ana", email: "ana@example.com", external_id: "u-1" });

  const error = await page.evaluate(() => {
    try {
      window.QuintusChat.on("nope", () => {});
      return null;
    } catch (e) {
      return String(e);
    }
  });
  assert.match(error, /unknown event `nope`/);

  await page.evaluate(() => window.QuintusChat.destroy());
  assert.equal(await page.locator("quintus-chat").count(), 0, "every node removed");
  assert.deepEqual(problems, []);
  await page.context().close();
});
