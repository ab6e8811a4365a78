/** Small pieces the order pages share: status and breaker tags, category names, error messages. */
import { Alert, Tag } from "antd";
import { useTranslation } from "react-i18next";

import { ApiError } from "../api/client";
import type { Attempt, BreakerState, ForcedState, OrderStatus } from "./api";

export const STATUS_COLOURS: Record<OrderStatus, string | undefined> = {
  created: undefined,
  dispatching: "blue",
  awaiting_supplier: "gold",
  succeeded: "green",
  failed: "red",
  refunded: "purple",
  needs_review: "volcano",
};

export const BREAKER_COLOURS: Record<BreakerState, string> = {
  closed: "green",
  half_open: "orange",
  open: "red",
};

export const OUTCOME_COLOURS: Record<Attempt["outcome"], string | undefined> = {
  pending: "blue",
  accepted: "gold",
  unknown: "gold",
  succeeded: "green",
  failed: "red",
};

export function OrderStatusTag({ status }: { status: OrderStatus }) {
  const { t } = useTranslation("orders");
  return (
    <Tag color={STATUS_COLOURS[status]} data-testid="order-status" data-status={status}>
      {t(`statuses.${status}`, { defaultValue: status })}
    </Tag>
  );
}

/** "Closed", "Half-open", "Open", or "Forced open" / "Forced closed" (forced states win). */
export function breakerLabel(t: (key: string) => string, state: BreakerState, forced: ForcedState): string {
  return forced ? t(`forced.${forced}`) : t(`breaker.${state}`);
}

export function categoryName(t: (key: string, options?: { defaultValue: string }) => string, category: string) {
  return category ? t(`categories.${category}`, { defaultValue: category }) : "";
}

/** Refusals the order pages explain in their own words (the server's message otherwise). */
const KNOWN_ERRORS = new Set([
  "attempt_unresolved",
  "channel_closed",
  "not_retryable",
  "not_refundable",
  "invalid_account",
  "amount_mismatch",
  "unknown_product",
  "idempotency_key_reused",
]);

export function orderErrorText(error: unknown, t: (key: string) => string, generic: string): string {
  if (error instanceof ApiError) {
    return KNOWN_ERRORS.has(error.code) ? t(`errors.${error.code}`) : error.message || generic;
  }
  return generic;
}

export function OrderErrorAlert({ error, testId }: { error: unknown; testId?: string }) {
  const { t } = useTranslation("orders");
  const { t: tc } = useTranslation();
  return (
    <Alert
      type="error"
      showIcon
      role="alert"
      title={orderErrorText(error, t, tc("errors.generic"))}
      style={{ marginBottom: 16 }}
      data-testid={testId}
    />
  );
}

/** Reasons the system writes (a breaker's trip, why an order failed); people's reasons stay as typed. */
const SYSTEM_REASONS = new Set([
  "failure_rate",
  "slow_calls",
  "probe_failed",
  "recovered",
  "cooled_down",
  "customer_error",
  "attempts_exhausted",
  "channels_exhausted",
  "stuck",
  "unresolved",
]);

export function reasonText(t: (key: string) => string, reason: string): string {
  return SYSTEM_REASONS.has(reason) ? t(`why.${reason}`) : reason;
}
