/** The visitor side of the live-chat protocol (docs/chat-protocol.md), as the widget sees it. */

export type Sender = "visitor" | "agent" | "system";

export interface ChatAttachment {
  id?: number;
  /** The server sends `name`; `filename` is accepted too. */
  name?: string;
  filename?: string;
  content_type?: string;
  size?: number;
  url?: string;
}

export interface ChatMessage {
  id: number;
  seq: number;
  client_id: string | null;
  sender: Sender;
  internal?: boolean;
  author: { id?: number; name: string } | null;
  body: string;
  attachment: ChatAttachment | null;
  created_at: string;
}

/** A message the visitor sent that the server has not acknowledged yet. */
export interface PendingMessage {
  client_id: string;
  body: string;
  created_at: string;
  /** Set when the server refused it for good (the error's message); it is not resent. */
  failed?: string;
}

/** `agent` is `{"name"}` over HTTP; the websocket may send an object or a plain name. */
export type AgentRef = { id?: number; name?: string } | string | number | null | undefined;

export interface ConversationInfo {
  id: number;
  state: string;
  queue_position?: number | null;
  agent?: AgentRef;
  ended_at?: string | null;
  /** The highest seq the agent has read (HTTP detail only). */
  agent_last_read_seq?: number;
  rating?: { score: number; comment?: string } | null;
}

export interface WidgetStatus {
  queue: string;
  name: string;
  open: boolean;
  agents_online: number;
  waiting: number;
  expected_wait_seconds: number;
}

export interface StartAnswer {
  conversation: number;
  token: string;
  visitor: { id: number; name: string };
  state: string;
}

export interface HistoryPage {
  results: ChatMessage[];
  last_seq: number;
}

export interface VisitorDetails {
  name: string;
  contact: string;
  topic: string;
  message?: string;
}

export function agentName(agent: AgentRef): string | null {
  if (!agent) return null;
  if (typeof agent === "string") return agent;
  if (typeof agent === "object" && agent.name) return agent.name;
  return null;
}

export function isEnded(state: string | undefined): boolean {
  return state === "ended" || state === "closed";
}
