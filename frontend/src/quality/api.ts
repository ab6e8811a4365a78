/** The customer's public rating link (docs/quality.md, quality/apis.py `RateApi`): no session needed. */
import { api } from "../api/client";

/** What a rating link rates (`RateTargetSerializer`). */
export interface RateTarget {
  reference: string;
  kind: string;
  subject: string;
  queue: string;
  /** The agent's name; empty when nobody held the item. */
  agent: string;
  resolved_at: string | null;
}

export interface SatisfactionRating {
  item: number;
  score: number;
  comment: string;
  source: string;
  created_at: string;
}

const ratePath = (token: string) => `/quality/rate/${encodeURIComponent(token)}/`;

export function fetchRateTarget(token: string, signal?: AbortSignal): Promise<RateTarget> {
  return api<RateTarget>(ratePath(token), { signal });
}

export function submitRating(token: string, score: number, comment: string): Promise<SatisfactionRating> {
  return api<SatisfactionRating>(ratePath(token), { method: "POST", body: { score, comment } });
}
