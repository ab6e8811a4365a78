/** Server state for the complaint pages (TanStack Query). */
import { keepPreviousData, useQuery, useQueryClient } from "@tanstack/react-query";

import {
  boardKey,
  COMPLAINTS_KEY,
  complaintKey,
  fetchBoard,
  fetchComplaint,
  fetchOptions,
  OPTIONS_KEY,
  type BoardFilters,
  type ComplaintDetail,
} from "./api";

/** Stages, root causes, categories, handlers, channels: they change rarely. */
export function useComplaintOptions(enabled = true) {
  return useQuery({
    queryKey: OPTIONS_KEY,
    queryFn: ({ signal }) => fetchOptions(signal),
    staleTime: 5 * 60_000,
    enabled,
  });
}

export function useBoard(filters: BoardFilters) {
  return useQuery({
    queryKey: boardKey(filters),
    queryFn: ({ signal }) => fetchBoard(filters, signal),
    placeholderData: keepPreviousData,
    // The socket is a doorbell (at most once): a slow poll catches what a lost event missed.
    refetchInterval: 60_000,
  });
}

export function useComplaint(id: number) {
  return useQuery({
    queryKey: complaintKey(id),
    queryFn: ({ signal }) => fetchComplaint(id, signal),
  });
}

/** After a step or an edit: show the answer now, and refetch the board. */
export function useComplaintUpdated(id: number) {
  const client = useQueryClient();
  return (detail?: ComplaintDetail) => {
    if (detail) client.setQueryData(complaintKey(id), detail);
    else void client.invalidateQueries({ queryKey: complaintKey(id) });
    void client.invalidateQueries({ queryKey: COMPLAINTS_KEY });
  };
}
