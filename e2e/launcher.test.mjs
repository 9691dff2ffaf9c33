// The launcher as a visitor meets it: the unread badge for replies that arrive while the
// panel is closed (the page title is left alone), and the widget in each language.
import { test } from "node:test";
import assert from "node:assert/strict";
import { serverAndBrowser } from "./support/suite.mjs";
import { pageWithAttributes, screenshot } from "./support/browser.mjs";
import { widget, openPanel, sendMessage } from "./support/widget.mjs";

const env = serverAndBrowser(["--pace-ms", "20"]);

const pageWith = (attributes, locale) => pageWithAttributes(env.browser, env.server.url, attributes, { locale });

test("a reply that arrives while the panel is closed shows the unread badge", async () => {
  const { page, problems } = await pageWith("");
  const title = await page.title();
  await openPanel(page);
  const w = widget(page);
  await sendMessage(page, "/long");
  await w.stop.waitFor();
  await page.keyboard.press("Escape");
  const badge = page.locator("quintus-chat [part=badge]");
  await badge.waitFor({ timeout: 30_000 });
  assert.equal((await badge.innerText()).trim(), "1");
  assert.equal(await w.launcher.getAttribute("aria-label"), "Open chat, 1 new messages");
  assert.equal(await page.title(), title, "the page title is left alone");
  await screenshot(page, "launcher-unread");
  await w.launcher.click();
  await badge.waitFor({ state: "detached" });
  assert.equal(await w.launcher.getAttribute("aria-label"), "Close chat");
  assert.deepEqual(problems, []);
  await page.context().close();
});

for (const [attrs, locale, open, placeholder] of [
  ['data-lang="pt-BR"', "en-US", "Abrir chat", "Escreva sua mensagem…"],
  ['data-lang="es"', "en-US", "Abrir chat", "Escribe un mensaje…"],
  ["", "pt-BR", "Abrir chat", "Escreva sua mensagem…"],
  ["", "de-DE", "Open chat", "Write a message…"],
]) {
  test(`language: ${attrs || "browser " + locale}`, async () => {
    const { page, problems } = await pageWith(attrs, locale);
    const w = widget(page);
    await w.launcher.waitFor({ timeout: 20_000 });
    assert.equal(await w.launcher.getAttribute("aria-label"), open);
    await w.launcher.click();
    const textarea = page.locator("quintus-chat textarea");
    assert.equal(await textarea.getAttribute("placeholder"), placeholder);
    assert.deepEqual(problems, []);
    await page.context().close();
  });
}

test("a bad attribute logs one console error naming it, and the widget still works", async () => {
  const { page, problems } = await pageWith('data-position="top"');
  await widget(page).launcher.waitFor({ timeout: 20_000 });
  assert.equal(problems.length, 1);
  assert.match(problems[0], /data-position/);
  await page.context().close();
});

test("messages from another day show their date too, in the visitor's language", async () => {
  const { page, problems } = await pageWithAttributes(env.browser, env.server.url, 'data-lang="pt-BR"', {
    // The visitor reads three days later (only the page's clock moves; timers run as usual).
    setup: (p) => p.clock.setFixedTime(new Date(Date.now() + 3 * 24 * 3600 * 1000)),
  });
  await widget(page).launcher.click();
  const input = page.locator("quintus-chat textarea");
  await input.fill("old news");
  await input.press("Enter");
  const time = page.locator('quintus-chat [part~="user"] time');
  await time.waitFor({ timeout: 10_000 });
  const month = new Date(await time.getAttribute("datetime")).toLocaleString("pt-BR", { month: "short" }).replace(".", "");
  const shown = (await time.innerText()).trim();
  assert.match(shown, /\d{2}:\d{2}/, shown);
  assert.ok(shown.includes(month) && /\d/.test(shown.split(month)[0]), `day and month (${month}) in "${shown}"`);
  assert.deepEqual(problems, []);
  await page.context().close();
});

test("message times are shown in the visitor's language", async () => {
  for (const [attrs, pattern] of [['data-lang="pt-BR"', /^\d{2}:\d{2}$/], ['data-lang="en"', /^\d{2}:\d{2}\s?[AP]M$/]]) {
    const { page, problems } = await pageWith(attrs);
    const w = widget(page);
    await w.launcher.click();
    const input = page.locator("quintus-chat textarea"); // named in the page's language
    await input.fill("what time is it?");
    await input.press("Enter");
    const time = page.locator('quintus-chat [part~="user"] time');
    await time.waitFor({ timeout: 10_000 });
    assert.match((await time.innerText()).trim(), pattern, attrs);
    assert.ok(Date.parse(await time.getAttribute("datetime")) > 0, "machine-readable datetime");
    assert.deepEqual(problems, []);
    await page.context().close();
  }
});
