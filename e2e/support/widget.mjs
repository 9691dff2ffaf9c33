// Helpers that drive the widget as a visitor would (by role and name, through the shadow root)
// and read what the server stored, through the real API with the page's own session token.

/** The widget's elements on a page. Playwright's locators pierce open shadow roots. */
export function widget(page) {
  return {
    launcher: page.locator("quintus-chat [part=launcher]"),
    dialog: page.getByRole("dialog"),
    input: page.getByRole("textbox", { name: "Message" }),
    send: page.getByRole("button", { name: "Send" }),
    stop: page.getByRole("button", { name: "Stop" }),
    log: page.getByRole("log"),
    userRows: page.locator('quintus-chat [part~="user"][part~="message"]'),
    assistantRows: page.locator('quintus-chat [part~="assistant"][part~="message"]:not([part~="greeting"])'),
    notice: page.locator("quintus-chat [part=notice]"),
  };
}

/** Opens the panel if it is closed. */
export async function openPanel(page) {
  const w = widget(page);
  // The widget itself, not the launcher the loader draws first: calls queued before it mounted
  // (an open()) have run by then, so aria-expanded is the panel's real state.
  await widgetMounted(page);
  if ((await w.launcher.getAttribute("aria-expanded")) !== "true") await w.launcher.click();
  await w.dialog.waitFor();
  return w;
}

/** Types a message and presses Enter. */
export async function sendMessage(page, text) {
  const w = widget(page);
  await w.input.fill(text);
  await w.input.press("Enter");
}

/** Waits until the n-th (0-based) assistant reply is complete, and returns its text. */
export async function replyText(page, index, timeout = 20_000) {
  const row = widget(page).assistantRows.nth(index);
  await row.and(page.locator('[data-state="sent"]')).waitFor({ timeout });
  return (await row.innerText()).trim();
}

/** The session the widget keeps in sessionStorage, or null. */
export async function storedSession(page) {
  return page.evaluate(() => {
    for (let i = 0; i < sessionStorage.length; i++) {
      const key = sessionStorage.key(i);
      if (key && key.startsWith("quintus-chat")) {
        try { return JSON.parse(sessionStorage.getItem(key)); } catch { return null; }
      }
    }
    return null;
  });
}

/** Every message the server stored for the page's conversation, oldest first. */
export async function serverMessages(baseUrl, session) {
  const out = [];
  let offset = 0;
  for (;;) {
    const res = await fetch(`${baseUrl}/v1/public/agents/conversations/${session.conversation_id}/messages?limit=100&offset=${offset}`, {
      headers: { Authorization: `Bearer ${session.session_token}` },
    });
    if (!res.ok) throw new Error(`list messages: ${res.status} ${await res.text()}`);
    const page = await res.json();
    out.push(...page.items);
    if (page.next_offset == null) return out;
    offset = page.next_offset;
  }
}

/** The text of a stored message's text blocks. */
export function textOf(message) {
  return message.content.filter((b) => b.type === "text").map((b) => b.text).join("");
}

/** Arms a fault on a server started with --dev. */
export async function armFault(baseUrl, fault) {
  const res = await fetch(`${baseUrl}/_dev/faults`, {
    method: "POST",
    headers: { "Content-Type": "application/json" },
    body: JSON.stringify(fault),
  });
  if (!res.ok) throw new Error(`arm fault: ${res.status} ${await res.text()}`);
}

/** Waits until the widget has mounted: its own launcher, not the first frame the loader draws
 *  (`data-quintus-loader`), is in the shadow root. */
export function widgetMounted(page, timeout = 20_000) {
  return page.waitForFunction(() => {
    const host = document.querySelector("quintus-chat");
    return host && !host.hasAttribute("data-quintus-loader") && host.shadowRoot.querySelector("[part~=launcher]");
  }, null, { timeout });
}
