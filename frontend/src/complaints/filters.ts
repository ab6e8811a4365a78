/** The board's filters live in the address (reload and back keep them). */
import { SEVERITIES, type BoardFilters, type Severity } from "./api";

export const EMPTY_FILTERS: BoardFilters = {
  category: [],
  severity: [],
  handler: [],
  mine: false,
  unassigned: false,
  q: "",
};

function ids(raw: string | null): number[] {
  if (!raw) return [];
  return raw
    .split(",")
    .filter((s) => /^\d+$/.test(s))
    .map(Number)
    .filter((n) => n > 0);
}

export function parseBoardFilters(params: URLSearchParams): BoardFilters {
  const severity = (params.get("severity") ?? "")
    .split(",")
    .filter((s): s is Severity => (SEVERITIES as readonly string[]).includes(s));
  const mine = params.get("mine") === "1";
  return {
    category: ids(params.get("category")),
    severity,
    handler: ids(params.get("handler")),
    mine,
    unassigned: !mine && params.get("unassigned") === "1",
    q: params.get("q") ?? "",
  };
}

export function serializeBoardFilters(filters: BoardFilters): URLSearchParams {
  const params = new URLSearchParams();
  if (filters.category.length) params.set("category", filters.category.join(","));
  if (filters.severity.length) params.set("severity", filters.severity.join(","));
  if (filters.handler.length) params.set("handler", filters.handler.join(","));
  if (filters.mine) params.set("mine", "1");
  if (filters.unassigned) params.set("unassigned", "1");
  if (filters.q.trim()) params.set("q", filters.q.trim());
  return params;
}
