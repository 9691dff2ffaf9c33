// Files: pick, drop and paste; checks before upload (a 40 MB file and an .exe never reach the
// server); chips with preview and progress; a failed upload retried with the text kept; the
// sent message's image and file blocks; names and sizes after a reload.
import { test } from "node:test";
import assert from "node:assert/strict";
import { serverAndBrowser } from "./support/suite.mjs";
import { newPage, screenshot } from "./support/browser.mjs";
import { widget, openPanel, replyText, storedSession, serverMessages, textOf, armFault } from "./support/widget.mjs";

// An 8×8 red PNG.
const PNG = Buffer.from("iVBORw0KGgoAAAANSUhEUgAAAAgAAAAICAIAAABLbSncAAAAEUlEQVR4nGO4o6GBFTEMLQkAe3tLAfuiUfAAAAAASUVORK5CYII=", "base64");

const env = serverAndBrowser(["--dev", "--pace-ms", "2"]);

const fileInput = (page) => page.locator("quintus-chat input[type=file]");
const chips = (page) => page.locator("quintus-chat [part=attachment]");

/** Drops or pastes files built in the page: `how` is "drop" or "paste". A drop checks that
 *  the drop zone shows while the files are over the panel. */
async function giveFiles(page, how, files) {
  await page.evaluate(({ how, files }) => {
    const root = document.querySelector("quintus-chat").shadowRoot;
    const dt = new DataTransfer();
    for (const f of files) dt.items.add(new File([f.text], f.name, { type: f.type }));
    window.__quintusTransfer = dt;
    if (how === "paste") {
      root.querySelector("textarea").dispatchEvent(new ClipboardEvent("paste", { clipboardData: dt, bubbles: true, cancelable: true }));
    } else {
      const panel = root.querySelector("[role=dialog]");
      panel.dispatchEvent(new DragEvent("dragenter", { dataTransfer: dt, bubbles: true, cancelable: true }));
      panel.dispatchEvent(new DragEvent("dragover", { dataTransfer: dt, bubbles: true, cancelable: true }));
    }
  }, { how, files });
  if (how !== "drop") return;
  await page.locator("quintus-chat [part=drop-zone]").waitFor();
  await page.evaluate(() => {
    const panel = document.querySelector("quintus-chat").shadowRoot.querySelector("[role=dialog]");
    panel.dispatchEvent(new DragEvent("drop", { dataTransfer: window.__quintusTransfer, bubbles: true, cancelable: true }));
  });
}

test("a picked image shows a preview and goes with the message as an image block", async () => {
  const { page, problems } = await newPage(env.browser);
  await page.goto(env.server.url + "/");
  const w = await openPanel(page);
  await w.input.fill("What is in this picture?");
  await fileInput(page).setInputFiles({ name: "red.png", mimeType: "image/png", buffer: PNG });
  const chip = chips(page).first();
  await chip.and(page.locator('[data-state="done"]')).waitFor();
  assert.match(await chip.innerText(), /red\.png[\s\S]*74 B/);
  // The preview is drawn: the canvas's centre pixel is the image's red.
  await page.waitForFunction(() => {
    const c = document.querySelector("quintus-chat").shadowRoot.querySelector("canvas.qc-preview");
    const [r, g, b, a] = c.getContext("2d").getImageData(40, 40, 1, 1).data;
    return a === 255 && r > 200 && g < 80 && b < 80;
  });
  await screenshot(page, "files-chip-desktop");
  await w.send.click();
  const reply = await replyText(page, 0);
  assert.match(reply, /red\.png/, "the demo agent saw the file");
  assert.equal(await chips(page).count(), 0, "the chips go with the message");
  const sent = w.userRows.first();
  assert.match(await sent.innerText(), /What is in this picture\?[\s\S]*red\.png[\s\S]*74 B/);

  const stored = await serverMessages(env.server.url, await storedSession(page));
  const user = stored.find((m) => m.role === "user");
  assert.equal(textOf(user), "What is in this picture?");
  const image = user.content.find((b) => b.type === "image");
  assert.ok(image && image.file_id, "an image block with the uploaded file's id");
  assert.deepEqual(problems, []);
  await page.context().close();
});

test("a 40 MB file and an unsupported type are refused and never reach the server", async () => {
  const { page, problems } = await newPage(env.browser, { width: 390, height: 844 });
  const calls = [];
  page.on("request", (r) => { if (r.url().includes("/v1/public/")) calls.push(`${r.method()} ${r.url()}`); });
  await page.goto(env.server.url + "/");
  const w = await openPanel(page);
  await w.input.fill("keep this text");
  await fileInput(page).setInputFiles([
    { name: "holiday-video.pdf", mimeType: "application/pdf", buffer: Buffer.alloc(40 * 1024 * 1024, 1) },
    { name: "setup.exe", mimeType: "application/x-msdownload", buffer: Buffer.from("MZ this is not allowed") },
  ]);
  const alert = page.locator("quintus-chat [part=rejections]");
  await alert.waitFor();
  assert.equal(await alert.getAttribute("role"), "alert");
  const text = await alert.innerText();
  assert.match(text, /“holiday-video\.pdf” was not attached: it is larger than 25 MB\./);
  assert.match(text, /“setup\.exe” was not attached: send images, PDF, text/);
  assert.equal(await chips(page).count(), 0);
  assert.equal(await w.input.inputValue(), "keep this text", "the typed text is untouched");
  await screenshot(page, "files-rejected-phone");
  await page.getByRole("button", { name: "Dismiss" }).click();
  await alert.waitFor({ state: "detached" });
  assert.deepEqual(calls, [], "no request at all: not even a conversation was created");
  assert.deepEqual(problems, []);
  await page.context().close();
});

test("dropped and pasted files upload; a files-only message shows names and sizes, also after a reload", async () => {
  const { page, problems } = await newPage(env.browser);
  await page.goto(env.server.url + "/");
  const w = await openPanel(page);
  await giveFiles(page, "drop", [{ name: "notes.txt", type: "text/plain", text: "some notes\n" }]);
  await giveFiles(page, "paste", [{ name: "data.csv", type: "text/csv", text: "a,b\n1,2\n" }]);
  await page.locator('quintus-chat [part=attachment][data-state="done"]').nth(1).waitFor();
  assert.equal(await page.locator("quintus-chat [part=drop-zone]").count(), 0, "the drop zone is gone after the drop");
  assert.equal(await w.input.inputValue(), "", "a pasted file is not pasted as text");
  await w.send.click();
  await replyText(page, 0);
  const row = w.userRows.first();
  assert.equal(await row.locator(".qc-bubble").count(), 0, "no empty bubble for a files-only message");
  const files = row.locator("[part=file]");
  assert.equal(await files.count(), 2);
  assert.match(await files.nth(0).innerText(), /notes\.txt[\s\S]*11 B/);
  assert.match(await files.nth(1).innerText(), /data\.csv[\s\S]*8 B/);

  const stored = await serverMessages(env.server.url, await storedSession(page));
  assert.deepEqual(stored.find((m) => m.role === "user").content.map((b) => b.type), ["file", "file"]);

  await page.reload();
  await openPanel(page);
  const after = w.userRows.first().locator("[part=file]");
  await after.nth(1).filter({ hasText: "data.csv" }).waitFor();
  assert.match(await after.nth(0).innerText(), /notes\.txt[\s\S]*11 B/, "names and sizes come from the file list");
  await screenshot(page, "files-after-reload-desktop");
  assert.deepEqual(problems, []);
  await page.context().close();
});

test("a failed upload is retried with the text kept; a file can be removed", async () => {
  const { page } = await newPage(env.browser, { width: 390, height: 844 });
  await page.goto(env.server.url + "/");
  const w = await openPanel(page);
  await w.input.fill("here is my report");
  // Create the conversation first, so the fault hits the upload itself.
  await w.input.press("Enter");
  await replyText(page, 0);
  await w.input.fill("and the report itself");
  await armFault(env.server.url, { kind: "status", status: 500, path_contains: "/files", count: 1 });
  await fileInput(page).setInputFiles({ name: "report.pdf", mimeType: "application/pdf", buffer: Buffer.from("%PDF-1.4\n%%EOF\n") });
  const chip = chips(page).first();
  await chip.and(page.locator('[data-state="failed"]')).waitFor();
  assert.match(await chip.innerText(), /Upload failed|could not be reached/);
  assert.equal(await w.send.isDisabled(), true, "the message waits for the file");
  await screenshot(page, "files-failed-phone");
  await chip.getByRole("button", { name: "Retry: report.pdf" }).click();
  await chip.and(page.locator('[data-state="done"]')).waitFor();
  assert.equal(await w.input.inputValue(), "and the report itself", "the text survived the failure");

  await fileInput(page).setInputFiles({ name: "extra.txt", mimeType: "text/plain", buffer: Buffer.from("x") });
  await chips(page).nth(1).and(page.locator('[data-state="done"]')).waitFor();
  await page.getByRole("button", { name: "Remove extra.txt" }).click();
  assert.equal(await chips(page).count(), 1);

  await w.send.click();
  await replyText(page, 1);
  const stored = await serverMessages(env.server.url, await storedSession(page));
  const last = stored.filter((m) => m.role === "user").at(-1);
  assert.equal(textOf(last), "and the report itself");
  assert.deepEqual(last.content.map((b) => b.type), ["text", "file"], "the removed file did not go");
  await page.context().close();
});
