/**
 * Order events (orders/dispatch.py: `orders.order` {id, reference, status, channel} and
 * `orders.channel` {id, state | forced | balance, ...}, published to the group `orders.panel`,
 * which order handlers' sockets join). They are doorbells for the order queries; the pages poll
 * too, so a lost event (the socket is at most once) costs at most one poll.
 */
import { useQueryClient, type QueryKey } from "@tanstack/react-query";
import { useEffect, useEffectEvent, useRef } from "react";

import type { InboxEvent } from "../api/ws";
import { useLive } from "../shell/LiveContext";
import { CHANNELS_KEY, ORDERS_KEY, orderKey } from "./api";

export const isOrderEvent = (event: InboxEvent) => event.type.startsWith("orders.");

/** The order an `orders.order` event names, if any. */
export function eventOrderId(event: InboxEvent): number | null {
  if (event.type !== "orders.order") return null;
  const id = (event.payload as { id?: unknown } | undefined)?.id;
  return typeof id === "number" ? id : null;
}

/** A burst of events (an order dispatched and failed over rings 5 or 6 times) refetches once. */
export const COALESCE_MS = 500;

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

/** Refetch the channel tiles on any order event (an order moved, a breaker turned), or on reconnect. */
export function useChannelsLive() {
  const { subscribe } = useLive();
  const invalidate = useCoalescedInvalidate(CHANNELS_KEY);
  const onEvent = useEffectEvent((event: InboxEvent) => {
    if (event.type === "connected" || isOrderEvent(event)) invalidate();
  });
  useEffect(() => subscribe((event) => onEvent(event)), [subscribe]);
}

/** Refetch the order lists when an order moves, or on reconnect. */
export function useOrdersLive() {
  const { subscribe } = useLive();
  const invalidate = useCoalescedInvalidate(ORDERS_KEY);
  const onEvent = useEffectEvent((event: InboxEvent) => {
    if (event.type === "connected" || event.type === "orders.order") invalidate();
  });
  useEffect(() => subscribe((event) => onEvent(event)), [subscribe]);
}

/** Refetch one order when an event names it, or on reconnect. */
export function useOrderLive(orderId: number) {
  const { subscribe } = useLive();
  const client = useQueryClient();
  const onEvent = useEffectEvent((event: InboxEvent) => {
    if (event.type === "connected" || eventOrderId(event) === orderId) {
      void client.invalidateQueries({ queryKey: orderKey(orderId) });
    }
  });
  useEffect(() => subscribe((event) => onEvent(event)), [subscribe]);
}
