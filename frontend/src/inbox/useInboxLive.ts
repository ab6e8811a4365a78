/** The websocket is a doorbell: on an inbox event refetch the page, and flash the row it names. */
import { useQueryClient } from "@tanstack/react-query";
import { useEffect, useEffectEvent, useRef, useState } from "react";

import type { InboxEvent } from "../api/ws";
import { useLive } from "../shell/LiveContext";
import { INBOX_KEY } from "./queries";

export const DEBOUNCE_MS = 300;
export const FLASH_MS = 3000;

const ITEM_EVENTS = new Set(["workitem.created", "workitem.changed", "workitem.removed"]);
const FLASH_EVENTS = new Set(["workitem.created", "workitem.changed"]);

function eventItemId(event: InboxEvent): number | null {
  const payload = event.payload as { id?: unknown } | undefined;
  return typeof payload?.id === "number" ? payload.id : null;
}

/** Subscribes while mounted; returns the ids of rows to highlight. */
export function useInboxLive(): ReadonlySet<number> {
  const { subscribe } = useLive();
  const client = useQueryClient();
  const [flashing, setFlashing] = useState<ReadonlySet<number>>(() => new Set());
  // Timers outlive re-subscriptions (`subscribe` changes identity when the socket reconnects).
  const refetchTimer = useRef<ReturnType<typeof setTimeout> | null>(null);
  const flashTimers = useRef(new Map<number, ReturnType<typeof setTimeout>>());

  const refetchSoon = () => {
    if (refetchTimer.current) clearTimeout(refetchTimer.current);
    refetchTimer.current = setTimeout(() => {
      refetchTimer.current = null;
      void client.invalidateQueries({ queryKey: INBOX_KEY });
    }, DEBOUNCE_MS);
  };

  const flash = (id: number) => {
    setFlashing((prev) => new Set(prev).add(id));
    const timers = flashTimers.current;
    const existing = timers.get(id);
    if (existing) clearTimeout(existing);
    timers.set(
      id,
      setTimeout(() => {
        timers.delete(id);
        setFlashing((prev) => {
          const next = new Set(prev);
          next.delete(id);
          return next;
        });
      }, FLASH_MS),
    );
  };

  const onEvent = useEffectEvent((event: InboxEvent) => {
    // "connected" also follows a reconnect: whatever happened meanwhile, the API knows.
    if (event.type === "connected") {
      refetchSoon();
      return;
    }
    if (!ITEM_EVENTS.has(event.type)) return;
    refetchSoon();
    const id = eventItemId(event);
    if (id !== null && FLASH_EVENTS.has(event.type)) flash(id);
  });

  useEffect(() => subscribe((event) => onEvent(event)), [subscribe]);

  useEffect(() => {
    const timers = flashTimers.current;
    return () => {
      if (refetchTimer.current) clearTimeout(refetchTimer.current);
      for (const timer of timers.values()) clearTimeout(timer);
    };
  }, []);

  return flashing;
}
