import { fireEvent, screen, waitFor, within } from "@testing-library/react";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";

import { setTimeZone } from "../../common/time";
import { calls, ok, renderRoutes, serve } from "../../complaints/testing";
import { makeMe } from "../../customers/testing";
import { CRITERIA, LI, review } from "./fixtures";
import { ReviewsPage } from "./ReviewsPage";

beforeEach(() => setTimeZone("UTC"));
afterEach(() => {
  vi.unstubAllGlobals();
  setTimeZone(undefined);
});

const CANDIDATE = { id: 41, reference: "T-000041", kind: "ticket", subject: "Top-up failed", queue: "Support", agent: LI, resolved_at: "2026-11-03T08:00:00Z" };
const SUPERVISOR = makeMe("supervisor", { id: 1, name: "Sun Hui" });

describe("quality reviews", () => {
  it("lists candidates by rule and reviews one against every criterion", async () => {
    const all = serve({
      "GET /quality/reviews/candidates/": ({ url }) => ({ body: url.searchParams.get("rule") === "low_rating" ? [CANDIDATE] : [] }),
      "GET /quality/reviews/": ok([]),
      "GET /quality/scorecard/": ok(CRITERIA),
      "POST /quality/reviews/": () => ({ status: 201, body: review() }),
    });
    renderRoutes({ "/quality/reviews": <ReviewsPage /> }, { me: SUPERVISOR, path: "/quality/reviews?month=2026-11" });

    expect(await screen.findByText("No items to review by this rule this month.")).toBeInTheDocument();
    fireEvent.click(screen.getByText("Low rating"));
    const row = await screen.findByTestId("candidate-41");
    expect(row).toHaveTextContent("Li Na");
    const query = calls(all, "GET", "/quality/reviews/candidates/").at(-1)!.url.searchParams;
    expect([query.get("month"), query.get("rule")]).toEqual(["2026-11", "low_rating"]);

    fireEvent.click(within(row).getByTestId("review-candidate-41"));
    const form = await screen.findByTestId("review-form");
    await within(form).findByText("greeting (×1)");
    expect(screen.getByTestId("weighted-score")).toHaveTextContent("score every criterion");
    fireEvent.click(within(form).getByLabelText("greeting 5"));
    fireEvent.click(within(form).getByLabelText("accuracy 3"));
    await waitFor(() => expect(screen.getByTestId("weighted-score")).toHaveTextContent("Weighted score: 70.00"));
    fireEvent.change(within(form).getByTestId("review-comment"), { target: { value: "Check the balance first." } });
    fireEvent.click(screen.getByTestId("review-submit"));

    await waitFor(() => expect(calls(all, "POST", "/quality/reviews/")).toHaveLength(1));
    expect(calls(all, "POST", "/quality/reviews/")[0]!.body).toEqual({
      item: 41,
      reason: "low_rating",
      scores: [
        { criterion: 1, score: 5 },
        { criterion: 2, score: 3 },
      ],
      comment: "Check the balance first.",
    });
  });

  it("will not send a review with a criterion left unscored", async () => {
    const all = serve({
      "GET /quality/reviews/candidates/": ok([CANDIDATE]),
      "GET /quality/reviews/": ok([]),
      "GET /quality/scorecard/": ok(CRITERIA),
    });
    renderRoutes({ "/quality/reviews": <ReviewsPage /> }, { me: SUPERVISOR, path: "/quality/reviews?month=2026-11" });
    fireEvent.click(await screen.findByTestId("review-candidate-41"));
    const form = await screen.findByTestId("review-form");
    fireEvent.click(await within(form).findByLabelText("greeting 4"));
    fireEvent.click(screen.getByTestId("review-submit"));

    expect(await screen.findByText("Score every criterion.")).toBeInTheDocument();
    expect(calls(all, "POST", "/quality/reviews/")).toHaveLength(0);
  });

  it("answers a dispute, showing what was disputed", async () => {
    let current = review({ status: "disputed", dispute: "The balance was checked." });
    const all = serve({
      "GET /quality/reviews/candidates/": ok([]),
      "GET /quality/reviews/": () => ({ body: [current] }),
      "POST /quality/reviews/5/answer/": ({ body }) => {
        current = review({ status: "answered", dispute: current.dispute, answer: (body as { text: string }).text });
        return { body: current };
      },
    });
    renderRoutes({ "/quality/reviews": <ReviewsPage /> }, { me: SUPERVISOR, path: "/quality/reviews?month=2026-11" });

    const row = await screen.findByTestId("review-row-5");
    expect(row).toHaveTextContent("Disputed");
    fireEvent.click(within(row).getByTestId("answer-5"));
    expect(await screen.findByTestId("answer-dispute-text")).toHaveTextContent("The balance was checked.");
    fireEvent.change(screen.getByTestId("text-dialog-input"), { target: { value: "Score stays." } });
    fireEvent.click(screen.getByTestId("text-dialog-ok"));

    await waitFor(() => expect(calls(all, "POST", "/quality/reviews/5/answer/")[0]?.body).toEqual({ text: "Score stays." }));
    await waitFor(() => expect(screen.getByTestId("review-row-5")).toHaveTextContent("Dispute answered"));
    expect(screen.queryByTestId("answer-5")).not.toBeInTheDocument();
  });

  it("is not for agents", async () => {
    serve({});
    renderRoutes({ "/quality/reviews": <ReviewsPage /> }, { me: makeMe("agent"), path: "/quality/reviews" });
    expect(await screen.findByTestId("not-allowed")).toBeInTheDocument();
  });
});
