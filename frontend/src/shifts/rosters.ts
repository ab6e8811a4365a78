/** Shapes and helpers of the roster APIs (helpdesk/shifts/serializers.py, apis.py). */
import dayjs from "dayjs";
import type { CSSProperties } from "react";

import type { UserBrief } from "../api/types";
import type { ShiftType } from "./api";

export const MAX_ROSTER_DAYS = 62;
export const MAX_ROSTER_WEEKS = 8;
export const DEFAULT_TIME_LIMIT = 30;
export const MAX_TIME_LIMIT = 600;
export const POLL_MS = 1000;

export type RosterStatus = "draft" | "published";

/** `GET|POST /shifts/rosters/`. */
export interface RosterPeriod {
  id: number;
  first_day: string;
  last_day: string;
  status: RosterStatus;
  queues: number[];
  created_at: string;
  published_at: string | null;
  published_by: UserBrief | null;
}

export interface RosterPerson {
  id: number;
  username: string;
  name: string;
  is_supervisor: boolean;
  queues: number[];
  leave_days: string[];
  /** 0 = Monday … 6 = Sunday. */
  unavailable_weekdays: number[];
  contracted_minutes_per_week: number;
}

export interface RosterAssignment {
  id: number;
  user: number;
  day: string;
  shift_type: number;
  queue: number;
  pinned: boolean;
}

/** The hard rules the checker reports (helpdesk/shifts/checker.py). */
export const RULES = [
  "one_shift_a_day",
  "leave",
  "unavailable",
  "rest",
  "consecutive_days",
  "shifts_per_week",
  "weekly_hours",
  "supervisor_on_shift",
  "unknown_person",
  "unknown_shift",
] as const;

export interface Violation {
  rule: string;
  /** null: a rule of the day, not of one person (a shift worked with no supervisor). */
  person: number | null;
  day: string;
  detail: string;
}

export type BuildStatus = "queued" | "running" | "done" | "cancelled" | "failed";
export const ACTIVE_BUILD: BuildStatus[] = ["queued", "running"];

export interface Uncovered {
  queue: number;
  day: string;
  slot: number;
  missing: number;
}

/** `GET /shifts/builds/{id}/`. */
export interface RosterBuild {
  id: number;
  period: number;
  status: BuildStatus;
  requested_by?: UserBrief | null;
  time_limit_seconds: number;
  created_at?: string;
  started_at: string | null;
  finished_at?: string | null;
  solutions: number;
  first_solution_seconds: number | null;
  objective: number | null;
  bound: number | null;
  progress?: { seconds: number; objective: number; bound: number }[];
  uncovered?: Uncovered[];
  uncovered_count?: number;
  problems?: string[];
  violations?: number | null;
  error?: string;
  /** Only in the live `roster.build` events. */
  elapsed_seconds?: number;
}

/** `GET /shifts/rosters/{id}/` (and what a cells edit answers). */
export interface RosterGrid {
  period: RosterPeriod;
  may_plan: boolean;
  shift_types: ShiftType[];
  people: RosterPerson[];
  assignments: RosterAssignment[];
  violations: Violation[];
  latest_build: RosterBuild | null;
}

export interface CellEdit {
  user: number;
  day: string;
  /** null: a day off. */
  shift_type: number | null;
  queue?: number;
}

/** `GET /shifts/rosters/{id}/coverage/`: people needed and on shift per half-hour. */
export interface CoverageRow {
  queue: number;
  day: string;
  need: number[];
  on_shift: number[];
}

export interface RosterChange {
  id: number;
  kind: "override" | "swap";
  user: UserBrief;
  day: string;
  before: string;
  after: string;
  reason: string;
  changed_by: UserBrief | null;
  changed_at: string;
}

/** `GET /shifts/mine/`: published shifts of oneself or a colleague. */
export interface MyShift {
  id: number;
  period: number;
  day: string;
  shift_type: ShiftType;
  queue: number;
  starts_at: string;
  ends_at: string;
}

export type SwapStatus = "requested" | "accepted" | "approved" | "refused" | "declined" | "cancelled";
export const OPEN_SWAPS: SwapStatus[] = ["requested", "accepted"];

export interface Swap {
  id: number;
  period: number;
  requester: UserBrief;
  colleague: UserBrief;
  give: number | null;
  take: number | null;
  give_label: string;
  take_label: string;
  reason: string;
  status: SwapStatus;
  created_at: string;
  answered_at?: string | null;
  decided_by: UserBrief | null;
  decided_at?: string | null;
  decision_note: string;
}

// --- query keys -----------------------------------------------------------------------------

export const ROSTERS_KEY = ["rosters"] as const;
export const rosterKey = (id: number) => ["rosters", id] as const;
export const coverageKey = (id: number) => ["rosters", id, "coverage"] as const;
export const changesKey = (id: number) => ["rosters", id, "changes"] as const;
export const buildKey = (id: number) => ["roster-build", id] as const;
export const MY_SHIFTS_KEY = ["my-shifts"] as const;
export const SWAPS_KEY = ["swaps"] as const;
export const CALENDAR_KEY = ["calendar-feed"] as const;

// --- helpers --------------------------------------------------------------------------------

const ISO = "YYYY-MM-DD";

/** Every day of the period, "YYYY-MM-DD". */
export function periodDays(first: string, last: string): string[] {
  const days: string[] = [];
  let day = dayjs(first);
  const end = dayjs(last);
  while (!day.isAfter(end, "day") && days.length <= MAX_ROSTER_DAYS) {
    days.push(day.format(ISO));
    day = day.add(1, "day");
  }
  return days;
}

/** 0 = Monday … 6 = Sunday, as the API counts weekdays. */
export function weekdayOf(day: string): number {
  return (dayjs(day).day() + 6) % 7;
}

export function isWeekend(day: string): boolean {
  return weekdayOf(day) >= 5;
}

/** The last day of ``weeks`` weeks from ``first``. */
export function lastDayOf(first: string, weeks: number): string {
  return dayjs(first)
    .add(weeks * 7 - 1, "day")
    .format(ISO);
}

export const cellKey = (user: number, day: string) => `${user}|${day}`;

export function isActive(build: Pick<RosterBuild, "status"> | null | undefined): boolean {
  return !!build && ACTIVE_BUILD.includes(build.status);
}

/** Seconds the build has run: what the server reported, or the clock since it started while
 * it runs (progress is only reported when a better roster is found), at most its limit. */
export function elapsedSeconds(build: RosterBuild, now: number = Date.now()): number {
  const reported = Math.max(build.elapsed_seconds ?? 0, build.progress?.at(-1)?.seconds ?? 0);
  let clock = 0;
  if (build.status === "running" && build.started_at) {
    clock = (now - new Date(build.started_at).getTime()) / 1000;
  }
  return Math.min(build.time_limit_seconds, Math.max(0, reported, clock));
}

/** A stable colour per shift type (by its place in the list). */
const PALETTE = ["#1677ff", "#52c41a", "#fa8c16", "#13c2c2", "#eb2f96", "#722ed1", "#a0d911", "#faad14"];
export function shiftColour(types: ShiftType[], id: number): string {
  const type = types.find((t) => t.id === id);
  if (type?.is_night) return "#1d39c4";
  const index = Math.max(0, types.findIndex((t) => t.id === id));
  return PALETTE[index % PALETTE.length]!;
}

/** Heat-map colour of a half-hour: short red, met green, over blue (stronger the further). */
export function coverageColour(need: number, onShift: number): CSSProperties | undefined {
  const diff = onShift - need;
  if (need === 0 && onShift === 0) return undefined;
  if (diff < 0) {
    const share = Math.min(1, -diff / Math.max(1, need));
    return { background: `rgba(245, 34, 45, ${(0.25 + 0.6 * share).toFixed(2)})`, color: "#fff" };
  }
  if (diff === 0) return { background: "rgba(82, 196, 26, 0.55)" };
  const share = Math.min(1, diff / 3);
  return { background: `rgba(22, 119, 255, ${(0.15 + 0.45 * share).toFixed(2)})` };
}
