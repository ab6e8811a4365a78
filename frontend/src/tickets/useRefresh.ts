import { useQueryClient } from "@tanstack/react-query";
import { useCallback } from "react";

import { eventsKey, ticketKey } from "./api";

/** After a change: refetch this ticket, its history, and any inbox list that shows it. */
export function useRefresh(ticketId: number) {
  const client = useQueryClient();
  return useCallback(
    () =>
      Promise.all([
        client.invalidateQueries({ queryKey: ticketKey(ticketId) }),
        client.invalidateQueries({ queryKey: eventsKey(ticketId) }),
        client.invalidateQueries({ queryKey: ["inbox"] }),
      ]),
    [client, ticketId],
  );
}
