// The README's snippets, for the tests that run them as written.
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { ROOT } from "./server.mjs";

/** The fenced block of `lang` that follows `heading` in the README. */
export function readmeSnippet(heading, lang) {
  const readme = readFileSync(join(ROOT, "README.md"), "utf8");
  const from = readme.indexOf(heading);
  assert.ok(from >= 0, `README has ${heading}`);
  const m = readme.slice(from).match(new RegExp("```" + lang + "\\n([\\s\\S]*?)```"));
  assert.ok(m, `README has a ${lang} block after ${heading}`);
  return m[1];
}
