/** The wallboard's shape (helpdesk/reports/wallboard_serializers.py): the REST answer of
 * `GET /api/v1/reports/wallboard/` and the payload of `wallboard.updated` are the same. */
import { api } from "../../api/client";

export interface WallboardFigures {
  waiting_chats: number;
  calls_ringing: number;
  ringbacks_open: number;
  waiting_calls: number;
  waiting_other: number;
  waiting_total: number;
  longest_wait_seconds: number | null;
  longest_wait_since: string | null;
  agents_online: number | null;
  agents_on_shift: number;
  sla_at_risk: number;
  sla_breached_open: number;
}

export interface WallboardQueue extends WallboardFigures {
  id: number;
  name: string;
  slug: string;
}

export interface WallboardAgent {
  id: number;
  name: string;
  online: boolean | null;
  on_shift: boolean;
  open_items: number;
  queues: number[];
}

export interface Wallboard {
  generated_at: string;
  presence_known: boolean;
  queues: WallboardQueue[];
  totals: WallboardFigures;
  agents: WallboardAgent[];
}

export const WALLBOARD_KEY = ["reports", "wallboard"] as const;
export const WALLBOARD_EVENT = "wallboard.updated";

export function fetchWallboard(signal?: AbortSignal): Promise<Wallboard> {
  return api<Wallboard>("/reports/wallboard/", { signal });
}

/** Seconds waited by now, counted from `since` (the server's instant), never negative. */
export function waitedSeconds(since: string | null, now: number): number | null {
  if (!since) return null;
  return Math.max(0, Math.floor((now - new Date(since).getTime()) / 1000));
}
