/** The chat console's HTTP calls and query keys (all through `api()` and TanStack Query). */
import { api } from "../api/client";
import type {
  CannedRendered,
  CannedResponse,
  ChatConversation,
  ChatPresence,
  ChatState,
  Customer,
  Page,
  PresenceStatus,
  Queue,
} from "../api/types";

export const presenceKey = ["chat", "presence"] as const;
export const conversationsKey = (state: ChatState) => ["chat", "conversations", state] as const;
export const conversationKey = (id: number) => ["chat", "conversation", id] as const;
export const chatCannedKey = (queueId: number) => ["canned", queueId] as const;
export const chatQueuesKey = ["queues"] as const;
/** The same key the other pages use for a customer file (every read of one is audited). */
export const customerFileKey = (id: number) => ["customer", id] as const;

export const fetchPresence = () => api<ChatPresence>("/chat/presence/");

export const setPresence = (status: PresenceStatus) =>
  api<ChatPresence>("/chat/presence/", { body: { status } });

export const fetchConversations = (state: ChatState) =>
  api<Page<ChatConversation>>("/chat/conversations/", { query: { state, page_size: 100 } });

export const fetchConversation = (id: number) => api<ChatConversation>(`/chat/conversations/${id}/`);

const command = (id: number, verb: string, body?: unknown) =>
  api<unknown>(`/chat/conversations/${id}/${verb}/`, { method: "POST", body });

export const acceptConversation = (id: number) => command(id, "accept");
export const endConversation = (id: number) => command(id, "end");
export const joinConversation = (id: number) => command(id, "join");
export const takeoverConversation = (id: number) => command(id, "takeover");

export type TransferTarget = { to_user: number } | { to_queue: number };

export const transferConversation = (id: number, target: TransferTarget, note: string) =>
  command(id, "transfer", { ...target, note });

export const convertConversation = (id: number) =>
  api<{ ticket: number }>(`/chat/conversations/${id}/convert/`, { method: "POST" });

export const fetchQueues = () => api<Page<Queue>>("/queues/", { query: { page_size: 200 } });

export const fetchCanned = (queueId: number) =>
  api<Page<CannedResponse>>("/canned-responses/", { query: { queue: queueId, page_size: 200 } });

/** Placeholders are filled for the chat's work item (a conversation's id is its item's). */
export const renderCanned = (cannedId: number, item: number) =>
  api<CannedRendered>(`/canned-responses/${cannedId}/render/`, { body: { item } });

export const fetchCustomer = (id: number) => api<Customer>(`/customers/${id}/`);

/** The read marks a conversation row carries. */
export const readMarksOf = (conversation: ChatConversation) => ({
  visitor: conversation.visitor_last_read_seq ?? 0,
  agent: conversation.agent_last_read_seq ?? 0,
});

/** `agent` / `queue` arrive as an object in lists and maybe as an id in socket frames. */
export const idOf = (value: number | { id: number } | null | undefined): number | null =>
  value == null ? null : typeof value === "number" ? value : value.id;
