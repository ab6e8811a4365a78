/**
 * The agent chat client's vocabulary: timings, the shapes it hands to React, and the per-
 * conversation message store (ordered by `seq`, duplicates dropped). See connection.ts.
 */
import { api } from "../api/client";
import type { ChatConversationUpdate, ChatHistory, ChatMessage, ChatSender } from "../api/types";
import type { SocketLike } from "../api/ws";

export const HEARTBEAT_MS = 15_000;
/** No frame at all for this long (heartbeats are answered): the socket is dead, reconnect. */
export const SILENCE_MS = 45_000;
/** At most one `typing: true` per this many ms while the agent keeps typing. */
export const TYPING_THROTTLE_MS = 3_000;
/** `typing: false` after this long without a keystroke. */
export const TYPING_IDLE_MS = 4_000;
/** A peer's typing indicator goes away when no new `typing` frame comes for this long. */
export const TYPING_EXPIRY_MS = 6_000;
export const HISTORY_PAGE = 500;
export const MESSAGE_MAX_CHARS = 4_000;
export const RATE_LIMIT_RETRY_MS = 3_000;
export const CLOSE_FORBIDDEN = 4403;

export type ConnectionStatus =
  | "connecting"
  | "syncing"
  | "ready"
  | "offline"
  | "unauthenticated" // 4401: signed out
  | "forbidden"; // 4403: an origin that is not allowed, or a user who may not chat

export interface OutboxEntry {
  clientId: string;
  conversation: number;
  body: string;
  internal: boolean;
  status: "pending" | "failed";
  error?: string;
}

export interface PeerTyping {
  sender: ChatSender;
  name: string;
}

/** A message as shown; `local` when it is built from our own ack before its broadcast came. */
export type ShownMessage = ChatMessage & { local?: boolean };

/** What the console shows of one conversation (a new object whenever something changed). */
export interface ConversationView {
  id: number;
  messages: ShownMessage[];
  outbox: OutboxEntry[];
  /** The highest seq held. */
  lastSeq: number;
  /** What the visitor has shown (their `read`). */
  visitorReadSeq: number;
  /** What this agent has shown (the unread count is the visitor's messages after it). */
  agentReadSeq: number;
  typing: PeerTyping | null;
  loading: boolean;
}

export type ChatEvent =
  | { type: "status"; status: ConnectionStatus }
  | { type: "message"; conversation: number; message: ChatMessage; replay: boolean }
  | { type: "updated"; conversation: ChatConversationUpdate }
  | { type: "offered"; conversation: { id: number } & Record<string, unknown> }
  | { type: "ready"; conversations: Record<string, number> }
  | { type: "resync"; conversation: number }
  | { type: "error"; code: string; message: string; conversation?: number; ref?: string };

export interface AgentChatOptions {
  url?: string;
  /** How to open a socket (tests pass a fake). */
  connect?: (url: string) => SocketLike;
  /** A page of history after `after` (default: `GET /chat/conversations/{id}/messages/`). */
  loadHistory?: (conversation: number, after: number) => Promise<ChatHistory>;
  /** Who "we" are, for our own messages shown from an ack. */
  self?: { id: number; name: string };
  minDelayMs?: number;
  maxDelayMs?: number;
  random?: () => number;
  newId?: () => string;
}

export { uuid4 } from "../common/uuid";

export function fetchHistory(conversation: number, after: number): Promise<ChatHistory> {
  return api<ChatHistory>(`/chat/conversations/${conversation}/messages/`, { query: { after } });
}

export class Conversation {
  bySeq = new Map<number, ShownMessage>();
  /** The highest seq up to which nothing is missing: what `hello` resumes from. */
  contiguous = 0;
  lastSeq = 0;
  visitorReadSeq = 0;
  agentReadSeq = 0;
  readSent = 0;
  typing: PeerTyping | null = null;
  typingTimer: ReturnType<typeof setTimeout> | null = null;
  loading = 0;
  filling = false;
  cached: ConversationView | null = null;

  constructor(readonly id: number) {}

  /** False when the seq is already held (a duplicate from replay, history or the doorbell). */
  add(message: ShownMessage): boolean {
    const held = this.bySeq.get(message.seq);
    if (held && !(held.local && !message.local)) return false;
    this.bySeq.set(message.seq, message);
    this.lastSeq = Math.max(this.lastSeq, message.seq);
    while (this.bySeq.has(this.contiguous + 1)) this.contiguous += 1;
    return !held;
  }
}
