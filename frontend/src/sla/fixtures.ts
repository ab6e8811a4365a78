/** Tests only: SLA answers as the server gives them. */
import type { UserBrief } from "../api/types";
import type { Escalation, EscalationRun, ItemSla, SlaClock } from "./api";

export const AGENT: UserBrief = { id: 3, username: "agent1", name: "Zhang Wei" };
export const LEAD: UserBrief = { id: 5, username: "lead", name: "Li Na" };
export const BOSS: UserBrief = { id: 9, username: "boss", name: "Wang Qiang" };

export function clock(overrides: Partial<SlaClock> = {}): SlaClock {
  return {
    id: 1,
    kind: "first_response",
    state: "running",
    target_seconds: 3600,
    used_seconds: 0,
    started_at: "2026-11-18T11:00:00Z",
    due_at: "2026-11-18T12:00:00Z",
    warn_at: "2026-11-18T11:48:00Z",
    warned_at: null,
    breached_at: null,
    stopped_at: null,
    remaining_seconds: 42 * 60,
    ...overrides,
  };
}

export function run(overrides: Partial<EscalationRun> = {}): EscalationRun {
  return {
    id: 11,
    item: 7,
    reference: "T-000007",
    subject: "Wrong invoice title",
    chain_name: "default",
    levels: [
      { target: "assignee", after_minutes: 0 },
      { target: "supervisor_on_duty", after_minutes: 30 },
      { target: "manager", after_minutes: 30 },
    ],
    state: "active",
    next_level: 2,
    next_at: "2026-11-18T13:00:00Z",
    started_at: "2026-11-18T12:00:00Z",
    acknowledged_by: null,
    acknowledged_at: null,
    ended_at: null,
    steps: [
      { level: 0, target: "assignee", skipped: false, ran_at: "2026-11-18T12:00:00Z", notified: [AGENT] },
      { level: 1, target: "supervisor_on_duty", skipped: true, ran_at: "2026-11-18T12:30:00Z", notified: [] },
    ],
    ...overrides,
  };
}

export function escalation(overrides: Partial<Escalation> = {}): Escalation {
  return {
    id: 21,
    item: 7,
    reference: "T-000007",
    subject: "Wrong invoice title",
    raised_by: AGENT,
    to_user: LEAD,
    level: "supervisor_on_duty",
    reason: "Customer threatens to go to the regulator",
    ask: "May we refund the fee?",
    answer_by: null,
    state: "open",
    created_at: "2026-11-18T11:30:00Z",
    handled_by: null,
    handled_at: null,
    note: "",
    ...overrides,
  };
}

export function itemSla(overrides: Partial<ItemSla> = {}): ItemSla {
  return { clocks: [clock()], runs: [], escalations: [], ...overrides };
}
