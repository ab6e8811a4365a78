/** Tests only: complaints as the API returns them (helpdesk/complaints/serializers.py). */
import type {
  Board,
  ComplaintCard,
  ComplaintDetail,
  ComplaintOptions,
  Evidence,
  Remedy,
  Stage,
  StoredSummary,
  Trends,
} from "./api";

export const HANDLER = { id: 21, username: "complaints", name: "Zhao Min" };
export const MANAGER_USER = { id: 1, username: "manager", name: "Liu Yang" };
export const AGENT_USER = { id: 3, username: "agent1", name: "Zhang Wei" };

export function card(overrides: Partial<ComplaintCard> = {}): ComplaintCard {
  return {
    id: 42,
    reference: "P-000042",
    subject: "Top-up never arrived",
    stage: "investigating",
    stage_display: "Investigating",
    severity: "high",
    severity_display: "High",
    status: "open",
    priority: 3,
    queue: { id: 5, name: "Complaints", slug: "complaints" },
    customer: { id: 8, name: "Zhou Jie" },
    assignee: HANDLER,
    category: { id: 2, name: "Late credit", queue: 5 },
    root_cause: "",
    appeal_round: 0,
    outcome: "",
    remedies_total_fen: 0,
    needs_amount_confirmation: false,
    sla: {
      state: "ok",
      due_at: "2026-12-01T12:00:00Z",
      warn_at: "2026-12-01T11:00:00Z",
      first_response_due: "2026-12-01T12:00:00Z",
      resolution_due: "2026-12-04T08:00:00Z",
    },
    created_at: "2026-12-01T08:00:00Z",
    updated_at: "2026-12-01T08:30:00Z",
    ...overrides,
  };
}

export function evidence(overrides: Partial<Evidence> = {}): Evidence {
  return {
    id: 1,
    kind: "message",
    kind_display: "Message",
    source_item: 7,
    source_order: null,
    source_ref: "C-000007",
    party: "customer",
    author: null,
    author_name: "Zhou Jie",
    body: "My top-up of 50 yuan has not arrived.",
    internal: false,
    occurred_at: "2026-12-01T07:50:00Z",
    filename: "",
    content_type: "",
    size: null,
    url: null,
    data: {},
    added_by: HANDLER,
    created_at: "2026-12-01T08:00:00Z",
    ...overrides,
  };
}

export function remedy(overrides: Partial<Remedy> = {}): Remedy {
  return {
    id: 5,
    kind: "refund",
    kind_display: "Refund",
    order: { id: 31, reference: "R20261128ABCDEFGHJK" },
    amount_fen: 4_980,
    description: "",
    state: "proposed",
    state_display: "Awaiting approval",
    above_threshold: false,
    appeal_round: 0,
    proposed_by: HANDLER,
    created_at: "2026-12-01T09:00:00Z",
    approved_by: null,
    approved_at: null,
    executed_by: null,
    executed_at: null,
    execution_note: "",
    refund: null,
    withdrawn_at: null,
    ...overrides,
  };
}

export function detail(overrides: Partial<ComplaintDetail> = {}): ComplaintDetail {
  const message = evidence();
  return {
    ...card(),
    tags: [],
    created_by: AGENT_USER,
    complained_agent: null,
    complained_channel: null,
    source_item: { id: 7, reference: "C-000007", kind: "chat", subject: "Top-up", status: "closed" },
    source_order: null,
    orders: [
      {
        id: 31,
        reference: "R20261128ABCDEFGHJK",
        product: "China Mobile 50",
        account: "+8613800138000",
        amount: 5_000,
        price: 4_980,
        status: "failed",
        created_at: "2026-11-28T09:00:00Z",
      },
    ],
    root_cause_display: "",
    attributed_agent: null,
    attributed_channel: null,
    attribution_note: "",
    attributed_at: null,
    resolution: "",
    proposed_by: null,
    proposed_at: null,
    approved_resolution: "",
    approved_by: null,
    approved_at: null,
    informed_at: null,
    approval_threshold_fen: 20_000,
    remedies: [],
    steps: [
      {
        id: 1,
        action: "opened",
        action_display: "Opened",
        from_stage: "",
        to_stage: "received",
        actor: AGENT_USER,
        reason: "",
        data: {},
        created_at: "2026-12-01T08:00:00Z",
      },
    ],
    evidence: [message],
    timeline: [
      { at: message.occurred_at, type: "evidence", step: null, evidence: message, event: null },
      {
        at: "2026-12-01T08:00:00Z",
        type: "step",
        step: {
          id: 1,
          action: "opened",
          action_display: "Opened",
          from_stage: "",
          to_stage: "received",
          actor: AGENT_USER,
          reason: "",
          data: {},
          created_at: "2026-12-01T08:00:00Z",
        },
        evidence: null,
        event: null,
      },
    ],
    actions: ["propose", "close", "edit", "add_remedy", "add_evidence"],
    ...overrides,
  };
}

export const OPTIONS: ComplaintOptions = {
  stages: [],
  severities: [],
  root_causes: [
    { value: "agent_conduct", label: "Agent conduct", requires: "attributed_agent" },
    { value: "product", label: "Product", requires: "attribution_note" },
    { value: "supplier_channel", label: "Supplier channel", requires: "attributed_channel" },
    { value: "process", label: "Process", requires: "attribution_note" },
    { value: "customer_misunderstanding", label: "Customer misunderstanding", requires: null },
    { value: "other", label: "Other", requires: "attribution_note" },
  ],
  remedy_kinds: [],
  outcomes: [],
  categories: [
    { id: 2, name: "Late credit" },
    { id: 3, name: "Service attitude" },
  ],
  handlers: [HANDLER, { id: 22, username: "handler2", name: "Qian Li" }],
  agents: [{ id: 31, username: "agent.zhou", name: "Zhou Min" }],
  channels: [
    { id: 1, name: "alpha" },
    { id: 2, name: "beta" },
  ],
  approval_threshold_fen: 20_000,
  appeal_to_manager: true,
  queue: { id: 5, name: "Complaints", slug: "complaints" },
};

const BOARD_STAGES: [Stage, string][] = [
  ["received", "Received"],
  ["investigating", "Investigating"],
  ["sent_back", "Sent back"],
  ["proposed", "Resolution proposed"],
  ["appeal_review", "Appeal with the manager"],
  ["approved", "Approved"],
  ["informed", "Customer informed"],
  ["closed", "Closed"],
];

export function board(cards: ComplaintCard[], counts: Partial<Record<Stage, number>> = {}): Board {
  return {
    column_limit: 50,
    columns: BOARD_STAGES.map(([stage, label]) => {
      const mine = cards.filter((c) => c.stage === stage);
      return { stage, label, count: counts[stage] ?? mine.length, cards: mine };
    }),
  };
}

export const TRENDS: Trends = {
  by: "root_cause",
  bucket: "week",
  since: "2026-11-16",
  until: "2026-12-01",
  periods: ["2026-11-16", "2026-11-23", "2026-11-30"],
  series: [
    {
      key: "supplier_channel",
      label: "Supplier channel",
      total: 5,
      points: [
        { period: "2026-11-16", count: 1 },
        { period: "2026-11-23", count: 3 },
        { period: "2026-11-30", count: 1 },
      ],
    },
    {
      key: "undetermined",
      label: "Not determined yet",
      total: 2,
      points: [
        { period: "2026-11-16", count: 0 },
        { period: "2026-11-23", count: 0 },
        { period: "2026-11-30", count: 2 },
      ],
    },
  ],
};

export function summary(overrides: Partial<StoredSummary> = {}): StoredSummary {
  return {
    summary: {
      day: "2026-12-01",
      generated_at: "2026-12-01T10:00:00Z",
      received: 4,
      closed: 1,
      open: 6,
      open_by_stage: { received: 2, investigating: 2, proposed: 1, approved: 1 },
      awaiting_manager: 1,
      top_categories: [{ key: "2", label: "Late credit", count: 3 }],
      new_themes: [{ dimension: "channel", key: "1", label: "alpha", count: 2 }],
      rising_themes: [
        { dimension: "root_cause", key: "supplier_channel", label: "Supplier channel", count: 3, previous_daily_average: 0.43 },
      ],
      open_breaches: {
        count: 1,
        items: [
          {
            id: 40,
            reference: "P-000040",
            subject: "Refund promised, never paid",
            stage: "investigating",
            severity: "critical",
            assignee: "Zhao Min",
            due_at: "2026-12-01T06:00:00Z",
          },
        ],
      },
      repeat_complainants: [],
      remedies_approved: { count: 2, amount_fen: 34_980 },
      theme_lookback_days: 7,
    },
    stored: false,
    sent_at: null,
    sent_to: [],
    ...overrides,
  };
}
