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
  due_at: string | null;
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
