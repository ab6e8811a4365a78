/** Tests only: a small roster (one week, a supervisor and two agents in one queue). */
import type { ShiftType } from "./api";
import type { RosterBuild, RosterGrid, RosterPeriod } from "./rosters";

export const EARLY: ShiftType = {
  id: 1,
  name: "Early",
  code: "E",
  start: "06:00:00",
  minutes: 480,
  is_night: false,
  crosses_midnight: false,
};
export const NIGHT: ShiftType = {
  id: 2,
  name: "Night",
  code: "N",
  start: "22:00:00",
  minutes: 510,
  is_night: true,
  crosses_midnight: true,
};

export const PERIOD: RosterPeriod = {
  id: 5,
  first_day: "2025-07-07", // a Monday
  last_day: "2025-07-13",
  status: "draft",
  queues: [10],
  created_at: "2025-06-20T08:00:00Z",
  published_at: null,
  published_by: null,
};

export function build(overrides: Partial<RosterBuild> = {}): RosterBuild {
  return {
    id: 77,
    period: 5,
    status: "queued",
    time_limit_seconds: 600,
    started_at: null,
    solutions: 0,
    first_solution_seconds: null,
    objective: null,
    bound: null,
    progress: [],
    uncovered: [],
    uncovered_count: 0,
    problems: [],
    violations: null,
    error: "",
    ...overrides,
  };
}

export function grid(overrides: Partial<RosterGrid> = {}): RosterGrid {
  return {
    period: PERIOD,
    may_plan: true,
    shift_types: [EARLY, NIGHT],
    people: [
      {
        id: 1,
        username: "sam",
        name: "Sam Supervisor",
        is_supervisor: true,
        queues: [10],
        leave_days: [],
        unavailable_weekdays: [],
        contracted_minutes_per_week: 2400,
      },
      {
        id: 2,
        username: "alice",
        name: "Alice Agent",
        is_supervisor: false,
        queues: [10],
        leave_days: ["2025-07-09"],
        unavailable_weekdays: [6],
        contracted_minutes_per_week: 2400,
      },
      {
        id: 3,
        username: "bob",
        name: "Bob Backup",
        is_supervisor: false,
        queues: [10],
        leave_days: [],
        unavailable_weekdays: [],
        contracted_minutes_per_week: 2400,
      },
    ],
    assignments: [
      { id: 101, user: 1, day: "2025-07-07", shift_type: 1, queue: 10, pinned: false },
      { id: 102, user: 2, day: "2025-07-07", shift_type: 1, queue: 10, pinned: false },
      { id: 103, user: 3, day: "2025-07-08", shift_type: 2, queue: 10, pinned: true },
      { id: 104, user: 3, day: "2025-07-10", shift_type: 1, queue: 10, pinned: false },
    ],
    violations: [
      { rule: "supervisor_on_shift", person: null, day: "2025-07-08", detail: "N" },
      { rule: "rest", person: 3, day: "2025-07-10", detail: "8h00 rest" },
      { rule: "weekly_hours", person: 3, day: "2025-07-07", detail: "16.5 h" },
    ],
    latest_build: null,
    ...overrides,
  };
}
