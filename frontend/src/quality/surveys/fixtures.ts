/** Tests only: satisfaction figures and reports as the API gives them. */
import type { Figures, Report, ScoreRow } from "./api";

export function score(label: string, count: number, average: number | null, stars: number[], key: string | number | null = label): ScoreRow {
  const [s1 = 0, s2 = 0, s3 = 0, s4 = 0, s5 = 0] = stars;
  return { key, label, count, average, s1, s2, s3, s4, s5 };
}

export function figures(extra: Partial<Figures> = {}): Figures {
  const support = score("Support", 3, 4.33, [0, 0, 1, 0, 2], 1);
  const billing = score("Billing", 1, 2, [0, 1, 0, 0, 0], 2);
  const totals = score("Total", 4, 3.75, [0, 1, 1, 0, 2], null);
  return {
    period: { from: "2026-11-01", to: "2026-11-30", label: "2026-11" },
    computed_at: "2026-12-01T02:00:00Z",
    ratings: {
      links_issued: 10,
      links_rated: 4,
      response_rate: 0.4,
      totals,
      by: {
        queue: [support, billing],
        agent: [score("Zhang Wei", 4, 3.75, [0, 1, 1, 0, 2], 3)],
        category: [score("Invoice", 4, 3.75, [0, 1, 1, 0, 2], 5)],
        kind: [score("Ticket", 4, 3.75, [0, 1, 1, 0, 2], "ticket")],
        week: [score("2026-W45", 4, 3.75, [0, 1, 1, 0, 2], "2026-11-02")],
        day: [score("2026-11-03", 4, 3.75, [0, 1, 1, 0, 2], "2026-11-03")],
      },
    },
    campaign: null,
    ...extra,
  };
}

export function report(extra: Partial<Report> = {}): Report {
  return {
    id: 7,
    title: "Satisfaction 2026-11",
    period_from: "2026-11-01",
    period_to: "2026-11-30",
    campaign: null,
    campaign_name: null,
    status: "draft",
    created_by: "Sun Hui",
    created_at: "2026-12-01T03:00:00Z",
    submitted_by: null,
    submitted_at: null,
    published_by: null,
    published_at: null,
    summary: "Billing scores fell.",
    actions: "Retrain the billing desk.",
    frozen: false,
    events: [{ verb: "created", actor: "Sun Hui", reason: "", created_at: "2026-12-01T03:00:00Z" }],
    figures: figures(),
    ...extra,
  };
}
