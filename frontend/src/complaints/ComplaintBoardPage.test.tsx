import { act, fireEvent, screen, waitFor, within } from "@testing-library/react";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";

import { setTimeZone } from "../common/time";
import { makeMe, page } from "../customers/testing";
import { chooseOption } from "../shifts/testing";
import { live } from "../tickets/liveMock";
import { ComplaintBoardPage } from "./ComplaintBoardPage";
import { board, card, OPTIONS } from "./fixtures";
import { calls, ok, renderRoutes, serve } from "./testing";

vi.mock("../shell/LiveContext", async () => {
  const { live: mock } = await import("../tickets/liveMock");
  return { useLive: () => mock };
});

const HANDLER_ME = makeMe("complaint_handler", { id: 21, name: "Zhao Min" });
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

const CARDS = [
  card(),
  card({
    id: 43,
    reference: "P-000043",
    subject: "Rude agent on the hotline",
    stage: "proposed",
    severity: "critical",
    assignee: null,
    customer: { id: 9, name: "Wu Fang" },
    remedies_total_fen: 30_000,
    needs_amount_confirmation: true,
    sla: { state: "warning", due_at: "2026-12-01T10:30:00Z", warn_at: "2026-12-01T09:30:00Z", first_response_due: null, resolution_due: null },
  }),
  card({
    id: 44,
    reference: "P-000044",
    subject: "Refund promised, never paid",
    stage: "received",
    severity: "low",
    sla: { state: "ok", due_at: "2026-12-01T08:00:00Z", warn_at: null, first_response_due: null, resolution_due: null },
  }),
];

describe("the complaint board", () => {
  it("shows a column per stage with its count and the cards' facts", async () => {
    serve({
      "GET /complaints/board/": ok(board(CARDS, { investigating: 57 })),
      "GET /complaints/options/": ok(OPTIONS),
    });
    renderRoutes({ "/complaints": <ComplaintBoardPage /> }, { me: HANDLER_ME, path: "/complaints" });

    const columns = await screen.findAllByTestId(/^board-column-/);
    expect(columns.map((c) => c.getAttribute("data-testid"))).toEqual([
      "board-column-received",
      "board-column-investigating",
      "board-column-sent_back",
      "board-column-proposed",
      "board-column-appeal_review",
      "board-column-approved",
      "board-column-informed",
      "board-column-closed",
    ]);
    const investigating = screen.getByTestId("board-column-investigating");
    expect(within(investigating).getByText("Investigating")).toBeInTheDocument();
    expect(screen.getByTestId("board-count-investigating")).toHaveAttribute("data-count", "57");
    expect(investigating).toHaveTextContent("The first 1 of 57");

    const first = within(investigating).getByTestId("complaint-card-42");
    expect(first).toHaveAttribute("href", "/complaints/42");
    expect(first).toHaveTextContent("P-000042");
    expect(first).toHaveTextContent("Top-up never arrived");
    expect(first).toHaveTextContent("Zhou Jie");
    expect(first).toHaveTextContent("Late credit");
    expect(first).toHaveTextContent("High");
    expect(screen.getByTestId("complaint-card-handler-42")).toHaveTextContent("Zhao Min");
    expect(screen.getByTestId("complaint-card-sla-42")).toHaveAttribute("data-sla", "ok");
    expect(screen.getByTestId("complaint-card-sla-42")).toHaveTextContent("2 h left");

    const proposed = within(screen.getByTestId("board-column-proposed")).getByTestId("complaint-card-43");
    expect(proposed).toHaveTextContent("Critical");
    expect(proposed).toHaveTextContent("Unassigned");
    expect(screen.getByTestId("complaint-card-remedies-43")).toHaveTextContent("Remedies ¥300.00");
    expect(proposed).toHaveTextContent("Large amount to confirm");
    expect(screen.getByTestId("complaint-card-sla-43")).toHaveAttribute("data-sla", "warning");
    expect(screen.getByTestId("complaint-card-sla-43")).toHaveTextContent("30 min left");

    // The server said "ok", but its due time has passed since: the badge turns red by itself.
    expect(screen.getByTestId("complaint-card-sla-44")).toHaveAttribute("data-sla", "breached");
    expect(screen.getByTestId("complaint-card-sla-44")).toHaveTextContent("overdue 2 h");
    expect(within(screen.getByTestId("board-column-closed")).getByText("None")).toBeInTheDocument();
    expect(screen.getByTestId("complaint-reports-link")).toHaveAttribute("href", "/complaints/reports");
  });

  it("filters by category, severity, handler, mine and a search, kept in the address", async () => {
    const all = serve({
      "GET /complaints/board/": ok(board(CARDS)),
      "GET /complaints/options/": ok(OPTIONS),
    });
    renderRoutes({ "/complaints": <ComplaintBoardPage /> }, { me: HANDLER_ME, path: "/complaints?severity=high" });
    await screen.findByTestId("complaint-card-42");
    expect(calls(all, "GET", "/complaints/board/")[0]!.url.searchParams.get("severity")).toBe("high");

    await chooseOption("complaint-filter-category", "Late credit");
    await waitFor(() => expect(calls(all, "GET", "/complaints/board/").at(-1)!.url.searchParams.get("category")).toBe("2"));
    await chooseOption("complaint-filter-handler", "Qian Li");
    await waitFor(() => expect(calls(all, "GET", "/complaints/board/").at(-1)!.url.searchParams.get("handler")).toBe("22"));

    fireEvent.click(screen.getByTestId("complaint-filter-mine"));
    await waitFor(() => {
      const last = calls(all, "GET", "/complaints/board/").at(-1)!.url.searchParams;
      expect(last.get("mine")).toBe("true");
      expect(last.get("handler")).toBeNull(); // mine replaces the handlers chosen
      expect(last.get("category")).toBe("2");
      expect(last.get("severity")).toBe("high");
    });

    const search = screen.getByTestId("complaint-search");
    fireEvent.change(search, { target: { value: " P-000042 " } });
    fireEvent.keyDown(search, { key: "Enter", code: "Enter", keyCode: 13 });
    await waitFor(() => expect(calls(all, "GET", "/complaints/board/").at(-1)!.url.searchParams.get("q")).toBe("P-000042"));

    fireEvent.click(screen.getByTestId("complaint-filter-reset"));
    await waitFor(() => expect(calls(all, "GET", "/complaints/board/").at(-1)!.url.search).toBe(""));
  });

  it("refetches when a complaint is opened or moves, once for a burst", async () => {
    const all = serve({
      "GET /complaints/board/": ok(board(CARDS)),
      "GET /complaints/options/": ok(OPTIONS),
    });
    renderRoutes({ "/complaints": <ComplaintBoardPage /> }, { me: HANDLER_ME, path: "/complaints" });
    await screen.findByTestId("complaint-card-42");
    const before = calls(all, "GET", "/complaints/board/").length;

    act(() => live.emit({ type: "workitem.changed", payload: { id: 7, kind: "ticket" } }));
    act(() => {
      live.emit({ type: "complaint.created", payload: card({ id: 45 }) });
      live.emit({ type: "complaint.changed", payload: card({ id: 42, stage: "proposed" }) });
      live.emit({ type: "complaint.approval_requested", payload: { complaint: 42, reference: "P-000042" } });
    });
    await waitFor(() => expect(calls(all, "GET", "/complaints/board/")).toHaveLength(before + 1));
    await new Promise((r) => setTimeout(r, 400));
    expect(calls(all, "GET", "/complaints/board/")).toHaveLength(before + 1);
  });

  it("opens a complaint from a chat found by its number, then goes to it", async () => {
    const all = serve({
      "GET /complaints/board/": ok(board(CARDS)),
      "GET /complaints/options/": ok(OPTIONS),
      "GET /inbox/": () => ({
        body: page([
          {
            id: 7,
            reference: "C-000007",
            kind: "chat",
            kind_display: "Chat",
            subject: "Top-up",
          },
        ]),
      }),
      "POST /complaints/": () => ({ status: 201, body: card({ id: 46, reference: "P-000046", stage: "received" }) }),
    });
    renderRoutes({ "/complaints": <ComplaintBoardPage /> }, { me: HANDLER_ME, path: "/complaints" });
    fireEvent.click(await screen.findByTestId("complaint-new"));
    const box = within(await screen.findByTestId("new-complaint-work")).getByRole("combobox");
    fireEvent.change(box, { target: { value: "C-000007" } });
    await waitFor(() => expect(calls(all, "GET", "/inbox/").at(-1)?.url.searchParams.get("q")).toBe("7"));
    expect(calls(all, "GET", "/inbox/").at(-1)!.url.searchParams.get("kind")).toBe("ticket,chat,call,callback");
    fireEvent.click(await screen.findByText("C-000007 · Chat · Top-up"));
    await chooseOption("new-complaint-severity", "Critical");
    fireEvent.click(screen.getByTestId("new-complaint-submit"));

    await waitFor(() => expect(calls(all, "POST", "/complaints/")).toHaveLength(1));
    expect(calls(all, "POST", "/complaints/")[0]!.body).toEqual({ source_item: 7, severity: "critical" });
    expect(await screen.findByTestId("location")).toHaveTextContent("/complaints/46");
  });

  it("needs the customer's words to open a complaint directly", async () => {
    const all = serve({
      "GET /complaints/board/": ok(board([])),
      "GET /complaints/options/": ok(OPTIONS),
    });
    renderRoutes({ "/complaints": <ComplaintBoardPage /> }, { me: HANDLER_ME, path: "/complaints" });
    fireEvent.click(await screen.findByTestId("complaint-new"));
    fireEvent.click(await screen.findByText("Nothing yet (directly)"));
    await screen.findByText("Name, phone or e-mail (every search is recorded).");
    fireEvent.click(screen.getByTestId("new-complaint-submit"));
    expect(await screen.findByText("Choose the customer.")).toBeInTheDocument();
    expect(screen.getByText("Write down what the customer says.")).toBeInTheDocument();
    expect(screen.getByText("Give the complaint a subject.")).toBeInTheDocument();
    expect(calls(all, "POST", "/complaints/")).toHaveLength(0);
  });
});
