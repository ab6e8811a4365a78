/** Tests only: report answers shaped like the API's (helpdesk/reports/serializers.py). */
import type { DailyProblems, Figure, MonthlyReport, ServiceReport, ServiceRow } from "./api";
import { FIGURES } from "./api";

export function row(key: string, label: string, figures: Partial<Record<Figure, number | null>> = {}): ServiceRow {
  const base = Object.fromEntries(FIGURES.map((f) => [f, 0])) as Record<Figure, number | null>;
  return { key, label, ...base, ...figures };
}

export const FRONT = row("3", "Front desk", {
  created: 10,
  resolved: 8,
  backlog: 4,
  first_response_count: 9,
  first_response_median: 125.5,
  first_response_p90: 3725,
  resolution_median: 7200,
  resolution_p90: 90061,
  handle_avg: 45,
  sla_met: 6,
  sla_breached: 2,
  sla_attainment: 0.75,
  offered: 4,
  abandoned: 1,
  abandonment_rate: 0.25,
  ratings: 4,
  rating_avg: 4.25,
  satisfied: 3,
  satisfaction_rate: 0.75,
});
export const ACCOUNTS = row("5", "Accounts", {
  created: 2,
  resolved: 1,
  backlog: 1,
  first_response_median: null,
  first_response_p90: null,
  resolution_median: 600,
  resolution_p90: 600,
  handle_avg: null,
  sla_attainment: null,
  abandonment_rate: null,
  rating_avg: null,
  satisfaction_rate: null,
});

export function serviceReport(extra: Partial<ServiceReport> = {}): ServiceReport {
  return {
    from: "2026-06-01",
    to: "2026-06-15",
    by: "queue",
    time_zone: "Asia/Shanghai",
    rows: [FRONT, ACCOUNTS],
    totals: row("total", "Total", {
      created: 12,
      resolved: 9,
      backlog: 5,
      first_response_median: 125.5,
      resolution_median: 3600,
      sla_met: 6,
      sla_breached: 2,
      sla_attainment: 0.75,
      ratings: 4,
      rating_avg: 4.25,
      satisfaction_rate: 0.75,
    }),
    ...extra,
  };
}

export const AGENT_REPORT = serviceReport({
  by: "agent",
  rows: [row("7", "Li Na", { created: 6, resolved: 5 }), row("none", "Unassigned", { created: 6, resolved: 4 })],
});

export function dailyProblems(extra: Partial<DailyProblems> = {}): DailyProblems {
  return {
    date: "2026-06-15",
    time_zone: "Asia/Shanghai",
    rating_target: 4,
    sent_at: null,
    rows: [
      {
        key: "2",
        label: "Late credit",
        created: 9,
        previous_avg: 4,
        change: 5,
        change_rate: 1.25,
        sla_breaches: 2,
        low_ratings: 1,
        complaints: 1,
        reopened: 0,
        worst: [
          { id: 41, reference: "T-000041", subject: "Top-up missing", reasons: ["sla_breach", "low_rating"], why: "SLA breached, Low rating" },
          { id: 52, reference: "P-000052", subject: "Angry customer", reasons: ["complaint"], why: "Complaint" },
          { id: 60, reference: "C-000060", subject: "Chat left", reasons: ["sla_breach"], why: "SLA breached" },
        ],
      },
      {
        key: "none",
        label: "No category",
        created: 1,
        previous_avg: 3,
        change: -2,
        change_rate: -0.6667,
        sla_breaches: 0,
        low_ratings: 0,
        complaints: 0,
        reopened: 1,
        worst: [{ id: 33, reference: "H-000033", subject: "Call back", reasons: ["reopened"], why: "Reopened" }],
      },
    ],
    totals: {
      key: "total",
      label: "Total",
      created: 10,
      previous_avg: 7,
      change: 3,
      change_rate: 0.4286,
      sla_breaches: 2,
      low_ratings: 1,
      complaints: 1,
      reopened: 1,
    },
    ...extra,
  };
}

export function monthlyReport(extra: Partial<MonthlyReport> = {}): MonthlyReport {
  const current = serviceReport().totals;
  const previous = row("total", "Total", { created: 8, resolved: 8, backlog: 2, sla_attainment: 0.8 });
  return {
    month: "2026-05",
    previous_month: "2026-04",
    from: "2026-05-01",
    to: "2026-05-31",
    time_zone: "Asia/Shanghai",
    totals: FIGURES.map((figure) => ({
      figure,
      current: current[figure],
      previous: previous[figure],
      change: current[figure] !== null && previous[figure] !== null ? current[figure]! - previous[figure]! : null,
    })),
    current,
    previous,
    by_queue: { rows: [FRONT, ACCOUNTS], totals: current },
    by_kind: { rows: [row("ticket", "Ticket", { created: 12 })], totals: current },
    by_agent: {
      rows: [
        { ...row("7", "Li Na", { created: 6, resolved: 5 }), points: 42.5, above_base: 2.5, rank: 1 },
        { ...row("none", "Unassigned", { created: 6 }), points: null, above_base: null, rank: null },
      ],
      totals: current,
    },
    satisfaction: {
      ratings: 4,
      average: 4.25,
      satisfaction_rate: 0.75,
      distribution: [
        { score: 1, count: 0 },
        { score: 2, count: 0 },
        { score: 3, count: 1 },
        { score: 4, count: 1 },
        { score: 5, count: 2 },
      ],
      survey: null,
    },
    sla: {
      met: 6,
      breached: 2,
      attainment: 0.75,
      previous_attainment: 0.8,
      by_target: [{ key: "resolution", label: "Resolution", met: 6, breached: 2, attainment: 0.75 }],
    },
    complaints_by_root_cause: [{ key: "supplier_channel", label: "Supplier channel", count: 3 }],
    top_categories: [{ key: "2", label: "Late credit", created: 9, share: 0.75 }],
    ...extra,
  };
}
