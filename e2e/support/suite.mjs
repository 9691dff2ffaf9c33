// The setup most e2e files share: the reference server and a browser, for the file's tests.
import { before, after } from "node:test";
import { startServer } from "./server.mjs";
import { launch } from "./browser.mjs";

/** Starts `quintus-server` (with `args`) and a headless browser before the file's tests and
 *  stops both after them; `server` and `browser` are set once the tests run. */
export function serverAndBrowser(args = ["--pace-ms", "2"]) {
  const env = { server: null, browser: null };
  before(async () => {
    env.server = await startServer(args);
    env.browser = await launch();
  });
  after(async () => {
    await env.browser?.close();
    await env.server?.stop();
  });
  return env;
}
