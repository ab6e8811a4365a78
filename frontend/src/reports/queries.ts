/** Server state for the report pages (TanStack Query). */
import { keepPreviousData, useQuery } from "@tanstack/react-query";

import { api } from "../api/client";
import type { Page, Queue, UserRow } from "../api/types";
import { fetchDaily, fetchMonthly, fetchService, REPORTS_KEY, type ServiceQuery } from "./api";

export function useServiceReport(q: ServiceQuery) {
  return useQuery({
    queryKey: [...REPORTS_KEY, "service", q],
    queryFn: ({ signal }) => fetchService(q, signal),
    placeholderData: keepPreviousData,
  });
}

export function useDailyProblems(date: string) {
  return useQuery({
    queryKey: [...REPORTS_KEY, "daily", date],
    queryFn: ({ signal }) => fetchDaily(date, signal),
    placeholderData: keepPreviousData,
  });
}

export function useMonthlyReport(month: string) {
  return useQuery({
    queryKey: [...REPORTS_KEY, "monthly", month],
    queryFn: ({ signal }) => fetchMonthly(month, signal),
  });
}

/** The filters' choices: queues, and the staff (needs `user.read`, as managers and supervisors have). */
export function useQueueChoices() {
  return useQuery({
    queryKey: [...REPORTS_KEY, "queues"],
    queryFn: ({ signal }) =>
      api<Page<Queue>>("/queues/", { query: { page_size: 200 }, signal }).then((p) => p.results),
    staleTime: 5 * 60_000,
  });
}

export function useAgentChoices(enabled: boolean) {
  return useQuery({
    queryKey: [...REPORTS_KEY, "users"],
    queryFn: ({ signal }) =>
      api<Page<UserRow>>("/users/", { query: { page_size: 200 }, signal }).then((p) => p.results),
    enabled,
    staleTime: 5 * 60_000,
  });
}
