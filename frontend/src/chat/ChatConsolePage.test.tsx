import { act, screen, waitFor, within } from "@testing-library/react";
import userEvent, { PointerEventsCheckLevel } from "@testing-library/user-event";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";

import type { ChatConversation } from "../api/types";
import { ChatConsolePage } from "./ChatConsolePage";
import {
  AGENT,
  chatMessage,
  conversation,
  fakeConnection,
  mockApi,
  page,
  renderConsole,
  SUPERVISOR,
  type FakeRoutes,
} from "./testing";

vi.mock("../shell/LiveContext", async () => {
  const { live } = await import("./testing");
  return { useLive: () => live };
});

beforeEach(() => {
  window.localStorage.clear();
  window.sessionStorage.clear();
});
afterEach(() => vi.unstubAllGlobals());

const PRESENCE = { status: "online", chat_capacity: 3, active_chats: 1 };

function serve({
  waiting = [] as ChatConversation[],
  active = [] as ChatConversation[],
  me = AGENT,
  extra = {} as FakeRoutes,
} = {}) {
  const state = { waiting, active };
  const api = mockApi({
    "GET /me/": [200, me],
    "GET /chat/presence/": [200, PRESENCE],
    "POST /chat/presence/": (call) => [200, { ...PRESENCE, ...(call.json as object) }],
    "GET /chat/conversations/": (call) => [
      200,
      page(new URLSearchParams(call.search).get("state") === "waiting" ? state.waiting : state.active),
    ],
    ...Object.fromEntries(
      [...waiting, ...active].map((c) => [`GET /chat/conversations/${c.id}/`, () => [200, [...state.waiting, ...state.active].find((x) => x.id === c.id) ?? c]]),
    ),
    ...Object.fromEntries(
      [...waiting, ...active].map((c) => [`GET /chat/conversations/${c.id}/messages/`, [200, { results: [], last_seq: 0 }]]),
    ),
    ...extra,
  });
  return { api, state };
}

const user = () => userEvent.setup({ pointerEventsCheck: PointerEventsCheckLevel.Never });

describe("ChatConsolePage", () => {
  it("shows presence and capacity, and sets the status", async () => {
    const { api } = serve();
    const { factory } = fakeConnection();
    renderConsole(<ChatConsolePage createConnection={factory} />);

    const capacity = await screen.findByTestId("chat-capacity");
    expect(capacity).toHaveTextContent("Chats 1 / 3");
    await waitFor(() => expect(screen.getByTestId("chat-connection")).toHaveAttribute("data-status", "ready"));
    await user().click(screen.getByTestId("chat-presence-away"));

    await waitFor(() => expect(api.called("POST", "/chat/presence/")).toHaveLength(1));
    expect(api.called("POST", "/chat/presence/")[0]!.json).toEqual({ status: "away" });
  });

  it("accept moves a waiting chat into a tab", async () => {
    const waiting = conversation(11, { state: "waiting", agent: null, visitor: { id: "v1", name: "Li Na" } });
    const { api, state } = serve({
      waiting: [waiting],
      extra: {
        "POST /chat/conversations/11/accept/": () => {
          state.waiting = [];
          state.active = [{ ...waiting, state: "active", agent: { id: 3, name: "Zhang Wei" } }];
          return [200, state.active[0]];
        },
      },
    });
    const { factory } = fakeConnection();
    renderConsole(<ChatConsolePage createConnection={factory} />);

    const row = await screen.findByTestId("chat-waiting-11");
    expect(row).toHaveTextContent("Li Na");
    expect(within(row).getByTestId("chat-wait-11")).toHaveTextContent(/waiting 1m/);
    expect(screen.queryByTestId("chat-tab-11")).not.toBeInTheDocument();

    await user().click(screen.getByTestId("chat-accept-11"));

    expect(await screen.findByTestId("chat-tab-11")).toHaveAttribute("aria-selected", "true");
    await waitFor(() => expect(screen.queryByTestId("chat-waiting-11")).not.toBeInTheDocument());
    expect(api.called("POST", "/chat/conversations/11/accept/")).toHaveLength(1);
    expect(await screen.findByTestId("chat-input-11")).toBeInTheDocument();
    await waitFor(() => expect(api.called("GET", "/chat/conversations/11/messages/")).toHaveLength(1));
    expect(api.called("GET", "/chat/conversations/11/messages/")[0]!.search).toBe("?after=0");
  });

  it("counts unread messages on a background tab and clears them when it is opened", async () => {
    serve({ active: [conversation(11), conversation(12, { visitor: { id: "v2", name: "Wang Fang" } })] });
    const { factory, socket } = fakeConnection();
    renderConsole(<ChatConsolePage createConnection={factory} />);

    const background = await screen.findByTestId("chat-tab-12");
    expect(screen.getByTestId("chat-tab-11")).toHaveAttribute("aria-selected", "true");
    await waitFor(() => expect(screen.getByTestId("chat-connection")).toHaveAttribute("data-status", "ready"));

    act(() => socket().frame({ type: "message.new", conversation: 12, message: chatMessage(1) }));
    expect(background).toHaveAttribute("data-unread", "1");
    act(() => socket().frame({ type: "message.new", conversation: 12, message: chatMessage(2) }));
    act(() => socket().frame({ type: "message.new", conversation: 11, message: chatMessage(1) }));
    expect(background).toHaveAttribute("data-unread", "2");
    expect(within(background).getByText("2")).toBeInTheDocument();
    await waitFor(() => expect(screen.getByTestId("chat-tab-11")).toHaveAttribute("data-unread", "0"));

    await user().click(background);

    await waitFor(() => expect(background).toHaveAttribute("data-unread", "0"));
    expect(socket().ofType("read")).toContainEqual({ type: "read", conversation: 12, seq: 2 });
    expect(screen.getByTestId("chat-message-12-2")).toBeVisible();
  });

  it("shows internal notes differently, and message text as text", async () => {
    serve({
      active: [conversation(11)],
      extra: {
        "GET /chat/conversations/11/messages/": [
          200,
          {
            results: [
              chatMessage(1, { body: "<b>Where is my order?</b>" }),
              chatMessage(2, { sender: "agent", author: { id: 3, name: "Zhang Wei" }, body: "Checking." }),
              chatMessage(3, { sender: "agent", internal: true, author: { id: 3, name: "Zhang Wei" }, body: "VIP customer" }),
              chatMessage(4, { sender: "system", body: "Zhang Wei joined the chat." }),
            ],
            last_seq: 4,
          },
        ],
      },
    });
    const { factory } = fakeConnection();
    const { container } = renderConsole(<ChatConsolePage createConnection={factory} />);

    const note = await screen.findByTestId("chat-message-11-3");
    expect(note).toHaveAttribute("data-internal", "true");
    expect(note).toHaveClass("chat-msg-internal");
    expect(within(note).getByText("Internal note")).toBeInTheDocument();
    const reply = screen.getByTestId("chat-message-11-2");
    expect(reply).toHaveAttribute("data-internal", "false");
    expect(reply).toHaveAttribute("data-sender", "agent");
    expect(within(reply).queryByText("Internal note")).not.toBeInTheDocument();
    expect(screen.getByTestId("chat-message-11-4")).toHaveAttribute("data-sender", "system");
    const visitor = screen.getByTestId("chat-message-11-1");
    expect(visitor).toHaveAttribute("data-sender", "visitor");
    expect(visitor).toHaveTextContent("<b>Where is my order?</b>");
    expect(container.querySelector(".chat-msg b")).toBeNull();
  });

  it("sends on Enter (Shift+Enter is a new line), as a note when toggled, and shows read receipts", async () => {
    serve({ active: [conversation(11)] });
    const { factory, socket } = fakeConnection();
    renderConsole(<ChatConsolePage createConnection={factory} />);
    const input = await screen.findByTestId("chat-input-11");
    await waitFor(() => expect(screen.getByTestId("chat-connection")).toHaveAttribute("data-status", "ready"));

    await user().type(input, "Hello{Shift>}{Enter}{/Shift}there{Enter}");
    const [sent] = socket().ofType("message.send");
    expect(sent).toMatchObject({ conversation: 11, body: "Hello\nthere", internal: false });
    expect(input).toHaveValue("");
    expect(screen.getByTestId("chat-pending-11")).toHaveTextContent("Sending…");

    act(() =>
      socket().frame({ type: "message.ack", client_id: sent!.client_id, conversation: 11, seq: 1, id: 5, duplicate: false }),
    );
    expect(screen.getByTestId("chat-message-11-1")).toHaveAttribute("data-sender", "agent");
    expect(screen.queryByTestId("chat-pending-11")).not.toBeInTheDocument();
    expect(screen.queryByTestId("chat-read-11")).not.toBeInTheDocument();
    act(() => socket().frame({ type: "read", conversation: 11, reader: "visitor", seq: 1 }));
    expect(screen.getByTestId("chat-read-11")).toHaveTextContent("Read");

    await user().click(screen.getByTestId("chat-note-toggle-11"));
    const typingBefore = socket().ofType("typing").filter((f) => f.is_typing).length;
    await user().type(input, "VIP{Enter}");
    expect(socket().ofType("message.send")[1]).toMatchObject({ body: "VIP", internal: true });
    // writing a note never tells the visitor "the agent is typing"
    expect(socket().ofType("typing").filter((f) => f.is_typing)).toHaveLength(typingBefore);

    act(() => socket().frame({ type: "typing", conversation: 11, sender: "visitor", name: "Visitor 11", is_typing: true }));
    expect(screen.getByTestId("chat-typing-11")).toHaveTextContent("Visitor 11 is typing…");
  });

  it("transfer requires a note", async () => {
    const { api } = serve({
      active: [conversation(11)],
      extra: {
        "GET /queues/": [
          200,
          page([
            {
              id: 1,
              name: "Support",
              slug: "support",
              is_active: true,
              memberships: [
                { id: 1, user: { id: 3, username: "agent1", name: "Zhang Wei" }, role: "agent" },
                { id: 2, user: { id: 4, username: "agent2", name: "Chen Jing" }, role: "agent" },
              ],
            },
            { id: 2, name: "Billing", slug: "billing", is_active: true, memberships: [] },
          ]),
        ],
        "POST /chat/conversations/11/transfer/": [200, {}],
      },
    });
    const { factory } = fakeConnection();
    renderConsole(<ChatConsolePage createConnection={factory} />);
    const u = user();

    await u.click(await screen.findByTestId("chat-transfer-11"));
    const dialog = await screen.findByRole("dialog");
    await u.click(within(dialog).getByRole("combobox", { name: "Transfer to" }));
    await u.click(await screen.findByTitle("Chen Jing"));

    const submit = screen.getByTestId("chat-transfer-submit");
    expect(submit).toBeDisabled();
    expect(within(dialog).getByText("A note is required: say what the visitor needs.")).toBeInTheDocument();
    await u.click(screen.getByTestId("chat-transfer-note"));
    await u.paste("Wants a refund for order 1234");
    expect(submit).toBeEnabled();
    await u.click(submit);

    await waitFor(() => expect(api.called("POST", "/chat/conversations/11/transfer/")).toHaveLength(1));
    expect(api.called("POST", "/chat/conversations/11/transfer/")[0]!.json).toEqual({
      to_user: 4,
      note: "Wants a refund for order 1234",
    });
    await waitFor(() => expect(screen.queryByTestId("chat-tab-11")).not.toBeInTheDocument());
  });

  it("converts to a ticket and links to it; opens the customer file only when asked", async () => {
    const { api } = serve({
      active: [conversation(11, { customer: { id: 4, name: "Wang Li" } })],
      extra: {
        "POST /chat/conversations/11/convert/": [200, { ticket: 77 }],
        "GET /customers/4/": [
          200,
          {
            id: 4,
            name: "Wang Li",
            company: "",
            website: "",
            credit_standing: "good",
            credit_standing_display: "Good",
            custodian: null,
            notes: "",
            contacts: [],
            created_at: "2026-01-01T00:00:00Z",
            updated_at: "2026-01-01T00:00:00Z",
          },
        ],
      },
    });
    const { factory } = fakeConnection();
    renderConsole(<ChatConsolePage createConnection={factory} />);
    const u = user();

    await u.click(await screen.findByTestId("chat-convert-11"));
    const link = await screen.findByTestId("chat-ticket-link-11");
    expect(link).toHaveAttribute("href", "/tickets/77");

    expect(api.called("GET", "/customers/4/")).toHaveLength(0);
    await u.click(screen.getByTestId("chat-customer-11"));
    expect(await screen.findByText("Good")).toBeInTheDocument();
    expect(api.called("GET", "/customers/4/")).toHaveLength(1);
  });

  it("lets a supervisor join a live chat and take one over", async () => {
    const theirs = conversation(21, { agent: { id: 4, name: "Chen Jing" }, visitor: { id: "v5", name: "Zhao Lei" } });
    const { api, state } = serve({
      me: SUPERVISOR,
      active: [theirs, conversation(22, { agent: { id: 4, name: "Chen Jing" } })],
      extra: {
        "POST /chat/conversations/21/join/": () => {
          state.active[0] = { ...theirs, watchers: [{ id: 2, username: "supervisor", name: "Liu Yang" }] };
          return [200, state.active[0]];
        },
        "POST /chat/conversations/22/takeover/": () => {
          state.active[1] = { ...state.active[1]!, agent: { id: 2, name: "Liu Yang" } };
          return [200, state.active[1]];
        },
      },
    });
    const { factory } = fakeConnection();
    renderConsole(<ChatConsolePage createConnection={factory} />);
    const u = user();

    await u.click(await screen.findByTestId("chat-side-live"));
    const list = await screen.findByTestId("chat-live-list");
    expect(within(list).getByTestId("chat-live-21")).toHaveTextContent("Chen Jing");
    await u.click(within(list).getByTestId("chat-join-21"));

    expect(await screen.findByTestId("chat-tab-21")).toBeInTheDocument();
    expect(await screen.findByText("Watching · held by Chen Jing")).toBeInTheDocument();

    await u.click(within(list).getByTestId("chat-takeover-22"));
    await u.click(await screen.findByTestId("chat-takeover-confirm"));
    expect(await screen.findByTestId("chat-tab-22")).toHaveAttribute("aria-selected", "true");
    expect(api.called("POST", "/chat/conversations/22/takeover/")).toHaveLength(1);
  });

  it("closes the tab when the chat moves to someone else", async () => {
    serve({ active: [conversation(11)] });
    const { factory, socket } = fakeConnection();
    renderConsole(<ChatConsolePage createConnection={factory} />);
    await screen.findByTestId("chat-tab-11");
    await waitFor(() => expect(screen.getByTestId("chat-connection")).toHaveAttribute("data-status", "ready"));

    act(() =>
      socket().frame({
        type: "conversation.updated",
        conversation: { id: 11, state: "active", queue: 1, agent: { id: 4, name: "Chen Jing" } },
      }),
    );

    await waitFor(() => expect(screen.queryByTestId("chat-tab-11")).not.toBeInTheDocument());
  });

  it("alerts on an offered chat with the title (unless muted) and marks it in the queue", async () => {
    vi.spyOn(document, "hasFocus").mockReturnValue(false);
    document.title = "Help desk";
    const offered = conversation(31, { state: "waiting", agent: null, visitor: { id: "v9", name: "Sun Mei" } });
    const { state } = serve();
    const { factory, socket } = fakeConnection();
    renderConsole(<ChatConsolePage createConnection={factory} />);
    await waitFor(() => expect(screen.getByTestId("chat-connection")).toHaveAttribute("data-status", "ready"));
    await screen.findByTestId("chat-waiting");

    state.waiting = [offered];
    act(() => socket().frame({ type: "conversation.offered", conversation: { id: 31 } }));

    expect(document.title).toBe("(1) New chat");
    const row = await screen.findByTestId("chat-waiting-31");
    expect(within(row).getByText("Offered to you")).toBeInTheDocument();
    act(() => window.dispatchEvent(new Event("focus")));
    expect(document.title).toBe("Help desk");

    await user().click(screen.getByTestId("chat-mute"));
    expect(screen.getByTestId("chat-mute")).toHaveAttribute("aria-pressed", "true");
    state.waiting = [offered, { ...offered, id: 32 }];
    act(() => socket().frame({ type: "conversation.offered", conversation: { id: 32 } }));
    await screen.findByTestId("chat-waiting-32");
    expect(document.title).toBe("Help desk");
    vi.restoreAllMocks();
  });

  it("keeps an ended chat open across a reload until its tab is closed, and drops one that moved on", async () => {
    window.sessionStorage.setItem("helpdesk.chat.opened", "[11,12]");
    serve({
      extra: {
        "GET /chat/conversations/11/": [200, conversation(11, { state: "ended" })],
        "GET /chat/conversations/11/messages/": [200, { results: [chatMessage(1)], last_seq: 1 }],
        "GET /chat/conversations/12/": [200, conversation(12, { agent: { id: 4, name: "Chen Jing" } })],
        "GET /chat/conversations/12/messages/": [200, { results: [], last_seq: 0 }],
      },
    });
    renderConsole(<ChatConsolePage createConnection={fakeConnection().factory} />);

    const tab = await screen.findByTestId("chat-tab-11");
    await waitFor(() => expect(tab).toHaveAttribute("data-state", "ended"));
    await waitFor(() => expect(screen.queryByTestId("chat-tab-12")).not.toBeInTheDocument());
    expect(screen.getByTestId("chat-panel-11")).toHaveTextContent("The chat has ended; no more messages.");
    await user().click(screen.getByTestId("chat-close-11"));
    expect(screen.queryByTestId("chat-tab-11")).not.toBeInTheDocument();
    expect(window.sessionStorage.getItem("helpdesk.chat.opened")).toBe("[]");
  });

  it("refuses users without chat permissions", async () => {
    serve({ me: { ...AGENT, permissions: ["inbox.read"] } });
    renderConsole(<ChatConsolePage createConnection={fakeConnection().factory} />);
    expect(await screen.findByText("Live chat is for agents and supervisors of chat queues.")).toBeInTheDocument();
  });
});
