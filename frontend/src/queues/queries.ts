import { useQuery } from "@tanstack/react-query";

import { api } from "../api/client";
import type { Me, Page, Queue } from "../api/types";

/** Shared with the ticket page (src/tickets/api.ts), which caches the same page under it. */
export const QUEUES_KEY = ["queues"] as const;

/** The user's queues with their members (all of them for a manager). */
export function useQueues() {
  return useQuery({
    queryKey: QUEUES_KEY,
    queryFn: ({ signal }) => api<Page<Queue>>("/queues/", { query: { page_size: 200 }, signal }),
    select: (data) => data.results,
  });
}

/** A queue lead is a manager, or a member whose role in that queue is supervisor. */
export function isQueueLead(me: Me | null, queueId: number): boolean {
  if (!me) return false;
  if (me.roles.includes("manager")) return true;
  return me.queues.some((q) => q.queue === queueId && q.role === "supervisor");
}
