/** The staff side of quality (docs/quality.md): the ledger and its trace, the ranking, reviews and
 * their disputes, corrective actions. Shapes mirror helpdesk/quality/serializers.py. */
import { api } from "../../api/client";

export interface AgentRef {
  id: number;
  username: string;
  name: string;
}

export const FIGURES = ["points", "confirmed", "praise", "complaints", "repeats", "reviews"] as const;
export type Figure = (typeof FIGURES)[number];

export interface LedgerRow {
  agent: AgentRef;
  items: number;
  points: string;
  base: string;
  above_base: string;
  confirmed: number;
  praise: number;
  complaints: number;
  repeats: number;
  reviews: number;
  review_score: string | null;
}

export interface RankingRow extends LedgerRow {
  rank: number;
}

export interface Ledger<Row = LedgerRow> {
  period: string;
  rows: Row[];
}

export interface TraceEntry {
  id: number;
  reference: string;
  kind: string;
  subject: string;
  customer: number | null;
  category: number | null;
  resolved_at: string | null;
  points?: string;
  score?: number;
  comment?: string;
  review?: number;
  review_score?: string;
  source?: string;
  source_item?: number | null;
  repeated_by?: number;
}

export interface Trace {
  agent: number;
  period: string;
  figure: Figure;
  count: number;
  items: TraceEntry[];
}

export interface Criterion {
  id: number;
  name: string;
  description: string;
  weight: number;
}

export interface ReviewScore {
  criterion: number;
  name: string;
  weight: number;
  score: number;
}

export type ReviewStatus = "published" | "disputed" | "answered";

export interface Review {
  id: number;
  item: number;
  reference: string;
  kind: string;
  subject: string;
  agent: number;
  reviewer: number | null;
  reason: string;
  score: string;
  comment: string;
  scores: ReviewScore[];
  status: ReviewStatus;
  dispute: string;
  disputed_at: string | null;
  answer: string;
  answered_by: number | null;
  answered_at: string | null;
  created_at: string;
}

export const RULES = ["random", "low_rating", "long_handle", "complaint"] as const;
export type Rule = (typeof RULES)[number];

export interface Candidate {
  id: number;
  reference: string;
  kind: string;
  subject: string;
  queue: string;
  agent: AgentRef;
  resolved_at: string | null;
}

export interface CorrectiveAction {
  id: number;
  item: number;
  reference: string;
  kind: string;
  subject: string;
  agent: AgentRef | null;
  score: number;
  comment: string;
  rated_at: string;
  assignee: AgentRef | null;
  status: "open" | "done";
  note: string;
  created_at: string;
  done_by: AgentRef | null;
  done_at: string | null;
}

export type ActionStatusFilter = "open" | "done" | "all";

export const QUALITY_KEY = ["quality"] as const;
export const ledgerKey = (month: string) => [...QUALITY_KEY, "ledger", month] as const;
export const agentLedgerKey = (agent: number, month: string) => [...QUALITY_KEY, "ledger", month, agent] as const;
export const traceKey = (agent: number, month: string, figure: Figure) =>
  [...QUALITY_KEY, "trace", agent, month, figure] as const;
export const rankingKey = (quarter: string) => [...QUALITY_KEY, "ranking", quarter] as const;
export const REVIEWS_KEY = [...QUALITY_KEY, "reviews"] as const;
export const reviewsKey = (filters: { agent?: number; month?: string }) => [...REVIEWS_KEY, filters] as const;
export const candidatesKey = (month: string, rule: Rule) => [...QUALITY_KEY, "candidates", month, rule] as const;
export const SCORECARD_KEY = [...QUALITY_KEY, "scorecard"] as const;
export const ACTIONS_KEY = [...QUALITY_KEY, "actions"] as const;
export const actionsKey = (status: ActionStatusFilter, mine: boolean) => [...ACTIONS_KEY, status, mine] as const;

export const fetchLedger = (month: string, signal?: AbortSignal) =>
  api<Ledger>("/quality/ledger/", { query: { month }, signal });

export const fetchAgentLedger = (agent: number, month: string, signal?: AbortSignal) =>
  api<Ledger>(`/quality/ledger/${agent}/`, { query: { month }, signal });

export const fetchTrace = (agent: number, month: string, figure: Figure, signal?: AbortSignal) =>
  api<Trace>("/quality/ledger/trace/", { query: { agent, month, figure }, signal });

export const fetchRanking = (quarter: string, signal?: AbortSignal) =>
  api<Ledger<RankingRow>>("/quality/ranking/", { query: { quarter }, signal });

/** The same report as a file: a plain link, the browser downloads it with the session. */
export const ledgerFileUrl = (month: string, output: "csv" | "xlsx") =>
  `/api/v1/quality/ledger/?month=${encodeURIComponent(month)}&output=${output}`;
export const rankingFileUrl = (quarter: string, output: "csv" | "xlsx") =>
  `/api/v1/quality/ranking/?quarter=${encodeURIComponent(quarter)}&output=${output}`;

export const fetchScorecard = (signal?: AbortSignal) => api<Criterion[]>("/quality/scorecard/", { signal });

export const fetchReviews = (filters: { agent?: number; month?: string }, signal?: AbortSignal) =>
  api<Review[]>("/quality/reviews/", { query: filters, signal });

export const fetchCandidates = (month: string, rule: Rule, signal?: AbortSignal) =>
  api<Candidate[]>("/quality/reviews/candidates/", { query: { month, rule }, signal });

export interface ReviewInput {
  item: number;
  reason: string;
  scores: { criterion: number; score: number }[];
  comment: string;
}

export const createReview = (body: ReviewInput) => api<Review>("/quality/reviews/", { method: "POST", body });

export const disputeReview = (id: number, text: string) =>
  api<Review>(`/quality/reviews/${id}/dispute/`, { method: "POST", body: { text } });

export const answerReview = (id: number, text: string) =>
  api<Review>(`/quality/reviews/${id}/answer/`, { method: "POST", body: { text } });

export const fetchActions = (status: ActionStatusFilter, mine: boolean, signal?: AbortSignal) =>
  api<CorrectiveAction[]>("/quality/corrective-actions/", { query: { status, mine: mine ? 1 : undefined }, signal });

export const workAction = (id: number, body: { note?: string; done?: boolean }) =>
  api<CorrectiveAction>(`/quality/corrective-actions/${id}/`, { method: "POST", body });

/** The weighted percentage a review would get (as the server computes it: 5 everywhere = 100). */
export function weightedScore(criteria: Criterion[], scores: Record<number, number | undefined>): number | null {
  if (!criteria.length || criteria.some((c) => !scores[c.id])) return null;
  const total = criteria.reduce((sum, c) => sum + c.weight, 0);
  const points = criteria.reduce((sum, c) => sum + c.weight * (scores[c.id] ?? 0), 0);
  return Math.round((points * 10000) / (total * 5)) / 100;
}
