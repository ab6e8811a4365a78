/**
 * Shapes and calls of the hotline APIs (`/api/v1/hotline/`, helpdesk/hotline/serializers.py).
 * A call's `id` is its work item's id (`H-000123`); a ring-back's is its work item's (`R-…`).
 */
import { api } from "../api/client";
import type { Kind, LinkKind, Page, QueueBrief, Status, TicketDetail, UserBrief, WorkItem } from "../api/types";

export const CALL_STATES = ["ringing", "answered", "missed", "abandoned", "voicemail"] as const;
export type CallState = (typeof CALL_STATES)[number];
/** The states a call logged by hand can have (it has ended). */
export const LOGGED_STATES = ["answered", "missed", "abandoned", "voicemail"] as const;
export type LoggedState = (typeof LOGGED_STATES)[number];
/** A call that ended without anyone speaking to the other party. */
export const UNANSWERED: readonly CallState[] = ["missed", "abandoned", "voicemail"];

export const DIRECTIONS = ["inbound", "outbound"] as const;
export type Direction = (typeof DIRECTIONS)[number];

export const OUTCOMES = [
  "resolved",
  "follow_up",
  "transferred",
  "message_left",
  "wrong_number",
  "nuisance",
  "other",
] as const;
export type CallOutcome = (typeof OUTCOMES)[number];

export interface CustomerBrief {
  id: number;
  name: string;
}

export interface CategoryBrief {
  id: number;
  name: string;
  queue: number | null;
}

/** A row of `GET /hotline/calls/`, and the `call.changed` payload. */
export interface CallRow {
  id: number;
  reference: string;
  item: {
    id: number;
    reference: string;
    subject: string;
    status: Status;
    status_display: string;
    assignee: UserBrief | null;
    due_at: string | null;
    /** The queue the work is in now (after a transfer, not the one the call came in on). */
    queue: QueueBrief;
  };
  source: "pbx" | "manual";
  source_display: string;
  direction: Direction;
  direction_display: string;
  state: CallState;
  state_display: string;
  /** E.164; empty when withheld. */
  from_number: string;
  to_number: string;
  queue: QueueBrief;
  agent: UserBrief | null;
  agent_extension: string;
  initiated_at: string;
  answered_at: string | null;
  ended_at: string | null;
  wait_seconds: number | null;
  talk_seconds: number | null;
  hangup_cause: string;
  outcome: CallOutcome | "";
  outcome_display: string;
  notes: string;
  wrapped_up_at: string | null;
  customer: CustomerBrief | null;
  matched_customers: CustomerBrief[];
  category: CategoryBrief | null;
  /** The ring-back this missed call folded into. */
  ringback: number | null;
  /** The work item this call was made about (a call back). */
  regarding: number | null;
}

export interface CallLink {
  kind: LinkKind;
  direction: "out" | "in";
  item: { id: number; reference: string; kind: Kind; subject: string; status: Status };
  created_at: string;
}

/** `GET /hotline/calls/{id}/`. */
export interface CallDetail extends CallRow {
  links: CallLink[];
  /** Recharge orders the call was about, by reference. */
  orders: { reference: string; created_at: string }[];
}

export interface PopupCustomer {
  id: number;
  name: string;
  company: string;
  credit_standing: "good" | "watch" | "hold" | "blocked";
  primary_phone: string | null;
}

export interface PopupOrder {
  id: number;
  reference: string;
  status: string;
  status_display: string;
  product: string;
  account: string;
  /** Fen. */
  amount: number;
  customer: number | null;
  created_at: string;
}

/** The incoming-call pop-up: the `call.ringing` payload and `GET /hotline/calls/{id}/popup/`. */
export interface CallPopup {
  call: CallRow;
  customers: PopupCustomer[];
  open_items: WorkItem[];
  recent_orders: PopupOrder[];
}

export interface CallBrief {
  id: number;
  reference: string;
  direction: Direction;
  state: CallState;
  from_number: string;
  to_number: string;
  agent: UserBrief | null;
  initiated_at: string;
  ended_at: string | null;
  wait_seconds: number | null;
  talk_seconds: number | null;
}

/** A row of `GET /hotline/ringbacks/`: missed calls from one number to call back. */
export interface RingBack {
  id: number;
  reference: string;
  subject: string;
  status: Status;
  status_display: string;
  priority: number;
  queue: QueueBrief;
  assignee: UserBrief | null;
  customer: CustomerBrief | null;
  /** E.164. */
  number: string;
  /** Missed calls folded into it. */
  missed_count: number;
  /** Calls back that reached nobody. */
  attempts: number;
  first_missed_at: string;
  last_missed_at: string;
  first_response_at: string | null;
  due_at: string | null;
  folding: boolean;
  completed_at: string | null;
  completed_by_call: number | null;
  calls: CallBrief[];
}

export interface FigureFields {
  total: number;
  ringing: number;
  answered: number;
  missed: number;
  abandoned: number;
  voicemail: number;
  /** Mean wait of the answered calls; null without any. */
  avg_wait_seconds: number | null;
  avg_talk_seconds: number | null;
}

export interface Figures {
  since: string | null;
  until: string | null;
  totals: FigureFields;
  queues: (FigureFields & { queue: QueueBrief })[];
  agents: (FigureFields & { agent: UserBrief })[];
}

export interface CallQuery {
  state?: CallState[];
  direction?: Direction;
  agent?: number[];
  mine?: boolean;
  queue?: number[];
  number?: string;
  since?: string;
  until?: string;
  page?: number;
  page_size?: number;
}

export interface RingBackQuery {
  state?: "open" | "done" | "all";
  queue?: number[];
  page?: number;
}

export interface FiguresQuery {
  since: string;
  until: string;
  queue?: number[];
}

/** A call logged by hand, or a call back against a work item (`item`). */
export interface CallLogInput {
  direction: Direction;
  /** The caller (required for an inbound call). */
  from?: string;
  /** The number called (required for an outbound call). */
  to?: string;
  state: LoggedState;
  queue?: number;
  item?: number;
  initiated_at?: string;
  ended_at?: string;
  outcome?: CallOutcome | "";
  notes?: string;
  category?: number;
}

export interface WrapUpInput {
  outcome: CallOutcome | "";
  notes: string;
  category: number | null;
}

/** Every hotline query starts with this key: one invalidation refreshes them all. */
export const HOTLINE_KEY = ["hotline"] as const;
export const CALLS_KEY = [...HOTLINE_KEY, "calls"] as const;
export const RINGBACKS_KEY = [...HOTLINE_KEY, "ringbacks"] as const;
export const FIGURES_KEY = [...HOTLINE_KEY, "figures"] as const;
export const callKey = (id: number) => [...HOTLINE_KEY, "call", id] as const;
/** Pop-ups are kept apart from HOTLINE_KEY: reading one is audited, so they are never refetched. */
export const popupKey = (id: number) => ["hotline-popup", id] as const;
export const categoriesKey = (queueId: number) => ["queue-categories", queueId] as const;

export const PAGE_SIZE = 50;

export const fetchCalls = (query: CallQuery, signal?: AbortSignal) =>
  api<Page<CallRow>>("/hotline/calls/", { query: { ...query }, signal });

export const fetchCall = (id: number, signal?: AbortSignal) => api<CallDetail>(`/hotline/calls/${id}/`, { signal });

export const fetchPopup = (id: number, signal?: AbortSignal) =>
  api<CallPopup>(`/hotline/calls/${id}/popup/`, { signal });

export const logCall = (input: CallLogInput) => api<CallDetail>("/hotline/calls/", { body: input });

export const wrapUp = (id: number, input: WrapUpInput) =>
  api<CallDetail>(`/hotline/calls/${id}/wrap-up/`, { body: input });

export const linkCustomer = (id: number, customer: number) =>
  api<CallDetail>(`/hotline/calls/${id}/customer/`, { body: { customer } });

/** A ticket from the call in one step (the customer carried over, linked to the call). */
export const createTicket = (id: number) => api<TicketDetail>(`/hotline/calls/${id}/ticket/`, { body: {} });

export const linkOrder = (id: number, reference: string) =>
  api<CallDetail>(`/hotline/calls/${id}/orders/`, { body: { reference } });

export const fetchRingBacks = (query: RingBackQuery, signal?: AbortSignal) =>
  api<Page<RingBack>>("/hotline/ringbacks/", { query: { ...query, page_size: PAGE_SIZE }, signal });

export const closeRingBack = (id: number, reason: string) =>
  api<RingBack>(`/hotline/ringbacks/${id}/close/`, { body: { reason } });

export const fetchFigures = (query: FiguresQuery, signal?: AbortSignal) =>
  api<Figures>("/hotline/figures/", { query: { ...query }, signal });

export const fetchCategories = (queueId: number, signal?: AbortSignal) =>
  api<Page<CategoryBrief>>(`/queues/${queueId}/categories/`, { query: { page_size: 200 }, signal });
