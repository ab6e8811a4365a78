/** SLA events on the inbox socket (helpdesk/sla/escalation.py): doorbells for the SLA queries. */
import { useQueryClient } from "@tanstack/react-query";
import { useEffect, useEffectEvent } from "react";

import type { InboxEvent } from "../api/ws";
import { useLive } from "../shell/LiveContext";
import { ESCALATIONS_KEY, itemSlaKey, RUNS_KEY } from "./api";

export const SLA_EVENTS = new Set(["sla.warning", "sla.breached", "sla.escalated", "sla.escalation_answered"]);

/** The item an event is about: `payload.id` for `workitem.*`, `payload.item` for `sla.*`. */
export function eventItemId(event: InboxEvent): number | null {
  const payload = event.payload as { id?: unknown; item?: unknown } | undefined;
  const id = event.type.startsWith("workitem.") ? payload?.id : payload?.item;
  return typeof id === "number" ? id : null;
}

/** Refetch the item's SLA panel when the item changes, an SLA event names it, or on reconnect. */
export function useItemSlaLive(itemId: number) {
  const { subscribe } = useLive();
  const client = useQueryClient();
  const onEvent = useEffectEvent((event: InboxEvent) => {
    const ours =
      event.type === "connected" ||
      event.type === "sla.escalation_answered" || // names the escalation, not the item
      ((event.type === "workitem.changed" || SLA_EVENTS.has(event.type)) && eventItemId(event) === itemId);
    if (ours) void client.invalidateQueries({ queryKey: itemSlaKey(itemId) });
  });
  useEffect(() => subscribe((event) => onEvent(event)), [subscribe]);
}

/** Refetch the escalation lists when one reaches the user, one of theirs is answered, or on reconnect. */
export function useEscalationsLive() {
  const { subscribe } = useLive();
  const client = useQueryClient();
  const onEvent = useEffectEvent((event: InboxEvent) => {
    if (
      event.type === "connected" ||
      event.type === "sla.escalated" ||
      event.type === "sla.escalation_answered" ||
      event.type === "sla.breached"
    ) {
      void client.invalidateQueries({ queryKey: ESCALATIONS_KEY });
      void client.invalidateQueries({ queryKey: RUNS_KEY });
    }
  });
  useEffect(() => subscribe((event) => onEvent(event)), [subscribe]);
}
