// Type-checked by e2e/npm.test.mjs (tsc --noEmit, strict) against the types in the packed
// tarball. Each `@ts-expect-error` line must be an error: if the types grew too loose to catch
// it, tsc reports the directive as unused and the test fails.
import { mount, type ChatApi, type Message, type MountOptions } from "@quintus/chat-widget";

export async function usage(): Promise<ChatApi> {
  // The README's snippet.
  const chat = await mount({
    agentId: "agent_demo",
    apiKey: "qts-pk-dev",
    apiUrl: "https://api.quintus.tec.br",
    target: document.getElementById("chat"),
    lang: "pt-BR",
  });

  const stop: () => void = chat.on("message", (m: Message) => {
    const text = m.content.map((b) => (b.type === "text" ? b.text : "")).join("");
    console.log(m.role, text, m.created_at);
  });
  stop();
  chat.on("unread", (count) => console.log(count.toFixed(0)));
  chat.on("error", (e) => console.log(e.code, e.message));
  chat.on("ready", () => chat.open());
  chat.setUser({ name: "Ana", email: "ana@example.com", external_id: "42" });
  chat.setContext({ page: "/pricing" });
  chat.send("I need help with my order");
  chat.toggle();
  chat.reset();

  const every: MountOptions = {
    agentId: "a",
    apiKey: "k",
    apiUrl: "/",
    target: document.body,
    lang: "es-419",
    title: "Support",
    greeting: "Hi!",
    position: "left",
    color: "#0a7",
    theme: "dark",
    open: true,
    nonce: "abc123",
    inactivityWarning: 60,
    inactivityFinal: 0,
  };
  void every;

  // @ts-expect-error: not an event of the widget
  chat.on("opened", () => {});
  // @ts-expect-error: `unread` carries a number
  chat.on("unread", (count: string) => count);
  // @ts-expect-error: apiKey is required
  await mount({ agentId: "agent_demo" });
  // @ts-expect-error: position is right or left
  await mount({ agentId: "a", apiKey: "k", position: "top" });
  // @ts-expect-error: send takes text
  chat.send({ text: "hi" });
  return chat;
}
