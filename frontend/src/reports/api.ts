/** The period reports' shapes (helpdesk/reports/serializers.py, docs/reports.md) and their calls. */
import { api, type RequestOptions } from "../api/client";
import { downloadExport } from "../common/ExportButtons";

export const DIMENSIONS = ["queue", "kind", "agent", "category", "day", "week", "month"] as const;
export type Dimension = (typeof DIMENSIONS)[number];
export const TIME_DIMENSIONS: Dimension[] = ["day", "week", "month"];

/** The service figures, in the server's column order. */
export const FIGURES = [
  "created",
  "resolved",
  "backlog",
  "first_response_count",
  "first_response_median",
  "first_response_p90",
  "resolution_median",
  "resolution_p90",
  "handle_avg",
  "sla_met",
  "sla_breached",
  "sla_attainment",
  "offered",
  "abandoned",
  "abandonment_rate",
  "ratings",
  "rating_avg",
  "satisfied",
  "satisfaction_rate",
] as const;
export type Figure = (typeof FIGURES)[number];
export const SECONDS: Figure[] = [
  "first_response_median",
  "first_response_p90",
  "resolution_median",
  "resolution_p90",
  "handle_avg",
];
export const RATES: Figure[] = ["sla_attainment", "abandonment_rate", "satisfaction_rate"];

export type ServiceRow = { key: string; label: string } & Record<Figure, number | null>;

export interface ServiceReport {
  from: string;
  to: string;
  by: Dimension;
  time_zone: string;
  rows: ServiceRow[];
  totals: ServiceRow;
}

export interface ServiceQuery {
  from: string;
  to: string;
  by: Dimension;
  queue: number[];
  kind: string | null;
  agent: number | null;
}

export interface WorstItem {
  id: number;
  reference: string;
  subject: string;
  reasons: string[];
  why: string;
}

export interface ProblemRow {
  key: string;
  label: string;
  created: number;
  previous_avg: number;
  change: number;
  change_rate: number | null;
  sla_breaches: number;
  low_ratings: number;
  complaints: number;
  reopened: number;
  worst?: WorstItem[];
}

export interface DailyProblems {
  date: string;
  time_zone: string;
  rating_target: number;
  rows: ProblemRow[];
  totals: ProblemRow;
  sent_at: string | null;
}

export interface Change {
  figure: Figure;
  current: number | null;
  previous: number | null;
  change: number | null;
}

export interface AgentRow extends ServiceRow {
  points: number | null;
  above_base: number | null;
  rank: number | null;
}

export interface Table<Row = ServiceRow> {
  rows: Row[];
  totals: ServiceRow;
}

export interface SurveySummary {
  campaigns?: number;
  sent?: number;
  responses?: number;
  response_rate?: number | null;
  [key: string]: unknown;
}

export interface MonthlyReport {
  month: string;
  previous_month: string;
  from: string;
  to: string;
  time_zone: string;
  totals: Change[];
  current: ServiceRow;
  previous: ServiceRow;
  by_queue: Table;
  by_kind: Table;
  by_agent: Table<AgentRow>;
  satisfaction: {
    ratings: number;
    average: number | null;
    satisfaction_rate: number | null;
    distribution: { score: number; count: number }[];
    survey: SurveySummary | null;
  };
  sla: {
    met: number;
    breached: number;
    attainment: number | null;
    previous_attainment: number | null;
    by_target: { key: string; label: string; met: number; breached: number; attainment: number | null }[];
  };
  complaints_by_root_cause: { key: string; label: string; count: number }[];
  top_categories: { key: string; label: string; created: number; share: number | null }[];
}

export const REPORTS_KEY = ["reports"] as const;
export const SERVICE_PATH = "/reports/service/";
export const DAILY_PATH = "/reports/daily-problems/";
export const MONTHLY_PATH = "/reports/monthly/";

export type Query = NonNullable<RequestOptions["query"]>;

export function serviceParams(q: ServiceQuery): Query {
  return { from: q.from, to: q.to, by: q.by, queue: q.queue, kind: q.kind, agent: q.agent };
}

export const fetchService = (q: ServiceQuery, signal?: AbortSignal) =>
  api<ServiceReport>(SERVICE_PATH, { query: serviceParams(q), signal });

export const fetchDaily = (date: string, signal?: AbortSignal) =>
  api<DailyProblems>(DAILY_PATH, { query: { date }, signal });

export const fetchMonthly = (month: string, signal?: AbortSignal) =>
  api<MonthlyReport>(MONTHLY_PATH, { query: { month }, signal });

export type Output = "csv" | "xlsx";

/**
 * The same report as a file (`?output=csv|xlsx`): fetched with the session so a refusal (403
 * without `report.export`, 400 for a bad period) comes back as the API's message, then handed to
 * the browser as a download (the shared `downloadExport`).
 */
export const downloadReport = (path: string, query: Query, output: Output): Promise<string> =>
  downloadExport(path, query, output);

/** Counted figures that lead to their records (`GET /reports/service/items/`, docs/reports.md). */
export const TRACE_FIGURES: Figure[] = [
  "created",
  "resolved",
  "backlog",
  "first_response_count",
  "offered",
  "abandoned",
  "sla_met",
  "sla_breached",
  "ratings",
  "satisfied",
];

export interface TraceRow {
  item: {
    id: number;
    reference: string;
    kind: string;
    subject: string;
    status: string;
    queue: { id: number; name: string };
    category: { id: number; name: string } | null;
    assignee: { id: number; name: string } | null;
    created_at: string;
    first_response_at: string | null;
    resolved_at: string | null;
  };
  clock: { kind: string; state: string; due_at: string | null; stopped_at: string | null; breached_at: string | null } | null;
  rating: { score: number; comment: string; created_at: string } | null;
}

export interface ServiceTrace {
  figure: Figure;
  key: string;
  record: "item" | "clock" | "rating";
  count: number;
  next: string | null;
  previous: string | null;
  results: TraceRow[];
}

export const TRACE_PAGE_SIZE = 50;

export const fetchServiceTrace = (q: ServiceQuery, key: string, figure: Figure, page: number, signal?: AbortSignal) =>
  api<ServiceTrace>(`${SERVICE_PATH}items/`, {
    query: { ...serviceParams(q), key, figure, page, page_size: TRACE_PAGE_SIZE },
    signal,
  });
