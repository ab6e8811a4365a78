/** The escalation lists (shared by the escalation inbox, the menu's badge and the ticket page). */
import { useQuery } from "@tanstack/react-query";

import { useAuth } from "../auth/AuthContext";
import {
  ESCALATIONS_KEY,
  fetchEscalations,
  fetchItemSla,
  fetchRuns,
  itemSlaKey,
  RUNS_KEY,
  runReached,
  type EscalationState,
  type RunState,
} from "./api";

export function useEscalations(state: EscalationState | undefined, enabled = true) {
  return useQuery({
    queryKey: [...ESCALATIONS_KEY, state ?? "all"],
    queryFn: ({ signal }) => fetchEscalations(state, signal),
    enabled,
  });
}

export function useRuns(state: RunState | undefined, enabled = true) {
  return useQuery({
    queryKey: [...RUNS_KEY, state ?? "all"],
    queryFn: ({ signal }) => fetchRuns(state, signal),
    enabled,
  });
}

export function useItemSla(itemId: number, enabled = true) {
  return useQuery({
    queryKey: itemSlaKey(itemId),
    queryFn: ({ signal }) => fetchItemSla(itemId, signal),
    enabled,
  });
}

/**
 * What waits for the user: open escalations raised to them, and (for those who handle
 * escalations) active automatic escalations that reached them.
 */
export function useWaitingEscalations() {
  const { me, can } = useAuth();
  const escalations = useEscalations("open", can("escalation.raise"));
  const runs = useRuns("active", can("escalation.handle"));
  const toMe = (escalations.data ?? []).filter((e) => e.to_user.id === me?.id).length;
  const reachedMe = (runs.data ?? []).filter((r) => runReached(r, me?.id)).length;
  return { toMe, reachedMe, total: toMe + reachedMe };
}
