/** Tests only: channel tiles, products, orders and their attempts as the API returns them. */
import type { Attempt, ChannelTile, Enquiry, Order, OrderDetail, OrderEvent, Product, ReportRow, SparkPoint } from "./api";

export function sparkline(recent: Partial<SparkPoint>[] = []): SparkPoint[] {
  const points = Array.from({ length: 30 }, (_, i) => ({ minute: i - 29, ok: 0, failed: 0 }));
  recent.forEach((p, i) => Object.assign(points[30 - recent.length + i]!, p));
  return points;
}

export function tile(overrides: Partial<ChannelTile> = {}): ChannelTile {
  return {
    id: 1,
    name: "alpha",
    priority: 1,
    enabled: true,
    breaker: { state: "closed", forced: "", retry_in: null, trips: 0 },
    forced_reason: "",
    success_rate: 0.96,
    answered: 25,
    latency_p50_ms: 42,
    latency_p95_ms: 180,
    in_flight: 2,
    balance: 10_000_000,
    balance_read_at: new Date(Date.now() - 120_000).toISOString(),
    low_balance: false,
    errors: { supplier: 1 },
    sparkline: sparkline([{ ok: 12 }, { ok: 11, failed: 1 }, { ok: 1 }]),
    ...overrides,
  };
}

export const PRODUCT: Product = {
  id: 5,
  operator: "china_mobile",
  kind: "airtime",
  name: "China Mobile 30",
  code: "mobile-30",
  face_value: 3_000,
  price: 2_990,
  is_active: true,
};

export const GAME: Product = {
  id: 6,
  operator: "game",
  kind: "game_credit",
  name: "Game credit 60",
  code: "game-60",
  face_value: 6_000,
  price: 6_000,
  is_active: true,
};

export function order(overrides: Partial<Order> = {}): Order {
  return {
    id: 31,
    reference: "R20261128ABCDEFGHJK",
    customer: null,
    account: "+8613800138000",
    product: PRODUCT,
    amount: 3_000,
    price: 2_990,
    status: "succeeded",
    channel: { id: 2, name: "beta" },
    attempts_made: 2,
    fail_category: "",
    created_at: "2026-11-28T09:00:00Z",
    updated_at: "2026-11-28T09:00:01Z",
    finished_at: "2026-11-28T09:00:01Z",
    reviewed_at: null,
    ...overrides,
  };
}

export function attempt(overrides: Partial<Attempt> = {}): Attempt {
  return {
    number: 1,
    channel: { id: 1, name: "alpha" },
    reference: "R20261128ABCDEFGHJK-1",
    sent_at: "2026-11-28T09:00:00Z",
    answered_at: "2026-11-28T09:00:00Z",
    outcome: "failed",
    category: "supplier",
    supplier_code: "2001",
    supplier_message: "operator platform error",
    latency_ms: 48,
    resolved_by: "answer",
    resolved_at: "2026-11-28T09:00:00Z",
    ...overrides,
  };
}

export function orderEvent(overrides: Partial<OrderEvent> = {}): OrderEvent {
  return { id: 1, verb: "created", data: {}, actor: null, reason: "", created_at: "2026-11-28T09:00:00Z", ...overrides };
}

export function detail(overrides: Partial<Order> = {}, attempts?: Attempt[], events?: OrderEvent[]): OrderDetail {
  return {
    order: order(overrides),
    enquiries: [],
    attempts: attempts ?? [
      attempt(),
      attempt({
        number: 2,
        channel: { id: 2, name: "beta" },
        reference: "R20261128ABCDEFGHJK-2",
        outcome: "succeeded",
        category: "ok",
        supplier_code: "0000",
        supplier_message: "",
        latency_ms: 35,
      }),
    ],
    events: events ?? [
      orderEvent({ data: { product: "mobile-30", amount: 3_000 } }),
      orderEvent({ id: 2, verb: "sent", data: { channel: 1, attempt: 1, probe: false } }),
      orderEvent({ id: 3, verb: "answered", data: { attempt: 1, outcome: "failed", category: "supplier", code: "2001", latency_ms: 48 } }),
      orderEvent({ id: 4, verb: "sent", data: { channel: 2, attempt: 2, probe: false } }),
    ],
  };
}

export function reportRow(overrides: Partial<ReportRow> = {}): ReportRow {
  return {
    channel: "alpha",
    sent: 120,
    succeeded: 110,
    failed: 10,
    success_rate: 0.9167,
    latency_p50_ms: 45,
    latency_p95_ms: 210,
    errors: { supplier: 8, busy: 2 },
    incidents: 2,
    balance: 9_640_000,
    ...overrides,
  };
}

export function enquiry(overrides: Partial<Enquiry> = {}): Enquiry {
  return {
    id: 70,
    reference: "T-000070",
    status: "new",
    subject: "[R20261128ABCDEFGHJK] Top-up not received",
    created_at: "2026-11-28T09:30:00Z",
    ...overrides,
  };
}
