/**
 * Shapes and calls of the complaint APIs (docs/complaints.md, helpdesk/complaints/serializers.py).
 * Money is in fen. A complaint's id is its work item's.
 */
import { api } from "../api/client";
import type { Kind, Page, QueueBrief, UserBrief, WorkItem } from "../api/types";

export const STAGES = [
  "received",
  "investigating",
  "sent_back",
  "proposed",
  "appeal_review",
  "approved",
  "informed",
  "closed",
] as const;
export type Stage = (typeof STAGES)[number];

export const SEVERITIES = ["critical", "high", "medium", "low"] as const;
export type Severity = (typeof SEVERITIES)[number];

export const ROOT_CAUSES = [
  "agent_conduct",
  "product",
  "supplier_channel",
  "process",
  "customer_misunderstanding",
  "other",
] as const;
export type RootCause = (typeof ROOT_CAUSES)[number];

export const REMEDY_KINDS = ["apology", "refund", "compensation", "other"] as const;
export type RemedyKind = (typeof REMEDY_KINDS)[number];
export type RemedyState = "proposed" | "approved" | "withdrawn" | "executed" | "recorded";
export type Outcome = "resolved" | "withdrawn" | "duplicate";
export type SlaBadgeState = "none" | "ok" | "warning" | "breached";

/** The attribution a root cause needs before a resolution may be proposed. */
export type Attribution = "attributed_agent" | "attributed_channel" | "attribution_note";

export const WORKFLOW_ACTIONS = ["investigate", "propose", "approve", "send_back", "inform", "close", "appeal"] as const;
export type WorkflowAction = (typeof WORKFLOW_ACTIONS)[number];
/** What the detail's `actions` may hold: the workflow's moves and the edits allowed now. */
export type ComplaintAction = WorkflowAction | "edit" | "add_evidence" | "add_remedy";

export interface NamedBrief {
  id: number;
  name: string;
}

export interface SlaBadge {
  state: SlaBadgeState;
  due_at: string | null;
  warn_at: string | null;
  first_response_due: string | null;
  resolution_due: string | null;
}

/** A board card, a list row and the payload of `complaint.created` / `complaint.changed`. */
export interface ComplaintCard {
  id: number;
  reference: string;
  subject: string;
  stage: Stage;
  stage_display: string;
  severity: Severity;
  severity_display: string;
  status: string;
  priority: number;
  queue: QueueBrief;
  customer: NamedBrief | null;
  assignee: UserBrief | null;
  category: { id: number; name: string; queue: number | null } | null;
  root_cause: RootCause | "";
  appeal_round: number;
  outcome: Outcome | "";
  remedies_total_fen: number;
  needs_amount_confirmation: boolean;
  sla: SlaBadge;
  created_at: string;
  updated_at: string;
}

export interface ComplaintOrder {
  id: number;
  reference: string;
  product: string;
  account: string;
  amount: number;
  price: number;
  status: string;
  created_at: string;
}

export interface Remedy {
  id: number;
  kind: RemedyKind;
  kind_display: string;
  order: { id: number; reference: string } | null;
  amount_fen: number | null;
  description: string;
  state: RemedyState;
  state_display: string;
  above_threshold: boolean;
  appeal_round: number;
  proposed_by: UserBrief | null;
  created_at: string;
  approved_by: UserBrief | null;
  approved_at: string | null;
  executed_by: UserBrief | null;
  executed_at: string | null;
  execution_note: string;
  refund: number | null;
  withdrawn_at: string | null;
}

export interface Step {
  id: number;
  action: WorkflowAction | "opened";
  action_display: string;
  from_stage: Stage | "";
  to_stage: Stage;
  actor: UserBrief | null;
  reason: string;
  data: Record<string, unknown>;
  created_at: string;
}

export type EvidenceKind =
  | "statement"
  | "message"
  | "attachment"
  | "note"
  | "item"
  | "call"
  | "order"
  | "customer_message";

export interface Evidence {
  id: number;
  kind: EvidenceKind;
  kind_display: string;
  source_item: number | null;
  source_order: number | null;
  source_ref: string;
  party: "customer" | "staff" | "system" | "";
  author: UserBrief | null;
  author_name: string;
  body: string;
  internal: boolean;
  occurred_at: string;
  filename: string;
  content_type: string;
  size: number | null;
  /** The download (`/api/v1/complaints/evidence/<id>/file/`), or null without a file. */
  url: string | null;
  data: Record<string, unknown>;
  added_by: UserBrief | null;
  created_at: string;
}

export interface ItemEvent {
  id: number;
  verb: string;
  verb_display: string;
  actor: UserBrief | null;
  data: Record<string, unknown>;
  reason: string;
}

export interface TimelineEntry {
  at: string;
  type: "step" | "evidence" | "event";
  step: Step | null;
  evidence: Evidence | null;
  event: ItemEvent | null;
}

export interface ComplaintDetail extends ComplaintCard {
  tags: string[];
  created_by: UserBrief | null;
  complained_agent: UserBrief | null;
  complained_channel: NamedBrief | null;
  source_item: { id: number; reference: string; kind: Kind; subject: string; status: string } | null;
  source_order: { id: number; reference: string } | null;
  orders: ComplaintOrder[];
  root_cause_display: string;
  attributed_agent: UserBrief | null;
  attributed_channel: NamedBrief | null;
  attribution_note: string;
  attributed_at: string | null;
  resolution: string;
  proposed_by: UserBrief | null;
  proposed_at: string | null;
  approved_resolution: string;
  approved_by: UserBrief | null;
  approved_at: string | null;
  informed_at: string | null;
  approval_threshold_fen: number;
  remedies: Remedy[];
  steps: Step[];
  evidence: Evidence[];
  timeline: TimelineEntry[];
  actions: ComplaintAction[];
}

export interface Choice<T extends string = string> {
  value: T;
  label: string;
}

export interface ComplaintOptions {
  stages: Choice<Stage>[];
  severities: Choice<Severity>[];
  root_causes: (Choice<RootCause> & { requires: Attribution | null })[];
  remedy_kinds: Choice<RemedyKind>[];
  outcomes: Choice<Outcome>[];
  categories: NamedBrief[];
  handlers: UserBrief[];
  /** Active agents, supervisors and order handlers: whom a finding may be attributed to. */
  agents: UserBrief[];
  channels: NamedBrief[];
  approval_threshold_fen: number;
  appeal_to_manager: boolean;
  queue: QueueBrief | null;
}

export interface BoardColumn {
  stage: Stage;
  label: string;
  count: number;
  cards: ComplaintCard[];
}

export interface Board {
  column_limit: number;
  columns: BoardColumn[];
}

export interface BoardFilters {
  category: number[];
  severity: Severity[];
  handler: number[];
  mine: boolean;
  unassigned: boolean;
  q: string;
}

export interface OpenInput {
  source_item?: number;
  source_order?: number;
  subject?: string;
  description?: string;
  severity?: Severity;
  category?: number | null;
  customer?: number;
}

export interface ComplaintPatch {
  severity?: Severity;
  category?: number | null;
  root_cause?: RootCause | "";
  attributed_agent?: number | null;
  attributed_channel?: number | null;
  attribution_note?: string;
}

export interface RemedyInput {
  kind: RemedyKind;
  order?: number;
  amount_fen?: number;
  description?: string;
}

// --- reports ---------------------------------------------------------------------------------------

export type TrendDimension = "root_cause" | "channel" | "agent" | "category";
export type Bucket = "day" | "week";

export interface TrendSeries {
  key: string;
  label: string;
  total: number;
  points: { period: string; count: number }[];
}

export interface Trends {
  by: TrendDimension;
  bucket: Bucket;
  since: string;
  until: string;
  periods: string[];
  series: TrendSeries[];
}

export interface Repeater {
  customer: NamedBrief;
  complaints: number;
  open: number;
  last_at: string;
}

export interface Theme {
  dimension: "category" | "root_cause" | "channel";
  key: string;
  label: string;
  count: number;
  previous_daily_average?: number;
}

export interface DailySummary {
  day: string;
  generated_at: string;
  received: number;
  closed: number;
  open: number;
  open_by_stage: Partial<Record<Stage, number>>;
  awaiting_manager: number;
  top_categories: { key: string; label: string; count: number }[];
  new_themes: Theme[];
  rising_themes: Theme[];
  open_breaches: {
    count: number;
    items: {
      id: number;
      reference: string;
      subject: string;
      stage: Stage;
      severity: Severity;
      assignee: string | null;
      due_at: string | null;
    }[];
  };
  repeat_complainants: Repeater[];
  remedies_approved: { count: number; amount_fen: number };
  theme_lookback_days: number;
}

export interface StoredSummary {
  summary: DailySummary;
  /** True: the summary as it was sent to the supervisors that night. */
  stored: boolean;
  sent_at: string | null;
  sent_to: number[];
}

// --- keys ----------------------------------------------------------------------------------------

export const COMPLAINTS_KEY = ["complaints"] as const;
export const boardKey = (filters: BoardFilters) => [...COMPLAINTS_KEY, "board", filters] as const;
export const OPTIONS_KEY = ["complaint-options"] as const;
export const complaintKey = (id: number) => ["complaint", id] as const;
export const REPORTS_KEY = ["complaint-reports"] as const;

// --- calls ---------------------------------------------------------------------------------------

export const boardQuery = (filters: BoardFilters) => ({
  category: filters.category,
  severity: filters.severity,
  handler: filters.handler,
  mine: filters.mine,
  unassigned: filters.unassigned,
  q: filters.q.trim(),
});

export const fetchBoard = (filters: BoardFilters, signal?: AbortSignal) =>
  api<Board>("/complaints/board/", { query: boardQuery(filters), signal });

export const fetchOptions = (signal?: AbortSignal) => api<ComplaintOptions>("/complaints/options/", { signal });

export const fetchComplaint = (id: number, signal?: AbortSignal) =>
  api<ComplaintDetail>(`/complaints/${id}/`, { signal });

/** Open a complaint: from a ticket, chat or call (`source_item`), an order, or directly. */
export const openComplaint = (input: OpenInput) => api<ComplaintCard>("/complaints/", { body: input });

export const updateComplaint = (id: number, patch: ComplaintPatch) =>
  api<ComplaintDetail>(`/complaints/${id}/`, { method: "PATCH", body: patch });

const STEP_PATHS: Record<WorkflowAction, string> = {
  investigate: "investigate",
  propose: "propose",
  approve: "approve",
  send_back: "send-back",
  inform: "inform",
  close: "close",
  appeal: "appeal",
};

/** A workflow step; the body is what the step takes (inform takes nothing). */
export const runStep = (id: number, action: WorkflowAction, body: Record<string, unknown> = {}) =>
  api<ComplaintDetail>(`/complaints/${id}/${STEP_PATHS[action]}/`, { method: "POST", body });

export const addNote = (id: number, body: string) => api<Evidence>(`/complaints/${id}/notes/`, { body: { body } });

export function addAttachments(id: number, files: File[], note: string) {
  const form = new FormData();
  for (const file of files) form.append("attachments", file);
  if (note) form.append("note", note);
  return api<Evidence[]>(`/complaints/${id}/attachments/`, { form });
}

export const addLink = (id: number, link: { item: number } | { order: number }) =>
  api<Evidence[]>(`/complaints/${id}/links/`, { body: link });

export const addRemedy = (id: number, input: RemedyInput) =>
  api<Remedy>(`/complaints/${id}/remedies/`, { body: input });

export const withdrawRemedy = (id: number, remedyId: number) =>
  api<Remedy>(`/complaints/${id}/remedies/${remedyId}/`, { method: "DELETE" });

/** Work the user may see, to open a complaint from or link (by reference number or subject). */
export const searchWork = (q: string, signal?: AbortSignal) =>
  api<Page<WorkItem>>("/inbox/", {
    query: { q, kind: ["ticket", "chat", "call", "callback"], page_size: 10 },
    signal,
  });

export const fetchTrends = (by: TrendDimension, bucket: Bucket, since: string, until: string, signal?: AbortSignal) =>
  api<Trends>("/complaints/reports/trends/", { query: { by, bucket, since, until }, signal });

export const fetchRepeaters = (days: number, signal?: AbortSignal) =>
  api<Repeater[]>("/complaints/reports/repeat-complainants/", { query: { days }, signal });

export const fetchDailySummary = (day: string, signal?: AbortSignal) =>
  api<StoredSummary>("/complaints/reports/daily-summary/", { query: { day }, signal });
