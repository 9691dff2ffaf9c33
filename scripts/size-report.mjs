// Prints the size of the built widget (raw, gzip -9, brotli q11) and checks the budgets of
// DESIGN.md. Run after a release build: `node scripts/size-report.mjs [--check] [dist]`.
// With --check it exits 1 when a budget is exceeded (the test command uses it).
import { readFileSync, readdirSync, existsSync } from "node:fs";
import { join } from "node:path";
import { gzipSync, brotliCompressSync, constants } from "node:zlib";

const args = process.argv.slice(2);
const check = args.includes("--check");
const dist = args.find((a) => !a.startsWith("--")) ?? "dist";
const KB = 1024;
const BUDGETS = { widget: 250 * KB, loader: 6 * KB };

function sizes(file) {
  const bytes = readFileSync(file);
  return {
    raw: bytes.length,
    gzip: gzipSync(bytes, { level: 9 }).length,
    brotli: brotliCompressSync(bytes, { params: { [constants.BROTLI_PARAM_QUALITY]: 11 } }).length,
  };
}
const kb = (n) => `${(n / KB).toFixed(1)} KB`;

if (!existsSync(dist)) {
  console.error(`size-report: ${dist}/ does not exist; run bash scripts/build-widget.sh first`);
  process.exit(1);
}
const files = readdirSync(dist);
// The widget proper: the wasm (CSS is compiled into it) and its JS glue.
const widgetFiles = files.filter((f) => /^quintus-chat-widget.*\.(wasm|js)$/.test(f));
// The loaders a host page includes: the script tag's, and the iframe embed's helper.
const loaderFiles = files.filter((f) => f === "quintus-chat.js" || f === "quintus-chat-frame.js");

const rows = [];
const total = { raw: 0, gzip: 0, brotli: 0 };
for (const f of widgetFiles) {
  const s = sizes(join(dist, f));
  rows.push([f, s]);
  for (const k of Object.keys(total)) total[k] += s[k];
}
rows.push(["widget total (wasm + glue + css)", total]);
const loaders = [];
for (const f of loaderFiles) {
  const s = sizes(join(dist, f));
  loaders.push([f, s]);
  rows.push([`${f} (loader)`, s]);
}

console.log(`${"file".padEnd(36)} ${"raw".padStart(10)} ${"gzip".padStart(10)} ${"brotli".padStart(10)}`);
for (const [name, s] of rows) {
  console.log(`${name.padEnd(36)} ${kb(s.raw).padStart(10)} ${kb(s.gzip).padStart(10)} ${kb(s.brotli).padStart(10)}`);
}

const over = [];
if (widgetFiles.length === 0) over.push("no widget files found in " + dist);
if (total.brotli > BUDGETS.widget) over.push(`widget is ${kb(total.brotli)} brotli, budget ${kb(BUDGETS.widget)}`);
for (const [f, s] of loaders) {
  if (s.brotli > BUDGETS.loader) over.push(`${f} is ${kb(s.brotli)} brotli, budget ${kb(BUDGETS.loader)}`);
}
console.log(`budgets: widget ≤ ${kb(BUDGETS.widget)} brotli, loader ≤ ${kb(BUDGETS.loader)} brotli`);
if (over.length) {
  for (const o of over) console.log(`OVER BUDGET: ${o}`);
  if (check) process.exit(1);
} else {
  console.log("within budget");
}
