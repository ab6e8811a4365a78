/** Shapes and queries of the shift APIs (docs/staffing.md, helpdesk/shifts/serializers.py). */
import { useQuery } from "@tanstack/react-query";

import { api } from "../api/client";
import type { Kind, UserBrief } from "../api/types";

// --- demand ---------------------------------------------------------------------------------

export const SLOTS_PER_DAY = 48; // half-hours from 00:00, the help desk's local time
export const MAX_DEMAND_DAYS = 62; // one call plans at most this many days

export type DemandSource = "manual" | "forecast";

/** `GET /staffing/demand/`: one day of one queue and kind. */
export interface DemandDay {
  day: string;
  /** null: nothing entered or forecast for the day. */
  source: DemandSource | null;
  contacts: number[];
}

export interface DemandForecastResult {
  days_written: number;
  days: DemandDay[];
}

export interface DemandQuery {
  queue: number;
  kind: Kind;
  from: string;
  to: string;
}

export const demandKey = (q: DemandQuery) => ["demand", q.queue, q.kind, q.from, q.to] as const;

// --- shift types ----------------------------------------------------------------------------

export interface ShiftType {
  id: number;
  name: string;
  code: string;
  /** Wall-clock start, "HH:MM:SS", the help desk's local time. */
  start: string;
  minutes: number;
  is_night: boolean;
  crosses_midnight: boolean;
}

export const SHIFT_TYPES_KEY = ["shift-types"] as const;

/** The active shift types (everyone with `shift.read`). */
export function useShiftTypes() {
  return useQuery({
    queryKey: SHIFT_TYPES_KEY,
    queryFn: ({ signal }) => api<ShiftType[]>("/shifts/types/", { signal }),
    staleTime: 5 * 60_000,
  });
}

// --- leave ----------------------------------------------------------------------------------

export const LEAVE_KINDS = ["annual", "sick", "personal", "other"] as const;
export type LeaveKind = (typeof LEAVE_KINDS)[number];
export const LEAVE_STATUSES = ["requested", "approved", "declined", "cancelled"] as const;
export type LeaveStatus = (typeof LEAVE_STATUSES)[number];

export interface LeaveRequest {
  id: number;
  user: UserBrief;
  first_day: string;
  last_day: string;
  kind: LeaveKind;
  reason: string;
  status: LeaveStatus;
  requested_at: string;
  decided_by: UserBrief | null;
  decided_at: string | null;
  decision_note: string;
}

export const LEAVE_KEY = ["leave"] as const;

// --- a person's rules and wishes ------------------------------------------------------------

/** `GET|PUT /shifts/people/{id}/rules/` (the defaults until someone sets them). */
export interface StaffRules {
  contracted_minutes_per_week: number;
  hours_tolerance_percent: number;
  max_consecutive_days: number;
  max_shifts_per_week: number;
  /** 0 = Monday … 6 = Sunday. */
  unavailable_weekdays: number[];
}

export const rulesKey = (userId: number) => ["shift-rules", userId] as const;

export type Wish = "want" | "avoid";

export interface Preference {
  id: number;
  wish: Wish;
  weekday: number | null;
  shift_type: number | null;
  weight: number;
}

export const PREFERENCES_KEY = ["shift-preferences"] as const;

/** 0 = Monday … 6 = Sunday, as the API counts them. */
export const WEEKDAYS = [0, 1, 2, 3, 4, 5, 6] as const;

// --- formatting -----------------------------------------------------------------------------

/** "07:30" from the API's "07:30:00". */
export function clock(time: string): string {
  return time.slice(0, 5);
}

/** The wall-clock end of a shift ("15:30") and whether it falls on the next day. */
export function shiftEnd(start: string, minutes: number): { end: string; nextDay: boolean } {
  const [h = "0", m = "0"] = start.split(":");
  const total = Number(h) * 60 + Number(m) + minutes;
  if (total === 1440) return { end: "24:00", nextDay: false };
  const inDay = total % 1440;
  const pad = (n: number) => String(n).padStart(2, "0");
  return { end: `${pad(Math.floor(inDay / 60))}:${pad(inDay % 60)}`, nextDay: total > 1440 };
}

/** "00:00", "00:30", … "23:30": the start of half-hour ``slot``. */
export function slotLabel(slot: number): string {
  return `${String(Math.floor(slot / 2)).padStart(2, "0")}:${slot % 2 ? "30" : "00"}`;
}

/** Hours with at most two decimals, no trailing zeros: 8, 7.5, 37.25. */
export function hours(minutes: number): string {
  return String(Math.round((minutes / 60) * 100) / 100);
}
