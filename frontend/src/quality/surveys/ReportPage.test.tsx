import { fireEvent, screen, waitFor, within } from "@testing-library/react";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";

import { setTimeZone } from "../../common/time";
import { calls, renderRoutes, serve } from "../../complaints/testing";
import { makeMe } from "../../customers/testing";
import type { Report } from "./api";
import { report } from "./fixtures";
import { ReportPage } from "./ReportPage";

vi.mock("../../shell/LiveContext", async () => {
  const { live: mock } = await import("../../tickets/liveMock");
  return { useLive: () => mock };
});

const URL_7 = "/quality/satisfaction/reports/7/";
const PAGES = { "/quality/satisfaction/reports/:reportId": <ReportPage /> };
const SUBMITTED = report({
  status: "submitted",
  frozen: true,
  submitted_by: "Sun Hui",
  events: [
    { verb: "created", actor: "Sun Hui", reason: "", created_at: "2026-12-01T03:00:00Z" },
    { verb: "submitted", actor: "Sun Hui", reason: "", created_at: "2026-12-01T04:00:00Z" },
  ],
});

beforeEach(() => setTimeZone("UTC"));
afterEach(() => {
  vi.restoreAllMocks();
  vi.unstubAllGlobals();
  setTimeZone(undefined);
});

function serveReport(first: Report, after: Record<string, (body: unknown) => Report> = {}) {
  let current = first;
  const routes: Parameters<typeof serve>[0] = { [`GET ${URL_7}`]: () => ({ body: current }) };
  for (const [action, next] of Object.entries(after)) {
    routes[`POST ${URL_7}${action}/`] = ({ body }) => {
      current = next(body);
      return { body: current };
    };
  }
  return serve(routes);
}

describe("a satisfaction report", { timeout: 60_000 }, () => {
  it("lets a manager approve and publish a submitted report", async () => {
    const all = serveReport(SUBMITTED, {
      publish: () => ({
        ...SUBMITTED,
        status: "published",
        published_by: "Ma Li",
        events: [...SUBMITTED.events, { verb: "published", actor: "Ma Li", reason: "", created_at: "2026-12-01T05:00:00Z" }],
      }),
    });
    renderRoutes(PAGES, { me: makeMe("manager", { name: "Ma Li" }), path: "/quality/satisfaction/reports/7" });

    expect(await screen.findByTestId("report-status")).toHaveTextContent("Submitted");
    expect(screen.getByText("Billing scores fell.")).toBeInTheDocument();
    expect(screen.getByTestId("rating-stats")).toHaveTextContent("Rating links issued10");
    expect(screen.getByTestId("export-queue-xlsx")).toBeInTheDocument(); // report.export
    expect(screen.queryByRole("button", { name: "Submit for approval" })).not.toBeInTheDocument();

    fireEvent.click(screen.getByRole("button", { name: "Approve and publish" }));

    await waitFor(() => expect(screen.getByTestId("report-status")).toHaveTextContent("Published"));
    expect(calls(all, "POST", `${URL_7}publish/`)).toHaveLength(1);
    expect(screen.getByText("2026-12-01 05:00 · Approved and published · Ma Li")).toBeInTheDocument();
    expect(screen.queryByRole("button", { name: "Approve and publish" })).not.toBeInTheDocument();
  });

  it("lets a manager send a report back, only with a reason", async () => {
    const all = serveReport(SUBMITTED, {
      "send-back": (body) => ({
        ...SUBMITTED,
        status: "returned",
        frozen: false,
        events: [
          ...SUBMITTED.events,
          { verb: "returned", actor: "Ma Li", reason: (body as { reason: string }).reason, created_at: "2026-12-01T05:00:00Z" },
        ],
      }),
    });
    renderRoutes(PAGES, { me: makeMe("manager", { name: "Ma Li" }), path: "/quality/satisfaction/reports/7" });
    await screen.findByTestId("report-status");

    fireEvent.click(screen.getByRole("button", { name: "Send back" }));
    const dialog = await screen.findByRole("dialog");
    const okButton = within(dialog).getByRole("button", { name: "OK" });
    expect(okButton).toBeDisabled();
    fireEvent.change(within(dialog).getByLabelText("Why is it sent back?"), { target: { value: "Add the billing queue's comments." } });
    expect(okButton).toBeEnabled();
    fireEvent.click(okButton);

    await waitFor(() => expect(screen.getByTestId("report-status")).toHaveTextContent("Sent back"));
    expect(calls(all, "POST", `${URL_7}send-back/`)[0]!.body).toEqual({ reason: "Add the billing queue's comments." });
    expect(screen.getByText("2026-12-01 05:00 · Sent back · Ma Li — Add the billing queue's comments.")).toBeInTheDocument();
  });

  it("does not let a supervisor approve what they submitted", async () => {
    serveReport(SUBMITTED);
    renderRoutes(PAGES, { me: makeMe("supervisor"), path: "/quality/satisfaction/reports/7" });

    expect(await screen.findByTestId("report-status")).toHaveTextContent("Submitted");
    expect(screen.queryByRole("button", { name: "Approve and publish" })).not.toBeInTheDocument();
    expect(screen.queryByRole("button", { name: "Send back" })).not.toBeInTheDocument();
    expect(screen.queryByRole("button", { name: "Save" })).not.toBeInTheDocument();
  });

  it("shows an agent a published report to read, without actions or exports", async () => {
    serveReport(report({ status: "published", frozen: true, summary: "Scores are up." }));
    renderRoutes(PAGES, { me: makeMe("agent"), path: "/quality/satisfaction/reports/7" });

    expect(await screen.findByTestId("report-status")).toHaveTextContent("Published");
    expect(screen.getByText("Scores are up.")).toBeInTheDocument();
    expect(screen.getByTestId("rating-stats")).toHaveTextContent("Rated4");
    for (const name of ["Save", "Submit for approval", "Approve and publish", "Send back"]) {
      expect(screen.queryByRole("button", { name })).not.toBeInTheDocument();
    }
    expect(screen.queryByTestId("export-queue-csv")).not.toBeInTheDocument();
  });
});
