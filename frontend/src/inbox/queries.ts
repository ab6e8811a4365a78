/** Server state for the inbox: the page of items, the user's queues, take and assign. */
import { keepPreviousData, useMutation, useQuery, useQueryClient } from "@tanstack/react-query";

import { api, ApiError } from "../api/client";
import type { Page, Queue, WorkItem } from "../api/types";
import type { InboxApiQuery } from "./filters";

export const INBOX_KEY = ["inbox"] as const;
const QUEUES_QUERY = { page_size: 200 };

export function useInbox(query: InboxApiQuery) {
  return useQuery({
    queryKey: [...INBOX_KEY, query],
    queryFn: ({ signal }) => api<Page<WorkItem>>("/inbox/", { query, signal }),
    placeholderData: keepPreviousData,
  });
}

export function useQueues() {
  return useQuery({
    queryKey: ["queues", QUEUES_QUERY],
    queryFn: ({ signal }) => api<Page<Queue>>("/queues/", { query: QUEUES_QUERY, signal }),
    staleTime: 60_000,
  });
}

export function useTake() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (item: WorkItem) => api<WorkItem>(`/items/${item.id}/take/`, { method: "POST" }),
    onSettled: () => client.invalidateQueries({ queryKey: INBOX_KEY }),
  });
}

export interface AssignFailure {
  item: WorkItem;
  message: string;
}

export interface AssignOutcome {
  assigned: WorkItem[];
  failures: AssignFailure[];
}

/** Assign each item in turn; one refusal (e.g. over capacity) does not stop the others. */
export function useBulkAssign(fallbackMessage: string) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: async ({
      items,
      assignee,
      reason,
    }: {
      items: WorkItem[];
      assignee: number;
      reason: string;
    }): Promise<AssignOutcome> => {
      const outcome: AssignOutcome = { assigned: [], failures: [] };
      for (const item of items) {
        try {
          await api(`/items/${item.id}/assign/`, { body: { assignee, reason } });
          outcome.assigned.push(item);
        } catch (error) {
          const message = error instanceof ApiError ? error.message : fallbackMessage;
          outcome.failures.push({ item, message });
        }
      }
      return outcome;
    },
    onSettled: () => client.invalidateQueries({ queryKey: INBOX_KEY }),
  });
}
