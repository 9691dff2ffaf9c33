// A fast reply as the visitor sees it stream: its deltas are gathered into a few DOM writes, at
// least 100 ms apart however fast they come (`src/store/streamed_text.rs`), each write shows a
// prefix of the stored reply, and the complete reply is shown once, as markdown.
import { test } from "node:test";
import assert from "node:assert/strict";
import { serverAndBrowser } from "./support/suite.mjs";
import { newPage } from "./support/browser.mjs";
import { widget, openPanel, sendMessage, replyText, storedSession, serverMessages, textOf } from "./support/widget.mjs";

// 5 ms a word: 400 words in about 2 s, twenty deltas for every write.
const env = serverAndBrowser(["--pace-ms", "5"]);

test("a fast reply streams in few writes, at least 100 ms apart, each a prefix of the reply", async () => {
  const { page, problems } = await newPage(env.browser);
  await page.goto(env.server.url + "/");
  await openPanel(page);
  // Every batch of mutations under the streamed blocks, with when it came and the text shown.
  await page.evaluate(() => {
    const root = document.querySelector("quintus-chat").shadowRoot;
    const writes = (window.__writes = []);
    new MutationObserver((records) => {
      if (!records.some((r) => r.target.parentElement?.classList.contains("qc-stream") || [...r.addedNodes].some((n) => n.classList?.contains("qc-stream")))) return;
      const blocks = [...root.querySelectorAll(".qc-stream")];
      if (blocks.length) writes.push({ at: performance.now(), text: blocks.map((b) => b.textContent).join("") });
    }).observe(root, { subtree: true, childList: true, characterData: true });
  });
  await sendMessage(page, "/words 400");
  await replyText(page, 0, 30_000);
  const shown = await widget(page).assistantRows.first().locator(".qc-bubble").innerText();

  const stored = (await serverMessages(env.server.url, await storedSession(page))).filter((m) => m.role === "assistant");
  assert.equal(stored.length, 1);
  const raw = textOf(stored[0]);
  assert.equal(raw.split(/\s+/).length, 400);
  // The complete reply is rendered as markdown: the stars and backticks are gone.
  assert.equal(shown.replace(/\s+/g, " ").trim(), raw.replace(/\*\*|`/g, "").replace(/\s+/g, " "));

  const writes = await page.evaluate(() => window.__writes);
  assert.ok(writes.length >= 3, `the reply streamed in (${writes.length} writes)`);
  assert.ok(writes.length <= 400 / 4, `deltas were gathered: ${writes.length} writes for 400 deltas`);
  for (const [i, w] of writes.entries()) {
    assert.ok(raw.startsWith(w.text), `write ${i} shows a prefix of the reply: ${JSON.stringify(w.text.slice(-40))}`);
    if (i > 0) {
      assert.ok(w.text.length > writes[i - 1].text.length, `write ${i} adds text`);
      // Timers never fire early; the observer's callback may come a little after its write.
      assert.ok(w.at - writes[i - 1].at >= 90, `writes ${i - 1} and ${i} are ${(w.at - writes[i - 1].at).toFixed(1)} ms apart`);
    }
  }
  assert.deepEqual(problems, []);
});
