/**
 * The agent's chat socket (`/ws/chat/agent/`, docs/chat-protocol.md), kept apart from React.
 *
 * One socket for every conversation the agent holds or watches. The database is the record:
 * this client keeps each conversation's messages ordered by `seq` (dropping any seq it already
 * has), resumes with the last seq it has after every reconnect, fills gaps and `resync`s from
 * HTTP, and keeps unacknowledged sends in an outbox that is resent with the same `client_id`
 * after `ready` (the server stores a client_id once, so a resend is never a second message).
 */
import type { ChatConversationUpdate, ChatMessage, ChatSender } from "../api/types";
import { backoffDelay, CLOSE_UNAUTHENTICATED, type SocketLike } from "../api/ws";
import {
  CLOSE_FORBIDDEN,
  Conversation,
  fetchHistory,
  HEARTBEAT_MS,
  HISTORY_PAGE,
  MESSAGE_MAX_CHARS,
  RATE_LIMIT_RETRY_MS,
  SILENCE_MS,
  TYPING_EXPIRY_MS,
  TYPING_IDLE_MS,
  TYPING_THROTTLE_MS,
  uuid4,
  type AgentChatOptions,
  type ChatEvent,
  type ConnectionStatus,
  type ConversationView,
  type OutboxEntry,
  type ShownMessage,
} from "./protocol";

export * from "./protocol";

type Listener = (event: ChatEvent) => void;

export class AgentChatConnection {
  private socket: SocketLike | null = null;
  private conversations = new Map<number, Conversation>();
  private tracked = new Set<number>();
  private outbox: OutboxEntry[] = [];
  private listeners = new Set<Listener>();
  private changeListeners = new Set<() => void>();
  private attempt = 0;
  private reconnectTimer: ReturnType<typeof setTimeout> | null = null;
  private heartbeatTimer: ReturnType<typeof setInterval> | null = null;
  private retryTimer: ReturnType<typeof setTimeout> | null = null;
  private typingSent = new Map<number, { at: number; idle: ReturnType<typeof setTimeout> }>();
  private lastFrameAt = 0;
  private stopped = true;
  private replaying = false;
  private emptyViews = new Map<number, ConversationView>();
  private readonly options: Required<Omit<AgentChatOptions, "self">> & Pick<AgentChatOptions, "self">;
  status: ConnectionStatus = "offline";

  constructor(options: AgentChatOptions = {}) {
    const scheme = window.location.protocol === "https:" ? "wss" : "ws";
    this.options = {
      url: options.url ?? `${scheme}://${window.location.host}/ws/chat/agent/`,
      connect: options.connect ?? ((url) => new WebSocket(url) as unknown as SocketLike),
      loadHistory: options.loadHistory ?? fetchHistory,
      self: options.self,
      minDelayMs: options.minDelayMs ?? 500,
      maxDelayMs: options.maxDelayMs ?? 15_000,
      random: options.random ?? Math.random,
      newId: options.newId ?? uuid4,
    };
  }

  // --- subscriptions ---------------------------------------------------------------------

  /** Protocol events (new messages, offers, updates, errors). */
  on(listener: Listener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** Anything shown changed (for `useSyncExternalStore`). */
  subscribe = (listener: () => void): (() => void) => {
    this.changeListeners.add(listener);
    return () => this.changeListeners.delete(listener);
  };

  private emit(event: ChatEvent) {
    for (const listener of this.listeners) listener(event);
  }

  private changed(conversation?: Conversation) {
    if (conversation) conversation.cached = null;
    for (const listener of this.changeListeners) listener();
  }

  // --- lifecycle -------------------------------------------------------------------------

  start(): void {
    if (!this.stopped) return;
    this.stopped = false;
    this.open();
  }

  stop(): void {
    this.stopped = true;
    this.clearTimers();
    for (const [id] of this.typingSent) this.stopTyping(id);
    const socket = this.socket;
    this.socket = null;
    if (socket) {
      socket.onclose = null;
      socket.onmessage = null;
      socket.close(1000);
    }
    this.setStatus("offline");
  }

  private clearTimers() {
    if (this.reconnectTimer) clearTimeout(this.reconnectTimer);
    if (this.heartbeatTimer) clearInterval(this.heartbeatTimer);
    if (this.retryTimer) clearTimeout(this.retryTimer);
    this.reconnectTimer = null;
    this.heartbeatTimer = null;
    this.retryTimer = null;
  }

  private setStatus(status: ConnectionStatus) {
    if (this.status === status) return;
    this.status = status;
    this.emit({ type: "status", status });
    this.changed();
  }

  private open() {
    this.setStatus("connecting");
    const socket = this.options.connect(this.options.url);
    this.socket = socket;
    socket.onopen = () => {
      this.lastFrameAt = Date.now();
      this.replaying = true;
      this.setStatus("syncing");
      this.transmit({ type: "hello", resume: this.resumeMap() });
      this.heartbeatTimer = setInterval(() => this.heartbeat(), HEARTBEAT_MS);
    };
    socket.onmessage = (message: MessageEvent) => {
      this.lastFrameAt = Date.now();
      let frame: Record<string, unknown>;
      try {
        frame = JSON.parse(String(message.data)) as Record<string, unknown>;
      } catch {
        return; // not JSON: ignored, the socket stays up
      }
      this.handle(frame);
    };
    socket.onclose = (event: CloseEvent) => this.closed(event.code);
  }

  private closed(code: number) {
    this.socket = null;
    this.replaying = false;
    this.clearTimers();
    if (code === CLOSE_UNAUTHENTICATED || code === CLOSE_FORBIDDEN) {
      // Reconnecting would be refused again.
      this.stopped = true;
      this.setStatus(code === CLOSE_UNAUTHENTICATED ? "unauthenticated" : "forbidden");
      return;
    }
    this.setStatus("offline");
    if (this.stopped) return;
    const delay = backoffDelay(
      this.attempt++,
      this.options.minDelayMs,
      this.options.maxDelayMs,
      this.options.random,
    );
    this.reconnectTimer = setTimeout(() => {
      this.reconnectTimer = null;
      if (!this.stopped) this.open();
    }, delay);
  }

  private heartbeat() {
    if (Date.now() - this.lastFrameAt > SILENCE_MS) {
      // Heartbeats go unanswered: the network is gone without a close. Drop it and reconnect.
      const socket = this.socket;
      if (socket) {
        socket.onclose = null;
        socket.onmessage = null;
        socket.close(4000);
      }
      this.closed(1006);
      return;
    }
    this.transmit({ type: "heartbeat" });
  }

  private transmit(frame: Record<string, unknown>): boolean {
    if (!this.socket || this.socket.readyState !== 1) return false;
    this.socket.send(JSON.stringify(frame));
    return true;
  }

  private get isReady() {
    return this.status === "ready" && !!this.socket;
  }

  // --- conversations ---------------------------------------------------------------------

  private conversation(id: number): Conversation {
    let conversation = this.conversations.get(id);
    if (!conversation) {
      conversation = new Conversation(id);
      this.conversations.set(id, conversation);
    }
    return conversation;
  }

  /** `{conversation id: last seq held}` for every open conversation. */
  resumeMap(): Record<string, number> {
    const resume: Record<string, number> = {};
    for (const id of this.tracked) resume[String(id)] = this.conversation(id).contiguous;
    return resume;
  }

  /** Open a conversation in the console: its history comes over HTTP, then it stays live. */
  track(id: number, marks?: { visitor?: number; agent?: number }): void {
    const conversation = this.conversation(id);
    if (marks) this.setReadMarks(id, marks);
    if (this.tracked.has(id)) return;
    this.tracked.add(id);
    void this.load(conversation, conversation.contiguous);
  }

  untrack(id: number): void {
    this.tracked.delete(id);
    this.stopTyping(id);
  }

  /** The conversations open in the console, exactly these. */
  setTracked(ids: number[]): void {
    const wanted = new Set(ids);
    for (const id of [...this.tracked]) if (!wanted.has(id)) this.untrack(id);
    for (const id of ids) this.track(id);
  }

  isTracked(id: number): boolean {
    return this.tracked.has(id);
  }

  /** Read marks from the conversation's detail (they only move forward). */
  setReadMarks(id: number, marks: { visitor?: number; agent?: number }): void {
    const conversation = this.conversation(id);
    const visitor = Math.max(conversation.visitorReadSeq, marks.visitor ?? 0);
    const agent = Math.max(conversation.agentReadSeq, marks.agent ?? 0);
    if (visitor === conversation.visitorReadSeq && agent === conversation.agentReadSeq) return;
    conversation.visitorReadSeq = visitor;
    conversation.agentReadSeq = agent;
    conversation.readSent = Math.max(conversation.readSent, marks.agent ?? 0);
    this.changed(conversation);
  }

  /** Reload history after `after` over HTTP, page by page; merges (duplicates are dropped). */
  private async load(conversation: Conversation, after: number): Promise<void> {
    conversation.loading += 1;
    this.changed(conversation);
    try {
      let from = after;
      for (let page = 0; page < 100; page += 1) {
        const history = await this.options.loadHistory(conversation.id, from);
        for (const message of history.results) this.accept(conversation, message, true);
        if (history.results.length < HISTORY_PAGE) break;
        from = history.results[history.results.length - 1]!.seq;
      }
    } catch (error) {
      this.emit({
        type: "error",
        code: "history_failed",
        message: error instanceof Error ? error.message : String(error),
        conversation: conversation.id,
      });
    } finally {
      conversation.loading -= 1;
      this.changed(conversation);
    }
  }

  /** A hole before a live message (the doorbell is at-most-once): fetch what is missing. */
  private fillGap(conversation: Conversation) {
    if (conversation.filling) return;
    conversation.filling = true;
    void this.load(conversation, conversation.contiguous).finally(() => {
      conversation.filling = false;
    });
  }

  private accept(conversation: Conversation, message: ShownMessage, replay: boolean): boolean {
    if (typeof message.seq !== "number") return false;
    const isNew = conversation.add(message);
    if (message.client_id) this.dropFromOutbox(message.client_id);
    if (message.sender !== "agent" && conversation.typing?.sender === message.sender) {
      this.clearTyping(conversation);
    }
    this.changed(conversation);
    if (isNew) this.emit({ type: "message", conversation: conversation.id, message, replay });
    return isNew;
  }

  view(id: number): ConversationView {
    const conversation = this.conversations.get(id);
    if (!conversation) {
      let empty = this.emptyViews.get(id);
      if (!empty) {
        empty = {
          id,
          messages: [],
          outbox: [],
          lastSeq: 0,
          visitorReadSeq: 0,
          agentReadSeq: 0,
          typing: null,
          loading: false,
        };
        this.emptyViews.set(id, empty);
      }
      return empty;
    }
    if (!conversation.cached) {
      conversation.cached = {
        id,
        messages: [...conversation.bySeq.values()].sort((a, b) => a.seq - b.seq),
        outbox: this.outbox.filter((entry) => entry.conversation === id),
        lastSeq: conversation.lastSeq,
        visitorReadSeq: conversation.visitorReadSeq,
        agentReadSeq: conversation.agentReadSeq,
        typing: conversation.typing,
        loading: conversation.loading > 0,
      };
    }
    return conversation.cached;
  }

  // --- sending ---------------------------------------------------------------------------

  /** Queue a message (sent now when the socket is ready, else after the next `ready`). */
  send(conversationId: number, body: string, internal = false): string | null {
    const text = body.trim();
    if (!text || text.length > MESSAGE_MAX_CHARS) return null;
    const entry: OutboxEntry = {
      clientId: this.options.newId(),
      conversation: conversationId,
      body: text,
      internal,
      status: "pending",
    };
    this.outbox.push(entry);
    this.stopTyping(conversationId);
    this.changed(this.conversation(conversationId));
    if (this.isReady) this.transmitEntry(entry);
    return entry.clientId;
  }

  private transmitEntry(entry: OutboxEntry) {
    this.transmit({
      type: "message.send",
      conversation: entry.conversation,
      client_id: entry.clientId,
      body: entry.body,
      internal: entry.internal,
    });
  }

  private flushOutbox() {
    for (const entry of this.outbox) if (entry.status === "pending") this.transmitEntry(entry);
  }

  /** Forget a message that failed (the composer shows it until dismissed). */
  discard(clientId: string): void {
    this.dropFromOutbox(clientId);
  }

  /** Try a failed message again, with the same client_id. */
  retry(clientId: string): void {
    const entry = this.outbox.find((e) => e.clientId === clientId);
    if (!entry) return;
    entry.status = "pending";
    delete entry.error;
    this.changed(this.conversation(entry.conversation));
    if (this.isReady) this.transmitEntry(entry);
  }

  pending(): OutboxEntry[] {
    return [...this.outbox];
  }

  private dropFromOutbox(clientId: string) {
    const index = this.outbox.findIndex((e) => e.clientId === clientId);
    if (index < 0) return;
    const [entry] = this.outbox.splice(index, 1);
    this.changed(this.conversation(entry!.conversation));
  }

  /** Say "typing" (throttled); it turns off by itself after a pause, or on send. */
  typing(conversationId: number): void {
    const now = Date.now();
    const previous = this.typingSent.get(conversationId);
    if (previous) clearTimeout(previous.idle);
    let at = previous?.at ?? 0;
    if (!previous || now - previous.at >= TYPING_THROTTLE_MS) {
      if (this.isReady) this.transmit({ type: "typing", conversation: conversationId, is_typing: true });
      at = now;
    }
    const idle = setTimeout(() => this.stopTyping(conversationId), TYPING_IDLE_MS);
    this.typingSent.set(conversationId, { at, idle });
  }

  stopTyping(conversationId: number): void {
    const previous = this.typingSent.get(conversationId);
    if (!previous) return;
    clearTimeout(previous.idle);
    this.typingSent.delete(conversationId);
    if (this.isReady) this.transmit({ type: "typing", conversation: conversationId, is_typing: false });
  }

  /** The agent has shown everything up to `seq` (sent once per new high mark). */
  markRead(conversationId: number, seq: number): void {
    const conversation = this.conversation(conversationId);
    if (seq <= conversation.agentReadSeq && seq <= conversation.readSent) return;
    conversation.agentReadSeq = Math.max(conversation.agentReadSeq, seq);
    this.changed(conversation);
    this.sendRead(conversation);
  }

  private sendRead(conversation: Conversation) {
    if (conversation.agentReadSeq <= conversation.readSent || !this.isReady) return;
    if (this.transmit({ type: "read", conversation: conversation.id, seq: conversation.agentReadSeq })) {
      conversation.readSent = conversation.agentReadSeq;
    }
  }

  // --- receiving -------------------------------------------------------------------------

  private handle(frame: Record<string, unknown>) {
    const id = Number(frame.conversation);
    switch (frame.type) {
      case "ready":
        this.ready((frame.conversations as Record<string, number> | undefined) ?? {});
        break;
      case "message.new": {
        const message = frame.message as ChatMessage | undefined;
        if (!message) break;
        const conversation = this.conversation(id);
        this.accept(conversation, message, this.replaying);
        if (!this.replaying && conversation.contiguous < conversation.lastSeq) {
          this.fillGap(conversation);
        }
        break;
      }
      case "message.ack":
        this.acked(frame);
        break;
      case "typing":
        this.peerTyping(this.conversation(id), frame);
        break;
      case "read": {
        const conversation = this.conversation(id);
        const seq = Number(frame.seq) || 0;
        if (frame.reader === "visitor" && seq > conversation.visitorReadSeq) {
          conversation.visitorReadSeq = seq;
          this.changed(conversation);
        } else if (frame.reader === "agent" && seq > conversation.agentReadSeq) {
          conversation.agentReadSeq = seq;
          conversation.readSent = Math.max(conversation.readSent, seq);
          this.changed(conversation);
        }
        break;
      }
      case "conversation.updated":
        this.emit({ type: "updated", conversation: frame.conversation as ChatConversationUpdate });
        break;
      case "conversation.offered": {
        const offered = frame.conversation;
        const conversation =
          offered && typeof offered === "object"
            ? (offered as { id: number } & Record<string, unknown>)
            : { id: Number(offered) };
        this.emit({ type: "offered", conversation });
        break;
      }
      case "resync":
        this.emit({ type: "resync", conversation: id });
        void this.load(this.conversation(id), 0);
        break;
      case "error":
        this.failed(frame);
        break;
      default:
        break; // heartbeat.ack, pong, and anything newer
    }
  }

  private ready(conversations: Record<string, number>) {
    this.replaying = false;
    this.attempt = 0;
    this.setStatus("ready");
    // Presence counts only while heartbeats arrive: beat now, not 15 s after (re)connecting.
    this.transmit({ type: "heartbeat" });
    for (const [key, last] of Object.entries(conversations)) {
      const conversation = this.conversation(Number(key));
      if (this.tracked.has(conversation.id) && Number(last) > conversation.contiguous) {
        this.fillGap(conversation);
      }
    }
    this.flushOutbox();
    for (const id of this.tracked) this.sendRead(this.conversation(id));
    this.emit({ type: "ready", conversations });
  }

  private acked(frame: Record<string, unknown>) {
    const clientId = String(frame.client_id ?? "");
    const entry = this.outbox.find((e) => e.clientId === clientId);
    if (!entry) return;
    this.dropFromOutbox(clientId);
    const conversation = this.conversation(Number(frame.conversation) || entry.conversation);
    const seq = Number(frame.seq);
    if (seq && !conversation.bySeq.has(seq)) {
      // Our own message, shown at once; its broadcast (if it comes) replaces this copy.
      this.accept(
        conversation,
        {
          id: Number(frame.id) || 0,
          seq,
          client_id: clientId,
          sender: "agent",
          internal: entry.internal,
          author: this.options.self ?? null,
          body: entry.body,
          attachment: null,
          created_at: new Date().toISOString(),
          local: true,
        },
        false,
      );
      if (conversation.contiguous < conversation.lastSeq) this.fillGap(conversation);
    }
  }

  private peerTyping(conversation: Conversation, frame: Record<string, unknown>) {
    if (conversation.typingTimer) clearTimeout(conversation.typingTimer);
    conversation.typingTimer = null;
    if (frame.is_typing) {
      conversation.typing = {
        sender: (frame.sender as ChatSender) ?? "visitor",
        name: String(frame.name ?? ""),
      };
      conversation.typingTimer = setTimeout(() => this.clearTyping(conversation), TYPING_EXPIRY_MS);
    } else {
      conversation.typing = null;
    }
    this.changed(conversation);
  }

  private clearTyping(conversation: Conversation) {
    if (conversation.typingTimer) clearTimeout(conversation.typingTimer);
    conversation.typingTimer = null;
    if (!conversation.typing) return;
    conversation.typing = null;
    this.changed(conversation);
  }

  private failed(frame: Record<string, unknown>) {
    const code = String(frame.code ?? "error");
    const message = String(frame.message ?? "");
    const ref = frame.ref ? String(frame.ref) : undefined;
    const entry = ref ? this.outbox.find((e) => e.clientId === ref) : undefined;
    if (entry && code === "rate_limited") {
      // Still pending: sent again (same client_id) in a moment.
      if (!this.retryTimer) {
        this.retryTimer = setTimeout(() => {
          this.retryTimer = null;
          if (this.isReady) this.flushOutbox();
        }, RATE_LIMIT_RETRY_MS);
      }
    } else if (entry) {
      entry.status = "failed";
      entry.error = message || code;
      this.changed(this.conversation(entry.conversation));
    }
    this.emit({
      type: "error",
      code,
      message,
      ref,
      conversation: entry?.conversation ?? (frame.conversation ? Number(frame.conversation) : undefined),
    });
  }
}
