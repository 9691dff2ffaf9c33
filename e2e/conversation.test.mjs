// The conversation stories of issue 4, end to end: the release build in headless Chromium,
// against a real `quintus-server --dev`. Each asserts what the visitor sees and what the server
// stored: nothing lost, nothing twice.
import { test } from "node:test";
import assert from "node:assert/strict";
import { serverAndBrowser } from "./support/suite.mjs";
import { newPage, screenshot } from "./support/browser.mjs";
import { widget, openPanel, sendMessage, replyText, storedSession, serverMessages, textOf, armFault } from "./support/widget.mjs";

// A short token lifetime is not needed: expiry is injected as a fault.
const env = serverAndBrowser(["--dev", "--pace-ms", "25"]);

/** A fresh visitor on the demo page, panel open. */
async function visitor(viewport) {
  const { page, problems } = await newPage(env.browser, viewport);
  await page.goto(env.server.url + "/");
  await openPanel(page);
  return { page, problems };
}

/** Asserts the server stored exactly these user texts, each followed by one assistant reply. */
async function assertStored(page, userTexts) {
  const session = await storedSession(page);
  assert.ok(session, "a session is stored in sessionStorage");
  const stored = await serverMessages(env.server.url, session);
  const users = stored.filter((m) => m.role === "user").map(textOf);
  assert.deepEqual(users, userTexts, "each user message stored once, in order");
  assert.equal(stored.filter((m) => m.role === "assistant").length, userTexts.length, "one reply each");
  return stored;
}

/** Asserts what the visitor sees matches what the server stored, row for row. */
async function assertVisibleMatches(page, stored) {
  const w = widget(page);
  assert.equal(await w.userRows.count(), stored.filter((m) => m.role === "user").length, "no duplicated user rows");
  assert.equal(await w.assistantRows.count(), stored.filter((m) => m.role === "assistant").length, "no duplicated replies");
}

test("first message and streamed reply", async () => {
  const { page, problems } = await visitor();
  const w = widget(page);
  await sendMessage(page, "Hello from the e2e test");
  // The user's message shows at once; the reply streams in (Stop visible meanwhile).
  await w.userRows.first().waitFor();
  await w.stop.waitFor({ timeout: 10_000 });
  const reply = await replyText(page, 0);
  assert.match(reply, /Hello from the e2e test/);
  await w.send.waitFor();
  assert.equal(await w.input.inputValue(), "", "the draft is cleared after sending");
  const stored = await assertStored(page, ["Hello from the e2e test"]);
  await assertVisibleMatches(page, stored);
  // The finished reply shows its markdown only: the streamed text left with the streaming state.
  assert.equal(await page.locator('[part~="assistant"]:not([data-state="streaming"]) .qc-stream').count(), 0);
  assert.equal(await page.locator('[part~="assistant"] .qc-md').count(), 1);
  await screenshot(page, "story-first-message");
  assert.deepEqual(problems, []);
  await page.context().close();
});

test("reload in the middle of a reply", async () => {
  const { page, problems } = await visitor();
  const w = widget(page);
  await sendMessage(page, "/long");
  await w.stop.waitFor({ timeout: 10_000 });
  // Wait for some streamed text, then reload mid-reply.
  await page.waitForFunction(() => {
    const host = document.querySelector("quintus-chat");
    const row = host?.shadowRoot?.querySelector('[part~="assistant"][data-state="streaming"] .qc-stream');
    return row && row.textContent.length > 20;
  }, null, { timeout: 10_000 });
  await page.reload();
  await openPanel(page);
  // The conversation is back, and the reply completes from the server.
  await w.userRows.first().waitFor({ timeout: 10_000 });
  const reply = await replyText(page, 0, 60_000);
  assert.ok(reply.length > 100, "the whole long reply is shown");
  const stored = await assertStored(page, ["/long"]);
  await assertVisibleMatches(page, stored);
  assert.deepEqual(problems.filter((p) => !p.includes("ERR_ABORTED") && !p.includes("net::")), []);
  await page.context().close();
});

test("token expiry in the middle of a conversation", async () => {
  const { page, problems } = await visitor();
  await sendMessage(page, "first");
  await replyText(page, 0);
  const before = await storedSession(page);
  await armFault(env.server.url, { kind: "status", status: 401, code: "session_token_expired", path_contains: "/messages/stream" });
  await sendMessage(page, "second");
  const reply = await replyText(page, 1);
  assert.match(reply, /second/);
  const after = await storedSession(page);
  assert.notEqual(after.session_token, before.session_token, "the token was refreshed and stored");
  const stored = await assertStored(page, ["first", "second"]);
  await assertVisibleMatches(page, stored);
  assert.deepEqual(problems.filter((p) => !p.includes("401")), []);
  await page.context().close();
});

test("429 then success", async () => {
  const { page, problems } = await visitor();
  await sendMessage(page, "warm up");
  await replyText(page, 0);
  await armFault(env.server.url, { kind: "status", status: 429, retry_after: 2, path_contains: "/messages/stream" });
  await sendMessage(page, "after the limit");
  const w = widget(page);
  await w.notice.filter({ hasText: /Retrying in \d+ s/ }).waitFor({ timeout: 5_000 });
  await screenshot(page, "story-rate-limited");
  const reply = await replyText(page, 1, 20_000);
  assert.match(reply, /after the limit/);
  await w.notice.waitFor({ state: "detached" });
  const stored = await assertStored(page, ["warm up", "after the limit"]);
  await assertVisibleMatches(page, stored);
  assert.deepEqual(problems.filter((p) => !p.includes("429")), []);
  await page.context().close();
});

test("stream dropped after N deltas", async () => {
  const { page, problems } = await visitor();
  await armFault(env.server.url, { kind: "drop_stream", after_events: 6, path_contains: "/messages/stream" });
  await sendMessage(page, "please survive a drop");
  // The partial text stays, then the stored reply replaces it.
  const reply = await replyText(page, 0, 30_000);
  assert.match(reply, /please survive a drop/);
  const stored = await assertStored(page, ["please survive a drop"]);
  await assertVisibleMatches(page, stored);
  assert.deepEqual(problems.filter((p) => !p.includes("net::")), []);
  await page.context().close();
});

test("a send answered 409 request_in_progress reads its reply from the message list", async () => {
  const { page, problems } = await visitor();
  // The message is stored and its reply runs, but the answer is the one a retry gets while
  // the first try's reply is still being written.
  await armFault(env.server.url, { kind: "in_progress", path_contains: "/messages/stream" });
  await sendMessage(page, "answer lost on the way");
  const reply = await replyText(page, 0, 30_000);
  assert.match(reply, /answer lost on the way/);
  const stored = await assertStored(page, ["answer lost on the way"]);
  await assertVisibleMatches(page, stored);
  // Not mistaken for a closed conversation: the next message goes as usual.
  await sendMessage(page, "and the next one");
  assert.match(await replyText(page, 1), /and the next one/);
  await assertVisibleMatches(page, await assertStored(page, ["answer lost on the way", "and the next one"]));
  assert.deepEqual(problems.filter((p) => !p.includes("409")), []);
  await page.context().close();
});

test("500 then retry", async () => {
  const { page, problems } = await visitor();
  await sendMessage(page, "warm up");
  await replyText(page, 0);
  await armFault(env.server.url, { kind: "status", status: 500, path_contains: "/messages/stream" });
  await sendMessage(page, "this one fails once");
  const w = widget(page);
  const failed = page.locator('quintus-chat [part~="user"][data-state="failed"]');
  await failed.waitFor({ timeout: 10_000 });
  assert.match(await failed.innerText(), /this one fails once/, "the text is kept");
  await screenshot(page, "story-send-failed");
  await failed.getByRole("button", { name: "Retry" }).click();
  const reply = await replyText(page, 1);
  assert.match(reply, /this one fails once/);
  const stored = await assertStored(page, ["warm up", "this one fails once"]);
  await assertVisibleMatches(page, stored);
  assert.deepEqual(problems.filter((p) => !p.includes("500")), []);
  await page.context().close();
});

test("offline then online", async () => {
  const { page, problems } = await visitor();
  await sendMessage(page, "online first");
  await replyText(page, 0);
  await page.context().setOffline(true);
  const w = widget(page);
  await w.notice.filter({ hasText: /offline/i }).waitFor({ timeout: 5_000 });
  await sendMessage(page, "written while offline");
  await page.locator('quintus-chat [part~="user"][data-state="queued"]').waitFor();
  await screenshot(page, "story-offline");
  await page.context().setOffline(false);
  const reply = await replyText(page, 1);
  assert.match(reply, /written while offline/);
  const stored = await assertStored(page, ["online first", "written while offline"]);
  await assertVisibleMatches(page, stored);
  assert.deepEqual(problems.filter((p) => !p.includes("net::ERR_INTERNET_DISCONNECTED")), []);
  await page.context().close();
});

test("closed conversation", async () => {
  const { page, problems } = await visitor();
  await sendMessage(page, "before closing");
  await replyText(page, 0);
  const session = await storedSession(page);
  // The conversation is closed elsewhere (e.g. by an agent); the next send meets a 409.
  const res = await fetch(`${env.server.url}/v1/public/agents/conversations/${session.conversation_id}/terminate`, {
    method: "POST",
    headers: { Authorization: `Bearer ${session.session_token}`, "Content-Type": "application/json" },
    body: JSON.stringify({ reason: "e2e" }),
  });
  assert.equal(res.status, 200);
  await sendMessage(page, "after closing");
  const ended = page.locator("quintus-chat [part=ended]");
  await ended.waitFor({ timeout: 10_000 });
  await screenshot(page, "story-closed");
  // A reload shows it ended too, and "start a new conversation" starts fresh.
  await page.reload();
  await openPanel(page);
  await ended.waitFor({ timeout: 10_000 });
  await ended.getByRole("button", { name: "Start a new conversation" }).click();
  await widget(page).input.waitFor();
  await sendMessage(page, "a new start");
  await replyText(page, 0);
  const fresh = await storedSession(page);
  assert.notEqual(fresh.conversation_id, session.conversation_id);
  assert.deepEqual(problems.filter((p) => !p.includes("409")), []);
  await page.context().close();
});
