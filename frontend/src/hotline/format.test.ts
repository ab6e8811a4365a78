import { afterEach, describe, expect, it } from "vitest";

import { setTimeZone } from "../common/time";
import { callFilterParams, callQuery, isFiltered, parseCallFilters } from "./filters";
import { clock, daysRange, formatNumber, otherParty, workItemPath } from "./format";

afterEach(() => setTimeZone(undefined));

describe("hotline formats", () => {
  it("writes mainland mobiles in groups and other numbers as stored", () => {
    expect(formatNumber("+8613800138000")).toBe("+86 138 0013 8000");
    expect(formatNumber("+864008001234")).toBe("+864008001234");
    expect(formatNumber("+442071234567")).toBe("+442071234567");
    expect(formatNumber("")).toBe("");
  });

  it("takes the other party's number by direction", () => {
    expect(otherParty({ direction: "inbound", from_number: "+861", to_number: "+862" })).toBe("+861");
    expect(otherParty({ direction: "outbound", from_number: "+861", to_number: "+862" })).toBe("+862");
  });

  it("writes seconds as a clock", () => {
    expect(clock(0)).toBe("0:00");
    expect(clock(18.5)).toBe("0:19");
    expect(clock(305)).toBe("5:05");
    expect(clock(3723)).toBe("1:02:03");
    expect(clock(null)).toBe("—");
  });

  it("turns days in the user's time zone into instants", () => {
    setTimeZone("Asia/Shanghai");
    expect(daysRange("2026-11-28", "2026-11-28")).toEqual({
      since: "2026-11-27T16:00:00.000Z",
      until: "2026-11-28T16:00:00.000Z",
    });
    expect(daysRange("2026-11-30", "2026-12-01").until).toBe("2026-12-01T16:00:00.000Z");
  });

  it("opens tickets and calls on their pages, ring-backs in the missed-call list", () => {
    expect(workItemPath("ticket", 7)).toBe("/tickets/7");
    expect(workItemPath("call", 21)).toBe("/calls/21");
    expect(workItemPath("callback", 40)).toBe("/calls?tab=ringbacks");
    expect(workItemPath("chat", 3)).toBeNull();
  });
});

describe("call filters in the address", () => {
  const today = "2026-11-28";

  it("defaults to today's calls in any state", () => {
    const filters = parseCallFilters(new URLSearchParams(""), today);
    expect(filters).toEqual({
      state: [],
      direction: null,
      agent: null,
      queue: [],
      number: "",
      from: today,
      to: today,
      page: 1,
    });
    expect(callFilterParams(filters, today)).toEqual({});
    expect(isFiltered(filters, today)).toBe(false);
  });

  it("reads what it knows and drops the rest", () => {
    const filters = parseCallFilters(
      new URLSearchParams("state=missed,bogus&direction=sideways&agent=x&queue=1,2,zero&from=2026-11-01&to=2026-10-01&page=3"),
      today,
    );
    expect(filters).toMatchObject({ state: ["missed"], direction: null, agent: null, queue: [1, 2], from: "2026-11-01", to: "2026-11-01", page: 3 });
    expect(callFilterParams(filters, today)).toEqual({
      state: "missed",
      queue: "1,2",
      from: "2026-11-01",
      to: "2026-11-01",
      page: "3",
    });
  });

  it("asks the API for the days as instants", () => {
    setTimeZone("UTC");
    const query = callQuery(parseCallFilters(new URLSearchParams("agent=5&number=%20139%20"), today));
    expect(query).toMatchObject({
      agent: [5],
      number: "139",
      since: "2026-11-28T00:00:00.000Z",
      until: "2026-11-29T00:00:00.000Z",
      page: 1,
      page_size: 50,
    });
  });
});
