/** The call list's filters live in the address (reload and back keep them); no days means today. */
import { todayIso } from "../common/time";
import { CALL_STATES, DIRECTIONS, PAGE_SIZE, type CallQuery, type CallState, type Direction } from "./api";
import { daysRange } from "./format";

export interface CallFilters {
  /** Empty: any state. */
  state: CallState[];
  direction: Direction | null;
  agent: number | null;
  /** Empty: every queue the user sees. */
  queue: number[];
  number: string;
  /** Days in the user's time zone ("YYYY-MM-DD"), both included. */
  from: string;
  to: string;
  page: number;
}

const DAY = /^\d{4}-\d{2}-\d{2}$/;

function positiveInt(raw: string | null): number | null {
  if (!raw || !/^\d+$/.test(raw)) return null;
  const value = Number(raw);
  return value >= 1 ? value : null;
}

function ids(raw: string | null): number[] {
  return (raw ?? "")
    .split(",")
    .map(positiveInt)
    .filter((v): v is number => v !== null);
}

export function parseCallFilters(params: URLSearchParams, today: string = todayIso()): CallFilters {
  const from = params.get("from") ?? "";
  const to = params.get("to") ?? "";
  const direction = params.get("direction");
  const first = DAY.test(from) ? from : today;
  const last = DAY.test(to) && to >= first ? to : first;
  return {
    state: (params.get("state") ?? "").split(",").filter((s): s is CallState => (CALL_STATES as readonly string[]).includes(s)),
    direction: (DIRECTIONS as readonly string[]).includes(direction ?? "") ? (direction as Direction) : null,
    agent: positiveInt(params.get("agent")),
    queue: ids(params.get("queue")),
    number: params.get("number") ?? "",
    from: first,
    to: last,
    page: positiveInt(params.get("page")) ?? 1,
  };
}

/** The address form of the filters, without the defaults; `tab` is kept by the caller. */
export function callFilterParams(filters: CallFilters, today: string = todayIso()): Record<string, string> {
  const out: Record<string, string> = {};
  if (filters.state.length) out.state = filters.state.join(",");
  if (filters.direction) out.direction = filters.direction;
  if (filters.agent) out.agent = String(filters.agent);
  if (filters.queue.length) out.queue = filters.queue.join(",");
  if (filters.number.trim()) out.number = filters.number.trim();
  if (filters.from !== today || filters.to !== today) {
    out.from = filters.from;
    out.to = filters.to;
  }
  if (filters.page > 1) out.page = String(filters.page);
  return out;
}

/** What `GET /hotline/calls/` is asked: the days become instants in the user's time zone. */
export function callQuery(filters: CallFilters): CallQuery {
  return {
    state: filters.state,
    direction: filters.direction ?? undefined,
    agent: filters.agent ? [filters.agent] : undefined,
    queue: filters.queue,
    number: filters.number.trim() || undefined,
    ...daysRange(filters.from, filters.to),
    page: filters.page,
    page_size: PAGE_SIZE,
  };
}

export function isFiltered(filters: CallFilters, today: string = todayIso()): boolean {
  return Object.keys(callFilterParams({ ...filters, page: 1 }, today)).length > 0;
}
