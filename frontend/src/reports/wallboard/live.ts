/** The wallboard live: `wallboard.updated` on the inbox socket carries the whole snapshot (the
 * server coalesces changes to about one a second); it replaces the query's data. A reconnect
 * refetches, since snapshots sent while the socket was down are lost. */
import { useQuery, useQueryClient } from "@tanstack/react-query";
import { useEffect, useEffectEvent, useState } from "react";

import type { InboxEvent } from "../../api/ws";
import { useLive } from "../../shell/LiveContext";
import { fetchWallboard, WALLBOARD_EVENT, WALLBOARD_KEY, type Wallboard } from "./api";

export function useWallboard() {
  const client = useQueryClient();
  const { subscribe, connected } = useLive();
  const query = useQuery({
    queryKey: WALLBOARD_KEY,
    queryFn: ({ signal }) => fetchWallboard(signal),
    // A safety net if the socket is down: the live updates do the work otherwise.
    refetchInterval: connected ? false : 30_000,
  });
  const onEvent = useEffectEvent((event: InboxEvent) => {
    if (event.type === WALLBOARD_EVENT && event.payload) {
      client.setQueryData(WALLBOARD_KEY, event.payload as Wallboard);
    } else if (event.type === "connected") {
      void client.invalidateQueries({ queryKey: WALLBOARD_KEY });
    }
  });
  useEffect(() => subscribe((event) => onEvent(event)), [subscribe]);
  return { ...query, connected };
}

/** `Date.now()`, refreshed every second: the longest wait ticks between updates. */
export function useNow(intervalMs = 1000): number {
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    const timer = setInterval(() => setNow(Date.now()), intervalMs);
    return () => clearInterval(timer);
  }, [intervalMs]);
  return now;
}
