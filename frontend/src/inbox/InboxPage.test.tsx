import { act, screen, waitFor, within } from "@testing-library/react";
import userEventLib, { PointerEventsCheckLevel } from "@testing-library/user-event";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";

import { setTimeZone } from "../common/time";
import {
  AGENT,
  fakeApi,
  FakeWebSocket,
  ME,
  page,
  QUEUE,
  renderInbox,
  workItem,
  type Handler,
} from "./testing";

// Ant Design's CSS-in-JS makes jsdom's pointer-events checks slow; the page has no such tricks.
const userEvent = userEventLib.setup({ pointerEventsCheck: PointerEventsCheckLevel.Never });

const minutes = (n: number) => new Date(Date.now() + n * 60_000).toISOString();

function routes(inbox: unknown | Handler, extra: Record<string, unknown> = {}, me = ME) {
  return {
    "GET /me/": me,
    "GET /queues/": page([QUEUE]),
    "GET /inbox/": inbox,
    ...extra,
  };
}

beforeEach(() => setTimeZone("UTC"));
afterEach(() => {
  vi.unstubAllGlobals();
  setTimeZone(undefined);
});

describe("InboxPage", { timeout: 15_000 }, () => {
  it("lists the items with SLA countdowns, and links only what has a page", async () => {
    fakeApi(
      routes(
        page([
          workItem(1, { due_at: minutes(125.5), sla_warn_at: minutes(100), subject: "Printer on fire" }),
          workItem(2, { due_at: minutes(-12.5), status: "new", status_display: "New" }),
          workItem(4, { due_at: minutes(42.5), sla_warn_at: minutes(-5) }),
          workItem(3, { kind: "chat", kind_display: "Chat", reference: "C-000003" }),
        ]),
      ),
    );
    renderInbox();

    expect(await screen.findByRole("heading", { level: 1, name: "Inbox" })).toBeInTheDocument();
    const row1 = await screen.findByTestId("inbox-row-1");
    expect(within(row1).getByText("Printer on fire")).toBeInTheDocument();
    expect(within(row1).getByText("Wang Fang")).toBeInTheDocument();
    expect(within(row1).getByText("2026-03-01 08:30")).toBeInTheDocument();
    expect(screen.getByTestId("sla-badge-1")).toHaveTextContent("2 h 5 min left");
    expect(screen.getByTestId("sla-badge-1")).toHaveAttribute("data-sla", "normal");
    expect(screen.getByTestId("sla-badge-2")).toHaveTextContent("overdue 12 min");
    expect(screen.getByTestId("sla-badge-2")).toHaveAttribute("data-sla", "breached");
    expect(screen.getByTestId("sla-badge-4")).toHaveTextContent("42 min left");
    expect(screen.getByTestId("sla-badge-4")).toHaveAttribute("data-sla", "warning");
    expect(screen.getByTestId("inbox-row-2")).toHaveAttribute("data-status", "new");
    expect(within(row1).getByRole("link", { name: "Open T-000001" })).toHaveAttribute(
      "href",
      "/tickets/1",
    );
    expect(within(screen.getByTestId("inbox-row-3")).queryByRole("link")).toBeNull();
    expect(screen.queryByTestId("sla-badge-3")).toBeNull();
    expect(screen.getByTestId("inbox-take-1")).toBeInTheDocument();
    expect(screen.getByText("4 items")).toBeInTheDocument();
  });

  it("opens a ticket when its row is clicked", async () => {
    fakeApi(routes(page([workItem(4)])));
    renderInbox();

    await userEvent.click(await screen.findByText("Subject 4"));

    expect(await screen.findByText("ticket page 4")).toBeInTheDocument();
  });

  it("shows an empty state and an error state", async () => {
    fakeApi(routes(page([])));
    const { unmount } = renderInbox();
    expect(await screen.findByText("No work items match these filters.")).toBeInTheDocument();
    unmount();

    fakeApi(routes(() => [500, { code: "boom", message: "Database is asleep", fields: {} }]));
    renderInbox();
    expect(await screen.findByTestId("inbox-error")).toHaveTextContent("Database is asleep");
  });

  it("asks for unresolved items by default and puts filters in the URL", async () => {
    const api = fakeApi(routes(page([workItem(1)])));
    renderInbox();
    await screen.findByTestId("inbox-row-1");

    const first = api.inboxCalls()[0]!;
    expect(first.searchParams.get("status")).toBe("new,open,pending,on_hold");
    expect(first.searchParams.get("page_size")).toBe("50");
    expect(first.searchParams.get("mine")).toBeNull();

    await userEvent.click(screen.getByLabelText("Mine"));
    await waitFor(() => expect(api.inboxCalls().at(-1)!.searchParams.get("mine")).toBe("true"));
    expect(screen.getByTestId("location")).toHaveTextContent("/inbox?mine=1");

    await userEvent.type(screen.getByLabelText("Search subject or number"), "refund{Enter}");
    await waitFor(() => expect(api.inboxCalls().at(-1)!.searchParams.get("q")).toBe("refund"));
    expect(screen.getByTestId("location")).toHaveTextContent("/inbox?mine=1&q=refund");

    await userEvent.click(screen.getByLabelText("Queue"));
    await userEvent.click(await screen.findByTitle("Support"));
    await waitFor(() => expect(api.inboxCalls().at(-1)!.searchParams.get("queue")).toBe("1"));

    await userEvent.click(screen.getByLabelText("Status"));
    await userEvent.click(await screen.findByTitle("Closed"));
    await waitFor(() =>
      expect(api.inboxCalls().at(-1)!.searchParams.get("status")).toBe(
        "new,open,pending,on_hold,closed",
      ),
    );
    expect(screen.getByTestId("location")).toHaveTextContent(
      "/inbox?queue=1&status=new%2Copen%2Cpending%2Con_hold%2Cclosed&mine=1&q=refund",
    );

    await userEvent.click(screen.getByText("Reset filters"));
    await waitFor(() => expect(screen.getByTestId("location")).toHaveTextContent(/^\/inbox$/));
    expect(api.inboxCalls().at(-1)!.search).toBe(
      "?status=new%2Copen%2Cpending%2Con_hold&page=1&page_size=50",
    );
    expect(screen.getByLabelText("Search subject or number")).toHaveValue("");
    expect(screen.getByLabelText("Mine")).not.toBeChecked();
  });

  it("reads its filters from the URL", async () => {
    const api = fakeApi(routes(page([workItem(1)], 120)));
    renderInbox("/inbox?status=closed&queue=1&unassigned=1&page=3");
    await screen.findByTestId("inbox-row-1");

    const call = api.inboxCalls()[0]!;
    expect(call.searchParams.get("status")).toBe("closed");
    expect(call.searchParams.get("queue")).toBe("1");
    expect(call.searchParams.get("unassigned")).toBe("true");
    expect(call.searchParams.get("page")).toBe("3");
    expect(screen.getByLabelText("Unassigned")).toBeChecked();
    expect(screen.getByTitle("3")).toHaveClass("ant-pagination-item-active");
  });

  it("refetches when a live event arrives and highlights the new row", async () => {
    let items = [workItem(1)];
    const api = fakeApi(routes(() => page(items)));
    renderInbox();
    await screen.findByTestId("inbox-row-1");
    act(() => FakeWebSocket.last.open());
    await waitFor(() => expect(api.inboxCalls()).toHaveLength(2)); // refetch on (re)connect

    items = [workItem(5, { subject: "Brand new" }), workItem(1)];
    act(() => {
      FakeWebSocket.last.receive({ type: "workitem.created", payload: items[0] });
      FakeWebSocket.last.receive({ type: "workitem.changed", payload: items[1] });
    });

    const row = await screen.findByTestId("inbox-row-5");
    expect(row).toHaveTextContent("Brand new");
    expect(row).toHaveClass("inbox-row-flash");
    expect(api.inboxCalls()).toHaveLength(3); // a burst is one refetch
  });

  it("refetches after the socket reconnects", async () => {
    const api = fakeApi(routes(page([workItem(1)])));
    renderInbox();
    await screen.findByTestId("inbox-row-1");
    act(() => FakeWebSocket.last.open());
    await waitFor(() => expect(api.inboxCalls()).toHaveLength(2));

    act(() => FakeWebSocket.last.drop());
    await waitFor(() => expect(FakeWebSocket.instances).toHaveLength(2), { timeout: 3000 });
    act(() => FakeWebSocket.last.open());

    await waitFor(() => expect(api.inboxCalls()).toHaveLength(3));
  });

  it("moves, opens and takes with the keyboard", async () => {
    const api = fakeApi(
      routes(page([workItem(1), workItem(2)]), {
        "POST /items/2/take/": workItem(2, { assignee: { id: 8, username: "agent1", name: "A" } }),
      }, AGENT),
    );
    renderInbox();
    const row1 = await screen.findByTestId("inbox-row-1");
    const row2 = screen.getByTestId("inbox-row-2");

    await userEvent.keyboard("j");
    expect(row1).toHaveAttribute("aria-selected", "true");
    expect(row1).toHaveFocus();
    await userEvent.keyboard("j");
    expect(row2).toHaveAttribute("aria-selected", "true");
    expect(row1).toHaveAttribute("aria-selected", "false");
    await userEvent.keyboard("{ArrowDown}"); // stays on the last row
    expect(row2).toHaveFocus();

    await userEvent.keyboard("a");
    await waitFor(() =>
      expect(api.fetchMock).toHaveBeenCalledWith(
        "/api/v1/items/2/take/",
        expect.objectContaining({ method: "POST" }),
      ),
    );
    expect(await screen.findByText("T-000002 is now yours.")).toBeInTheDocument();

    // Typing in a field is not a shortcut.
    await userEvent.type(screen.getByLabelText("Search subject or number"), "k");
    expect(row2).toHaveAttribute("aria-selected", "true");

    act(() => row2.focus());
    await userEvent.keyboard("k");
    expect(row1).toHaveAttribute("aria-selected", "true");
    await userEvent.keyboard("{Enter}");
    expect(await screen.findByText("ticket page 1")).toBeInTheDocument();
  });

  it("opens the reply with r and lists the shortcuts with ?", async () => {
    fakeApi(routes(page([workItem(1)])));
    renderInbox();
    await screen.findByTestId("inbox-row-1");

    await userEvent.keyboard("?");
    const help = await screen.findByTestId("inbox-shortcuts-help");
    expect(help).toHaveTextContent("Next item");
    expect(help).toHaveTextContent("Take the item (assign to me)");
    await userEvent.keyboard("j"); // ignored while the dialog is open
    expect(screen.getByTestId("inbox-row-1")).toHaveAttribute("aria-selected", "false");
    await userEvent.click(screen.getByRole("button", { name: "Close" }));

    await userEvent.keyboard("jr");
    expect(await screen.findByText("ticket page 1?reply=1")).toBeInTheDocument();
  });

  it("bulk assigns and reports each refusal with the server's message", async () => {
    const assigned: number[] = [];
    const api = fakeApi(
      routes(page([workItem(1), workItem(2), workItem(3)]), {
        "POST /items/1/assign/": (_url: URL, init: RequestInit) => {
          assigned.push(JSON.parse(String(init.body)).assignee);
          return workItem(1);
        },
        "POST /items/2/assign/": () => [
          409,
          { code: "over_capacity", message: "Agent Two has no room for more work.", fields: {} },
        ],
      }),
    );
    renderInbox();
    await screen.findByTestId("inbox-row-1");
    expect(screen.getByTestId("inbox-bulk-assign")).toBeDisabled();

    await userEvent.click(screen.getByLabelText("Select T-000001"));
    await userEvent.click(screen.getByLabelText("Select T-000002"));
    await userEvent.click(screen.getByTestId("inbox-bulk-assign"));
    const dialog = await screen.findByRole("dialog");
    expect(dialog).toHaveTextContent("Assign 2 items");

    await userEvent.click(within(dialog).getByLabelText("Assignee"));
    await userEvent.click(await screen.findByTitle("Agent Two (agent2)"));
    const before = api.inboxCalls().length;
    await userEvent.click(within(dialog).getByTestId("inbox-bulk-submit"));

    const result = await screen.findByTestId("inbox-bulk-result");
    expect(result).toHaveTextContent("1 items could not be assigned:");
    expect(result).toHaveTextContent("T-000002: Agent Two has no room for more work.");
    expect(assigned).toEqual([9]);
    await waitFor(() => expect(api.inboxCalls().length).toBeGreaterThan(before));
    expect(screen.getByTestId("inbox-bulk-assign")).toHaveTextContent("Assign selected (1)");
  });

  it("offers no selection or bulk assign to agents", async () => {
    fakeApi(routes(page([workItem(1)]), {}, AGENT));
    renderInbox();
    await screen.findByTestId("inbox-row-1");
    expect(screen.queryByTestId("inbox-bulk-assign")).toBeNull();
    expect(screen.queryByLabelText("Select T-000001")).toBeNull();
  });
});
