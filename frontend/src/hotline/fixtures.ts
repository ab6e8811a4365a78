/** Tests only: calls, pop-ups, ring-backs and figures as the hotline API returns them. */
import type { WorkItem } from "../api/types";
import type { CallDetail, CallPopup, CallRow, FigureFields, Figures, RingBack } from "./api";

export const HOTLINE_QUEUE = { id: 1, name: "Hotline", slug: "hotline" };
export const ZHANG = { id: 3, username: "agent1", name: "Zhang Wei" };

export function callRow(overrides: Partial<CallRow> = {}): CallRow {
  return {
    id: 21,
    reference: "H-000021",
    item: {
      id: 21,
      reference: "H-000021",
      subject: "Call from Wang Li",
      status: "new",
      status_display: "New",
      assignee: null,
      due_at: null,
      queue: HOTLINE_QUEUE,
    },
    source: "pbx",
    source_display: "Telephone system",
    direction: "inbound",
    direction_display: "Inbound",
    state: "ringing",
    state_display: "Ringing",
    from_number: "+8613800138000",
    to_number: "+864008001234",
    queue: HOTLINE_QUEUE,
    agent: ZHANG,
    agent_extension: "8001",
    initiated_at: "2026-11-28T09:00:00Z",
    answered_at: null,
    ended_at: null,
    wait_seconds: null,
    talk_seconds: null,
    hangup_cause: "",
    outcome: "",
    outcome_display: "",
    notes: "",
    wrapped_up_at: null,
    customer: { id: 4, name: "Wang Li" },
    matched_customers: [{ id: 4, name: "Wang Li" }],
    category: null,
    ringback: null,
    regarding: null,
    ...overrides,
  };
}

export function callDetail(overrides: Partial<CallDetail> = {}): CallDetail {
  return { ...callRow(), links: [], orders: [], ...overrides };
}

export function openItem(overrides: Partial<WorkItem> = {}): WorkItem {
  return {
    id: 7,
    reference: "T-000007",
    kind: "ticket",
    kind_display: "Ticket",
    queue: { id: 2, name: "Support", slug: "support" },
    customer: { id: 4, name: "Wang Li" },
    subject: "Top-up of 50 yuan not arrived",
    status: "open",
    status_display: "Open",
    priority: 2,
    priority_display: "Normal",
    assignee: null,
    category: null,
    tags: [],
    skill: "",
    created_at: "2026-11-27T08:00:00Z",
    updated_at: "2026-11-27T08:00:00Z",
    assigned_at: null,
    first_response_at: null,
    resolved_at: null,
    closed_at: null,
    first_response_due: null,
    next_response_due: null,
    resolution_due: null,
    due_at: null,
    sla_warn_at: null,
    ...overrides,
  };
}

export function popup(overrides: Partial<CallPopup> = {}): CallPopup {
  return {
    call: callRow(),
    customers: [
      { id: 4, name: "Wang Li", company: "Li Trading", credit_standing: "good", primary_phone: "+8613800138000" },
    ],
    open_items: [openItem()],
    recent_orders: [
      {
        id: 31,
        reference: "R20261128ABCDEFGHJK",
        status: "succeeded",
        status_display: "Succeeded",
        product: "China Mobile 30",
        account: "+8613800138000",
        amount: 3000,
        customer: 4,
        created_at: "2026-11-28T08:30:00Z",
      },
    ],
    ...overrides,
  };
}

export function ringBack(overrides: Partial<RingBack> = {}): RingBack {
  return {
    id: 40,
    reference: "R-000040",
    subject: "Ring back +8613912345678",
    status: "new",
    status_display: "New",
    priority: 2,
    queue: HOTLINE_QUEUE,
    assignee: null,
    customer: null,
    number: "+8613912345678",
    missed_count: 3,
    attempts: 1,
    first_missed_at: "2026-11-28T08:00:00Z",
    last_missed_at: "2026-11-28T08:40:00Z",
    first_response_at: null,
    due_at: "2099-01-01T00:00:00Z",
    folding: true,
    completed_at: null,
    completed_by_call: null,
    calls: [
      {
        id: 35,
        reference: "H-000035",
        direction: "inbound",
        state: "missed",
        from_number: "+8613912345678",
        to_number: "+864008001234",
        agent: null,
        initiated_at: "2026-11-28T08:00:00Z",
        ended_at: "2026-11-28T08:00:30Z",
        wait_seconds: 30,
        talk_seconds: null,
      },
    ],
    ...overrides,
  };
}

function fields(overrides: Partial<FigureFields> = {}): FigureFields {
  return {
    total: 0,
    ringing: 0,
    answered: 0,
    missed: 0,
    abandoned: 0,
    voicemail: 0,
    avg_wait_seconds: null,
    avg_talk_seconds: null,
    ...overrides,
  };
}

export function figures(): Figures {
  return {
    since: "2026-11-28T00:00:00Z",
    until: "2026-11-29T00:00:00Z",
    totals: fields({ total: 12, answered: 8, missed: 2, abandoned: 1, voicemail: 1, avg_wait_seconds: 18.5, avg_talk_seconds: 245.2 }),
    queues: [
      { queue: HOTLINE_QUEUE, ...fields({ total: 12, answered: 8, missed: 2, abandoned: 1, voicemail: 1, avg_wait_seconds: 18.5, avg_talk_seconds: 245.2 }) },
    ],
    agents: [
      { agent: ZHANG, ...fields({ total: 5, answered: 4, missed: 1, avg_wait_seconds: 12, avg_talk_seconds: 3725 }) },
      { agent: { id: 5, username: "agent2", name: "Li Na" }, ...fields({ total: 4, answered: 4 }) },
    ],
  };
}
