import { fireEvent, screen, waitFor, within } from "@testing-library/react";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";

import { setTimeZone } from "../common/time";
import { makeMe } from "../customers/testing";
import { summary, TRENDS } from "./fixtures";
import { ReportsPage } from "./ReportsPage";
import { calls, ok, renderRoutes, serve } from "./testing";

vi.mock("../shell/LiveContext", async () => {
  const { live: mock } = await import("../tickets/liveMock");
  return { useLive: () => mock };
});

const NOW = new Date("2026-12-01T10:00:00Z").getTime();

beforeEach(() => {
  setTimeZone("UTC");
  vi.spyOn(Date, "now").mockReturnValue(NOW);
});
afterEach(() => {
  vi.restoreAllMocks();
  vi.unstubAllGlobals();
  setTimeZone(undefined);
});

const REPEATERS = [{ customer: { id: 8, name: "Zhou Jie" }, complaints: 3, open: 1, last_at: "2026-12-01T08:00:00Z" }];

function serveReports(extra: Parameters<typeof serve>[0] = {}) {
  return serve({
    "GET /complaints/reports/daily-summary/": ({ url }) =>
      url.searchParams.get("day") === "2026-11-30"
        ? { body: summary({ stored: true, sent_at: "2026-12-01T00:10:00Z", sent_to: [4, 5] }) }
        : { body: summary() },
    "GET /complaints/reports/trends/": ok(TRENDS),
    "GET /complaints/reports/repeat-complainants/": ok(REPEATERS),
    ...extra,
  });
}

const SUPERVISOR = makeMe("supervisor", { name: "Sun Hui" });

describe("what complaints teach", () => {
  it("gives supervisors today's summary: figures, themes, breaches", async () => {
    const all = serveReports();
    renderRoutes({ "/complaints/reports": <ReportsPage /> }, { me: SUPERVISOR, path: "/complaints/reports" });

    const box = await screen.findByTestId("daily-summary");
    expect(await within(box).findByTestId("summary-heading")).toHaveTextContent("Complaints on 2026-12-01");
    expect(calls(all, "GET", "/complaints/reports/daily-summary/")[0]!.url.searchParams.get("day")).toBe("2026-12-01");
    expect(within(box).getByTestId("summary-status")).toHaveTextContent("So far (computed 2026-12-01 10:00)");
    expect(within(box).getByTestId("summary-received")).toHaveTextContent("4");
    expect(within(box).getByTestId("summary-awaitingManager")).toHaveTextContent("1");
    expect(within(box).getByTestId("summary-breaches")).toHaveTextContent("1");
    expect(within(box).getByTestId("summary-remedies")).toHaveTextContent("2 · ¥349.80");
    expect(within(box).getByTestId("summary-open-by-stage")).toHaveTextContent("Investigating 2");
    expect(within(box).getByTestId("summary-category-2")).toHaveTextContent("Late credit 3");
    expect(within(box).getByTestId("summary-new-channel-1")).toHaveTextContent("Supplier channel: alpha 2");
    expect(within(box).getByTestId("summary-rising-root_cause-supplier_channel")).toHaveTextContent(
      "Root cause: Supplier channel 3 (usually 0.43 a day)",
    );
    const breach = within(box).getByTestId("summary-breach-40");
    expect(breach).toHaveTextContent("P-000040");
    expect(breach).toHaveTextContent("Critical");
    expect(breach).toHaveTextContent("Zhao Min");
    expect(within(breach).getByRole("link", { name: "P-000040" })).toHaveAttribute("href", "/complaints/40");
    expect(within(box).getByText("1 open complaint breaching its SLA")).toBeInTheDocument();
  });

  it("shows a past day's summary as it was sent", async () => {
    const all = serveReports();
    renderRoutes({ "/complaints/reports": <ReportsPage /> }, { me: SUPERVISOR, path: "/complaints/reports" });
    const picker = within(await screen.findByTestId("daily-summary")).getByRole("textbox");
    fireEvent.mouseDown(picker);
    fireEvent.change(picker, { target: { value: "2026-11-30" } });
    fireEvent.keyDown(picker, { key: "Enter", code: "Enter", keyCode: 13 });
    await waitFor(() =>
      expect(calls(all, "GET", "/complaints/reports/daily-summary/").at(-1)!.url.searchParams.get("day")).toBe("2026-11-30"),
    );
    expect(await screen.findByText("As sent on 2026-12-01 00:10 to 2 people")).toBeInTheDocument();
  });

  it("charts the trends by root cause, and by channel per day when asked", async () => {
    const all = serveReports();
    renderRoutes({ "/complaints/reports": <ReportsPage /> }, { me: SUPERVISOR, path: "/complaints/reports" });
    const chart = await screen.findByTestId("trend-chart");
    expect(chart).toHaveAttribute("data-periods", "3");
    expect(chart).toHaveAttribute("data-total", "7");
    expect(chart).toHaveAccessibleName("Complaints received per week by Root cause");
    expect(screen.getByTestId("trend-period-2026-11-23")).toHaveAttribute("data-total", "3");
    expect(screen.getByTestId("trend-series-supplier_channel")).toHaveTextContent("Supplier channel 5");
    expect(screen.getByTestId("trend-series-undetermined")).toHaveTextContent("Not determined yet 2");
    const first = calls(all, "GET", "/complaints/reports/trends/")[0]!.url.searchParams;
    expect([first.get("by"), first.get("bucket"), first.get("since"), first.get("until")]).toEqual([
      "root_cause",
      "week",
      "2026-09-09",
      "2026-12-01",
    ]);

    fireEvent.click(within(screen.getByTestId("trends-by")).getByText("Supplier channel"));
    fireEvent.click(within(screen.getByTestId("trends-bucket")).getByText("day"));
    await waitFor(() => {
      const last = calls(all, "GET", "/complaints/reports/trends/").at(-1)!.url.searchParams;
      expect([last.get("by"), last.get("bucket")]).toEqual(["channel", "day"]);
    });
  });

  it("lists the repeat complainants over a window", async () => {
    const all = serveReports();
    renderRoutes({ "/complaints/reports": <ReportsPage /> }, { me: SUPERVISOR, path: "/complaints/reports" });
    const row = await screen.findByTestId("repeater-8");
    expect(row).toHaveTextContent("Zhou Jie");
    expect(row).toHaveTextContent("3");
    expect(row).toHaveTextContent("2026-12-01 08:00");
    expect(within(row).getByRole("link", { name: "Zhou Jie" })).toHaveAttribute("href", "/customers/8");
    expect(calls(all, "GET", "/complaints/reports/repeat-complainants/")[0]!.url.searchParams.get("days")).toBe("90");
  });

  it("shows the server's refusal where the report would be", async () => {
    serveReports({
      "GET /complaints/reports/trends/": () => ({
        status: 400,
        body: { code: "invalid", message: "Some fields are invalid.", fields: { since: ["At most 400 days at a time."] } },
      }),
    });
    renderRoutes({ "/complaints/reports": <ReportsPage /> }, { me: SUPERVISOR, path: "/complaints/reports" });
    expect(await screen.findByTestId("trends-error")).toHaveTextContent("Some fields are invalid. At most 400 days at a time.");
  });

  it("exports each report with the filters on screen, and shows a refusal beside its buttons", async () => {
    const all = serveReports({
      "GET /complaints/reports/daily-summary/": ({ url }) =>
        url.searchParams.get("output")
          ? { status: 403, body: { code: "forbidden", message: "Exporting this report needs the complaint.report permission.", fields: {} } }
          : { body: summary() },
    });
    Object.assign(URL, { createObjectURL: vi.fn(() => "blob:complaints"), revokeObjectURL: vi.fn() });
    const saved: string[] = [];
    vi.spyOn(HTMLAnchorElement.prototype, "click").mockImplementation(function (this: HTMLAnchorElement) {
      saved.push(this.download);
    });
    renderRoutes({ "/complaints/reports": <ReportsPage /> }, { me: makeMe("complaint_handler"), path: "/complaints/reports" });
    await screen.findByTestId("trend-chart");

    fireEvent.click(screen.getByTestId("trends-export-csv"));
    await waitFor(() => expect(saved).toEqual(["complaints-reports-trends.csv"]));
    fireEvent.click(screen.getByTestId("repeat-export-xlsx"));
    await waitFor(() => expect(saved).toHaveLength(2));
    const trends = calls(all, "GET", "/complaints/reports/trends/").find((c) => c.url.searchParams.get("output"))!;
    expect(Object.fromEntries(trends.url.searchParams)).toEqual({
      by: "root_cause",
      bucket: "week",
      since: "2026-09-09",
      until: "2026-12-01",
      output: "csv",
    });
    const repeat = calls(all, "GET", "/complaints/reports/repeat-complainants/").find((c) => c.url.searchParams.get("output"))!;
    expect(Object.fromEntries(repeat.url.searchParams)).toEqual({ days: "90", output: "xlsx" });

    fireEvent.click(screen.getByTestId("summary-export-csv"));
    expect(await screen.findByTestId("summary-export-error")).toHaveTextContent(
      "Export refused: Exporting this report needs the complaint.report permission.",
    );
    const asked = calls(all, "GET", "/complaints/reports/daily-summary/").find((c) => c.url.searchParams.get("output"))!;
    expect(asked.url.searchParams.get("day")).toBe("2026-12-01");
    expect(saved).toHaveLength(2);
  });

  it("is not for agents", () => {
    serveReports();
    renderRoutes({ "/complaints/reports": <ReportsPage /> }, { me: makeMe("agent"), path: "/complaints/reports" });
    expect(screen.getByTestId("reports-not-allowed")).toBeInTheDocument();
  });
});
