import { act, fireEvent, screen, waitFor, within } from "@testing-library/react";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";

import { setTimeZone } from "../../common/time";
import { calls, ok, renderRoutes, serve } from "../../complaints/testing";
import { makeMe } from "../../customers/testing";
import { live } from "../../tickets/liveMock";
import { ActionsPage } from "./ActionsPage";
import { action, SUN } from "./fixtures";

vi.mock("../../shell/LiveContext", async () => {
  const { live: mock } = await import("../../tickets/liveMock");
  return { useLive: () => mock };
});

beforeEach(() => setTimeZone("UTC"));
afterEach(() => {
  vi.unstubAllGlobals();
  setTimeZone(undefined);
});

const SUPERVISOR = makeMe("supervisor", { id: 1, name: "Sun Hui" });

describe("corrective actions", () => {
  it("lists the open actions with the rating and the item, and filters", async () => {
    const all = serve({ "GET /quality/corrective-actions/": ok([action()]) });
    renderRoutes({ "/quality/actions": <ActionsPage /> }, { me: SUPERVISOR, path: "/quality/actions" });

    const row = await screen.findByTestId("action-row-9");
    expect(row).toHaveTextContent("Top-up failed");
    expect(row).toHaveTextContent("Li Na");
    expect(row).toHaveTextContent("Sun Hui");
    expect(within(row).getByTestId("action-score-9")).toHaveTextContent("1");
    expect(within(row).getByRole("link", { name: "T-000041" })).toHaveAttribute("href", "/tickets/41");
    expect(calls(all, "GET", "/quality/corrective-actions/")[0]!.url.searchParams.get("status")).toBe("open");

    fireEvent.click(screen.getByText("Done"));
    fireEvent.click(screen.getByTestId("mine-filter"));
    await waitFor(() => {
      const query = calls(all, "GET", "/quality/corrective-actions/").at(-1)!.url.searchParams;
      expect([query.get("status"), query.get("mine")]).toEqual(["done", "1"]);
    });
  });

  it("adds a note and marks the action done", async () => {
    let current = action();
    const all = serve({
      "GET /quality/corrective-actions/": () => ({ body: [current] }),
      "POST /quality/corrective-actions/9/": ({ body }) => {
        const { note, done } = body as { note: string; done: boolean };
        current = action({
          note: `[2026-11-06 09:00 Sun Hui] ${note}`,
          ...(done ? { status: "done", done_by: SUN, done_at: "2026-11-06T09:00:00Z" } : {}),
        });
        return { body: current };
      },
    });
    renderRoutes({ "/quality/actions": <ActionsPage /> }, { me: SUPERVISOR, path: "/quality/actions?action=9" });

    const detail = await screen.findByTestId("action-detail-9"); // the mailed link opens it
    expect(detail).toHaveTextContent("Nobody called back");
    fireEvent.change(within(detail).getByTestId("action-note-9"), { target: { value: "Called back" } });
    fireEvent.click(within(detail).getByTestId("action-done-button-9"));

    await waitFor(() => expect(calls(all, "POST", "/quality/corrective-actions/9/")).toHaveLength(1));
    expect(calls(all, "POST", "/quality/corrective-actions/9/")[0]!.body).toEqual({ note: "Called back", done: true });
    expect(await screen.findByTestId("action-done-9")).toHaveTextContent("Done by Sun Hui on 2026-11-06 09:00");
    expect(screen.getByTestId("action-notes-9")).toHaveTextContent("Called back");
    expect(screen.queryByTestId("action-done-button-9")).not.toBeInTheDocument();
  });

  it("refetches when a new action arrives live", async () => {
    let list = [action()];
    serve({ "GET /quality/corrective-actions/": () => ({ body: list }) });
    renderRoutes({ "/quality/actions": <ActionsPage /> }, { me: SUPERVISOR, path: "/quality/actions" });
    await screen.findByTestId("action-row-9");

    list = [action({ id: 10, reference: "T-000050", item: 50 }), ...list];
    act(() => live.emit({ type: "quality.action_raised", payload: { action: 10, reference: "T-000050", score: 2 } }));

    expect(await screen.findByTestId("action-row-10")).toBeInTheDocument();
    expect(await screen.findByText("New corrective action: T-000050 rated 2")).toBeInTheDocument();
  });

  it("is not for agents", async () => {
    serve({});
    renderRoutes({ "/quality/actions": <ActionsPage /> }, { me: makeMe("agent"), path: "/quality/actions" });
    expect(await screen.findByTestId("not-allowed")).toBeInTheDocument();
  });
});
