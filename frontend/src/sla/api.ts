/** Shapes and calls of the SLA APIs (docs/sla.md, helpdesk/sla/serializers.py). */
import { api } from "../api/client";
import type { Kind, Page, Priority, UserBrief, WorkItem } from "../api/types";

// --- an item's clocks and escalations ---------------------------------------------------------

export type ClockKind = "first_response" | "next_response" | "resolution";
export type ClockState = "running" | "paused" | "met" | "breached" | "cancelled";
export const TARGET_KINDS = ["assignee", "supervisor_on_duty", "queue_supervisors", "manager"] as const;
export type TargetKind = (typeof TARGET_KINDS)[number];
export type RunState = "active" | "acknowledged" | "ended" | "exhausted";
export type EscalationState = "open" | "acknowledged" | "deescalated" | "resolved";

export interface SlaClock {
  id: number;
  kind: ClockKind;
  state: ClockState;
  target_seconds: number;
  used_seconds: number;
  started_at: string;
  due_at: string | null;
  warn_at: string | null;
  warned_at: string | null;
  breached_at: string | null;
  stopped_at: string | null;
  /** Business seconds left (negative when overdue) while running; null otherwise. */
  remaining_seconds: number | null;
}

export interface EscalationStep {
  level: number;
  target: TargetKind;
  skipped: boolean;
  ran_at: string;
  notified: UserBrief[];
}

/** An automatic escalation: one item along a snapshot of a chain. */
export interface EscalationRun {
  id: number;
  item: number;
  reference: string;
  subject: string;
  chain_name: string;
  levels: ChainLevel[];
  state: RunState;
  next_level: number;
  next_at: string | null;
  started_at: string;
  acknowledged_by: UserBrief | null;
  acknowledged_at: string | null;
  ended_at: string | null;
  steps: EscalationStep[];
}

/** A person raising an item to the level above. */
export interface Escalation {
  id: number;
  item: number;
  reference: string;
  subject: string;
  raised_by: UserBrief | null;
  to_user: UserBrief;
  level: TargetKind;
  reason: string;
  ask: string;
  answer_by: string | null;
  state: EscalationState;
  created_at: string;
  handled_by: UserBrief | null;
  handled_at: string | null;
  note: string;
}

export interface ItemSla {
  clocks: SlaClock[];
  runs: EscalationRun[];
  escalations: Escalation[];
}

export const itemSlaKey = (itemId: number) => ["item-sla", itemId] as const;
export const ESCALATIONS_KEY = ["escalations"] as const;
export const RUNS_KEY = ["escalation-runs"] as const;

export const fetchItemSla = (itemId: number, signal?: AbortSignal) =>
  api<ItemSla>(`/items/${itemId}/sla/`, { signal });

export const fetchItem = (itemId: number, signal?: AbortSignal) =>
  api<WorkItem>(`/items/${itemId}/`, { signal });

export interface EscalateInput {
  reason: string;
  ask: string;
  answer_by?: string | null;
  to_manager?: boolean;
}

export const escalateItem = (itemId: number, input: EscalateInput) =>
  api<Escalation>(`/items/${itemId}/escalate/`, { body: input });

export const acknowledgeRun = (runId: number) =>
  api<EscalationRun>(`/escalation-runs/${runId}/acknowledge/`, { method: "POST" });

export const acknowledgeEscalation = (id: number, note: string) =>
  api<Escalation>(`/escalations/${id}/acknowledge/`, { body: { note } });

export const sendBackEscalation = (id: number, note: string) =>
  api<Escalation>(`/escalations/${id}/send-back/`, { body: { note } });

export const reassignEscalation = (id: number, toUser: number, note: string) =>
  api<Escalation>(`/escalations/${id}/reassign/`, { body: { to_user: toUser, note } });

/** At most this many pages of a list are read (50 a page for escalations). */
const MAX_PAGES = 10;

/**
 * Every page of a list, following `next`. The escalation list takes no page size and no "to me"
 * filter (managers see everyone's), so the pages are read and filtered here.
 */
export async function fetchAllPages<T>(
  path: string,
  query: Record<string, string | number | undefined>,
  signal?: AbortSignal,
): Promise<T[]> {
  const rows: T[] = [];
  for (let page = 1; page <= MAX_PAGES; page++) {
    const data = await api<Page<T>>(path, { query: { ...query, page }, signal });
    rows.push(...data.results);
    if (!data.next) break;
  }
  return rows;
}

export const fetchEscalations = (state: EscalationState | undefined, signal?: AbortSignal) =>
  fetchAllPages<Escalation>("/escalations/", { state }, signal);

export const fetchRuns = (state: RunState | undefined, signal?: AbortSignal) =>
  fetchAllPages<EscalationRun>("/escalation-runs/", { state, page_size: 100 }, signal);

/** Whether a run reached `userId` at one of its steps. */
export const runReached = (run: EscalationRun, userId: number | undefined) =>
  userId !== undefined && run.steps.some((s) => s.notified.some((u) => u.id === userId));

// --- settings -----------------------------------------------------------------------------------

export interface HoursInterval {
  weekday: number;
  start: string;
  end: string;
}

export type DayKind = "closed" | "workday";

export interface SpecialDay {
  id: number;
  day: string;
  kind: DayKind;
  name: string;
  hours_of_weekday: number;
  source: "manual" | "imported";
}

export interface BusinessCalendar {
  id: number;
  name: string;
  time_zone: string;
  country: string;
  hours: HoursInterval[];
  special_days: SpecialDay[];
  updated_at: string;
}

export interface CalendarInput {
  name: string;
  time_zone: string;
  hours: HoursInterval[];
}

export interface SpecialDayInput {
  day: string;
  kind: DayKind;
  name: string;
  hours_of_weekday: number;
}

export interface Policy {
  id: number;
  queue: number;
  priority: Priority | null;
  kind: Kind | "";
  first_response_minutes: number | null;
  next_response_minutes: number | null;
  resolution_minutes: number | null;
  warn_percent: number;
  escalation: number | null;
  appeal_to_manager: boolean;
  updated_at: string;
}

export type PolicyInput = Omit<Policy, "id" | "updated_at">;

export interface ChainLevel {
  target: TargetKind;
  after_minutes: number;
}

export interface Chain {
  id: number;
  name: string;
  levels: ChainLevel[];
  updated_at: string;
}

export const CALENDARS_KEY = ["sla-calendars"] as const;
export const POLICIES_KEY = ["sla-policies"] as const;
export const CHAINS_KEY = ["sla-chains"] as const;

export const fetchCalendars = (signal?: AbortSignal) => api<BusinessCalendar[]>("/sla/calendars/", { signal });
export const saveCalendar = (id: number | null, input: CalendarInput) =>
  id === null
    ? api<BusinessCalendar>("/sla/calendars/", { body: input })
    : api<BusinessCalendar>(`/sla/calendars/${id}/`, { method: "PUT", body: input });
export const deleteCalendar = (id: number) => api<void>(`/sla/calendars/${id}/`, { method: "DELETE" });
export const addSpecialDay = (calendarId: number, input: SpecialDayInput) =>
  api<SpecialDay>(`/sla/calendars/${calendarId}/days/`, { body: input });
export const deleteSpecialDay = (calendarId: number, dayId: number) =>
  api<void>(`/sla/calendars/${calendarId}/days/${dayId}/`, { method: "DELETE" });
export const importHolidays = (calendarId: number, country: string, year: number) =>
  api<{ days_written: number }>(`/sla/calendars/${calendarId}/import-holidays/`, { body: { country, year } });
/** Each of the user's queues and its calendar (null: around the clock). */
export const fetchQueueCalendars = (signal?: AbortSignal) =>
  api<{ queue: number; calendar: number | null }[]>("/sla/queues/", { signal });
export const setQueueCalendar = (queueId: number, calendar: number | null) =>
  api<void>(`/sla/queues/${queueId}/calendar/`, { method: "PUT", body: { calendar } });

export const fetchPolicies = (signal?: AbortSignal) => api<Policy[]>("/sla/policies/", { signal });
export const savePolicy = (id: number | null, input: PolicyInput) =>
  id === null
    ? api<Policy>("/sla/policies/", { body: input })
    : api<Policy>(`/sla/policies/${id}/`, { method: "PUT", body: input });
export const deletePolicy = (id: number) => api<void>(`/sla/policies/${id}/`, { method: "DELETE" });

export const fetchChains = (signal?: AbortSignal) => api<Chain[]>("/sla/chains/", { signal });
export const saveChain = (id: number | null, input: { name: string; levels: ChainLevel[] }) =>
  id === null
    ? api<Chain>("/sla/chains/", { body: input })
    : api<Chain>(`/sla/chains/${id}/`, { method: "PUT", body: input });
