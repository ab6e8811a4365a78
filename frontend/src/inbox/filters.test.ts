import { describe, expect, it } from "vitest";

import { DEFAULT_STATUSES, parseFilters, serializeFilters, toApiQuery } from "./filters";

describe("inbox filters in the URL", () => {
  it("defaults to the unresolved statuses and page 1", () => {
    const filters = parseFilters(new URLSearchParams(""));
    expect(filters.status).toEqual(DEFAULT_STATUSES);
    expect(filters.page).toBe(1);
    expect(serializeFilters(filters).toString()).toBe("");
  });

  it("reads and writes every filter", () => {
    const text = "queue=3&kind=chat&status=closed%2Cresolved&priority=4&mine=1&q=refund&page=2";
    const filters = parseFilters(new URLSearchParams(text));
    expect(filters).toEqual({
      queue: 3,
      kind: "chat",
      status: ["closed", "resolved"],
      priority: 4,
      mine: true,
      unassigned: false,
      q: "refund",
      page: 2,
    });
    expect(serializeFilters(filters).toString()).toBe(text);
  });

  it("keeps 'any status' as an empty status and drops nonsense", () => {
    const params = new URLSearchParams("status=&kind=spam&priority=9&queue=x&page=-1");
    const filters = parseFilters(params);
    expect(filters.status).toEqual([]);
    expect(filters.kind).toBeNull();
    expect(filters.priority).toBeNull();
    expect(filters.queue).toBeNull();
    expect(filters.page).toBe(1);
    expect(serializeFilters(filters).toString()).toBe("status=");
  });

  it("asks the API for 50 a page", () => {
    const query = toApiQuery(parseFilters(new URLSearchParams("unassigned=1")));
    expect(query).toMatchObject({ page_size: 50, unassigned: true, mine: false, page: 1 });
  });
});
