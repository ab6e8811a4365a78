/** Shapes and calls of the recharge-order APIs (docs/orders.md, orders/serializers.py). Money is in fen. */
import { api } from "../api/client";
import type { Page, UserBrief } from "../api/types";

export const ORDER_STATUSES = [
  "created",
  "dispatching",
  "awaiting_supplier",
  "succeeded",
  "failed",
  "refunded",
  "needs_review",
] as const;
export type OrderStatus = (typeof ORDER_STATUSES)[number];

/** Our names for a supplier's answers (orders/models.py `Category`). */
export const CATEGORIES = [
  "customer",
  "product",
  "balance",
  "supplier",
  "busy",
  "timeout",
  "unknown",
  "transport",
  "protocol",
] as const;
export type Category = (typeof CATEGORIES)[number] | "ok";

export type BreakerState = "closed" | "half_open" | "open";
export type ForcedState = "" | "open" | "closed";

export interface Product {
  id: number;
  operator: string;
  kind: "airtime" | "data" | "game_credit";
  name: string;
  code: string;
  face_value: number;
  price: number;
  is_active: boolean;
}

export interface ChannelBrief {
  id: number;
  name: string;
}

export interface Order {
  id: number;
  reference: string;
  customer: { id: number; name: string } | null;
  account: string;
  product: Product;
  amount: number;
  price: number;
  status: OrderStatus;
  /** Only for those who see suppliers (order handlers and their managers). */
  channel: ChannelBrief | null;
  attempts_made: number;
  fail_category: string;
  created_at: string;
  updated_at: string;
  finished_at: string | null;
  reviewed_at: string | null;
}

export interface Attempt {
  number: number;
  channel: ChannelBrief;
  /** What the supplier was sent: the order's reference and the attempt's number. */
  reference: string;
  sent_at: string;
  answered_at: string | null;
  outcome: "pending" | "succeeded" | "accepted" | "unknown" | "failed";
  category: Category | "";
  supplier_code: string;
  supplier_message: string;
  latency_ms: number | null;
  resolved_by: "" | "answer" | "query" | "callback";
  resolved_at: string | null;
}

export interface OrderEvent {
  id: number;
  verb: string;
  data: Record<string, unknown>;
  actor: UserBrief | null;
  reason: string;
  created_at: string;
}

/** A customer's question about the order: a ticket in the order handlers' queue. */
export interface Enquiry {
  /** The work item's id (its ticket page). */
  id: number;
  reference: string;
  status: string;
  subject: string;
  created_at: string;
}

export interface OrderDetail {
  order: Order;
  enquiries: Enquiry[];
  /** Empty for those who do not see suppliers. */
  attempts: Attempt[] | null;
  events: OrderEvent[] | null;
}

export interface SparkPoint {
  minute: number;
  ok: number;
  failed: number;
}

export interface ChannelTile {
  id: number;
  name: string;
  priority: number;
  enabled: boolean;
  breaker: { state: BreakerState; forced: ForcedState; retry_in: number | null; trips: number };
  forced_reason: string;
  /** Over the last 15 minutes; null without answers. */
  success_rate: number | null;
  answered: number;
  latency_p50_ms: number | null;
  latency_p95_ms: number | null;
  in_flight: number;
  balance: number | null;
  balance_read_at: string | null;
  low_balance: boolean;
  errors: Record<string, number>;
  /** Oldest first: minute -29 … 0. */
  sparkline: SparkPoint[];
}

export interface ChannelEvent {
  id: number;
  kind: "breaker" | "forced" | "released" | string;
  from_state: string;
  to_state: string;
  data: Record<string, unknown>;
  reason: string;
  actor: UserBrief | null;
  created_at: string;
}

export interface ReportRow {
  channel: string;
  sent: number;
  succeeded: number;
  failed: number;
  success_rate: number | null;
  latency_p50_ms: number | null;
  latency_p95_ms: number | null;
  errors: Record<string, number>;
  incidents: number;
  balance: number | null;
}

export interface OrderFilters {
  q?: string;
  status?: OrderStatus;
  /** A work item: the orders it is an enquiry about. */
  item?: number;
  page?: number;
}

export interface OrderInput {
  product: number;
  account: string;
  amount: number;
}

export const CHANNELS_KEY = ["order-channels"] as const;
export const ORDERS_KEY = ["orders"] as const;
export const PRODUCTS_KEY = ["order-products"] as const;
export const orderKey = (id: number) => ["order", id] as const;
export const channelEventsKey = (id: number) => ["order-channel-events", id] as const;
export const reportKey = (day: string) => ["order-report", day] as const;

export const fetchChannels = (signal?: AbortSignal) => api<ChannelTile[]>("/orders/channels/", { signal });

export const forceChannel = (id: number, state: ForcedState, reason: string) =>
  api<ChannelTile[]>(`/orders/channels/${id}/force/`, { body: { state, reason } });

export const fetchChannelEvents = (id: number, signal?: AbortSignal) =>
  api<Page<ChannelEvent>>(`/orders/channels/${id}/events/`, { query: { page_size: 100 }, signal });

export const fetchProducts = (signal?: AbortSignal) => api<Product[]>("/orders/products/", { signal });

export const fetchOrders = (filters: OrderFilters, signal?: AbortSignal) =>
  api<Page<Order>>("/orders/", {
    query: { q: filters.q?.trim(), status: filters.status, item: filters.item, page: filters.page },
    signal,
  });

export const fetchOrder = (id: number, signal?: AbortSignal) => api<OrderDetail>(`/orders/${id}/`, { signal });

/** ``key``: the Idempotency-Key of this placing (one per dialog): sent again, the same request
 * gets the order already placed instead of a second one. */
export const createOrder = (input: OrderInput, key: string) =>
  api<Order>("/orders/", { body: input, headers: { "Idempotency-Key": key } });

export const retryOrder = (id: number, channel: number | null, reason: string) =>
  api<Order>(`/orders/${id}/retry/`, { body: channel === null ? { reason } : { channel, reason } });

export const refundOrder = (id: number, reason: string) => api<Order>(`/orders/${id}/refund/`, { body: { reason } });

export const reviewOrder = (id: number, note: string) => api<Order>(`/orders/${id}/review/`, { body: { note } });

export const fetchReport = (day: string, signal?: AbortSignal) =>
  api<ReportRow[]>("/orders/report/", { query: { day }, signal });

