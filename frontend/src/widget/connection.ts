/**
 * The visitor's live-chat connection (docs/chat-protocol.md), with no DOM in it:
 * history over HTTP, then `/ws/chat/visitor/?token=` with `hello {last_seq}`; messages kept by
 * `seq` (duplicates dropped, out-of-order arrivals sorted); an outbox of unacknowledged messages
 * resent with the same `client_id` after every `ready`; reconnect with backoff and jitter.
 */
import { backoffDelay, type SocketLike } from "../api/ws";
import type { ChatMessage, ConversationInfo, HistoryPage, PendingMessage } from "./types";

export type ConnectionStatus = "idle" | "connecting" | "open" | "reconnecting" | "closed";

export type ConnectionEvent =
  | { type: "status"; status: ConnectionStatus }
  | { type: "messages" }
  | { type: "typing"; name: string | null }
  | { type: "read"; seq: number }
  | { type: "conversation"; conversation: ConversationInfo }
  | { type: "error"; code: string; message: string; ref?: string }
  /** The server refused the token (4401/4404): the conversation is gone for this visitor. */
  | { type: "rejected"; code: number };

type Listener = (event: ConnectionEvent) => void;

/** Close codes after which reconnecting is pointless. */
const FINAL_CLOSE_CODES = new Set([4401, 4403, 4404]);
/** Refusals of one message that a resend cannot fix. */
const FINAL_MESSAGE_ERRORS = new Set([
  "message_too_long",
  "body_required",
  "invalid_client_id",
  "conversation_ended",
]);
export const HISTORY_PAGE = 500;
export const MAX_MESSAGE_CHARS = 4000;

export interface WidgetConnectionOptions {
  conversation: number;
  /** The full websocket address, token included. */
  url: string;
  history: (conversation: number, after: number) => Promise<HistoryPage>;
  connect?: (url: string) => SocketLike;
  outbox?: PendingMessage[];
  minDelayMs?: number;
  maxDelayMs?: number;
  random?: () => number;
  newId?: () => string;
  now?: () => number;
  /** The agent's read mark known from HTTP (the conversation's `agent_last_read_seq`). */
  agentReadSeq?: number;
  /** `typing: true` is sent at most this often while the visitor types. */
  typingEveryMs?: number;
  /** After this long without a keystroke, `typing: false`. */
  typingIdleMs?: number;
  pingEveryMs?: number;
}

export function uuid4(): string {
  const c = globalThis.crypto;
  if (c && typeof c.randomUUID === "function") return c.randomUUID();
  // Pages over plain http lack randomUUID; getRandomValues is there.
  const bytes = new Uint8Array(16);
  c.getRandomValues(bytes);
  bytes[6] = (bytes[6]! & 0x0f) | 0x40;
  bytes[8] = (bytes[8]! & 0x3f) | 0x80;
  const hex = Array.from(bytes, (b) => b.toString(16).padStart(2, "0")).join("");
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

export class WidgetConnection {
  status: ConnectionStatus = "idle";
  /** The highest seq the agent has read (from `read` frames). */
  agentReadSeq = 0;
  agentTyping: string | null = null;

  private readonly byseq = new Map<number, ChatMessage>();
  private readonly outbox = new Map<string, PendingMessage>();
  private readonly listeners = new Set<Listener>();
  private socket: SocketLike | null = null;
  private ready = false;
  private stopped = true;
  private attempt = 0;
  private reconnectTimer: ReturnType<typeof setTimeout> | null = null;
  private retryTimer: ReturnType<typeof setTimeout> | null = null;
  private typingIdleTimer: ReturnType<typeof setTimeout> | null = null;
  private agentTypingTimer: ReturnType<typeof setTimeout> | null = null;
  private pingTimer: ReturnType<typeof setInterval> | null = null;
  private typingSentAt = 0;
  private typingOn = false;
  private readSent = 0;
  private readWanted = 0;
  private lastFrameAt = 0;
  private readonly o: Required<Omit<WidgetConnectionOptions, "outbox" | "agentReadSeq">>;

  constructor(options: WidgetConnectionOptions) {
    this.o = {
      connect: (url) => new WebSocket(url) as unknown as SocketLike,
      minDelayMs: 500,
      maxDelayMs: 15000,
      random: Math.random,
      newId: uuid4,
      now: Date.now,
      typingEveryMs: 3000,
      typingIdleMs: 4000,
      pingEveryMs: 25000,
      ...options,
    };
    for (const item of options.outbox ?? []) this.outbox.set(item.client_id, item);
    this.agentReadSeq = options.agentReadSeq ?? 0;
  }

  subscribe(listener: Listener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** Messages ordered by seq. */
  get messages(): ChatMessage[] {
    return [...this.byseq.values()].sort((a, b) => a.seq - b.seq);
  }

  /** Messages sent but not acknowledged yet (in the order they were written). */
  get pending(): PendingMessage[] {
    return [...this.outbox.values()];
  }

  get lastSeq(): number {
    let last = 0;
    for (const seq of this.byseq.keys()) if (seq > last) last = seq;
    return last;
  }

  /** History over HTTP from the start, then the socket. */
  async start(): Promise<void> {
    this.stopped = false;
    this.setStatus("connecting");
    try {
      await this.reloadHistory();
    } catch (error) {
      const status = (error as { status?: number }).status;
      if (status === 401 || status === 403 || status === 404) {
        this.stop();
        this.emit({ type: "rejected", code: status });
        return;
      }
      // The socket's replay brings what the HTTP call could not.
    }
    if (!this.stopped) this.open();
  }

  stop(): void {
    this.stopped = true;
    this.ready = false;
    for (const timer of [this.reconnectTimer, this.retryTimer, this.typingIdleTimer, this.agentTypingTimer])
      if (timer) clearTimeout(timer);
    if (this.pingTimer) clearInterval(this.pingTimer);
    this.reconnectTimer = this.retryTimer = this.typingIdleTimer = this.agentTypingTimer = null;
    this.pingTimer = null;
    const socket = this.socket;
    this.socket = null;
    if (socket) {
      socket.onclose = null;
      socket.onmessage = null;
      socket.close(1000);
    }
    this.setStatus("closed");
  }

  /** Every message after the highest seq we hold, page by page (500 at most per call). */
  async reloadHistory(): Promise<void> {
    for (;;) {
      const after = this.lastSeq;
      const page = await this.o.history(this.o.conversation, after);
      for (const message of page.results) this.receive(message, false);
      this.emit({ type: "messages" });
      if (page.results.length < HISTORY_PAGE || this.lastSeq <= after || this.lastSeq >= page.last_seq) return;
    }
  }

  /** Adds a stored message (from the socket, history or an upload's answer); false if known. */
  receive(message: ChatMessage, notify = true): boolean {
    if (message.internal || !(message.seq > 0)) return false;
    if (message.client_id && this.outbox.delete(message.client_id) && notify) this.emit({ type: "messages" });
    if (this.byseq.has(message.seq)) return false;
    this.byseq.set(message.seq, message);
    if (message.sender === "agent" && this.agentTyping) this.setAgentTyping(null);
    if (notify) this.emit({ type: "messages" });
    return true;
  }

  /** Queues a message (sent now if the socket is ready, else after the next `ready`). */
  send(body: string): PendingMessage | null {
    const text = body.trim();
    if (!text || text.length > MAX_MESSAGE_CHARS) return null;
    const item: PendingMessage = { client_id: this.o.newId(), body: text, created_at: new Date(this.o.now()).toISOString() };
    this.outbox.set(item.client_id, item);
    this.typing(false);
    if (this.ready) this.transmit(item);
    this.emit({ type: "messages" });
    return item;
  }

  /** Call on every keystroke (true) and when the input empties or loses focus (false). */
  typing(isTyping: boolean): void {
    if (this.typingIdleTimer) clearTimeout(this.typingIdleTimer);
    this.typingIdleTimer = null;
    if (!isTyping) {
      if (this.typingOn) this.frame({ type: "typing", is_typing: false });
      this.typingOn = false;
      return;
    }
    const now = this.o.now();
    if (!this.typingOn || now - this.typingSentAt >= this.o.typingEveryMs) {
      if (this.frame({ type: "typing", is_typing: true })) {
        this.typingOn = true;
        this.typingSentAt = now;
      }
    }
    this.typingIdleTimer = setTimeout(() => this.typing(false), this.o.typingIdleMs);
  }

  /** The highest seq shown to the visitor: sent once per new value (after `ready` if not yet). */
  markRead(seq: number): void {
    if (seq <= this.readWanted) return;
    this.readWanted = seq;
    this.flushRead();
  }

  private flushRead() {
    if (this.ready && this.readWanted > this.readSent && this.frame({ type: "read", seq: this.readWanted }))
      this.readSent = this.readWanted;
  }

  private setStatus(status: ConnectionStatus) {
    if (this.status === status) return;
    this.status = status;
    this.emit({ type: "status", status });
  }

  private emit(event: ConnectionEvent) {
    for (const listener of [...this.listeners]) listener(event);
  }

  private frame(data: Record<string, unknown>): boolean {
    if (!this.socket || !this.ready) return false;
    try {
      this.socket.send(JSON.stringify(data));
      return true;
    } catch {
      return false;
    }
  }

  private transmit(item: PendingMessage) {
    if (!item.failed) this.frame({ type: "message.send", client_id: item.client_id, body: item.body });
  }

  private open() {
    if (this.stopped) return;
    this.ready = false;
    const socket = this.o.connect(this.o.url);
    this.socket = socket;
    socket.onopen = () => {
      this.lastFrameAt = this.o.now();
      socket.send(JSON.stringify({ type: "hello", last_seq: this.lastSeq }));
    };
    socket.onmessage = (event: MessageEvent) => {
      this.lastFrameAt = this.o.now();
      let data: Record<string, unknown>;
      try {
        data = JSON.parse(String(event.data)) as Record<string, unknown>;
      } catch {
        return;
      }
      this.handle(data);
    };
    socket.onclose = (event: CloseEvent) => this.closed(socket, event.code);
  }

  private closed(socket: SocketLike, code: number) {
    if (socket !== this.socket) return;
    this.socket = null;
    this.ready = false;
    this.typingOn = false;
    if (this.pingTimer) clearInterval(this.pingTimer);
    this.pingTimer = null;
    this.setAgentTyping(null);
    if (this.stopped) return;
    if (FINAL_CLOSE_CODES.has(code)) {
      this.stopped = true;
      this.setStatus("closed");
      this.emit({ type: "rejected", code });
      return;
    }
    this.setStatus("reconnecting");
    const delay = backoffDelay(this.attempt++, this.o.minDelayMs, this.o.maxDelayMs, this.o.random);
    this.reconnectTimer = setTimeout(() => {
      this.reconnectTimer = null;
      this.open();
    }, delay);
  }

  /** Open a new socket now (e.g. the browser came back online) instead of waiting. */
  reconnectNow(): void {
    if (this.stopped || this.socket) return;
    if (this.reconnectTimer) clearTimeout(this.reconnectTimer);
    this.reconnectTimer = null;
    this.open();
  }

  private onReady() {
    this.ready = true;
    this.attempt = 0;
    this.setStatus("open");
    for (const item of this.outbox.values()) this.transmit(item);
    this.readSent = 0;
    this.flushRead();
    if (this.pingTimer) clearInterval(this.pingTimer);
    this.pingTimer = setInterval(() => {
      // Two intervals without a single frame: the connection is dead even if no close came.
      if (this.o.now() - this.lastFrameAt > 2 * this.o.pingEveryMs + 1000) {
        const socket = this.socket;
        if (socket) {
          socket.onclose = null;
          socket.close(4000);
          this.closed(socket, 4000);
        }
        return;
      }
      this.frame({ type: "ping" });
    }, this.o.pingEveryMs);
  }

  private handle(data: Record<string, unknown>) {
    switch (data.type) {
      case "ready":
        this.onReady();
        break;
      case "message.new":
        if (data.message && typeof data.message === "object") this.receive(data.message as ChatMessage);
        break;
      case "message.ack":
        this.acknowledged(data);
        break;
      case "typing":
        if (data.sender !== "visitor") this.setAgentTyping(data.is_typing ? String(data.name ?? "") : null);
        break;
      case "read":
        if (data.reader !== "visitor" && typeof data.seq === "number" && data.seq > this.agentReadSeq) {
          this.agentReadSeq = data.seq;
          this.emit({ type: "read", seq: data.seq });
        }
        break;
      case "conversation.updated":
        if (data.conversation && typeof data.conversation === "object")
          this.emit({ type: "conversation", conversation: data.conversation as ConversationInfo });
        break;
      case "resync":
        void this.reloadHistory().catch(() => undefined);
        break;
      case "error":
        this.refused(data);
        break;
      default:
        break; // pong, heartbeat.ack and anything newer
    }
  }

  private acknowledged(data: Record<string, unknown>) {
    const clientId = String(data.client_id ?? "");
    const item = this.outbox.get(clientId);
    if (!item) return;
    this.outbox.delete(clientId);
    const seq = Number(data.seq);
    if (seq > 0 && !this.byseq.has(seq)) {
      // The echo (message.new) may come later or not at all: show it from the ack.
      this.byseq.set(seq, {
        id: Number(data.id),
        seq,
        client_id: clientId,
        sender: "visitor",
        author: null,
        body: item.body,
        attachment: null,
        created_at: item.created_at,
      });
    }
    this.emit({ type: "messages" });
  }

  private refused(data: Record<string, unknown>) {
    const code = String(data.code ?? "error");
    const message = String(data.message ?? code);
    const ref = typeof data.ref === "string" ? data.ref : undefined;
    const item = ref ? this.outbox.get(ref) : undefined;
    if (item && FINAL_MESSAGE_ERRORS.has(code)) {
      item.failed = message;
      this.emit({ type: "messages" });
    } else if (item && code === "rate_limited" && !this.retryTimer) {
      this.retryTimer = setTimeout(() => {
        this.retryTimer = null;
        for (const pending of this.outbox.values()) this.transmit(pending);
      }, 5000);
    }
    this.emit({ type: "error", code, message, ...(ref ? { ref } : {}) });
  }

  private setAgentTyping(name: string | null) {
    if (this.agentTypingTimer) clearTimeout(this.agentTypingTimer);
    this.agentTypingTimer = null;
    // A lost "stopped typing" must not leave the indicator on for ever.
    if (name !== null) this.agentTypingTimer = setTimeout(() => this.setAgentTyping(null), 8000);
    if (this.agentTyping === name) return;
    this.agentTyping = name;
    this.emit({ type: "typing", name });
  }

  /** Removes a message the server refused for good (the visitor dismissed it). */
  discard(clientId: string): void {
    if (this.outbox.delete(clientId)) this.emit({ type: "messages" });
  }
}
