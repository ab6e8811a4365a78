import { describe, expect, it } from "vitest";

import { makeMe } from "../customers/testing";
import { navFor, navItems, selectedNav } from "./nav";

const keys = (role: Parameters<typeof makeMe>[0]) => navFor(makeMe(role)).map((e) => e.key);

describe("nav", () => {
  it("shows the shift pages by permission", () => {
    expect(keys("agent")).toEqual([
      "inbox",
      "escalations",
      "calls",
      "customers",
      "myQuality",
      "satisfaction",
      "shiftTypes",
      "rosters",
      "myShifts",
      "leave",
      "rules",
    ]);
    expect(keys("supervisor")).toEqual([
      "inbox",
      "escalations",
      "calls",
      "customers",
      "complaints",
      "complaintReports",
      "myQuality",
      "qualityLedger",
      "qualityRanking",
      "qualityReviews",
      "qualityActions",
      "surveys",
      "satisfaction",
      "wallboard",
      "reports",
      "dailyProblems",
      "monthlyReport",
      "orders",
      "queues",
      "sla",
      "staffing",
      "demand",
      "shiftTypes",
      "rosters",
      "myShifts",
      "leave",
      "rules",
    ]);
  });

  it("shows the recharge orders to those who handle them", () => {
    expect(keys("order_handler")).toContain("orders");
    expect(keys("manager")).toContain("orders");
    expect(keys("agent")).not.toContain("orders");
  });

  it("shows the calls to those who take them", () => {
    expect(keys("agent")).toContain("calls");
    expect(keys("manager")).toContain("calls");
    expect(keys("order_handler")).not.toContain("calls");
  });

  it("shows the complaint board and its reports to those who work complaints", () => {
    expect(keys("complaint_handler")).toEqual(expect.arrayContaining(["complaints", "complaintReports"]));
    expect(keys("manager")).toContain("complaints");
    expect(keys("agent")).not.toContain("complaints");
    expect(keys("order_handler")).not.toContain("complaintReports");
  });

  it("groups the shift pages under one heading, where the first of them stands", () => {
    const items = navItems(navFor(makeMe("manager")));
    expect(items.map((i) => ("entry" in i ? i.entry.key : `group:${i.group}`))).toEqual([
      "inbox",
      "escalations",
      "calls",
      "customers",
      "group:complaints",
      "group:quality",
      "wallboard",
      "group:reports",
      "orders",
      "queues",
      "sla",
      "group:shifts",
    ]);
    expect(items[5]!).toEqual({ group: "quality", entries: expect.any(Array) });
    expect(items[7]!).toEqual({ group: "reports", entries: expect.any(Array) });
    const group = items[11]!;
    expect("group" in group && group.entries.map((e) => e.path)).toEqual([
      "/staffing",
      "/staffing/demand",
      "/shifts/types",
      "/shifts/rosters",
      "/shifts/mine",
      "/shifts/leave",
      "/shifts/me",
    ]);
  });

  it("marks the most specific entry a path lies under", () => {
    const entries = navFor(makeMe("manager"));
    expect(selectedNav(entries, "/staffing/demand")?.key).toBe("demand");
    expect(selectedNav(entries, "/staffing")?.key).toBe("staffing");
    expect(selectedNav(entries, "/customers/7")?.key).toBe("customers");
    expect(selectedNav(entries, "/shifts/leave")?.key).toBe("leave");
    expect(selectedNav(entries, "/shifts/rosters/12")?.key).toBe("rosters");
    expect(selectedNav(entries, "/shifts/mine")?.key).toBe("myShifts");
    expect(selectedNav(entries, "/shifts/me")?.key).toBe("rules");
    expect(selectedNav(entries, "/shifts/unknown")).toBeUndefined();
    expect(selectedNav(entries, "/inboxes")).toBeUndefined();
    expect(selectedNav(entries, "/escalations")?.key).toBe("escalations");
    expect(selectedNav(entries, "/sla")?.key).toBe("sla");
    expect(selectedNav(entries, "/orders/12")?.key).toBe("orders");
    expect(selectedNav(entries, "/complaints/12")?.key).toBe("complaints");
    expect(selectedNav(entries, "/complaints/reports")?.key).toBe("complaintReports");
    expect(selectedNav(entries, "/calls/21")?.key).toBe("calls");
    expect(selectedNav(entries, "/quality/ledger")?.key).toBe("qualityLedger");
    expect(selectedNav(entries, "/quality/me")?.key).toBe("myQuality");
    expect(selectedNav(entries, "/reports")?.key).toBe("reports");
    expect(selectedNav(entries, "/reports/daily")?.key).toBe("dailyProblems");
    expect(selectedNav(entries, "/reports/monthly/2026-05")?.key).toBe("monthlyReport");
  });

  it("shows one's own quality to everyone and the rest to those who review", () => {
    for (const role of ["agent", "complaint_handler", "order_handler"] as const) {
      expect(keys(role)).toContain("myQuality");
      expect(keys(role)).not.toContain("qualityLedger");
      expect(keys(role)).not.toContain("qualityActions");
    }
    expect(keys("manager")).toEqual(
      expect.arrayContaining(["qualityLedger", "qualityRanking", "qualityReviews", "qualityActions"]),
    );
  });

  it("shows the period reports to those who read reports, under one heading", () => {
    for (const role of ["manager", "supervisor"] as const) {
      expect(keys(role)).toEqual(expect.arrayContaining(["reports", "dailyProblems", "monthlyReport"]));
    }
    for (const role of ["agent", "complaint_handler", "order_handler"] as const) {
      expect(keys(role)).not.toContain("reports");
      expect(keys(role)).not.toContain("monthlyReport");
    }
    const group = navItems(navFor(makeMe("supervisor"))).find((i) => "group" in i && i.group === "reports");
    expect(group && "group" in group && group.entries.map((e) => e.path)).toEqual([
      "/reports",
      "/reports/daily",
      "/reports/monthly",
    ]);
  });
});
