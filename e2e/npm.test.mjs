// The npm package @quintus/chat-widget as a customer uses it: the packed tarball
// (target/npm/, from scripts/build-npm.sh) installed offline into a fresh Vite app, bundled by
// Vite, served by the reference server (page and API on one origin), and driven in Chromium.
// Its TypeScript types are checked by tsc against npm/test/usage.ts.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { execFileSync, spawnSync } from "node:child_process";
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { startServer, ROOT } from "./support/server.mjs";
import { launch, newPage } from "./support/browser.mjs";
import { widget, openPanel, sendMessage, replyText } from "./support/widget.mjs";

/** The crate's version, which is the package's (scripts/build-npm.sh). */
const VERSION = readFileSync(join(ROOT, "Cargo.toml"), "utf8").match(/\[package\][^[]*?\nversion = "([^"]+)"/)[1];
const TARBALL = join(ROOT, "target", "npm", `quintus-chat-widget-${VERSION}.tgz`);
const BIN = join(ROOT, "node_modules", ".bin");

/**
 * The npm snippet of a README (the js block that imports the package), pointed at `apiUrl`
 * with the reference server's key.
 */
function snippet(readme, apiUrl) {
  const block = readFileSync(readme, "utf8").match(/```js\n(import \{ mount \} from "@quintus\/chat-widget";\n[\s\S]*?)```/);
  assert.ok(block, `no npm snippet in ${readme}`);
  const code = block[1].replace(/apiKey: "[^"]*"/, 'apiKey: "qts-pk-dev"').replace(/apiUrl: "[^"]*"/, `apiUrl: ${JSON.stringify(apiUrl)}`);
  assert.match(code, /apiUrl: "http:\/\/127\.0\.0\.1:\d+"/);
  return code;
}

/** Runs a command; on failure, throws with everything it printed. */
function run(cmd, args, cwd) {
  const r = spawnSync(cmd, args, { cwd, encoding: "utf8" });
  if (r.status !== 0) throw new Error(`${cmd} ${args.join(" ")} exited ${r.status}:\n${r.stdout}\n${r.stderr}`);
  return r;
}

let app;
let server;
let browser;

before(async () => {
  // scripts/test.sh builds the package before the e2e suite; by hand, build it when missing.
  if (!existsSync(TARBALL)) execFileSync("bash", [join(ROOT, "scripts", "build-npm.sh")], { stdio: "inherit" });
  app = mkdtempSync(join(tmpdir(), "quintus-npm-app-"));
  mkdirSync(join(app, "dist"));
  // The server serves the Vite build, so the page and the API share an origin.
  server = await startServer(["--pace-ms", "2"], { staticDir: join(app, "dist") });

  writeFileSync(join(app, "package.json"), JSON.stringify({ name: "customer-app", private: true, type: "module" }));
  // The package has no dependencies, so this needs no registry.
  run("npm", ["install", "--offline", "--no-audit", "--no-fund", "--ignore-scripts", "--loglevel=error", TARBALL], app);

  const page = (script) => `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Shop</title>
    <link rel="icon" href="data:,"></head><body><h1>Shop</h1><div id="chat"></div><div id="chat2"></div>
    <script type="module" src="./${script}"></script></body></html>`;
  writeFileSync(join(app, "index.html"), page("main.js"));
  // The README's snippet, against this server, then hooks for the test.
  writeFileSync(
    join(app, "main.js"),
    `${snippet(join(ROOT, "README.md"), server.url)}
window.seen = [];
chat.on("message", (m) => window.seen.push(m.role + ":" + m.content[0].text));
window.chat = chat;
window.quintusMount = mount;
`,
  );
  writeFileSync(join(app, "twice.html"), page("twice.js"));
  writeFileSync(
    join(app, "twice.js"),
    `import { mount } from "@quintus/chat-widget";

const options = { agentId: "agent_demo", apiKey: "qts-pk-dev", apiUrl: "/" };
window.mounted = Promise.all([
  mount({ ...options, target: document.getElementById("chat") }),
  mount({ ...options, target: document.getElementById("chat2"), position: "left" }),
]).then((apis) => apis.length);
`,
  );
  writeFileSync(
    join(app, "vite.config.js"),
    `export default { build: { rolldownOptions: { input: { main: "index.html", twice: "twice.html" } } } };\n`,
  );
  run(join(BIN, "vite"), ["build", "--logLevel", "warn"], app);
  browser = await launch();
});

after(async () => {
  await browser?.close();
  await server?.stop();
  if (app) rmSync(app, { recursive: true, force: true });
});

test("the tarball holds the package's files only, at the crate's version", () => {
  const files = run("tar", ["-tzf", TARBALL], ROOT).stdout.trim().split("\n").sort();
  assert.deepEqual(files, [
    "package/README.md",
    "package/index.d.ts",
    "package/index.js",
    "package/package.json",
    "package/quintus_chat_widget.js",
    "package/quintus_chat_widget_bg.wasm",
  ]);
  const installed = JSON.parse(readFileSync(join(app, "node_modules", "@quintus", "chat-widget", "package.json"), "utf8"));
  assert.equal(installed.name, "@quintus/chat-widget");
  assert.equal(installed.version, VERSION);
  assert.equal(installed.sideEffects, false);
});

test("the package's README shows the same snippet as the repository's", () => {
  assert.equal(snippet(join(ROOT, "npm", "README.md"), server.url), snippet(join(ROOT, "README.md"), server.url));
});

test("bundled by Vite: the widget mounts into its target, and a reply streams to the end", async () => {
  const { page, problems } = await newPage(browser);
  const wasm = [];
  page.on("request", (r) => r.url().endsWith(".wasm") && wasm.push(new URL(r.url()).pathname));
  await page.goto(server.url + "/");
  const w = widget(page);
  await w.launcher.waitFor({ timeout: 20_000 });
  assert.equal(await page.locator("#chat > quintus-chat").count(), 1, "mounted into the target element");
  // Vite copied the wasm into the build as an asset (hashed name), and the page loaded it from there.
  assert.equal(wasm.length, 1);
  assert.match(wasm[0], /^\/assets\/quintus_chat_widget_bg-[\w-]+\.wasm$/);

  await openPanel(page);
  await sendMessage(page, "hello");
  assert.match(await replyText(page, 0), /hello/);
  const seen = await page.evaluate(() => window.seen);
  assert.equal(seen.length, 1);
  assert.match(seen[0], /^assistant:You said: "hello"/);

  // A missing required option rejects with an Error that names it.
  const rejected = await page.evaluate(() =>
    window.quintusMount({ agentId: "agent_demo" }).then(
      () => "resolved",
      (e) => (e instanceof Error ? e.message : `not an Error: ${e}`),
    ),
  );
  assert.match(rejected, /api-key/);
  await page.evaluate(() => window.chat.destroy());
  assert.equal(await page.locator("quintus-chat").count(), 0);
  assert.deepEqual(problems, []);
  await page.context().close();
});

test("two mounts at once share one load of the wasm", async () => {
  const { page, problems } = await newPage(browser);
  const wasm = [];
  page.on("request", (r) => r.url().endsWith(".wasm") && wasm.push(r.url()));
  await page.goto(server.url + "/twice.html");
  assert.equal(await page.evaluate(() => window.mounted), 2);
  assert.equal(await page.locator("#chat > quintus-chat").count(), 1);
  assert.equal(await page.locator("#chat2 > quintus-chat").count(), 1);
  assert.equal(wasm.length, 1);
  assert.deepEqual(problems, []);
  await page.context().close();
});

test("the shipped types check npm/test/usage.ts, and catch what it expects them to catch", () => {
  const usage = readFileSync(join(ROOT, "npm", "test", "usage.ts"), "utf8");
  copyFileSync(join(ROOT, "npm", "test", "usage.ts"), join(app, "usage.ts"));
  const tsconfig = (file) => ({
    compilerOptions: {
      strict: true,
      noEmit: true,
      target: "es2022",
      module: "esnext",
      moduleResolution: "bundler",
      lib: ["es2022", "dom"],
      types: [],
    },
    files: [file],
  });
  writeFileSync(join(app, "tsconfig.json"), JSON.stringify(tsconfig("usage.ts")));
  run(join(BIN, "tsc"), ["-p", "tsconfig.json"], app);

  // Without its @ts-expect-error directives the same file must fail, on exactly those lines:
  // the types, not a missing module or an `any`, are what rejects them.
  const directive = /^\s*\/\/ @ts-expect-error/;
  const expected = usage.split("\n").filter((l) => directive.test(l)).length;
  assert.ok(expected >= 1);
  writeFileSync(join(app, "loose.ts"), usage.split("\n").filter((l) => !directive.test(l)).join("\n"));
  writeFileSync(join(app, "tsconfig.loose.json"), JSON.stringify(tsconfig("loose.ts")));
  const loose = spawnSync(join(BIN, "tsc"), ["-p", "tsconfig.loose.json"], { cwd: app, encoding: "utf8" });
  assert.notEqual(loose.status, 0);
  const errors = loose.stdout.split("\n").filter((l) => /^loose\.ts\(\d+,\d+\): error TS/.test(l));
  assert.equal(errors.length, expected, loose.stdout);
  assert.match(loose.stdout, /"opened"/);
});
