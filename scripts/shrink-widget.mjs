// Shrinks the built widget in dist/ after trunk (scripts/build-widget.sh runs it):
// 1. wasm-opt renames the wasm's imports and exports to short names. wasm-bindgen names them
//    `__wbg_<name>_<16 hex digits>`, and those ~250 names (in the wasm and again in the JS glue)
//    cost about 5 KB brotli; a second -Oz (with --converge, --low-memory-unused) runs first.
// 2. The JS glue gets the same names (its import object's keys and its `wasm.<export>` uses),
//    then is minified (oxc, through rolldown, a dependency of vite).
// 3. index.html's integrity hashes are recomputed for the two changed files.
// Usage: node scripts/shrink-widget.mjs [dir] [name]   (default: dist quintus-chat-widget;
// scripts/build-npm.sh passes the npm package's staging dir and wasm-bindgen's name)
import { execFileSync } from "node:child_process";
import { createHash } from "node:crypto";
import { readFileSync, writeFileSync, renameSync, existsSync } from "node:fs";
import { join } from "node:path";
import { minifySync } from "rolldown/utils";

const dist = process.argv[2] ?? "dist";
const name = process.argv[3] ?? "quintus-chat-widget";
const wasmFile = join(dist, `${name}_bg.wasm`);
const jsFile = join(dist, `${name}.js`);
const htmlFile = join(dist, "index.html");
for (const f of [wasmFile, jsFile]) {
  if (!existsSync(f)) throw new Error(`shrink-widget: ${f} is missing; run trunk build first`);
}

// 1. The wasm. The pass prints the renames as JSON: {"imports": [[module, old, new]...],
// "exports": [[old, new]...]}.
// (Two runs: with --converge, the renaming pass would run, and print, more than once.)
// --low-memory-unused lets wasm-opt fold address offsets: Rust puts its 1 MB stack first, so
// the lowest 1 KB is only ever touched by a stack about to overflow.
// --one-caller-inline-max-function-size 15 (as trunk's run has, see index.html): a function
// with one caller is inlined only when it is that small. Binaryen inlines every such function
// by default, which here builds a few huge functions (views, async state machines) that make
// the wasm larger, and compress worse: its brotli size was 243.0 KB with the default, 225.2 KB
// with 15 (10 to 25 measured within 1 KB of that; 100 kept half the loss).
// The last run also drops the `producers` and `target_features` custom sections (tool names and
// versions, the feature list): no browser reads them (0.15 KB brotli). Only in the last run:
// wasm-opt reads the features it may use from `target_features`.
const tmp = wasmFile + ".tmp";
const ONE_CALLER_INLINE = ["--one-caller-inline-max-function-size", "15"];
execFileSync("wasm-opt", [wasmFile, "-Oz", "--converge", "--low-memory-unused", ...ONE_CALLER_INLINE, "-o", tmp]);
const printed = execFileSync("wasm-opt", [tmp, "--minify-imports-and-exports-and-modules", "--strip-producers", "--strip-target-features", "-o", tmp], {
  encoding: "utf8",
  maxBuffer: 16 * 1024 * 1024,
});
const map = JSON.parse(printed.slice(printed.indexOf("{")));
const imports = new Map(map.imports.map(([, from, to]) => [from, to]));
const exports = new Map(map.exports.map(([from, to]) => [from, to]));
// The module name is renamed too (the map does not say to what): read it from the new wasm.
const modules = new Set(WebAssembly.Module.imports(new WebAssembly.Module(readFileSync(tmp))).map((i) => i.module));
const oldModules = new Set(map.imports.map(([module]) => module));
if (modules.size !== 1 || oldModules.size !== 1) throw new Error(`shrink-widget: expected one import module, got ${[...oldModules]} -> ${[...modules]}`);
const [[oldModule], [newModule]] = [[...oldModules], [...modules]];

// 2. The glue. Every import the wasm names is a key of the glue's import object; every export
// the glue uses is read as `wasm.<name>`. A name the glue has that the map lacks (or the
// reverse) means the glue and the wasm no longer agree: stop rather than ship that.
let js = readFileSync(jsFile, "utf8");
let missing = [];
const moduleKey = `${JSON.stringify(oldModule)}: import0`;
if (!js.includes(moduleKey)) missing.push(moduleKey);
js = js.replace(moduleKey, `${JSON.stringify(newModule)}: import0`);
for (const [from, to] of imports) {
  const key = new RegExp(`(^|[\\s{,])${from}(?=:)`, "gm");
  if (!key.test(js)) missing.push(from);
  js = js.replace(key, (_, before) => before + JSON.stringify(to));
}
js = js.replace(/\bwasm\.([A-Za-z_$][\w$]*)/g, (whole, name) => {
  const to = exports.get(name);
  if (to === undefined) {
    missing.push(`wasm.${name}`);
    return whole;
  }
  return `wasm[${JSON.stringify(to)}]`;
});
const leftover = js.match(/__wbg_\w+_[0-9a-f]{16}\b/g);
if (leftover) missing.push(...leftover);
if (missing.length) throw new Error(`shrink-widget: the glue and the wasm disagree on: ${[...new Set(missing)].join(", ")}`);
const minified = minifySync(`${name}.js`, js, { module: true, compress: true, mangle: true });
if (minified.errors?.length) throw new Error(`shrink-widget: minifying the glue failed: ${JSON.stringify(minified.errors)}`);
renameSync(tmp, wasmFile);
writeFileSync(jsFile, minified.code);

// 3. Subresource integrity in index.html (trunk hashed the files before this step).
if (existsSync(htmlFile)) {
  let html = readFileSync(htmlFile, "utf8");
  for (const file of [jsFile, wasmFile]) {
    const name = file.slice(dist.length + 1);
    const digest = createHash("sha384").update(readFileSync(file)).digest("base64");
    html = html.replace(new RegExp(`(href="/${name}"[^>]*integrity=")sha384-[^"]+"`), `$1sha384-${digest}"`);
  }
  writeFileSync(htmlFile, html);
}
console.log(`shrink-widget: ${imports.size} imports and ${exports.size} exports renamed; glue minified`);
