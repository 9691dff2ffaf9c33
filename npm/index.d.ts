// Types of @quintus/chat-widget, written by hand against the widget's Rust `mount` (src/lib.rs,
// src/config.rs), its JS API (src/embed/js_api.rs) and the API contract's Message object.

/** Languages the widget speaks. Other BCP 47 tags of these languages (`pt`, `es-419`) work too. */
export type Lang = "pt-BR" | "en" | "es";

/** Options of {@link mount}: the script tag's `data-*` attributes, in camelCase. */
export interface MountOptions {
  /** The agent to talk to. Required. */
  agentId: string;
  /** The publishable API key (`qts-pk-...`), used only to create a conversation and refresh its token. Required. */
  apiKey: string;
  /** Base URL of the API. A path such as `"/"` means the page's own origin. Default `https://api.quintus.tec.br`. */
  apiUrl?: string;
  /** The element to mount into (the widget adds a `<quintus-chat>` element to it). Default `document.body`. */
  target?: Element | null;
  /** `pt-BR`, `en` or `es`. Default: the browser's language, else `en`. */
  lang?: Lang | (string & {});
  /** The panel title. Default "Chat with us", translated. */
  title?: string;
  /** A first line shown in an empty conversation. */
  greeting?: string;
  /** The corner the launcher and panel sit in. Default `right`. */
  position?: "right" | "left";
  /** Accent colour: hex, or a functional or named CSS colour. */
  color?: string;
  /** `auto` follows `prefers-color-scheme`. Default `auto`. */
  theme?: "light" | "dark" | "auto";
  /** Opens the panel at start. Default `false`. */
  open?: boolean;
  /** CSP nonce for the `<style>` the widget inserts where constructable stylesheets are missing. */
  nonce?: string;
  /** Idle seconds (0 to 86400) before the inactivity warning; `0` turns inactivity messages off. Default 300. */
  inactivityWarning?: number;
  /** Further idle seconds (0 to 86400) after the warning before the final message, which ends the conversation; `0` means no final step. Default 300. */
  inactivityFinal?: number;
}

/** A text block of a message. */
export interface TextBlock {
  type: "text";
  text: string;
}

/** An image uploaded to the conversation. */
export interface ImageBlock {
  type: "image";
  file_id: string;
}

/** Any other file uploaded to the conversation. */
export interface FileBlock {
  type: "file";
  file_id: string;
}

/** A block of a type this version of the widget does not know (the API may add types). */
export interface UnknownBlock {
  type: "unknown";
}

/** One block of a message's content, told apart by `type`. */
export type ContentBlock = TextBlock | ImageBlock | FileBlock | UnknownBlock;

/** A stored message, as the Quintus Public Chat API returns it. */
export interface Message {
  /** Message id; ids sort in creation order. */
  id: string;
  role: "user" | "assistant";
  content: ContentBlock[];
  /** RFC 3339 creation time. */
  created_at: string;
  /** Free-form metadata; null when the message has none. */
  metadata?: Record<string, unknown> | null;
}

/** The payload of the `error` event. */
export interface ChatError {
  code: string;
  /** The text the widget shows the visitor. */
  message: string;
}

/** Each event and what its callback receives. */
export interface ChatEvents {
  /** Fires once, before any other event. Listening after it fired calls back at once. */
  ready: undefined;
  /** The panel opened. */
  open: undefined;
  /** The panel closed. */
  close: undefined;
  /** An assistant reply completed. */
  message: Message;
  /** The number of unread replies changed. */
  unread: number;
  /** The widget shows an error. */
  error: ChatError;
}

/** A name of an event {@link ChatApi.on} listens to. */
export type ChatEventName = keyof ChatEvents;

/** Visitor data sent when the next conversation is created (`user_data`). */
export interface UserData {
  name?: string;
  email?: string;
  external_id?: string;
  [key: string]: unknown;
}

/** A mounted widget. The script tag's `window.QuintusChat` is the same object. */
export interface ChatApi {
  /** Shows the panel. */
  open(): void;
  /** Hides the panel. */
  close(): void;
  /** Shows the panel if hidden, hides it if shown. */
  toggle(): void;
  /** Sends `text` as the visitor. */
  send(text: string): void;
  /** Forgets this conversation; the next message starts a new one. */
  reset(): void;
  /** Removes every node, listener and piece of state of the widget. */
  destroy(): void;
  /** Visitor data sent when the next conversation is created; `null` clears it. */
  setUser(user: UserData | null): void;
  /** Page context sent when the next conversation is created; `null` clears it. */
  setContext(context: Record<string, unknown> | null): void;
  /**
   * Listens to `event`; returns a function that stops listening. An unknown event name throws.
   */
  on<E extends ChatEventName>(event: E, callback: (payload: ChatEvents[E]) => void): () => void;
}

/**
 * Loads the widget's wasm (once, however many widgets are mounted) and mounts a widget into
 * `options.target`, in an open shadow root. Rejects when `agentId` or `apiKey` is missing or
 * the wasm cannot load. A bad optional value logs a console error and uses its default.
 */
export function mount(options: MountOptions): Promise<ChatApi>;
