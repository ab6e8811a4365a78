import { fireEvent, waitFor, within } from "@testing-library/dom";
import { afterEach, beforeEach, describe, expect, it } from "vitest";

import { message, mockChatApi, socketFactory, type FakeRoutes } from "./testing";
import { Widget } from "./widget";

const OPEN = { queue: "support", name: "Support", open: true, agents_online: 2, waiting: 1, expected_wait_seconds: 90 };
const CLOSED = { ...OPEN, open: false, agents_online: 0 };
const STORE_KEY = "helpdesk-widget:support";
// jsdom keeps stale computed styles for elements in a shadow root after an attribute change, so
// "hidden or not" is read from the `hidden` attribute rather than with toBeVisible().

let widget: Widget | null = null;

beforeEach(() => {
  window.localStorage.clear();
  window.sessionStorage.clear();
});

afterEach(() => {
  widget?.destroy();
  widget = null;
});

function mount(routes: FakeRoutes, language: "en" | "zh-CN" = "en") {
  const api = mockChatApi(routes);
  const factory = socketFactory();
  widget = new Widget({
    base: "http://help.test",
    queue: "support",
    language,
    connection: { connect: factory.connect, minDelayMs: 10, random: () => 1 },
  });
  const ui = within(widget.root as unknown as HTMLElement);
  return { ...api, ...factory, ui, widget };
}

function type(input: HTMLElement, value: string) {
  fireEvent.input(input, { target: { value } });
}

describe("visitor widget", () => {
  it("lives in an open shadow root and opens from its launcher", async () => {
    const { ui, widget } = mount({ "GET /widget/status/": [200, OPEN] });
    expect(widget.host.shadowRoot).toBe(widget.root);
    expect(document.querySelector('[data-testid="widget-launcher"]')).toBeNull(); // not in the page's DOM
    expect(ui.getByTestId("widget-panel")).toHaveAttribute("hidden");
    fireEvent.click(ui.getByTestId("widget-launcher"));
    expect(ui.getByTestId("widget-panel")).not.toHaveAttribute("hidden");
    expect(await ui.findByTestId("widget-prechat-form")).toBeInTheDocument();
    expect(ui.getByText("2 agent(s) online")).toBeInTheDocument();
  });

  it("offers the offline form when nobody is online, and gives the ticket reference", async () => {
    const { ui, calls } = mount({
      "GET /widget/status/": [200, CLOSED],
      "POST /visitor/offline-messages/": [201, { ticket: "T-000042" }],
    });
    fireEvent.click(ui.getByTestId("widget-launcher"));
    const form = await ui.findByTestId("widget-offline-form");
    expect(calls[0]!.search).toBe("?queue=support");
    expect(within(form).getByText(/No agent is available right now/)).toBeInTheDocument();

    fireEvent.click(ui.getByTestId("widget-offline-submit"));
    expect(within(form).getAllByText("Required")).toHaveLength(3); // name, contact, message
    expect(calls.filter((c) => c.method === "POST")).toEqual([]);

    type(ui.getByTestId("widget-name"), "Li Lei");
    type(ui.getByTestId("widget-contact"), "13800138000");
    type(ui.getByTestId("widget-topic"), "Top-up not received");
    type(ui.getByTestId("widget-message"), "I paid 50 yuan an hour ago.");
    fireEvent.click(ui.getByTestId("widget-offline-submit"));

    expect(await ui.findByTestId("widget-offline-done")).toHaveTextContent("We'll get back to you soon");
    expect(ui.getByTestId("widget-ticket-ref")).toHaveTextContent("T-000042");
    const post = calls.find((c) => c.method === "POST")!;
    expect(post.path).toBe("/visitor/offline-messages/");
    expect(post.json).toEqual({
      queue: "support",
      name: "Li Lei",
      contact: "13800138000",
      topic: "Top-up not received",
      message: "I paid 50 yuan an hour ago.",
    });
    expect(post.headers["Accept-Language"]).toBe("en");
  });

  it("checks the pre-chat form: a name and a phone or email are required", async () => {
    const { ui, calls } = mount({ "GET /widget/status/": [200, OPEN] }, "zh-CN");
    fireEvent.click(ui.getByTestId("widget-launcher"));
    await ui.findByTestId("widget-prechat-form");
    fireEvent.click(ui.getByTestId("widget-start"));
    expect(ui.getAllByText("必填")).toHaveLength(2);
    expect(ui.getByTestId("widget-name")).toHaveAttribute("aria-invalid", "true");

    type(ui.getByTestId("widget-name"), "李雷");
    type(ui.getByTestId("widget-contact"), "not a phone");
    fireEvent.click(ui.getByTestId("widget-start"));
    expect(ui.getByText("请填写正确的手机号或邮箱")).toBeInTheDocument();
    expect(ui.queryByText("必填")).toBeNull();
    expect(calls.filter((c) => c.method === "POST")).toEqual([]);
  });

  it("shows the server's field errors", async () => {
    const { ui } = mount({
      "GET /widget/status/": [200, OPEN],
      "POST /visitor/conversations/": [400, { code: "invalid", message: "Check the fields.", fields: { topic: ["Required."] } }],
    });
    fireEvent.click(ui.getByTestId("widget-launcher"));
    await ui.findByTestId("widget-prechat-form");
    type(ui.getByTestId("widget-name"), "Li");
    type(ui.getByTestId("widget-contact"), "li@example.com");
    fireEvent.click(ui.getByTestId("widget-start"));
    expect(await ui.findByText("Required.")).toBeInTheDocument();
    expect(ui.getByTestId("widget-error")).toHaveTextContent("Check the fields.");
  });

  it("falls back to the offline form when the queue closed meanwhile", async () => {
    const { ui } = mount({
      "GET /widget/status/": [200, OPEN],
      "POST /visitor/conversations/": [409, { code: "chat_closed", message: "Nobody is online.", fields: {} }],
    });
    fireEvent.click(ui.getByTestId("widget-launcher"));
    await ui.findByTestId("widget-prechat-form");
    type(ui.getByTestId("widget-name"), "Li");
    type(ui.getByTestId("widget-contact"), "li@example.com");
    fireEvent.click(ui.getByTestId("widget-start"));
    await ui.findByTestId("widget-offline-form");
    expect(ui.getByTestId("widget-name")).toHaveValue("Li");
    expect(ui.getByText(/Everyone just went offline/)).toBeInTheDocument();
  });

  it("starts a chat: token stored, socket opened, queue position, then the agent", async () => {
    const { ui, calls, last } = mount({
      "GET /widget/status/": [200, OPEN],
      "POST /visitor/conversations/": [201, { conversation: 9, token: "tok-9", visitor: { id: 3, name: "Li" }, state: "waiting" }],
      "GET /visitor/conversations/9/": [200, { id: 9, state: "waiting", queue_position: 2, agent: null, rating: null }],
      "GET /visitor/conversations/9/messages/": [200, { results: [], last_seq: 0 }],
    });
    fireEvent.click(ui.getByTestId("widget-launcher"));
    await ui.findByTestId("widget-prechat-form");
    type(ui.getByTestId("widget-name"), "Li");
    type(ui.getByTestId("widget-contact"), "li@example.com");
    type(ui.getByTestId("widget-topic"), "Refund");
    fireEvent.click(ui.getByTestId("widget-start"));

    await waitFor(() => expect(ui.getByTestId("widget-queue-position")).toHaveTextContent("You are number 2 in the queue"));
    expect(ui.getByTestId("widget-queue-position")).toHaveTextContent("expected wait about 2 min");
    expect(JSON.parse(window.localStorage.getItem(STORE_KEY)!)).toMatchObject({ conversation: 9, token: "tok-9" });
    expect(calls.find((c) => c.path === "/visitor/conversations/9/messages/")!.headers["X-Visitor-Token"]).toBe("tok-9");
    expect(calls.find((c) => c.path === "/visitor/conversations/9/messages/")!.search).toBe("?after=0");
    const socket = last();
    expect(socket.url).toBe("ws://help.test/ws/chat/visitor/?token=tok-9");
    socket.open();
    expect(socket.sent[0]).toEqual({ type: "hello", last_seq: 0 });
    socket.receive({ type: "ready", last_seq: 0 });
    expect(ui.getByTestId("widget-status")).toHaveAttribute("data-state", "open");
    type(ui.getByTestId("widget-input"), "draft");

    socket.receive({
      type: "conversation.updated",
      conversation: { id: 9, state: "active", queue: 1, agent: { id: 7, name: "Alice" }, queue_position: null, ended_at: null },
    });
    expect(ui.getByTestId("widget-agent-name")).toHaveTextContent("Alice");
    expect(ui.getByTestId("widget-input")).toHaveValue("draft"); // the composer was not rebuilt
    expect(ui.getByTestId("widget-queue-position")).toHaveAttribute("hidden");

    // Typing both ways.
    type(ui.getByTestId("widget-input"), "hel");
    expect(socket.framesOf("typing")).toEqual([{ type: "typing", is_typing: true }]);
    socket.receive({ type: "typing", conversation: 9, sender: "agent", name: "Alice", is_typing: true });
    expect(ui.getByTestId("widget-typing")).toHaveTextContent("Alice is typing…");

    // Send: pending until acknowledged, then ordered by seq; text is text.
    type(ui.getByTestId("widget-input"), "<img src=x onerror=alert(1)>");
    fireEvent.click(ui.getByTestId("widget-send"));
    const frame = socket.framesOf("message.send")[0]!;
    expect(frame.body).toBe("<img src=x onerror=alert(1)>");
    expect(ui.getByTestId("widget-pending")).toHaveTextContent("Sending…");
    socket.receive({ type: "message.ack", client_id: frame.client_id, conversation: 9, seq: 1, id: 50, duplicate: false });
    expect(ui.queryByTestId("widget-pending")).toBeNull();
    const mine = ui.getByTestId("widget-message-1");
    expect(mine).toHaveAttribute("data-sender", "visitor");
    expect(mine).toHaveTextContent("<img src=x onerror=alert(1)>");
    expect(mine.querySelector("img")).toBeNull();

    socket.receive({ type: "message.new", conversation: 9, message: message(2, { body: "Let me check." }) });
    expect(ui.getByTestId("widget-message-2")).toHaveAttribute("data-sender", "agent");
    expect(ui.getByTestId("widget-typing")).toHaveAttribute("hidden");
    expect(socket.framesOf("read").at(-1)).toEqual({ type: "read", seq: 2 });

    // The agent read the visitor's last message.
    expect(ui.queryByTestId("widget-read")).toBeNull();
    socket.receive({ type: "read", conversation: 9, reader: "agent", seq: 1 });
    expect(within(ui.getByTestId("widget-message-1")).getByTestId("widget-read")).toHaveTextContent("Read");
  });

  it("restores the conversation and its history after a reload", async () => {
    window.localStorage.setItem(STORE_KEY, JSON.stringify({ conversation: 4, token: "tok-4" }));
    const { ui, calls, last } = mount({
      "GET /visitor/conversations/4/": [
        200,
        { id: 4, state: "active", queue_position: null, agent: { name: "Bob" }, rating: null, agent_last_read_seq: 1 },
      ],
      "GET /visitor/conversations/4/messages/": [
        200,
        {
          results: [
            message(1, { sender: "visitor", author: null, body: "hello" }),
            message(2, { sender: "system", author: null, body: "Bob joined" }),
            message(3, { author: { name: "Bob" }, body: "Hi, how can I help?" }),
          ],
          last_seq: 3,
        },
      ],
    });
    fireEvent.click(ui.getByTestId("widget-launcher"));
    await waitFor(() => expect(ui.getByTestId("widget-message-3")).toHaveTextContent("Hi, how can I help?"));
    expect(calls.some((c) => c.path === "/widget/status/")).toBe(false);
    expect(ui.getByTestId("widget-agent-name")).toHaveTextContent("Bob");
    const seqs = [...ui.getByTestId("widget-messages").querySelectorAll("[data-seq]")].map((n) => n.getAttribute("data-seq"));
    expect(seqs).toEqual(["1", "2", "3"]);
    expect(within(ui.getByTestId("widget-message-1")).getByTestId("widget-read")).toBeInTheDocument();
    last().open();
    expect(last().sent[0]).toEqual({ type: "hello", last_seq: 3 });
    // A resync reloads over HTTP.
    last().receive({ type: "resync", conversation: 4, reason: "too old" });
    await waitFor(() => expect(calls.filter((c) => c.path === "/visitor/conversations/4/messages/").map((c) => c.search)).toEqual(["?after=0", "?after=3"]));
  });

  it("forgets a token the server no longer accepts", async () => {
    window.localStorage.setItem(STORE_KEY, JSON.stringify({ conversation: 4, token: "old" }));
    const { ui } = mount({
      "GET /visitor/conversations/4/": [404, { code: "not_found", message: "Not found.", fields: {} }],
      "GET /widget/status/": [200, OPEN],
    });
    fireEvent.click(ui.getByTestId("widget-launcher"));
    await ui.findByTestId("widget-prechat-form");
    expect(ui.getByText("Your previous chat is no longer available.")).toBeInTheDocument();
    expect(window.localStorage.getItem(STORE_KEY)).toBeNull();
  });

  it("ends the chat, asks for a rating, then offers a new chat", async () => {
    window.localStorage.setItem(STORE_KEY, JSON.stringify({ conversation: 4, token: "tok-4" }));
    const { ui, calls } = mount({
      "GET /visitor/conversations/4/": [200, { id: 4, state: "active", queue_position: null, agent: { name: "Bob" }, rating: null }],
      "GET /visitor/conversations/4/messages/": [200, { results: [message(1)], last_seq: 1 }],
      "POST /visitor/conversations/4/end/": [200, { id: 4, state: "ended" }],
      "POST /visitor/conversations/4/rating/": [201, { score: 4, comment: "Quick" }],
      "GET /widget/status/": [200, OPEN],
    });
    fireEvent.click(ui.getByTestId("widget-launcher"));
    fireEvent.click(await ui.findByTestId("widget-end"));
    const rating = await ui.findByTestId("widget-rating");
    expect(ui.queryByTestId("widget-input")).toBeNull();
    expect(ui.getByTestId("widget-message-1")).toBeInTheDocument(); // the transcript stays

    fireEvent.click(within(rating).getByTestId("widget-rating-submit"));
    expect(within(rating).getByText("Choose from 1 to 5 stars")).toBeInTheDocument();
    fireEvent.click(ui.getByTestId("widget-rating-star-4"));
    expect(ui.getByTestId("widget-rating-star-4")).toHaveAttribute("aria-pressed", "true");
    type(ui.getByTestId("widget-rating-comment"), "Quick");
    fireEvent.click(ui.getByTestId("widget-rating-submit"));
    await ui.findByTestId("widget-rating-done");
    expect(calls.find((c) => c.path === "/visitor/conversations/4/rating/")!.json).toEqual({ score: 4, comment: "Quick" });

    fireEvent.click(ui.getByTestId("widget-new-chat"));
    await ui.findByTestId("widget-prechat-form");
    expect(window.localStorage.getItem(STORE_KEY)).toBeNull();
  });

  it("shows the rating form when the agent ends the chat", async () => {
    window.localStorage.setItem(STORE_KEY, JSON.stringify({ conversation: 4, token: "tok-4" }));
    const { ui, last, sockets } = mount({
      "GET /visitor/conversations/4/": [200, { id: 4, state: "active", queue_position: null, agent: { name: "Bob" }, rating: null }],
      "GET /visitor/conversations/4/messages/": [200, { results: [], last_seq: 0 }],
    });
    fireEvent.click(ui.getByTestId("widget-launcher"));
    await waitFor(() => expect(sockets).toHaveLength(1));
    last().open();
    last().receive({ type: "conversation.updated", conversation: { id: 4, state: "ended", agent: { name: "Bob" }, queue_position: null } });
    expect(ui.getByTestId("widget-rating")).toBeInTheDocument();
    expect(ui.getByText("This chat has ended.")).toBeInTheDocument();
    expect(last().closedWith).toBe(1000);
  });

  it("uploads an attachment and shows the server's limit error", async () => {
    window.localStorage.setItem(STORE_KEY, JSON.stringify({ conversation: 4, token: "tok-4" }));
    let answer: [number, unknown] = [413, { code: "attachment_too_large", message: "The file is larger than 10 MiB.", fields: {} }];
    const { ui, calls } = mount({
      "GET /visitor/conversations/4/": [200, { id: 4, state: "active", queue_position: null, agent: { name: "Bob" }, rating: null }],
      "GET /visitor/conversations/4/messages/": [200, { results: [], last_seq: 0 }],
      "POST /visitor/conversations/4/attachments/": () => answer,
    });
    fireEvent.click(ui.getByTestId("widget-launcher"));
    const input = (await ui.findByTestId("widget-file")) as HTMLInputElement;
    const file = new File(["x"], "receipt.png", { type: "image/png" });
    fireEvent.change(input, { target: { files: [file] } });
    expect(await ui.findByText("The file is larger than 10 MiB.")).toBeInTheDocument();
    const form = calls.find((c) => c.method === "POST")!.form!;
    expect(form.get("file")).toBeInstanceOf(File);
    expect(String(form.get("client_id"))).toMatch(/^[0-9a-f-]{36}$/);

    answer = [201, message(1, { sender: "visitor", author: null, body: "", attachment: { name: "receipt.pdf", url: "/api/v1/chat/attachments/3/", content_type: "application/pdf", size: 2048 } })];
    fireEvent.change(input, { target: { files: [file] } });
    await waitFor(() => expect(ui.getByTestId("widget-message-1")).toHaveTextContent("receipt.pdf · 2 KB"));
    expect(ui.getByTestId("widget-error")).toHaveAttribute("hidden");
  });

  it("counts new messages on the launcher while the panel is closed", async () => {
    window.localStorage.setItem(STORE_KEY, JSON.stringify({ conversation: 4, token: "tok-4" }));
    const { ui, last, sockets } = mount({
      "GET /visitor/conversations/4/": [200, { id: 4, state: "active", queue_position: null, agent: { name: "Bob" }, rating: null }],
      "GET /visitor/conversations/4/messages/": [200, { results: [message(1)], last_seq: 1 }],
    });
    await waitFor(() => expect(sockets).toHaveLength(1));
    last().open();
    last().receive({ type: "ready", last_seq: 1 });
    last().receive({ type: "message.new", message: message(2) });
    expect(ui.getByTestId("widget-unread")).toHaveTextContent("1");
    expect(last().framesOf("read")).toEqual([]); // not shown yet
    fireEvent.click(ui.getByTestId("widget-launcher"));
    expect(ui.getByTestId("widget-unread")).toHaveAttribute("hidden");
    expect(last().framesOf("read")).toEqual([{ type: "read", seq: 2 }]);
  });
});
