// The message list as a visitor scrolls it: older pages load at the top, and a reply that
// arrives while the visitor reads older messages shows a "New messages" pill instead of
// pulling the list down.
import { test } from "node:test";
import assert from "node:assert/strict";
import { serverAndBrowser } from "./support/suite.mjs";
import { newPage, screenshot } from "./support/browser.mjs";
import { widget, openPanel, sendMessage, replyText } from "./support/widget.mjs";

const env = serverAndBrowser(["--dev", "--pace-ms", "0"]);

const API = () => `${env.server.url}/v1/public/agents/conversations`;

/** A conversation with `exchanges` stored exchanges, made through the API. */
async function seededConversation(exchanges) {
  const created = await (await fetch(API(), {
    method: "POST",
    headers: { "X-API-Key": "qts-pk-dev", "Content-Type": "application/json" },
    body: JSON.stringify({ agent_id: "agent_demo" }),
  })).json();
  for (let i = 0; i < exchanges; i++) {
    const res = await fetch(`${API()}/${created.id}/messages`, {
      method: "POST",
      headers: { Authorization: `Bearer ${created.session_token}`, "Content-Type": "application/json" },
      body: JSON.stringify({ content: `m${i}` }),
    });
    assert.equal(res.status, 200);
  }
  return { conversation_id: created.id, session_token: created.session_token, expires_at: created.expires_at };
}

/** A visitor whose tab already holds `session` (as after a reload). */
async function visitorWith(session) {
  const { page, problems } = await newPage(env.browser);
  await page.addInitScript((s) => sessionStorage.setItem("quintus-chat:v2:agent_demo@", JSON.stringify(s)), session);
  await page.goto(env.server.url + "/");
  await openPanel(page);
  return { page, problems };
}

const scrollLog = (page, where) =>
  page.evaluate((where) => {
    const log = document.querySelector("quintus-chat").shadowRoot.querySelector("[role=log]");
    log.scrollTop = where === "top" ? 0 : log.scrollHeight;
    log.dispatchEvent(new Event("scroll"));
  }, where);

test("older messages load when the visitor scrolls to the top", async () => {
  const session = await seededConversation(20); // 40 messages: more than one page
  const { page, problems } = await visitorWith(session);
  const w = widget(page);
  await w.userRows.first().waitFor();
  const firstPage = (await w.userRows.count()) + (await w.assistantRows.count());
  assert.ok(firstPage < 40, `only the newest page at first (${firstPage})`);
  assert.match(await w.userRows.last().innerText(), /m19/);
  await scrollLog(page, "top");
  await page.waitForFunction(() => document.querySelector("quintus-chat").shadowRoot.querySelectorAll('[part~="message"]').length === 40);
  assert.equal((await w.userRows.first().locator(".qc-bubble").innerText()).trim(), "m0");
  // The view stays where the visitor was: not thrown to the top or the bottom.
  const top = await page.evaluate(() => document.querySelector("quintus-chat").shadowRoot.querySelector("[role=log]").scrollTop);
  assert.ok(top > 0, "the reading position is kept");
  await screenshot(page, "scroll-older-loaded");
  assert.deepEqual(problems, []);
  await page.context().close();
});

test("a reply arriving while reading older messages shows the pill", async () => {
  const session = await seededConversation(8);
  const { page, problems } = await visitorWith(session);
  const w = widget(page);
  await w.userRows.nth(7).waitFor();
  await sendMessage(page, "/slow");
  await w.stop.waitFor();
  await scrollLog(page, "top");
  const pill = page.getByRole("button", { name: "New messages" });
  await pill.waitFor({ timeout: 10_000 });
  await screenshot(page, "scroll-new-messages-pill");
  await pill.click();
  await pill.waitFor({ state: "detached" });
  const atBottom = await page.evaluate(() => {
    const log = document.querySelector("quintus-chat").shadowRoot.querySelector("[role=log]");
    return log.scrollHeight - log.scrollTop - log.clientHeight < 60;
  });
  assert.ok(atBottom);
  await replyText(page, 8, 30_000);
  assert.deepEqual(problems, []);
  await page.context().close();
});
