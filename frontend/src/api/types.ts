/** Shapes of the API's answers (see /api/schema/). */

export type Role = "manager" | "supervisor" | "agent" | "complaint_handler" | "order_handler";
export type Kind = "ticket" | "chat" | "call" | "callback" | "complaint" | "order_enquiry";
export type Status = "new" | "open" | "pending" | "on_hold" | "resolved" | "closed";
export type Priority = 1 | 2 | 3 | 4;

export interface Page<T> {
  count: number;
  next: string | null;
  previous: string | null;
  results: T[];
}

export interface UserBrief {
  id: number;
  username: string;
  name: string;
}

export interface Me {
  id: number;
  username: string;
  name: string;
  email: string;
  language: "" | "zh-hans" | "en";
  time_zone: string;
  extension: string;
  roles: Role[];
  queues: { queue: number; queue_name: string; role: Role }[];
  permissions: string[];
}

export interface QueueBrief {
  id: number;
  name: string;
  slug: string;
}

export interface WorkItem {
  id: number;
  reference: string;
  kind: Kind;
  kind_display: string;
  queue: QueueBrief;
  customer: { id: number; name: string } | null;
  subject: string;
  status: Status;
  status_display: string;
  priority: Priority;
  priority_display: string;
  assignee: UserBrief | null;
  category: { id: number; name: string; queue: number | null } | null;
  tags: string[];
  skill: string;
  created_at: string;
  updated_at: string;
  assigned_at: string | null;
  first_response_at: string | null;
  resolved_at: string | null;
  closed_at: string | null;
  first_response_due: string | null;
  next_response_due: string | null;
  resolution_due: string | null;
  /** The earliest running SLA target's due instant (null: no clock running). */
  due_at: string | null;
  /** When the earliest running target starts warning (null with `due_at`, or already warned). */
  sla_warn_at: string | null;
}

export interface WorkItemEvent {
  id: number;
  actor: UserBrief | null;
  verb: string;
  verb_display: string;
  data: Record<string, unknown>;
  reason: string;
  created_at: string;
}

export interface Membership {
  id: number;
  user: UserBrief;
  role: Role;
  capacity: number | null;
  effective_capacity: number;
  skills: string[];
  accepts_routing: boolean;
}

export interface Queue extends QueueBrief {
  description: string;
  routing_mode: "manual" | "round_robin" | "least_loaded";
  default_capacity: number;
  is_active: boolean;
  memberships: Membership[];
}

export interface CannedResponse {
  id: number;
  queue: number | null;
  title: string;
  body: string;
  is_active: boolean;
  updated_at: string;
}

export type CreditStanding = "good" | "watch" | "hold" | "blocked";

/** One customer search result (`GET /customers/?q=`). */
export interface CustomerRow {
  id: number;
  name: string;
  company: string;
  primary_phone: string | null;
  primary_email: string | null;
  credit_standing: CreditStanding;
}

export interface Contact {
  id: number;
  kind: "phone" | "email";
  /** A phone number in E.164, or an email address (lower-case). */
  value: string;
  label: string;
  is_primary: boolean;
}

export interface ContactInput {
  kind: "phone" | "email";
  value: string;
  label?: string;
  is_primary?: boolean;
}

/** A whole customer file (`GET /customers/{id}/`; every read is audited). */
export interface Customer {
  id: number;
  name: string;
  company: string;
  website: string;
  credit_standing: CreditStanding;
  credit_standing_display: string;
  custodian: UserBrief | null;
  notes: string;
  contacts: Contact[];
  created_at: string;
  updated_at: string;
}

export interface CustomerAuditEntry {
  id: number;
  actor: UserBrief | null;
  customer: { id: number; name: string } | null;
  action: "read" | "search" | "export" | "create" | "update" | "denied";
  action_display: string;
  detail: Record<string, unknown>;
  ip_address: string | null;
  created_at: string;
}

/** A user as listed by `GET /users/` (managers and supervisors). */
export interface UserRow {
  id: number;
  username: string;
  name: string;
  email: string;
  is_active: boolean;
  roles: Role[];
}

// --- tickets (docs/tickets.md) ---------------------------------------------------------------

export type TicketMessageKind = "customer" | "public" | "internal";
export type LinkKind = "relates" | "duplicates" | "caused_by";

export interface TicketRow extends WorkItem {
  channel: string;
  channel_display: string;
  requester_name: string;
  requester_email: string;
  merged_into: number | null;
}

export interface TicketAttachment {
  id: number;
  message: number | null;
  filename: string;
  content_type: string;
  size: number;
  sha256: string;
  uploaded_by: UserBrief | null;
  created_at: string;
  url: string;
}

export interface TicketMessage {
  id: number;
  kind: TicketMessageKind;
  kind_display: string;
  author: UserBrief | null;
  body: string;
  created_at: string;
  attachments: TicketAttachment[];
}

export interface ItemLink {
  kind: LinkKind;
  item: { id: number; reference: string; kind: Kind; subject: string; status: Status };
  created_at: string;
}

export interface TicketDetail extends TicketRow {
  created_by: UserBrief | null;
  messages: TicketMessage[];
  attachments: TicketAttachment[];
  links_out: ItemLink[];
  links_in: ItemLink[];
}

/** What a reply / note command answers (201). */
export interface TicketMessageResult {
  message: TicketMessage;
  ticket: TicketRow;
}

export interface CannedRendered {
  id: number;
  title: string;
  body: string;
}

// --- live chat (docs/chat-protocol.md) ------------------------------------------------------

export type ChatState = "waiting" | "active" | "ended";
export type ChatSender = "visitor" | "agent" | "system";
export type PresenceStatus = "online" | "away" | "offline";

/** `GET|POST /chat/presence/`. */
export interface ChatPresence {
  status: PresenceStatus;
  /** Online with a fresh heartbeat. */
  online?: boolean;
  last_seen?: string | null;
  chat_capacity: number;
  active_chats: number;
}

export interface ChatAttachment {
  name: string;
  content_type: string;
  size: number;
  /** Download (the session's, or the visitor's token). */
  url: string;
}

/** One stored chat message (`message.new`, or the history over HTTP). */
export interface ChatMessage {
  id: number;
  seq: number;
  client_id: string | null;
  sender: ChatSender;
  internal: boolean;
  author: { id: number; name: string } | null;
  body: string;
  attachment: ChatAttachment | null;
  created_at: string;
}

/** `GET /chat/conversations/{id}/messages/?after=<seq>`: oldest first, at most 500. */
export interface ChatHistory {
  results: ChatMessage[];
  last_seq: number;
}

/**
 * A conversation as listed (`GET /chat/conversations/?state=`) and in detail (`watchers`,
 * `queue_position`, `converted_to`). Its `id` is its work item's id.
 */
export interface ChatConversation {
  id: number;
  reference?: string;
  state: ChatState;
  status?: Status;
  queue: QueueBrief;
  /** The holder (the work item's assignee); for a waiting chat, whom it is offered to. */
  agent: { id: number; name: string; username?: string } | null;
  visitor: { id: string | number; name: string };
  contact?: string;
  topic?: string;
  customer: { id: number; name: string } | null;
  last_seq?: number;
  visitor_last_read_seq?: number;
  agent_last_read_seq?: number;
  created_at: string;
  offered_at?: string | null;
  accepted_at?: string | null;
  ended_at?: string | null;
  ended_by?: string;
  rating?: { score: number; comment: string; rated_at: string } | null;
  watchers?: UserBrief[];
  queue_position?: number | null;
  converted_to?: { id: number; reference: string } | null;
}

/** The `conversation` of a `conversation.updated` frame. */
export interface ChatConversationUpdate {
  id: number;
  state: ChatState;
  queue: number | QueueBrief | null;
  agent: number | { id: number; name: string } | null;
  queue_position?: number | null;
  ended_at?: string | null;
}
