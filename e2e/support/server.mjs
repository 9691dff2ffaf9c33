// Starts the real reference server (target/debug/quintus-server) on an ephemeral port, with a
// fresh database, serving the built widget from dist/ (or another directory).
import { spawn } from "node:child_process";
import { mkdtempSync, rmSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, dirname } from "node:path";
import { fileURLToPath } from "node:url";

export const ROOT = join(dirname(fileURLToPath(import.meta.url)), "..", "..");

/**
 * Resolves to the URL a starting server (or `scripts/demo.sh`) prints on its ready line, and
 * rejects if `child` exits first or `ms` pass. The returned promise's `output()` is everything
 * it printed so far.
 */
export function readyUrl(child, ms) {
  let output = "";
  const promise = new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`server not ready in ${ms / 1000} s:\n${output}`)), ms);
    child.stdout.on("data", (chunk) => {
      output += chunk;
      const m = output.match(/Quintus demo: (http:\/\/\S+?)\/?\s*$/m);
      if (m) { clearTimeout(timer); resolve(m[1]); }
    });
    child.stderr.on("data", (c) => { output += c; });
    child.on("exit", (code) => { clearTimeout(timer); reject(new Error(`server exited (${code}):\n${output}`)); });
  });
  promise.output = () => output;
  return promise;
}

/**
 * Starts a server; resolves to { url, stop, output() } once it prints its ready line.
 * `staticDir` is the directory served at `/` (default: the built widget, dist/).
 */
export async function startServer(extraArgs = [], { staticDir = join(ROOT, "dist") } = {}) {
  const dataDir = mkdtempSync(join(tmpdir(), "quintus-e2e-"));
  const bin = join(ROOT, "target", "debug", "quintus-server");
  const args = ["--addr", "127.0.0.1:0", "--static", staticDir, "--db", join(dataDir, "db.sqlite"), ...extraArgs];
  const child = spawn(bin, args, { stdio: ["ignore", "pipe", "pipe"] });
  const ready = readyUrl(child, 30_000);
  const url = await ready;
  const output = ready.output;
  return {
    url,
    output,
    async stop() {
      child.removeAllListeners("exit");
      if (child.exitCode === null) {
        const exited = new Promise((r) => child.once("exit", r));
        child.kill("SIGTERM");
        await Promise.race([exited, new Promise((r) => setTimeout(r, 5000))]);
        if (child.exitCode === null) child.kill("SIGKILL");
      }
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

/**
 * The content-hashed names of the built widget's files ({ glue, wasm }), from the manifest
 * scripts/hash-widget.mjs writes beside them.
 */
export function builtFiles(dir = join(ROOT, "dist")) {
  return JSON.parse(readFileSync(join(dir, "quintus-chat-manifest.json"), "utf8"));
}
