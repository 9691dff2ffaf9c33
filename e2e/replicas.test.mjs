// Issue 15's scale-out story, end to end: three replicas on one PostgreSQL database behind
// nginx (scripts/replicas.sh, each replica named by --replica-id so a test can tell which one
// answered), the widget in headless Chromium. A visitor's conversation is served by different
// replicas; the replica streaming a reply is killed mid-reply; the widget shows what was stored
// and carries on through the others, with no message lost or doubled. Then the same cluster's
// idempotency and rate limits, over HTTP through nginx.
//
// Skipped, with the reason, when PostgreSQL or nginx is not installed (scripts/setup.sh installs
// both).
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { spawn } from "node:child_process";
import { existsSync, readdirSync } from "node:fs";
import { join } from "node:path";
import { ROOT } from "./support/server.mjs";
import { launch, newPage, screenshot } from "./support/browser.mjs";
import { widget, openPanel, sendMessage, replyText, storedSession, serverMessages, textOf } from "./support/widget.mjs";

const API = "/v1/public/agents/conversations";
const KEY = "qts-pk-dev";
// Short, so a killed replica's reply is failed within seconds (any replica does it).
const LEASE_SECS = 3;
// Per conversation and per API key; the story's own conversation makes far fewer calls.
const CONVERSATION_LIMIT = 100;

function missingTools() {
  const pg = existsSync("/usr/lib/postgresql") && readdirSync("/usr/lib/postgresql").some((v) => existsSync(`/usr/lib/postgresql/${v}/bin/initdb`));
  if (!pg) return "PostgreSQL is not installed (bash scripts/setup.sh installs it)";
  if (!existsSync("/usr/sbin/nginx")) return "nginx is not installed (bash scripts/setup.sh installs it)";
  return false;
}
const skip = missingTools();
if (skip) console.log(`# replicas: skipped: ${skip}`);

let run;
let url;
const replicas = new Map(); // name -> pid
let browser;

before(async () => {
  if (skip) return;
  run = spawn("bash", [join(ROOT, "scripts", "replicas.sh"), "--bin", join(ROOT, "target", "debug", "quintus-server"), "--",
    "--pace-ms", "60", "--reply-lease-secs", String(LEASE_SECS), "--rate-limit", String(CONVERSATION_LIMIT), "--client-rate-limit", "2000"],
  { stdio: ["ignore", "pipe", "pipe"], detached: true });
  let output = "";
  url = await new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`replicas not ready in 90 s:\n${output}`)), 90_000);
    const onData = (chunk) => {
      output += chunk;
      for (const m of output.matchAll(/^replica (\d+): \S+ \(pid (\d+),/gm)) replicas.set(`replica-${m[1]}`, Number(m[2]));
      const ready = output.match(/^Quintus replicas: (http:\/\/\S+?)\/?$/m);
      if (ready) { clearTimeout(timer); resolve(ready[1]); }
    };
    run.stdout.on("data", onData);
    run.stderr.on("data", (c) => { output += c; });
    run.on("exit", (code) => { clearTimeout(timer); reject(new Error(`replicas.sh exited (${code}):\n${output}`)); });
  });
  run.removeAllListeners("exit");
  assert.equal(replicas.size, 3, "three replicas announced");
  browser = await launch();
});

after(async () => {
  await browser?.close();
  if (run && run.exitCode === null) {
    const exited = new Promise((r) => run.once("exit", r));
    // The script stops nginx, the replicas and the cluster on SIGTERM.
    run.kill("SIGTERM");
    await Promise.race([exited, new Promise((r) => setTimeout(r, 15_000))]);
    if (run.exitCode === null) process.kill(-run.pid, "SIGKILL");
  }
});

/** The replica that answered, from the X-Quintus-Replica header nginx passes through. */
const replicaOf = (response) => response.headers()["x-quintus-replica"];

async function createConversation() {
  const res = await fetch(`${url}${API}`, { method: "POST", headers: { "X-API-Key": KEY, "Content-Type": "application/json" }, body: JSON.stringify({ agent_id: "agent_demo" }) });
  assert.equal(res.status, 201, await res.clone().text());
  const body = await res.json();
  return { id: body.id, token: body.session_token };
}

test("a conversation served by several replicas survives the streaming one being killed", { skip }, async () => {
  const { page, problems } = await newPage(browser);
  const w = widget(page);
  const answered = [];
  page.on("response", (res) => { if (res.url().includes(API) && replicaOf(res)) answered.push(replicaOf(res)); });
  await page.goto(url + "/");
  await openPanel(page);

  await sendMessage(page, "hello from the first replica we reach");
  assert.match(await replyText(page, 0, 30_000), /hello from the first replica we reach/);

  // A long, slow reply; the replica streaming it is the one that answered its stream request.
  const streamAnswered = page.waitForResponse((res) => res.url().endsWith("/messages/stream"));
  await sendMessage(page, "/words 400");
  const streaming = replicaOf(await streamAnswered);
  assert.ok(replicas.has(streaming), `the stream names its replica (${streaming})`);
  const row = w.assistantRows.nth(1);
  // Some words are on screen (and saved every 250 ms) before the kill.
  await page.waitForFunction(() => {
    const rows = document.querySelector("quintus-chat").shadowRoot.querySelectorAll('[part~="assistant"][part~="message"]:not([part~="greeting"])');
    return rows.length >= 2 && (rows[1].textContent.match(/\S+/g) || []).length > 30;
  }, null, { timeout: 20_000 });
  await new Promise((r) => setTimeout(r, 600));
  process.kill(replicas.get(streaming), "SIGKILL");
  replicas.delete(streaming);

  // The widget reconciles through the others: once the dead replica's lease runs out, any
  // other stores the reply as failed with what was written, and the widget shows it so.
  await row.getByText("Reply interrupted").waitFor({ timeout: 30_000 });
  const shown = await row.innerText();
  assert.match(shown, /cut off/, "the stored note says the reply was cut off");
  assert.ok((shown.match(/\S+/g) || []).length > 30, "what was written before the kill is shown");
  await screenshot(page, "replicas-interrupted");

  // And the conversation goes on through the remaining replicas.
  await sendMessage(page, "still here after the failover");
  assert.match(await replyText(page, 2, 30_000), /still here after the failover/);

  const session = await storedSession(page);
  const stored = await serverMessages(url, session);
  const users = stored.filter((m) => m.role === "user").map(textOf);
  assert.deepEqual(users, ["hello from the first replica we reach", "/words 400", "still here after the failover"], "each message stored once, in order");
  const replies = stored.filter((m) => m.role === "assistant");
  assert.equal(replies.length, 3, "one reply each, none doubled");
  assert.equal(replies[1].metadata?.status, "failed", "the cut reply is stored as failed");
  assert.equal(await w.userRows.count(), 3, "no user row lost or doubled on screen");
  assert.equal(await w.assistantRows.count(), 3, "no reply lost or doubled on screen");

  assert.ok(new Set(answered).size >= 2, `the conversation's requests landed on several replicas (${[...new Set(answered)]})`);
  // The killed replica's stream ends with a network error; nothing else may fail.
  assert.deepEqual(problems.filter((p) => !/net::|Failed to load resource|network error|ERR_/i.test(p)), []);
  await page.context().close();
});

test("16 concurrent sends with one Idempotency-Key over the replicas store one reply", { skip }, async () => {
  const { id, token } = await createConversation();
  const headers = { Authorization: `Bearer ${token}`, "Content-Type": "application/json", "Idempotency-Key": "e2e-one-key" };
  const served = new Set();
  const answers = await Promise.all(Array.from({ length: 16 }, async () => {
    const res = await fetch(`${url}${API}/${id}/messages`, { method: "POST", headers, body: JSON.stringify({ content: "only once" }) });
    served.add(res.headers.get("x-quintus-replica"));
    return { status: res.status, body: await res.json() };
  }));
  for (const a of answers) assert.equal(a.status, 200, JSON.stringify(a.body));
  const replyIds = new Set(answers.map((a) => a.body.agent_message.id));
  assert.equal(replyIds.size, 1, "every answer carries the same reply");
  const stored = await serverMessages(url, { conversation_id: id, session_token: token });
  assert.equal(stored.filter((m) => m.role === "user").length, 1, "one user message stored");
  assert.equal(stored.filter((m) => m.role === "assistant").length, 1, "one reply stored");
  assert.ok(served.size >= 2, `the sends were spread over replicas (${[...served]})`);
});

test(`a limit of ${CONVERSATION_LIMIT} a minute holds across the replicas`, { skip }, async () => {
  const { id, token } = await createConversation();
  const served = new Set();
  let allowed = 0;
  let limited = 0;
  // 1.5 budgets at once, spread by nginx over the replicas; each one alone would allow them all.
  await Promise.all(Array.from({ length: CONVERSATION_LIMIT * 1.5 }, async () => {
    const res = await fetch(`${url}${API}/${id}`, { headers: { Authorization: `Bearer ${token}` } });
    served.add(res.headers.get("x-quintus-replica"));
    if (res.status === 200) allowed++;
    else if (res.status === 429) limited++;
    await res.arrayBuffer();
  }));
  console.log(`# ${allowed} allowed, ${limited} limited, over ${served.size} replicas`);
  assert.ok(served.size >= 2, "spread over replicas");
  assert.ok(Math.abs(allowed - CONVERSATION_LIMIT) <= CONVERSATION_LIMIT * 0.1, `${allowed} allowed for a budget of ${CONVERSATION_LIMIT} (within 10%)`);
  assert.equal(allowed + limited, CONVERSATION_LIMIT * 1.5, "every other call is a 429");
});
