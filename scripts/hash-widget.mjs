// Makes dist/ ready for long-lived caching (scripts/build-widget.sh runs it after
// scripts/shrink-widget.mjs):
// 1. The widget's wasm and JS glue get content-hashed names, quintus-chat-widget-<16 hex>.wasm
//    and quintus-chat-widget-<16 hex>.js, so a server or CDN can cache them for a year
//    (`immutable`): a new build is a new name.
// 2. The files that keep stable names (the loader quintus-chat.js, the iframe's
//    frame.html, the demo index.html) have the hashed names written into
//    them, and dist/quintus-chat-manifest.json lists them for anything else that needs them.
//    The loader also gets the widget's rules for what it draws before the wasm (the launcher
//    and the panel's first frame), and is minified.
// 3. Every wasm, JS, CSS, HTML, SVG and JSON file gets a brotli (.br, quality 11) and a gzip
//    (.gz, level 9) copy beside it, for servers that send precompressed files
//    (`quintus-server --static`, most CDNs).
// Usage: node scripts/hash-widget.mjs [dir]
import { createHash } from "node:crypto";
import { readFileSync, writeFileSync, renameSync, existsSync, readdirSync, statSync, unlinkSync } from "node:fs";
import { join, relative } from "node:path";
import { brotliCompressSync, gzipSync, constants } from "node:zlib";
import { minifySync } from "rolldown/utils";

const dist = process.argv[2] ?? "dist";
const NAME = "quintus-chat-widget";
const glueFile = join(dist, `${NAME}.js`);
const wasmFile = join(dist, `${NAME}_bg.wasm`);
for (const f of [glueFile, wasmFile]) {
  if (!existsSync(f)) throw new Error(`hash-widget: ${f} is missing; run trunk build and shrink-widget first`);
}

/** The first 16 hex digits of the SHA-256 of `bytes`: 64 bits, plenty against collisions. */
const shortHash = (bytes) => createHash("sha256").update(bytes).digest("hex").slice(0, 16);
const sri = (bytes) => `sha384-${createHash("sha384").update(bytes).digest("base64")}`;

// 1. The wasm first: the glue names it (its default path), so its hash covers the wasm's name.
const wasmBytes = readFileSync(wasmFile);
const wasmName = `${NAME}-${shortHash(wasmBytes)}.wasm`;
let glue = readFileSync(glueFile, "utf8");
glue = glue.split(`${NAME}_bg.wasm`).join(wasmName);
const glueName = `${NAME}-${shortHash(glue)}.js`;
renameSync(wasmFile, join(dist, wasmName));
writeFileSync(join(dist, glueName), glue);
unlinkSync(glueFile);

// 2. The stable files. Each names the unhashed files as string literals (so the loader also
// works unbuilt, beside trunk's unhashed output); every one must be found, or the build stops.
const renames = [
  [`${NAME}_bg.wasm`, wasmName],
  [`${NAME}.js`, glueName],
];
for (const file of ["quintus-chat.js", "frame.html", "index.html"]) {
  const path = join(dist, file);
  if (!existsSync(path)) continue;
  let text = readFileSync(path, "utf8");
  for (const [from, to] of renames) {
    if (!text.includes(from)) throw new Error(`hash-widget: ${file} does not name ${from}`);
    text = text.split(from).join(to);
  }
  if (file === "index.html") {
    // trunk's preload links carry integrity hashes of the files as trunk wrote them; the glue
    // changed since (its wasm's name).
    text = text.replace(new RegExp(`(href="/${glueName}"[^>]*integrity=")sha384-[^"]+"`), `$1${sri(glue)}"`);
  }
  writeFileSync(path, text);
}
// The loader draws the launcher's and the panel's first frames under the widget's own rules:
// those of style/widget.css that can style what it draws (see shellRules), as written.
const loaderFile = join(dist, "quintus-chat.js");
if (existsSync(loaderFile)) {
  const sheet = readFileSync(new URL("../style/widget.css", import.meta.url), "utf8").replace(/\/\*[\s\S]*?\*\//g, "");
  const css = shellRules(sheet);
  const loader = readFileSync(loaderFile, "utf8");
  const slot = 'var WIDGET_CSS = "";';
  if (!loader.includes(slot)) throw new Error(`hash-widget: quintus-chat.js has no ${slot}`);
  // Minified (oxc, as shrink-widget.mjs does the glue): it is the one file every page view
  // pays for, and most of its source is comments.
  const minified = minifySync("quintus-chat.js", loader.replace(slot, () => `var WIDGET_CSS = ${JSON.stringify(css)};`), { module: false, compress: true, mangle: true });
  if (minified.errors?.length) throw new Error(`hash-widget: minifying the loader failed: ${JSON.stringify(minified.errors)}`);
  // ASCII only, as written (the minifier turns "\u2026" into "…"): a page without a charset
  // would decode the script as windows-1252.
  writeFileSync(loaderFile, minified.code.replace(/[^\x00-\x7f]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, "0")}`));
}

/**
 * The rules of `css` (comments removed) that can apply to what the loader draws (the launcher,
 * and the panel of a new conversation: header, greeting, a message waiting to be sent, the
 * composer). A rule is kept whole when one of its selectors names no class but those (`:host`,
 * `*`, `button:focus-visible` name none); @media and @supports keep what they hold of those;
 * other at-rules (@keyframes) go. e2e/early-launcher.test.mjs and e2e/early-panel.test.mjs
 * compare the pixels.
 */
function shellRules(css) {
  const DRAWN = new Set(["widget", "launcher", "icon", "icon-chat", "badge", "panel", "header", "title", "close", "log-wrap",
    "log", "msg", "msg-user", "msg-assistant", "greeting", "bubble", "plain", "notices", "composer", "attach", "input", "send"]);
  const drawn = (sel) => [...sel.matchAll(/\.qc-([\w-]+)/g)].every((m) => DRAWN.has(m[1]));
  const out = [];
  let i = 0;
  while (i < css.length) {
    const open = css.indexOf("{", i);
    if (open < 0) break;
    const prelude = css.slice(i, open).trim();
    let depth = 1;
    let j = open + 1;
    for (; j < css.length && depth > 0; j++) {
      if (css[j] === "{") depth++;
      else if (css[j] === "}") depth--;
    }
    const body = css.slice(open + 1, j - 1);
    if (/^@(media|supports)\b/.test(prelude)) {
      const inner = shellRules(body);
      if (inner) out.push(`${prelude}{${inner}}`);
    } else if (!prelude.startsWith("@")) {
      const selectors = prelude.split(",").map((sel) => sel.trim());
      if (selectors.some(drawn)) out.push(`${prelude}{${body.split("\n").map((l) => l.trim()).filter(Boolean).join("")}}`);
    }
    i = j;
  }
  return out.join("\n");
}

const manifest = { glue: glueName, wasm: wasmName, integrity: { [glueName]: sri(glue), [wasmName]: sri(wasmBytes) } };
writeFileSync(join(dist, "quintus-chat-manifest.json"), JSON.stringify(manifest, null, 2) + "\n");

// 3. Precompressed copies. Stale ones from an earlier run are replaced, and removed when their
// file is gone.
const COMPRESSIBLE = /\.(wasm|js|mjs|css|html|svg|json)$/;
function walk(dir) {
  return readdirSync(dir).flatMap((entry) => {
    const path = join(dir, entry);
    return statSync(path).isDirectory() ? walk(path) : [path];
  });
}
let count = 0;
for (const path of walk(dist)) {
  if (/\.(br|gz)$/.test(path)) {
    if (!existsSync(path.slice(0, -3))) unlinkSync(path);
    continue;
  }
  if (!COMPRESSIBLE.test(path)) continue;
  const bytes = readFileSync(path);
  writeFileSync(`${path}.br`, brotliCompressSync(bytes, {
    params: { [constants.BROTLI_PARAM_QUALITY]: 11, [constants.BROTLI_PARAM_SIZE_HINT]: bytes.length },
  }));
  writeFileSync(`${path}.gz`, gzipSync(bytes, { level: 9 }));
  count++;
}
console.log(`hash-widget: ${relative(".", join(dist, glueName))}, ${wasmName}; ${count} files precompressed (.br, .gz)`);
