/** The ticket view's server calls and query keys (all through `api()` and TanStack Query). */
import { api } from "../api/client";
import type {
  CannedRendered,
  CannedResponse,
  Page,
  Queue,
  Status,
  TicketDetail,
  TicketMessageResult,
  TicketRow,
  WorkItem,
  WorkItemEvent,
} from "../api/types";

export const ticketKey = (id: number) => ["ticket", id] as const;
export const eventsKey = (id: number) => ["ticket-events", id] as const;
export const queuesKey = ["queues"] as const;
export const queueKey = (id: number) => ["queue", id] as const;
export const cannedKey = (queueId: number) => ["canned", queueId] as const;
export const customerFileKey = (id: number) => ["customer", id] as const;

export const fetchTicket = (id: number) => api<TicketDetail>(`/tickets/${id}/`);

export const fetchEvents = (id: number) =>
  api<Page<WorkItemEvent>>(`/items/${id}/events/`, { query: { page_size: 200 } });

export const fetchQueues = () => api<Page<Queue>>("/queues/", { query: { page_size: 200 } });

export const fetchQueue = (id: number) => api<Queue>(`/queues/${id}/`);

export const fetchCanned = (queueId: number) =>
  api<Page<CannedResponse>>("/canned-responses/", { query: { queue: queueId, page_size: 200 } });

export const renderCanned = (cannedId: number, item: number) =>
  api<CannedRendered>(`/canned-responses/${cannedId}/render/`, { body: { item } });

export const takeItem = (id: number) => api<WorkItem>(`/items/${id}/take/`, { method: "POST" });

export const releaseItem = (id: number, reason = "") =>
  api<WorkItem>(`/items/${id}/release/`, { body: { reason } });

export const assignItem = (id: number, assignee: number, reason: string) =>
  api<WorkItem>(`/items/${id}/assign/`, { body: { assignee, reason } });

/** The answer is the item, or only `{id, queue}` when the caller can no longer see it. */
export type TransferResult = WorkItem | { id: number; queue: number };

export const transferItem = (id: number, queue: number, reason: string) =>
  api<TransferResult>(`/items/${id}/transfer/`, { body: { queue, reason } });

export const stillVisible = (result: TransferResult): result is WorkItem => "reference" in result;

export const updateItem = (id: number, changes: { priority?: number; tags?: string[] }) =>
  api<WorkItem>(`/items/${id}/`, { method: "PATCH", body: changes });

export const linkItem = (id: number, target: number, kind: string) =>
  api<{ source: number; target: number; kind: string }>(`/items/${id}/links/`, {
    body: { target, kind },
  });

export const setStatus = (id: number, status: Status, reason: string) =>
  api<TicketRow>(`/tickets/${id}/status/`, { body: { status, reason } });

export const mergeTicket = (id: number, into: number, reason: string) =>
  api<TicketDetail>(`/tickets/${id}/merge/`, { body: { into, reason } });

export interface MessageInput {
  kind: "reply" | "note";
  body: string;
  files: File[];
  status?: Status | null;
}

/** A reply or an internal note; multipart when files come with it. */
export function postMessage(id: number, input: MessageInput) {
  const path = `/tickets/${id}/${input.kind === "reply" ? "replies" : "notes"}/`;
  const status = input.kind === "reply" && input.status ? input.status : undefined;
  if (input.files.length === 0) {
    return api<TicketMessageResult>(path, { body: { body: input.body, ...(status && { status }) } });
  }
  const form = new FormData();
  form.append("body", input.body);
  if (status) form.append("status", status);
  for (const file of input.files) form.append("attachments", file);
  return api<TicketMessageResult>(path, { form });
}

/** "T-000042", "t42", "#42" or "42" → 42; anything else → null. */
export function parseReference(text: string): number | null {
  const match = /^\s*(?:[a-z]-?|#)?0*(\d+)\s*$/i.exec(text);
  if (!match) return null;
  const id = Number(match[1]);
  return Number.isSafeInteger(id) && id > 0 ? id : null;
}

/** A ticket's reference from its id (the server's `T-000042`). */
export const reference = (id: number) => `T-${String(id).padStart(6, "0")}`;
