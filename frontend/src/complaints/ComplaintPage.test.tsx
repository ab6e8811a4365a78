import { act, fireEvent, screen, waitFor, within } from "@testing-library/react";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";

import { setTimeZone } from "../common/time";
import { makeMe } from "../customers/testing";
import { chooseOption } from "../shifts/testing";
import { live } from "../tickets/liveMock";
import type { ComplaintDetail } from "./api";
import { ComplaintPage } from "./ComplaintPage";
import { detail, evidence, MANAGER_USER, OPTIONS, remedy } from "./fixtures";
import { calls, ok, renderRoutes, serve } from "./testing";

vi.mock("../shell/LiveContext", async () => {
  const { live: mock } = await import("../tickets/liveMock");
  return { useLive: () => mock };
});

const HANDLER_ME = makeMe("complaint_handler", { id: 21, name: "Zhao Min" });
const MANAGER_ME = makeMe("manager", { id: 1, name: "Liu Yang" });

beforeEach(() => setTimeZone("UTC"));
afterEach(() => {
  vi.unstubAllGlobals();
  setTimeZone(undefined);
});

const PAGES = { "/complaints/:complaintId": <ComplaintPage /> };

function show(me = HANDLER_ME) {
  return renderRoutes(PAGES, { me, path: "/complaints/42" });
}

/** The detail and the options; `extra` adds or overrides routes. */
function serveDetail(first: ComplaintDetail, extra: Parameters<typeof serve>[0] = {}) {
  let current = first;
  const all = serve({
    "GET /complaints/42/": () => ({ body: current }),
    "GET /complaints/options/": ok(OPTIONS),
    ...extra,
  });
  return { all, set: (next: ComplaintDetail) => (current = next) };
}

const buttons = () =>
  within(screen.getByTestId("complaint-actions"))
    .getAllByRole("button")
    .map((b) => b.getAttribute("data-testid"));

describe("a complaint's page", () => {
  it("shows the header, the facts, the evidence timeline and the buttons the actions allow", async () => {
    const file = evidence({
      id: 2,
      kind: "attachment",
      kind_display: "Attachment",
      party: "customer",
      body: "",
      filename: "bill.png",
      content_type: "image/png",
      size: 2048,
      url: "/api/v1/complaints/evidence/2/file/",
      occurred_at: "2026-12-01T07:55:00Z",
    });
    const note = evidence({
      id: 3,
      kind: "note",
      kind_display: "Investigation note",
      party: "staff",
      source_item: null,
      source_ref: "",
      author: { id: 21, username: "complaints", name: "Zhao Min" },
      author_name: "",
      body: "<b>Supplier</b> confirms the failure.",
      occurred_at: "2026-12-01T09:00:00Z",
    });
    const base = detail();
    serveDetail(
      detail({
        source_item: { id: 7, reference: "T-000007", kind: "ticket", subject: "Top-up", status: "open" },
        timeline: [
          ...base.timeline,
          { at: file.occurred_at, type: "evidence", step: null, evidence: file, event: null },
          { at: note.occurred_at, type: "evidence", step: null, evidence: note, event: null },
          {
            at: "2026-12-01T09:10:00Z",
            type: "event",
            step: null,
            evidence: null,
            event: { id: 9, verb: "assigned", verb_display: "assigned", actor: MANAGER_USER, data: {}, reason: "Handles top-ups" },
          },
        ],
      }),
    );
    show();

    expect(await screen.findByTestId("complaint-reference")).toHaveTextContent("P-000042");
    expect(screen.getByTestId("complaint-subject")).toHaveTextContent("Top-up never arrived");
    expect(screen.getByTestId("complaint-stage")).toHaveTextContent("Investigating");
    expect(screen.getByTestId("complaint-severity")).toHaveTextContent("High");
    expect(screen.getByTestId("complaint-next")).toHaveTextContent("Record the root cause");
    expect(buttons()).toEqual(["complaint-action-propose", "complaint-action-close"]);

    expect(screen.getByTestId("complaint-customer")).toHaveAttribute("href", "/customers/8");
    expect(screen.getByTestId("complaint-source-link")).toHaveAttribute("href", "/tickets/7");
    expect(screen.getByTestId("complaint-source")).toHaveTextContent("T-000007 · Ticket · Top-up");
    expect(screen.getByTestId("complaint-order-31")).toHaveTextContent("R20261128ABCDEFGHJK China Mobile 50");
    expect(screen.getByTestId("complaint-order-31")).toHaveTextContent("¥49.80");

    const message = screen.getByTestId("evidence-1");
    expect(message).toHaveAttribute("data-party", "customer");
    expect(message).toHaveTextContent("Message");
    expect(message).toHaveTextContent("C-000007");
    expect(message).toHaveTextContent("Zhou Jie");
    expect(message).toHaveTextContent("My top-up of 50 yuan has not arrived.");
    const download = within(screen.getByTestId("evidence-2")).getByTestId("evidence-file-2");
    expect(download).toHaveAttribute("href", "/api/v1/complaints/evidence/2/file/");
    expect(download).toHaveTextContent("bill.png");
    expect(screen.getByTestId("evidence-2")).toHaveTextContent("2 KB");
    // Text stays text.
    expect(screen.getByTestId("evidence-3")).toHaveTextContent("<b>Supplier</b> confirms the failure.");
    expect(screen.getByTestId("timeline-step-1")).toHaveTextContent("Opened");
    expect(screen.getByTestId("timeline-step-1")).toHaveTextContent("Zhang Wei");
    expect(screen.getByTestId("timeline-event-9")).toHaveTextContent("assigned");
    expect(screen.getByTestId("timeline-event-9")).toHaveTextContent("Why: Handles top-ups");
  });

  it("offers a manager only the decision while a resolution waits, and nothing to edit", async () => {
    serveDetail(
      detail({
        stage: "proposed",
        resolution: "We refund the order.",
        actions: ["approve", "send_back"],
        remedies: [remedy()],
      }),
    );
    show(MANAGER_ME);
    await screen.findByTestId("complaint-actions");
    expect(buttons()).toEqual(["complaint-action-approve", "complaint-action-send_back"]);
    expect(screen.getByTestId("complaint-next")).toHaveTextContent("waits for a manager's approval");
    expect(screen.queryByTestId("findings-form")).not.toBeInTheDocument();
    expect(screen.queryByTestId("remedy-form")).not.toBeInTheDocument();
    expect(screen.queryByTestId("evidence-add")).not.toBeInTheDocument();
    expect(screen.queryByTestId("remedy-withdraw-5")).not.toBeInTheDocument();
  });

  it("records the findings: the root cause and the attribution it requires", async () => {
    const { all } = serveDetail(detail(), {
      "PATCH /complaints/42/": ({ body }) => ({
        body: detail({ root_cause: "supplier_channel", attributed_channel: { id: 1, name: "alpha" }, ...(body as object) } as never),
      }),
    });
    show();
    await screen.findByTestId("findings-form");
    expect(screen.queryByTestId("findings-channel")).not.toBeInTheDocument();
    await chooseOption("findings-root-cause-select", "Supplier channel");
    await screen.findByTestId("findings-channel");
    await chooseOption("findings-channel", "alpha");
    fireEvent.change(screen.getByTestId("findings-note"), { target: { value: " alpha timed out " } });
    fireEvent.click(screen.getByTestId("findings-save"));
    await waitFor(() => expect(calls(all, "PATCH", "/complaints/42/")).toHaveLength(1));
    expect(calls(all, "PATCH", "/complaints/42/")[0]!.body).toEqual({
      severity: "high",
      category: 2,
      root_cause: "supplier_channel",
      attributed_agent: null,
      attributed_channel: 1,
      attribution_note: "alpha timed out",
    });
    expect(await screen.findByText("Findings saved.")).toBeInTheDocument();
  });

  it("attributes agent conduct to any front-line agent the server offers", async () => {
    const { all } = serveDetail(detail(), {
      "PATCH /complaints/42/": ({ body }) => ({ body: detail({ ...(body as object) } as never) }),
    });
    show();
    await screen.findByTestId("findings-form");
    await chooseOption("findings-root-cause-select", "Agent conduct");
    await screen.findByTestId("findings-agent");
    await chooseOption("findings-agent", "Zhou Min");
    fireEvent.click(screen.getByTestId("findings-save"));
    await waitFor(() => expect(calls(all, "PATCH", "/complaints/42/")).toHaveLength(1));
    expect(calls(all, "PATCH", "/complaints/42/")[0]!.body).toMatchObject({
      root_cause: "agent_conduct",
      attributed_agent: 31,
    });
  });

  it("proposes the resolution, and shows the server's refusal in the dialog", async () => {
    let refuse = true;
    const { all } = serveDetail(detail(), {
      "POST /complaints/42/propose/": () =>
        refuse
          ? {
              status: 400,
              body: {
                code: "root_cause_required",
                message: "Record the root cause before proposing a resolution.",
                fields: { root_cause: ["Record the root cause before proposing a resolution."] },
              },
            }
          : { body: detail({ stage: "proposed", resolution: "We refund the 49.80 yuan.", actions: [] }) },
    });
    show();
    fireEvent.click(await screen.findByTestId("complaint-action-propose"));
    fireEvent.click(await screen.findByTestId("step-submit"));
    expect(await screen.findByText("Write the resolution.")).toBeInTheDocument();
    expect(calls(all, "POST", "/complaints/42/propose/")).toHaveLength(0);

    fireEvent.change(screen.getByTestId("step-resolution"), { target: { value: "We refund the 49.80 yuan." } });
    fireEvent.click(screen.getByTestId("step-submit"));
    const error = await screen.findByTestId("step-error");
    expect(error).toHaveTextContent("Record the root cause before proposing a resolution.");
    expect(screen.getByTestId("complaint-stage")).toHaveTextContent("Investigating");

    refuse = false;
    fireEvent.click(screen.getByTestId("step-submit"));
    await waitFor(() => expect(screen.getByTestId("complaint-stage")).toHaveTextContent("Awaiting approval"));
    expect(calls(all, "POST", "/complaints/42/propose/").at(-1)!.body).toEqual({ resolution: "We refund the 49.80 yuan." });
    expect(screen.getByTestId("resolution-proposed")).toHaveTextContent("We refund the 49.80 yuan.");
    expect(screen.queryByTestId("complaint-actions")).not.toBeInTheDocument();
  });

  it("lets a manager approve a large amount only with the explicit confirmation", async () => {
    const waiting = detail({
      stage: "proposed",
      resolution: "We apologise and pay 300 yuan.",
      needs_amount_confirmation: true,
      remedies_total_fen: 30_000,
      remedies: [remedy({ kind: "compensation", order: null, amount_fen: 30_000, above_threshold: true })],
      actions: ["approve", "send_back"],
    });
    const { all } = serveDetail(waiting, {
      "POST /complaints/42/approve/": ({ body }) =>
        (body as { confirm_above_threshold?: boolean }).confirm_above_threshold
          ? {
              body: detail({
                ...waiting,
                stage: "approved",
                approved_resolution: waiting.resolution,
                approved_by: MANAGER_USER,
                approved_at: "2026-12-01T10:00:00Z",
                needs_amount_confirmation: false,
                actions: [],
              }),
            }
          : {
              status: 400,
              body: {
                code: "amount_confirmation_required",
                message: "Confirm the amounts above ¥200.00.",
                fields: { confirm_above_threshold: ["Confirm the amounts above ¥200.00."] },
              },
            },
    });
    show(MANAGER_ME);
    fireEvent.click(await screen.findByTestId("complaint-action-approve"));
    expect(await screen.findByTestId("step-proposed-text")).toHaveTextContent("We apologise and pay 300 yuan.");
    expect(screen.getByTestId("step-remedies")).toHaveTextContent("Compensation · ¥300.00 · Above the threshold");
    expect(screen.getByTestId("step-confirm-amount").closest("label")).toHaveTextContent(
      "I confirm the amounts above the threshold (¥300.00)",
    );

    fireEvent.click(screen.getByTestId("step-submit"));
    expect(await screen.findByTestId("step-error")).toHaveTextContent("Confirm the amounts above ¥200.00.");
    expect(calls(all, "POST", "/complaints/42/approve/")[0]!.body).toEqual({ confirm_above_threshold: false });

    fireEvent.click(screen.getByTestId("step-confirm-amount"));
    fireEvent.change(screen.getByTestId("step-note"), { target: { value: "Fair." } });
    fireEvent.click(screen.getByTestId("step-submit"));
    await waitFor(() => expect(screen.getByTestId("complaint-stage")).toHaveTextContent("Approved"));
    expect(calls(all, "POST", "/complaints/42/approve/").at(-1)!.body).toEqual({ note: "Fair.", confirm_above_threshold: true });
    expect(screen.getByTestId("resolution-approved")).toHaveTextContent("We apologise and pay 300 yuan.");
  });

  it("sends a resolution back only with a reason", async () => {
    const { all } = serveDetail(detail({ stage: "proposed", resolution: "Sorry.", actions: ["approve", "send_back"] }), {
      "POST /complaints/42/send-back/": () => ({ body: detail({ stage: "sent_back", actions: [] }) }),
    });
    show(MANAGER_ME);
    fireEvent.click(await screen.findByTestId("complaint-action-send_back"));
    fireEvent.click(await screen.findByTestId("step-submit"));
    expect(await screen.findByText("Say why.")).toBeInTheDocument();
    fireEvent.change(screen.getByTestId("step-reason"), { target: { value: "Refund the order too." } });
    fireEvent.click(screen.getByTestId("step-submit"));
    await waitFor(() => expect(calls(all, "POST", "/complaints/42/send-back/")).toHaveLength(1));
    expect(calls(all, "POST", "/complaints/42/send-back/")[0]!.body).toEqual({ reason: "Refund the order too." });
  });

  it("tells the customer exactly the approved text, then closes the complaint", async () => {
    const approved = detail({
      stage: "approved",
      resolution: "We refund the 49.80 yuan.",
      approved_resolution: "We refund the 49.80 yuan.",
      approved_by: MANAGER_USER,
      approved_at: "2026-12-01T10:00:00Z",
      remedies: [remedy({ state: "approved" })],
      actions: ["inform", "edit", "add_evidence"],
    });
    const { all } = serveDetail(approved, {
      "POST /complaints/42/inform/": () => ({
        body: detail({
          ...approved,
          stage: "informed",
          informed_at: "2026-12-01T10:05:00Z",
          remedies: [remedy({ state: "executed" })],
          actions: ["close", "appeal", "edit", "add_evidence"],
        }),
      }),
      "POST /complaints/42/close/": () => ({ body: detail({ ...approved, stage: "closed", outcome: "resolved", actions: ["appeal"] }) }),
    });
    show();
    expect(await screen.findByTestId("complaint-next")).toHaveTextContent("tell the customer");
    fireEvent.click(screen.getByTestId("complaint-action-inform"));
    expect(await screen.findByTestId("step-inform-text")).toHaveTextContent("We refund the 49.80 yuan.");
    expect(screen.getByTestId("step-remedies")).toHaveTextContent("Refund · R20261128ABCDEFGHJK · ¥49.80");
    expect(screen.queryByTestId("step-reason")).not.toBeInTheDocument();
    fireEvent.click(screen.getByTestId("step-submit"));
    await waitFor(() => expect(screen.getByTestId("complaint-stage")).toHaveTextContent("Customer informed"));
    expect(calls(all, "POST", "/complaints/42/inform/")[0]!.body).toEqual({});
    expect(screen.getByTestId("resolution-informed")).toHaveTextContent("2026-12-01 10:05");
    expect(screen.getByTestId("remedy-5")).toHaveAttribute("data-state", "executed");

    fireEvent.click(screen.getByTestId("complaint-action-close"));
    expect(await screen.findByTestId("step-dialog")).not.toHaveTextContent("Outcome");
    fireEvent.click(screen.getByTestId("step-submit"));
    await waitFor(() => expect(screen.getByTestId("complaint-stage")).toHaveTextContent("Closed"));
    expect(calls(all, "POST", "/complaints/42/close/")[0]!.body).toEqual({});
    expect(screen.getByTestId("complaint-outcome")).toHaveTextContent("Resolved");
    expect(buttons()).toEqual(["complaint-action-appeal"]);
  });

  it("closes an unresolved complaint only with an outcome and a reason", async () => {
    const { all } = serveDetail(detail(), {
      "POST /complaints/42/close/": () => ({ body: detail({ stage: "closed", outcome: "withdrawn", actions: [] }) }),
    });
    show();
    fireEvent.click(await screen.findByTestId("complaint-action-close"));
    fireEvent.click(await screen.findByTestId("step-submit"));
    expect(await screen.findByText("Choose the outcome.")).toBeInTheDocument();
    await chooseOption("step-outcome", "Withdrawn by the customer");
    fireEvent.change(screen.getByTestId("step-reason"), { target: { value: "The credit arrived." } });
    fireEvent.click(screen.getByTestId("step-submit"));
    await waitFor(() => expect(calls(all, "POST", "/complaints/42/close/")).toHaveLength(1));
    expect(calls(all, "POST", "/complaints/42/close/")[0]!.body).toEqual({ outcome: "withdrawn", reason: "The credit arrived." });
  });

  it("reopens a closed complaint as an appeal, straight to the manager when allowed", async () => {
    const { all } = serveDetail(detail({ stage: "closed", outcome: "resolved", actions: ["appeal"] }), {
      "POST /complaints/42/appeal/": () => ({ body: detail({ stage: "appeal_review", appeal_round: 1, actions: [] }) }),
    });
    show();
    fireEvent.click(await screen.findByTestId("complaint-action-appeal"));
    fireEvent.change(await screen.findByTestId("step-reason"), { target: { value: "Wants the fee back too." } });
    fireEvent.click(screen.getByTestId("step-to-manager"));
    fireEvent.click(screen.getByTestId("step-submit"));
    await waitFor(() => expect(screen.getByTestId("complaint-stage")).toHaveTextContent("Appeal with the manager"));
    expect(calls(all, "POST", "/complaints/42/appeal/")[0]!.body).toEqual({ reason: "Wants the fee back too.", to_manager: true });
  });

  it("starts the investigation in one click and shows a refusal under the header", async () => {
    const { all } = serveDetail(detail({ stage: "received", actions: ["investigate", "close", "edit", "add_remedy", "add_evidence"] }), {
      "POST /complaints/42/investigate/": () => ({
        status: 403,
        body: { code: "not_handler", message: "Only Qian Li, who handles this complaint, or a lead of its queue may do this.", fields: {} },
      }),
    });
    show();
    fireEvent.click(await screen.findByTestId("complaint-action-investigate"));
    expect(await screen.findByTestId("complaint-action-error")).toHaveTextContent("Only Qian Li, who handles this complaint");
    expect(calls(all, "POST", "/complaints/42/investigate/")[0]!.body).toEqual({});
  });

  it("adds a refund of the customer's order in yuan, and withdraws a remedy", async () => {
    const { all, set } = serveDetail(detail({ remedies: [remedy({ id: 4, kind: "apology", order: null, amount_fen: null })] }), {
      "POST /complaints/42/remedies/": () => ({ status: 201, body: remedy() }),
      "DELETE /complaints/42/remedies/4/": () => ({ body: remedy({ id: 4, state: "withdrawn" }) }),
    });
    show();
    await screen.findByTestId("remedy-form");
    await chooseOption("remedy-kind", "Refund");
    await screen.findByTestId("remedy-order");
    await chooseOption("remedy-order", "R20261128ABCDEFGHJK · China Mobile 50 · ¥49.80");
    expect(await screen.findByText("Empty: the price paid (¥49.80).")).toBeInTheDocument();
    fireEvent.change(screen.getByTestId("remedy-amount"), { target: { value: "40.5" } });
    set(detail({ remedies: [remedy({ id: 4, kind: "apology", order: null, amount_fen: null }), remedy({ amount_fen: 4_050 })] }));
    fireEvent.click(screen.getByTestId("remedy-add"));
    await waitFor(() => expect(calls(all, "POST", "/complaints/42/remedies/")).toHaveLength(1));
    expect(calls(all, "POST", "/complaints/42/remedies/")[0]!.body).toEqual({ kind: "refund", order: 31, amount_fen: 4_050 });
    expect(await screen.findByTestId("remedy-5")).toHaveAttribute("data-kind", "refund");
    expect(screen.getByTestId("remedies-total")).toHaveTextContent("Total ¥40.50");

    fireEvent.click(screen.getByTestId("remedy-withdraw-4"));
    fireEvent.click(await screen.findByTestId("remedy-withdraw-confirm-4"));
    await waitFor(() => expect(calls(all, "DELETE", "/complaints/42/remedies/4/")).toHaveLength(1));
  });

  it("adds an investigation note and attaches files", async () => {
    const { all } = serveDetail(detail(), {
      "POST /complaints/42/notes/": () => ({ status: 201, body: evidence({ id: 9, kind: "note" }) }),
      "POST /complaints/42/attachments/": () => ({ status: 201, body: [evidence({ id: 10, kind: "attachment" })] }),
    });
    show();
    fireEvent.change(await screen.findByTestId("evidence-note-body"), { target: { value: "Supplier alpha confirms." } });
    fireEvent.click(screen.getByTestId("evidence-note-add"));
    await waitFor(() => expect(calls(all, "POST", "/complaints/42/notes/")).toHaveLength(1));
    expect(calls(all, "POST", "/complaints/42/notes/")[0]!.body).toEqual({ body: "Supplier alpha confirms." });
    await waitFor(() => expect(screen.getByTestId("evidence-note-body")).toHaveValue(""));

    fireEvent.click(screen.getByRole("tab", { name: "Files" }));
    const input = document.querySelector<HTMLInputElement>("input[type=file]")!;
    await act(async () => {
      fireEvent.change(input, { target: { files: [new File(["%PDF-1.4"], "statement.pdf", { type: "application/pdf" })] } });
    });
    fireEvent.change(screen.getByTestId("evidence-files-note"), { target: { value: "Bank statement" } });
    fireEvent.click(await screen.findByTestId("evidence-files-add"));
    await waitFor(() => expect(calls(all, "POST", "/complaints/42/attachments/")).toHaveLength(1));
    const sent = vi.mocked(fetch).mock.calls.find(([url]) => String(url).includes("/attachments/"))!;
    const form = (sent[1] as RequestInit).body as FormData;
    expect((form.getAll("attachments")[0] as File).name).toBe("statement.pdf");
    expect(form.get("note")).toBe("Bank statement");
  });

  it("refetches when the socket says this complaint changed", async () => {
    const { all } = serveDetail(detail());
    show();
    await screen.findByTestId("complaint-reference");
    const before = calls(all, "GET", "/complaints/42/").length;
    act(() => live.emit({ type: "complaint.changed", payload: { id: 43 } }));
    act(() => live.emit({ type: "complaint.decided", payload: { complaint: 42, decision: "approved" } }));
    await waitFor(() => expect(calls(all, "GET", "/complaints/42/")).toHaveLength(before + 1));
  });

  it("says so when the complaint is not one the user may see", async () => {
    serve({ "GET /complaints/options/": ok(OPTIONS) });
    show();
    expect(await screen.findByTestId("complaint-not-found")).toHaveTextContent("Complaint not found");
  });
});
