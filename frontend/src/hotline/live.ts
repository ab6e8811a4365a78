/**
 * Hotline events on the inbox socket (helpdesk/hotline/events.py):
 * - `call.changed` (the queue's consoles, the call's agent and assignee): the call as a row of
 *   `GET /hotline/calls/`, on every change (ringing, answered, ended, wrap-up, customer);
 * - `call.ringing` (only the agent on the extension it rings): the pop-up (see CallPopups.tsx);
 * - `workitem.*` of kind `callback`: a ring-back opened, folded another missed call, was done.
 * They are doorbells: the pages refetch their queries (a lost event costs the next one, or a
 * reconnect).
 */
import { useQueryClient } from "@tanstack/react-query";
import { useEffect, useEffectEvent, useRef } from "react";

import type { InboxEvent } from "../api/ws";
import { useLive } from "../shell/LiveContext";
import { HOTLINE_KEY, type CallRow } from "./api";

export const COALESCE_MS = 400;

/** The call a `call.changed` / `call.ringing` event is about. */
export function eventCallId(event: InboxEvent): number | null {
  if (event.type === "call.changed") {
    const id = (event.payload as { id?: unknown } | undefined)?.id;
    return typeof id === "number" ? id : null;
  }
  if (event.type === "call.ringing") {
    const id = (event.payload as { call?: { id?: unknown } } | undefined)?.call?.id;
    return typeof id === "number" ? id : null;
  }
  return null;
}

export function changedCall(event: InboxEvent): CallRow | null {
  return event.type === "call.changed" && eventCallId(event) !== null ? (event.payload as CallRow) : null;
}

function isRingBackEvent(event: InboxEvent): boolean {
  return event.type.startsWith("workitem.") && (event.payload as { kind?: unknown } | undefined)?.kind === "callback";
}

/** Refetch the call lists, ring-backs, figures and open call on hotline events, or on reconnect. */
export function useHotlineLive() {
  const { subscribe } = useLive();
  const client = useQueryClient();
  const timer = useRef<ReturnType<typeof setTimeout> | null>(null);
  useEffect(
    () => () => {
      if (timer.current) clearTimeout(timer.current);
    },
    [],
  );
  const onEvent = useEffectEvent((event: InboxEvent) => {
    if (event.type !== "connected" && event.type !== "call.changed" && !isRingBackEvent(event)) return;
    if (timer.current) return; // a burst (ringing, answered, ended) refetches once
    timer.current = setTimeout(() => {
      timer.current = null;
      void client.invalidateQueries({ queryKey: HOTLINE_KEY });
    }, COALESCE_MS);
  });
  useEffect(() => subscribe((event) => onEvent(event)), [subscribe]);
}
