// Pages on other origins than the reference server's: a tiny HTTP server on a free loopback
// port that serves the HTML a test gives it, with any headers (a CSP, say). Each page is then
// really at a loopback address, as a customer's page would really be on its own host.
import { createServer } from "node:http";

/** Starts the server; `url` is http://127.0.0.1:PORT, and http://localhost:PORT is a second origin. */
export async function startPageServer() {
  const pages = new Map();
  const server = createServer((req, res) => {
    const page = pages.get(new URL(req.url, "http://any").pathname);
    if (!page) {
      res.writeHead(404, { "Content-Type": "text/plain" });
      res.end("not found");
      return;
    }
    res.writeHead(200, { "Content-Type": "text/html; charset=utf-8", "Cache-Control": "no-store", ...page.headers });
    res.end(page.body);
  });
  await new Promise((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address();
  return {
    url: `http://127.0.0.1:${port}`,
    /** The same server under another origin. */
    otherOrigin: `http://localhost:${port}`,
    /** Serves `body` at `path` (on both origins). */
    set(path, body, headers = {}) {
      pages.set(path, { body, headers });
    },
    async stop() {
      server.closeAllConnections();
      await new Promise((resolve) => server.close(resolve));
    },
  };
}
