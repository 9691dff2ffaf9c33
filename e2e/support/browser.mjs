// Launches Debian's Chromium through playwright-core with the flags this closed network needs,
// and a fresh profile each time. Never `playwright install`: it downloads a browser.
import { chromium } from "playwright-core";
import { mkdirSync } from "node:fs";
import { join } from "node:path";
import { ROOT } from "./server.mjs";

export const ARTIFACTS = join(ROOT, "e2e", "artifacts");

const FLAGS = [
  "--no-sandbox",
  "--disable-gpu",
  "--disable-quic",
  "--no-first-run",
  "--disable-background-networking",
  "--disable-component-update",
  "--disable-sync",
  "--disable-dev-shm-usage",
];

/** A headless browser; playwright gives each launch a new temporary user-data dir. */
export async function launch() {
  return chromium.launch({ executablePath: process.env.CHROMIUM || "/usr/bin/chromium", headless: true, args: FLAGS });
}

/** A page that records console errors, uncaught exceptions and failed requests. */
export async function newPage(browser, viewport = { width: 1280, height: 800 }) {
  const context = await browser.newContext({ viewport });
  const page = await context.newPage();
  const problems = [];
  page.on("console", (msg) => { if (msg.type() === "error") problems.push(`console: ${msg.text()}`); });
  page.on("pageerror", (err) => problems.push(`pageerror: ${err.message}`));
  page.on("requestfailed", (req) => problems.push(`requestfailed: ${req.url()} ${req.failure()?.errorText}`));
  return { page, problems };
}

/** Saves a screenshot under e2e/artifacts/ and returns its path. */
export async function screenshot(page, name) {
  mkdirSync(ARTIFACTS, { recursive: true });
  const path = join(ARTIFACTS, `${name}.png`);
  await page.screenshot({ path });
  return path;
}

/**
 * The demo page served by `serverUrl`, with extra data-* attributes on the widget's config
 * element (the page is rewritten on its way to the browser), in a new context.
 */
export async function pageWithAttributes(browser, serverUrl, attributes, { locale = "en-US", viewport = { width: 1280, height: 800 }, setup } = {}) {
  const context = await browser.newContext({ locale, viewport });
  const page = await context.newPage();
  const problems = [];
  page.on("console", (msg) => { if (msg.type() === "error") problems.push(`console: ${msg.text()}`); });
  page.on("pageerror", (err) => problems.push(`pageerror: ${err.message}`));
  await page.route(serverUrl + "/", async (route) => {
    const response = await route.fetch();
    const html = (await response.text()).replace("data-quintus-chat", `data-quintus-chat ${attributes}`);
    await route.fulfill({ response, body: html });
  });
  // Anything the test needs before the page loads (a fake clock, init scripts).
  if (setup) await setup(page);
  await page.goto(serverUrl + "/");
  return { page, problems };
}
