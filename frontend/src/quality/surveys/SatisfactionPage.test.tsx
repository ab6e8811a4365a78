import { fireEvent, screen, waitFor, within } from "@testing-library/react";
import dayjs from "dayjs";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";

import { setTimeZone } from "../../common/time";
import { calls, ok, renderRoutes, serve } from "../../complaints/testing";
import { makeMe } from "../../customers/testing";
import { figures, report } from "./fixtures";
import { ReportPage } from "./ReportPage";
import { SatisfactionPage } from "./SatisfactionPage";

vi.mock("../../shell/LiveContext", async () => {
  const { live: mock } = await import("../../tickets/liveMock");
  return { useLive: () => mock };
});

const ANALYSIS = "/quality/satisfaction/";
const REPORTS = "/quality/satisfaction/reports/";
const PAGES = {
  "/quality/satisfaction": <SatisfactionPage />,
  "/quality/satisfaction/reports/:reportId": <ReportPage />,
};

beforeEach(() => setTimeZone("UTC"));
afterEach(() => {
  vi.restoreAllMocks();
  vi.unstubAllGlobals();
  setTimeZone(undefined);
});

describe("the satisfaction analysis", { timeout: 60_000 }, () => {
  it("shows last month's figures by queue with their totals and exports", async () => {
    const all = serve({
      [`GET ${ANALYSIS}`]: ok(figures()),
      "GET /quality/surveys/": ok([]),
      [`GET ${REPORTS}`]: ok([]),
    });
    renderRoutes(PAGES, { me: makeMe("supervisor"), path: "/quality/satisfaction" });

    const stats = await screen.findByTestId("rating-stats");
    expect(stats).toHaveTextContent("Rating links issued10");
    expect(stats).toHaveTextContent("Rated4");
    expect(stats).toHaveTextContent("Response rate40.0%");
    expect(stats).toHaveTextContent("Average score3.75");
    const rows = screen.getAllByRole("row").map((r) => within(r).queryAllByRole("cell").map((c) => c.textContent));
    expect(rows).toContainEqual(["Support", "3", "4.33", "0", "0", "1", "0", "2"]);
    expect(rows).toContainEqual(["Billing", "1", "2", "0", "1", "0", "0", "0"]);
    expect(rows).toContainEqual(["Total", "4", "3.75", "0", "1", "1", "0", "2"]);
    const month = dayjs().subtract(1, "month").format("YYYY-MM");
    expect(calls(all, "GET", ANALYSIS)[0]!.url.searchParams.get("month")).toBe(month);
    expect(screen.getByTestId("export-queue-csv")).toBeInTheDocument();
    expect(screen.getByTestId("export-queue-xlsx")).toBeInTheDocument();
    expect(screen.getAllByText("Reports").length).toBeGreaterThan(0);
    expect(screen.queryByText("Published reports")).not.toBeInTheDocument();
  });

  it("downloads a table with the period on screen, and shows a refusal beside its buttons", async () => {
    let refuse = false;
    const all = serve({
      [`GET ${ANALYSIS}`]: ({ url }) =>
        url.searchParams.get("output") && refuse
          ? { status: 403, body: { code: "permission_denied", message: "Exporting this report needs the report.export permission.", fields: {} } }
          : { body: figures() },
      "GET /quality/surveys/": ok([]),
      [`GET ${REPORTS}`]: ok([]),
    });
    Object.assign(URL, { createObjectURL: vi.fn(() => "blob:satisfaction"), revokeObjectURL: vi.fn() });
    const saved: string[] = [];
    vi.spyOn(HTMLAnchorElement.prototype, "click").mockImplementation(function (this: HTMLAnchorElement) {
      saved.push(this.download);
    });
    renderRoutes(PAGES, { me: makeMe("supervisor"), path: "/quality/satisfaction" });
    fireEvent.click(await screen.findByTestId("export-queue-xlsx"));
    await waitFor(() => expect(saved).toHaveLength(1));
    const asked = calls(all, "GET", ANALYSIS).find((c) => c.url.searchParams.get("output"))!;
    expect(Object.fromEntries(asked.url.searchParams)).toEqual({
      month: dayjs().subtract(1, "month").format("YYYY-MM"),
      table: "queue",
      output: "xlsx",
    });
    refuse = true;
    fireEvent.click(screen.getByTestId("export-queue-csv"));
    expect(await screen.findByTestId("export-queue-error")).toHaveTextContent("needs the report.export permission");
    expect(saved).toHaveLength(1);
  });

  it("lets a supervisor save the figures as a draft and submit it for approval", async () => {
    let current = report();
    const all = serve({
      [`GET ${ANALYSIS}`]: ok(figures()),
      "GET /quality/surveys/": ok([]),
      [`GET ${REPORTS}`]: ok([]),
      [`POST ${REPORTS}`]: ({ body }) => {
        const input = body as { summary: string; actions: string };
        current = report({ summary: input.summary, actions: input.actions });
        return { status: 201, body: current };
      },
      [`GET ${REPORTS}7/`]: () => ({ body: current }),
      [`POST ${REPORTS}7/submit/`]: () => {
        current = report({ ...current, status: "submitted", frozen: true, submitted_by: "Sun Hui" });
        return { body: current };
      },
    });
    renderRoutes(PAGES, { me: makeMe("supervisor"), path: "/quality/satisfaction" });
    await screen.findByTestId("rating-stats");

    fireEvent.change(screen.getByLabelText("Summary"), { target: { value: "Billing scores fell to 2." } });
    fireEvent.change(screen.getByLabelText("Actions"), { target: { value: "Coach the billing desk." } });
    fireEvent.click(screen.getByRole("button", { name: "Save as a draft report" }));

    await waitFor(() => expect(calls(all, "POST", REPORTS)).toHaveLength(1));
    expect(calls(all, "POST", REPORTS)[0]!.body).toEqual({
      month: dayjs().subtract(1, "month").format("YYYY-MM"),
      campaign: null,
      summary: "Billing scores fell to 2.",
      actions: "Coach the billing desk.",
    });
    expect(await screen.findByTestId("report-status")).toHaveTextContent("Draft");
    expect(screen.queryByRole("button", { name: "Approve and publish" })).not.toBeInTheDocument();

    fireEvent.click(screen.getByRole("button", { name: "Submit for approval" }));

    await waitFor(() => expect(screen.getByTestId("report-status")).toHaveTextContent("Submitted"));
    expect(calls(all, "POST", `${REPORTS}7/submit/`)).toHaveLength(1);
    expect(screen.getByText("The figures were frozen when the report was submitted.")).toBeInTheDocument();
    expect(screen.queryByRole("button", { name: "Submit for approval" })).not.toBeInTheDocument();
  });

  it("shows an agent only the published reports, without figures or drafting", async () => {
    const published = report({ status: "published", title: "Satisfaction 2026-10" });
    const all = serve({ [`GET ${REPORTS}`]: ok([published]) });
    renderRoutes(PAGES, { me: makeMe("agent"), path: "/quality/satisfaction" });

    expect(await screen.findByRole("link", { name: "Satisfaction 2026-10" })).toHaveAttribute(
      "href",
      "/quality/satisfaction/reports/7",
    );
    expect(screen.getByText("Published reports")).toBeInTheDocument();
    expect(screen.getByText("Published")).toBeInTheDocument();
    expect(screen.queryByTestId("rating-stats")).not.toBeInTheDocument();
    expect(screen.queryByRole("button", { name: "Save as a draft report" })).not.toBeInTheDocument();
    expect(calls(all, "GET", ANALYSIS)).toHaveLength(0);
    expect(calls(all, "GET", "/quality/surveys/")).toHaveLength(0);
  });
});
