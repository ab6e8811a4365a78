import { fireEvent, screen, waitFor, within } from "@testing-library/react";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";

import { setTimeZone } from "../../common/time";
import { calls, ok, renderRoutes, serve } from "../../complaints/testing";
import { makeMe } from "../../customers/testing";
import { ledgerRow, LI, POINTS_TRACE, review } from "./fixtures";
import { MyQualityPage } from "./MyQualityPage";

beforeEach(() => setTimeZone("UTC"));
afterEach(() => {
  vi.unstubAllGlobals();
  setTimeZone(undefined);
});

const AGENT = makeMe("agent", { id: 7, name: "Li Na" });

describe("my quality", () => {
  it("shows one's month and traces a figure to its items", async () => {
    const all = serve({
      "GET /quality/ledger/7/": ok({ period: "2026-11", rows: [ledgerRow(LI)] }),
      "GET /quality/ledger/trace/": ok(POINTS_TRACE),
      "GET /quality/reviews/": ok([]),
    });
    renderRoutes({ "/quality/me": <MyQualityPage /> }, { me: AGENT, path: "/quality/me?month=2026-11" });

    expect(await screen.findByTestId("my-figure-points")).toHaveTextContent("3.50");
    expect(screen.getByTestId("my-figure-complaints").tagName).toBe("SPAN");
    fireEvent.click(screen.getByTestId("my-figure-points"));
    const drawer = await screen.findByTestId("trace-table");
    expect(await within(drawer).findByRole("link", { name: "T-000041" })).toHaveAttribute("href", "/tickets/41");
    expect(calls(all, "GET", "/quality/ledger/trace/")[0]!.url.searchParams.get("agent")).toBe("7");
    expect(await screen.findByText("No reviews this month.")).toBeInTheDocument();
  });

  it("says so when there are no figures", async () => {
    serve({
      "GET /quality/ledger/7/": () => ({ status: 404, body: { code: "not_found", message: "Not found.", fields: {} } }),
      "GET /quality/reviews/": ok([]),
    });
    renderRoutes({ "/quality/me": <MyQualityPage /> }, { me: AGENT, path: "/quality/me?month=2026-11" });
    expect(await screen.findByText("No figures this month.")).toBeInTheDocument();
  });

  it("shows a review's scores and comment, and sends a dispute", async () => {
    let current = review();
    const all = serve({
      "GET /quality/ledger/7/": ok({ period: "2026-11", rows: [ledgerRow(LI)] }),
      "GET /quality/reviews/": () => ({ body: [current] }),
      "POST /quality/reviews/5/dispute/": ({ body }) => {
        current = review({ status: "disputed", dispute: (body as { text: string }).text });
        return { body: current };
      },
    });
    renderRoutes({ "/quality/me": <MyQualityPage /> }, { me: AGENT, path: "/quality/me?month=2026-11" });

    const card = await screen.findByTestId("review-5");
    expect(within(card).getByTestId("review-score-5")).toHaveTextContent("Score 80.00");
    expect(within(card).getByText("accuracy")).toBeInTheDocument();
    expect(within(card).getByTestId("review-comment-5")).toHaveTextContent("Check the balance first.");
    expect(calls(all, "GET", "/quality/reviews/")[0]!.url.searchParams.get("agent")).toBe("7");

    fireEvent.click(within(card).getByTestId("dispute-5"));
    fireEvent.change(await screen.findByTestId("text-dialog-input"), { target: { value: "The balance was checked." } });
    fireEvent.click(screen.getByTestId("text-dialog-ok"));

    await waitFor(() => expect(calls(all, "POST", "/quality/reviews/5/dispute/")).toHaveLength(1));
    expect(calls(all, "POST", "/quality/reviews/5/dispute/")[0]!.body).toEqual({ text: "The balance was checked." });
    expect(await screen.findByTestId("review-dispute-5")).toHaveTextContent("The balance was checked.");
    expect(screen.getByText("Waiting for a supervisor's answer.")).toBeInTheDocument();
    expect(screen.queryByTestId("dispute-5")).not.toBeInTheDocument();
  });

  it("shows the supervisor's answer", async () => {
    serve({
      "GET /quality/ledger/7/": ok({ period: "2026-11", rows: [ledgerRow(LI)] }),
      "GET /quality/reviews/": ok([review({ status: "answered", dispute: "Not fair", answer: "Score stays." })]),
    });
    renderRoutes({ "/quality/me": <MyQualityPage /> }, { me: AGENT, path: "/quality/me?month=2026-11" });
    expect(await screen.findByTestId("review-answer-5")).toHaveTextContent("Score stays.");
  });
});
