/** Server state for the quality pages (TanStack Query). */
import { keepPreviousData, useQuery, useQueryClient } from "@tanstack/react-query";

import {
  actionsKey,
  agentLedgerKey,
  candidatesKey,
  fetchActions,
  fetchAgentLedger,
  fetchCandidates,
  fetchLedger,
  fetchRanking,
  fetchReviews,
  fetchScorecard,
  fetchTrace,
  ledgerKey,
  QUALITY_KEY,
  rankingKey,
  reviewsKey,
  SCORECARD_KEY,
  traceKey,
  type ActionStatusFilter,
  type Figure,
  type Rule,
} from "./api";

export function useLedger(month: string) {
  return useQuery({
    queryKey: ledgerKey(month),
    queryFn: ({ signal }) => fetchLedger(month, signal),
    placeholderData: keepPreviousData,
  });
}

export function useAgentLedger(agent: number, month: string) {
  return useQuery({
    queryKey: agentLedgerKey(agent, month),
    queryFn: ({ signal }) => fetchAgentLedger(agent, month, signal),
    placeholderData: keepPreviousData,
  });
}

export function useTrace(target: { agent: number; month: string; figure: Figure } | null) {
  return useQuery({
    queryKey: target ? traceKey(target.agent, target.month, target.figure) : [...QUALITY_KEY, "trace", "none"],
    queryFn: ({ signal }) => fetchTrace(target!.agent, target!.month, target!.figure, signal),
    enabled: target !== null,
  });
}

export function useRanking(quarter: string) {
  return useQuery({
    queryKey: rankingKey(quarter),
    queryFn: ({ signal }) => fetchRanking(quarter, signal),
    placeholderData: keepPreviousData,
  });
}

export function useScorecard() {
  return useQuery({ queryKey: SCORECARD_KEY, queryFn: ({ signal }) => fetchScorecard(signal), staleTime: 5 * 60_000 });
}

export function useReviews(filters: { agent?: number; month?: string }) {
  return useQuery({ queryKey: reviewsKey(filters), queryFn: ({ signal }) => fetchReviews(filters, signal) });
}

export function useCandidates(month: string, rule: Rule) {
  return useQuery({
    queryKey: candidatesKey(month, rule),
    queryFn: ({ signal }) => fetchCandidates(month, rule, signal),
  });
}

export function useActions(status: ActionStatusFilter, mine: boolean) {
  return useQuery({
    queryKey: actionsKey(status, mine),
    queryFn: ({ signal }) => fetchActions(status, mine, signal),
    placeholderData: keepPreviousData,
  });
}

/** After a write: everything quality refetches (ledger figures, reviews, candidates, actions). */
export function useQualityChanged() {
  const client = useQueryClient();
  return () => void client.invalidateQueries({ queryKey: QUALITY_KEY });
}
