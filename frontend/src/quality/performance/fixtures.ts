/** Tests only: API answers for the quality pages. */
import type { CorrectiveAction, Criterion, LedgerRow, RankingRow, Review, Trace } from "./api";

export const LI = { id: 7, username: "li", name: "Li Na" };
export const WANG = { id: 8, username: "wang", name: "Wang Lei" };
export const SUN = { id: 1, username: "supervisor", name: "Sun Hui" };

export function ledgerRow(agent = LI, extra: Partial<LedgerRow> = {}): LedgerRow {
  return {
    agent,
    items: 3,
    points: "3.50",
    base: "17.00",
    above_base: "0.00",
    confirmed: 1,
    praise: 2,
    complaints: 0,
    repeats: 1,
    reviews: 1,
    review_score: "86.67",
    ...extra,
  };
}

export const rankingRow = (rank: number, agent = LI, extra: Partial<LedgerRow> = {}): RankingRow => ({
  ...ledgerRow(agent, extra),
  rank,
});

export const POINTS_TRACE: Trace = {
  agent: 7,
  period: "2026-11",
  figure: "points",
  count: 2,
  items: [
    { id: 41, reference: "T-000041", kind: "ticket", subject: "Top-up failed", customer: 3, category: null, resolved_at: "2026-11-03T08:00:00Z", points: "1.00" },
    { id: 42, reference: "C-000042", kind: "chat", subject: "Where is my card", customer: null, category: null, resolved_at: "2026-11-04T08:00:00Z", points: "0.50" },
  ],
};

export const CRITERIA: Criterion[] = [
  { id: 1, name: "greeting", description: "", weight: 1 },
  { id: 2, name: "accuracy", description: "", weight: 3 },
];

export function review(extra: Partial<Review> = {}): Review {
  return {
    id: 5,
    item: 41,
    reference: "T-000041",
    kind: "ticket",
    subject: "Top-up failed",
    agent: 7,
    reviewer: 1,
    reason: "random",
    score: "80.00",
    comment: "Check the balance first.",
    scores: [
      { criterion: 1, name: "greeting", weight: 1, score: 5 },
      { criterion: 2, name: "accuracy", weight: 3, score: 3 },
    ],
    status: "published",
    dispute: "",
    disputed_at: null,
    answer: "",
    answered_by: null,
    answered_at: null,
    created_at: "2026-11-20T08:00:00Z",
    ...extra,
  };
}

export function action(extra: Partial<CorrectiveAction> = {}): CorrectiveAction {
  return {
    id: 9,
    item: 41,
    reference: "T-000041",
    kind: "ticket",
    subject: "Top-up failed",
    agent: LI,
    score: 1,
    comment: "Nobody called back",
    rated_at: "2026-11-05T08:00:00Z",
    assignee: SUN,
    status: "open",
    note: "",
    created_at: "2026-11-05T08:00:00Z",
    done_by: null,
    done_at: null,
    ...extra,
  };
}
