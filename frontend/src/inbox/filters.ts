/** The inbox's filters live in the URL query string, so reload and back keep them. */
import type { Kind, Priority, Status } from "../api/types";

export const PAGE_SIZE = 50;

export const KINDS: Kind[] = ["ticket", "chat", "call", "callback", "complaint", "order_enquiry"];
export const STATUSES: Status[] = ["new", "open", "pending", "on_hold", "resolved", "closed"];
export const PRIORITIES: Priority[] = [4, 3, 2, 1];
/** Shown when the URL names no status: the work still to do. */
export const DEFAULT_STATUSES: Status[] = ["new", "open", "pending", "on_hold"];

export interface InboxFilters {
  queue: number | null;
  kind: Kind | null;
  /** Empty: any status. */
  status: Status[];
  priority: Priority | null;
  mine: boolean;
  unassigned: boolean;
  q: string;
  page: number;
}

function positiveInt(raw: string | null): number | null {
  if (!raw || !/^\d+$/.test(raw)) return null;
  const value = Number(raw);
  return value >= 1 ? value : null;
}

function oneOf<T>(raw: string | null, allowed: readonly T[], convert: (s: string) => T): T | null {
  if (raw === null) return null;
  const value = convert(raw);
  return allowed.includes(value) ? value : null;
}

export function parseFilters(params: URLSearchParams): InboxFilters {
  const statusRaw = params.get("status");
  const status =
    statusRaw === null
      ? DEFAULT_STATUSES
      : statusRaw
          .split(",")
          .filter((s): s is Status => (STATUSES as string[]).includes(s));
  return {
    queue: positiveInt(params.get("queue")),
    kind: oneOf(params.get("kind"), KINDS, (s) => s as Kind),
    status,
    priority: oneOf(params.get("priority"), PRIORITIES, (s) => Number(s) as Priority),
    mine: params.get("mine") === "1",
    unassigned: params.get("unassigned") === "1",
    q: params.get("q") ?? "",
    page: positiveInt(params.get("page")) ?? 1,
  };
}

function sameStatuses(a: Status[], b: Status[]) {
  return a.length === b.length && a.every((s) => b.includes(s));
}

/** The URL form: defaults are left out; "any status" is an empty `status=`. */
export function serializeFilters(filters: InboxFilters): URLSearchParams {
  const params = new URLSearchParams();
  if (filters.queue) params.set("queue", String(filters.queue));
  if (filters.kind) params.set("kind", filters.kind);
  if (!sameStatuses(filters.status, DEFAULT_STATUSES)) {
    params.set("status", filters.status.join(","));
  }
  if (filters.priority) params.set("priority", String(filters.priority));
  if (filters.mine) params.set("mine", "1");
  if (filters.unassigned) params.set("unassigned", "1");
  if (filters.q.trim()) params.set("q", filters.q.trim());
  if (filters.page > 1) params.set("page", String(filters.page));
  return params;
}

/** The API's query for `GET /inbox/` (also the query key). */
export function toApiQuery(filters: InboxFilters) {
  return {
    queue: filters.queue ?? undefined,
    kind: filters.kind ?? undefined,
    status: filters.status,
    priority: filters.priority ?? undefined,
    mine: filters.mine,
    unassigned: filters.unassigned,
    q: filters.q.trim() || undefined,
    page: filters.page,
    page_size: PAGE_SIZE,
  };
}

export type InboxApiQuery = ReturnType<typeof toApiQuery>;
