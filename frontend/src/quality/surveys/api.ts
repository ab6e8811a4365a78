/** Survey campaigns, the public survey link and the satisfaction analysis report (docs/surveys.md). */
import { api } from "../../api/client";

export interface Campaign {
  id: number;
  name: string;
  intro: string;
  deadline: string;
  status: "draft" | "sending" | "open" | "closed";
  queue: number | null;
  queue_name: string | null;
  served_from: string | null;
  served_to: string | null;
  created_by: string | null;
  created_at: string;
  sent_at: string | null;
  closed_at: string | null;
  invited: number;
  sent: number;
  answered: number;
  response_rate: number | null;
}

export interface CampaignInput {
  name: string;
  intro: string;
  deadline: string;
  queue?: number | null;
  served_from?: string | null;
  served_to?: string | null;
}

export interface SurveyView {
  name: string;
  intro: string;
  deadline: string;
  customer: string;
  questions: { key: "service" | "price" | "overall"; label: string }[];
}

export interface SurveyAnswer {
  service: number;
  price: number;
  overall: number;
  comment: string;
}

export interface ScoreRow {
  key: string | number | null;
  label: string;
  count: number;
  average: number | null;
  s1: number;
  s2: number;
  s3: number;
  s4: number;
  s5: number;
}

export type Dimension = "queue" | "agent" | "category" | "kind" | "week" | "day";
export const DIMENSIONS: Dimension[] = ["queue", "agent", "category", "kind", "week", "day"];

export interface Figures {
  period: { from: string; to: string; label: string };
  computed_at: string;
  ratings: {
    links_issued: number;
    links_rated: number;
    response_rate: number | null;
    totals: ScoreRow;
    by: Record<Dimension, ScoreRow[]>;
  };
  campaign: null | {
    id: number;
    name: string;
    status: string;
    deadline: string;
    invited: number;
    sent: number;
    answered: number;
    response_rate: number | null;
    questions: (ScoreRow & { key: string })[];
    comments: { text: string; created_at: string; service: number; price: number; overall: number }[];
  };
}

export type ReportStatus = "draft" | "submitted" | "returned" | "published";

export interface ReportSummary {
  id: number;
  title: string;
  period_from: string;
  period_to: string;
  campaign: number | null;
  campaign_name: string | null;
  status: ReportStatus;
  created_by: string | null;
  created_at: string;
  submitted_by: string | null;
  submitted_at: string | null;
  published_by: string | null;
  published_at: string | null;
}

export interface Report extends ReportSummary {
  summary: string;
  actions: string;
  frozen: boolean;
  events: { verb: string; actor: string | null; reason: string; created_at: string }[];
  figures: Figures;
}

export interface Period {
  month?: string;
  from?: string;
  to?: string;
}

const BASE = "/quality";
const linkPath = (token: string) => `${BASE}/survey/${encodeURIComponent(token)}/`;

export const fetchSurvey = (token: string, signal?: AbortSignal) => api<SurveyView>(linkPath(token), { signal });
export const answerSurvey = (token: string, answer: SurveyAnswer) =>
  api<SurveyAnswer>(linkPath(token), { method: "POST", body: answer });

export const fetchCampaigns = (signal?: AbortSignal) => api<Campaign[]>(`${BASE}/surveys/`, { signal });
export const createCampaign = (input: CampaignInput) =>
  api<Campaign>(`${BASE}/surveys/`, { method: "POST", body: input });
export const sendCampaign = (id: number) => api<Campaign>(`${BASE}/surveys/${id}/send/`, { method: "POST" });
export const closeCampaign = (id: number) => api<Campaign>(`${BASE}/surveys/${id}/close/`, { method: "POST" });

export const fetchAnalysis = (period: Period, campaign: number | undefined, signal?: AbortSignal) =>
  api<Figures>(`${BASE}/satisfaction/`, { query: { ...period, campaign }, signal });

const REPORTS = `${BASE}/satisfaction/reports/`;
export const fetchReports = (signal?: AbortSignal) => api<ReportSummary[]>(REPORTS, { signal });
export const fetchReport = (id: number, signal?: AbortSignal) => api<Report>(`${REPORTS}${id}/`, { signal });
export const createReport = (input: Period & { campaign?: number | null; title?: string; summary: string; actions: string }) =>
  api<Report>(REPORTS, { method: "POST", body: input });
export const updateReport = (id: number, input: { summary?: string; actions?: string; title?: string }) =>
  api<Report>(`${REPORTS}${id}/`, { method: "PATCH", body: input });
export const reportAction = (id: number, action: "submit" | "publish") =>
  api<Report>(`${REPORTS}${id}/${action}/`, { method: "POST" });
export const sendBackReport = (id: number, reason: string) =>
  api<Report>(`${REPORTS}${id}/send-back/`, { method: "POST", body: { reason } });
