import { act, fireEvent, screen, waitFor, within } from "@testing-library/react";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";

import { setTimeZone } from "../common/time";
import { makeMe, page, renderPage, stubApi, type Call } from "../customers/testing";
import { chooseOption, member, queue } from "../shifts/testing";
import { live } from "../tickets/liveMock";
import { EscalationsPage } from "./EscalationsPage";
import { AGENT, BOSS, escalation, LEAD, run } from "./fixtures";

vi.mock("../shell/LiveContext", async () => {
  const { live: mock } = await import("../tickets/liveMock");
  return { useLive: () => mock };
});

beforeEach(() => setTimeZone("UTC"));
afterEach(() => {
  vi.unstubAllGlobals();
  setTimeZone(undefined);
});

const SUPERVISOR = makeMe("supervisor", { id: LEAD.id, name: LEAD.name, queues: [{ queue: 1, queue_name: "Support", role: "supervisor" }] });
const AGENT_ME = makeMe("agent", { id: AGENT.id, name: AGENT.name });

type Answer = { status?: number; body?: unknown } | undefined;

function serve(routes: Record<string, (call: Call) => Answer>) {
  return stubApi((call) => {
    const key = `${call.method} ${call.url.pathname.replace(/^\/api\/v1/, "")}`;
    return routes[key]?.(call);
  });
}

const ok = (body: unknown) => () => ({ body });
const posts = (calls: Call[], path: string) => calls.filter((c) => c.method === "POST" && c.url.pathname === `/api/v1${path}`);

describe("EscalationsPage", () => {
  it("lists what was escalated to me, with an overdue answer-by highlighted and the item linked", async () => {
    const calls = serve({
      "GET /escalations/": ok(
        page([
          escalation({ answer_by: "2026-01-01T09:00:00Z" }),
          escalation({ id: 22, to_user: BOSS, raised_by: LEAD }), // a manager's list has others' too
          escalation({ id: 23, item: 8, reference: "P-000008", subject: "Complaint", answer_by: "2099-01-01T00:00:00Z" }),
        ]),
      ),
      "GET /escalation-runs/": ok(page([])),
    });
    renderPage(<EscalationsPage />, { me: SUPERVISOR, path: "/escalations" });

    const row = await screen.findByTestId("escalation-row-21");
    expect(row).toHaveTextContent("Zhang Wei");
    expect(row).toHaveTextContent("Customer threatens to go to the regulator");
    expect(row).toHaveTextContent("May we refund the fee?");
    expect(within(row).getByTestId("answer-by")).toHaveAttribute("data-overdue", "true");
    expect(within(row).getByTestId("answer-by")).toHaveTextContent("Answer by 2026-01-01 09:00: overdue");
    expect(within(row).getByRole("link", { name: "T-000007" })).toHaveAttribute("href", "/tickets/7");
    expect(screen.queryByTestId("escalation-row-22")).not.toBeInTheDocument();
    const other = screen.getByTestId("escalation-row-23");
    expect(within(other).getByTestId("answer-by")).toHaveAttribute("data-overdue", "false");
    expect(within(other).queryByRole("link")).not.toBeInTheDocument(); // complaints have no page yet
    expect(screen.getByTestId("tab-count-to-me")).toHaveTextContent("2");
    const list = calls.find((c) => c.url.pathname === "/api/v1/escalations/")!;
    expect(list.url.searchParams.get("state")).toBe("open");
  });

  it("acknowledges with an optional note", async () => {
    const calls = serve({
      "GET /escalations/": ok(page([escalation()])),
      "GET /escalation-runs/": ok(page([])),
      "POST /escalations/21/acknowledge/": (call) => ({ body: escalation({ state: "acknowledged", note: (call.body as { note: string }).note }) }),
    });
    renderPage(<EscalationsPage />, { me: SUPERVISOR, path: "/escalations" });
    fireEvent.click(await screen.findByTestId("escalation-ack-21"));
    fireEvent.change(screen.getByTestId("answer-note"), { target: { value: " Refund approved " } });
    fireEvent.click(screen.getByTestId("answer-submit"));

    await waitFor(() => expect(posts(calls, "/escalations/21/acknowledge/")).toHaveLength(1));
    expect(posts(calls, "/escalations/21/acknowledge/")[0]!.body).toEqual({ note: "Refund approved" });
    expect(await screen.findByText("T-000007 acknowledged.")).toBeInTheDocument();
  });

  it("sends back only with a note saying why", async () => {
    const calls = serve({
      "GET /escalations/": ok(page([escalation()])),
      "GET /escalation-runs/": ok(page([])),
      "POST /escalations/21/send-back/": () => ({ body: escalation({ state: "deescalated" }) }),
    });
    renderPage(<EscalationsPage />, { me: SUPERVISOR, path: "/escalations" });
    fireEvent.click(await screen.findByTestId("escalation-send-back-21"));
    fireEvent.click(screen.getByTestId("answer-submit"));
    expect(await screen.findByText("Say why it goes back.")).toBeInTheDocument();
    expect(posts(calls, "/escalations/21/send-back/")).toHaveLength(0);

    fireEvent.change(screen.getByTestId("answer-note"), { target: { value: "Answer the customer first" } });
    fireEvent.click(screen.getByTestId("answer-submit"));
    await waitFor(() => expect(posts(calls, "/escalations/21/send-back/")).toHaveLength(1));
    expect(posts(calls, "/escalations/21/send-back/")[0]!.body).toEqual({ note: "Answer the customer first" });
  });

  it("reassigns to a member of the item's queue", async () => {
    const calls = serve({
      "GET /escalations/": ok(page([escalation()])),
      "GET /escalation-runs/": ok(page([])),
      "GET /items/7/": ok({ id: 7, queue: { id: 1, name: "Support", slug: "support" }, assignee: AGENT }),
      "GET /queues/1/": ok(queue(1, "Support", [member(3, "Zhang Wei"), member(4, "Chen Jie"), member(5, "Li Na", "supervisor")])),
      "POST /escalations/21/reassign/": () => ({ body: escalation({ state: "resolved" }) }),
    });
    renderPage(<EscalationsPage />, { me: SUPERVISOR, path: "/escalations" });
    fireEvent.click(await screen.findByTestId("escalation-reassign-21"));
    expect(await screen.findByText("Queue Support; now held by Zhang Wei.")).toBeInTheDocument();
    await chooseOption("reassign-user", "Chen Jie (chen.jie) · Agent");
    fireEvent.change(screen.getByTestId("reassign-note"), { target: { value: "Chen knows billing" } });
    fireEvent.click(screen.getByTestId("reassign-submit"));

    await waitFor(() => expect(posts(calls, "/escalations/21/reassign/")).toHaveLength(1));
    expect(posts(calls, "/escalations/21/reassign/")[0]!.body).toEqual({ to_user: 4, note: "Chen knows billing" });
    expect(await screen.findByText("T-000007 given to Chen Jie.")).toBeInTheDocument();
  });

  it("offers agents neither reassigning nor the automatic tab", async () => {
    serve({ "GET /escalations/": ok(page([escalation({ to_user: AGENT, raised_by: LEAD })])) });
    renderPage(<EscalationsPage />, { me: AGENT_ME, path: "/escalations" });
    await screen.findByTestId("escalation-ack-21");
    expect(screen.queryByTestId("escalation-reassign-21")).not.toBeInTheDocument();
    expect(screen.queryByRole("tab", { name: /Automatic/ })).not.toBeInTheDocument();
  });

  it("shows what I raised and how it was answered", async () => {
    serve({
      "GET /escalations/": ({ url }) =>
        url.searchParams.get("state")
          ? { body: page([]) }
          : {
              body: page([
                escalation({ raised_by: AGENT, state: "deescalated", handled_by: LEAD, handled_at: "2026-11-18T12:00:00Z", note: "Answer the customer first" }),
              ]),
            },
    });
    renderPage(<EscalationsPage />, { me: AGENT_ME, path: "/escalations?tab=raised" });
    const row = await screen.findByTestId("raised-row-21");
    expect(row).toHaveTextContent("Li Na");
    expect(row).toHaveTextContent("Sent back");
    expect(row).toHaveTextContent("Li Na, 2026-11-18 12:00");
    expect(row).toHaveTextContent("Answer the customer first");
  });

  it("lists automatic escalations with their steps and acknowledges one", async () => {
    const calls = serve({
      "GET /escalations/": ok(page([])),
      "GET /escalation-runs/": ok(page([run({ steps: [{ level: 0, target: "assignee", skipped: false, ran_at: "2026-11-18T12:00:00Z", notified: [LEAD] }], next_level: 1 })])),
      "POST /escalation-runs/11/acknowledge/": () => ({ body: run({ state: "acknowledged" }) }),
    });
    renderPage(<EscalationsPage />, { me: SUPERVISOR, path: "/escalations?tab=automatic" });
    const row = await screen.findByTestId("run-row-11");
    expect(row).toHaveTextContent("Reached you");
    expect(row).toHaveTextContent("The assignee: told Li Na");
    expect(row).toHaveTextContent("The supervisor on duty: next, at 2026-11-18 13:00");
    const list = calls.find((c) => c.url.pathname === "/api/v1/escalation-runs/")!;
    expect(list.url.searchParams.get("state")).toBe("active");
    fireEvent.click(within(row).getByTestId("run-ack-11"));
    await waitFor(() => expect(posts(calls, "/escalation-runs/11/acknowledge/")).toHaveLength(1));
    expect(await screen.findByText("T-000007 acknowledged: the escalation stops.")).toBeInTheDocument();
  });

  it("shows a refusal to acknowledge", async () => {
    serve({
      "GET /escalations/": ok(page([])),
      "GET /escalation-runs/": ok(page([run()])),
      "POST /escalation-runs/11/acknowledge/": () => ({
        status: 409,
        body: { code: "escalation_closed", message: "This escalation is no longer running.", fields: {} },
      }),
    });
    renderPage(<EscalationsPage />, { me: SUPERVISOR, path: "/escalations?tab=automatic" });
    fireEvent.click(await screen.findByTestId("run-ack-11"));
    expect(await screen.findByText("This escalation is no longer running.")).toBeInTheDocument();
  });

  it("refreshes live when something is escalated to me", async () => {
    let escalated = false;
    serve({
      "GET /escalations/": () => ({ body: page(escalated ? [escalation()] : []) }),
      "GET /escalation-runs/": ok(page([])),
    });
    renderPage(<EscalationsPage />, { me: SUPERVISOR, path: "/escalations" });
    expect(await screen.findByText("Nothing escalated to you.")).toBeInTheDocument();

    escalated = true;
    act(() => live.emit({ type: "sla.escalated", payload: { escalation: 21, item: 7, reference: "T-000007", subject: "x", target: "supervisor_on_duty" } }));
    expect(await screen.findByTestId("escalation-row-21")).toBeInTheDocument();
  });
});
