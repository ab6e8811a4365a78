/**
 * Complaint events on the inbox socket (helpdesk/complaints/notify.py): `complaint.created` and
 * `complaint.changed` carry the card (to the complaints queue and the assignee);
 * `complaint.approval_requested` ({complaint, reference, subject, stage, appeal}) reaches every
 * manager, `complaint.decided` ({complaint, reference, decision, reason, by}) the handler. Taking,
 * releasing or transferring a complaint rings `workitem.*` with the item (kind `complaint`). They
 * are doorbells: the board and the detail refetch.
 */
import { useQueryClient, type QueryKey } from "@tanstack/react-query";
import { useEffect, useEffectEvent, useRef } from "react";

import type { InboxEvent } from "../api/ws";
import { useLive } from "../shell/LiveContext";
import { COMPLAINTS_KEY, complaintKey } from "./api";

const COMPLAINT_EVENTS = new Set([
  "complaint.created",
  "complaint.changed",
  "complaint.approval_requested",
  "complaint.decided",
]);

/** The complaint an event is about, if it is about one. */
export function eventComplaintId(event: InboxEvent): number | null {
  const payload = event.payload as { id?: unknown; complaint?: unknown; kind?: unknown } | undefined;
  if (!payload) return null;
  if (COMPLAINT_EVENTS.has(event.type)) {
    const id = event.type === "complaint.created" || event.type === "complaint.changed" ? payload.id : payload.complaint;
    return typeof id === "number" ? id : null;
  }
  if (event.type.startsWith("workitem.") && payload.kind === "complaint" && typeof payload.id === "number") {
    return payload.id;
  }
  return null;
}

/** A burst of events (a step rings the card, the work item and the manager) refetches once. */
export const COALESCE_MS = 300;

function useCoalescedInvalidate(queryKey: QueryKey) {
  const client = useQueryClient();
  const timer = useRef<ReturnType<typeof setTimeout> | null>(null);
  useEffect(
    () => () => {
      if (timer.current) clearTimeout(timer.current);
    },
    [],
  );
  return () => {
    if (timer.current) return;
    timer.current = setTimeout(() => {
      timer.current = null;
      void client.invalidateQueries({ queryKey });
    }, COALESCE_MS);
  };
}

/** Refetch the board when any complaint is opened or moves, or on reconnect. */
export function useBoardLive() {
  const { subscribe } = useLive();
  const invalidate = useCoalescedInvalidate(COMPLAINTS_KEY);
  const onEvent = useEffectEvent((event: InboxEvent) => {
    if (event.type === "connected" || eventComplaintId(event) !== null) invalidate();
  });
  useEffect(() => subscribe((event) => onEvent(event)), [subscribe]);
}

/** Refetch one complaint when an event names it, or on reconnect. */
export function useComplaintLive(id: number) {
  const { subscribe } = useLive();
  const invalidate = useCoalescedInvalidate(complaintKey(id));
  const onEvent = useEffectEvent((event: InboxEvent) => {
    const itemId = (event.payload as { id?: unknown } | undefined)?.id;
    const ours = eventComplaintId(event) === id || (event.type.startsWith("workitem.") && itemId === id);
    if (event.type === "connected" || ours) invalidate();
  });
  useEffect(() => subscribe((event) => onEvent(event)), [subscribe]);
}
