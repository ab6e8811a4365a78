import { screen, waitFor } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";

import { Composer } from "./Composer";
import { draftKey } from "./drafts";
import { EMPTY_PAGE, message, mockApi, renderWith, ticket } from "./testing";

const REPLY_DRAFT = draftKey(7, "reply");
const NOTE_DRAFT = draftKey(7, "note");

beforeEach(() => window.localStorage.clear());
afterEach(() => vi.unstubAllGlobals());

function answers() {
  return mockApi({
    "GET /tickets/7/": [200, ticket()],
    "GET /items/7/events/": [200, EMPTY_PAGE],
    "POST /tickets/7/replies/": [201, { message: message(10, "public", "Done"), ticket: ticket() }],
    "POST /tickets/7/notes/": [201, { message: message(11, "internal", "Noted"), ticket: ticket() }],
  });
}

describe("Composer", () => {
  it("sends a reply with its body and clears the draft", async () => {
    const api = answers();
    const user = userEvent.setup();
    renderWith(<Composer ticket={ticket()} focusReply={false} />);

    await user.type(screen.getByTestId("composer-text"), "Your invoice is fixed.");
    await waitFor(() => expect(window.localStorage.getItem(REPLY_DRAFT)).toBe("Your invoice is fixed."));
    await user.click(screen.getByTestId("composer-send"));

    await waitFor(() => expect(api.called("POST", "/tickets/7/replies/")).toHaveLength(1));
    expect(api.called("POST", "/tickets/7/replies/")[0]!.json).toEqual({ body: "Your invoice is fixed." });
    await waitFor(() => expect(screen.getByTestId("composer-text")).toHaveValue(""));
    expect(window.localStorage.getItem(REPLY_DRAFT)).toBeNull();
    expect(await screen.findByText("Reply sent.")).toBeInTheDocument();
  });

  it("restores a draft after it was unmounted (e.g. a sign-in on the way)", async () => {
    answers();
    const user = userEvent.setup();
    const first = renderWith(<Composer ticket={ticket()} focusReply={false} />);
    await user.type(screen.getByTestId("composer-text"), "Half a thought");
    // Unmounting saves at once, without waiting for the debounce.
    first.unmount();
    expect(window.localStorage.getItem(REPLY_DRAFT)).toBe("Half a thought");

    renderWith(<Composer ticket={ticket()} focusReply={false} />);
    expect(screen.getByTestId("composer-text")).toHaveValue("Half a thought");
  });

  it("keeps reply and note drafts apart and posts notes to the notes endpoint", async () => {
    const api = answers();
    window.localStorage.setItem(REPLY_DRAFT, "reply text");
    const user = userEvent.setup();
    renderWith(<Composer ticket={ticket()} focusReply={false} />);
    expect(screen.getByTestId("composer-text")).toHaveValue("reply text");

    await user.click(screen.getByTestId("composer-tab-note"));
    expect(screen.getByTestId("composer-text")).toHaveValue("");
    await user.type(screen.getByTestId("composer-text"), "for colleagues");
    await user.click(screen.getByTestId("composer-send"));

    await waitFor(() => expect(api.called("POST", "/tickets/7/notes/")).toHaveLength(1));
    expect(api.called("POST", "/tickets/7/notes/")[0]!.json).toEqual({ body: "for colleagues" });
    expect(api.called("POST", "/tickets/7/replies/")).toHaveLength(0);
    await waitFor(() => expect(window.localStorage.getItem(NOTE_DRAFT)).toBeNull());
    expect(window.localStorage.getItem(REPLY_DRAFT)).toBe("reply text");
  });

  it("sends files as multipart and shows the server's refusal, keeping the draft", async () => {
    const api = mockApi({
      "POST /tickets/7/replies/": [
        413,
        { code: "attachment_too_large", message: "The file big.pdf is larger than 10 MB.", fields: {} },
      ],
    });
    const user = userEvent.setup();
    const { container } = renderWith(<Composer ticket={ticket()} focusReply={false} />);
    await user.type(screen.getByTestId("composer-text"), "See the file");
    const input = container.querySelector<HTMLInputElement>('input[type="file"]')!;
    await user.upload(input, new File(["%PDF-1.4"], "big.pdf", { type: "application/pdf" }));
    await user.click(screen.getByTestId("composer-send"));

    expect(await screen.findByTestId("composer-error")).toHaveTextContent(
      "The file big.pdf is larger than 10 MB.",
    );
    const form = api.called("POST", "/tickets/7/replies/")[0]!.form!;
    expect(form.get("body")).toBe("See the file");
    expect((form.getAll("attachments")[0] as File).name).toBe("big.pdf");
    expect(screen.getByTestId("composer-text")).toHaveValue("See the file");
  });

  it("fills a canned response rendered by the server for this ticket", async () => {
    const api = mockApi({
      "GET /canned-responses/": [
        200,
        { ...EMPTY_PAGE, count: 1, results: [{ id: 5, queue: null, title: "Greeting", body: "Hi {{customer.name}}", is_active: true, updated_at: "" }] },
      ],
      "POST /canned-responses/5/render/": [200, { id: 5, title: "Greeting", body: "Hi Wang Li" }],
    });
    const user = userEvent.setup();
    renderWith(<Composer ticket={ticket()} focusReply={false} />);

    await user.click(screen.getByRole("combobox", { name: "Canned response" }));
    await user.click(await screen.findByText("Greeting"));

    await waitFor(() => expect(screen.getByTestId("composer-text")).toHaveValue("Hi Wang Li"));
    expect(api.called("GET", "/canned-responses/")[0]!.search).toContain("queue=1");
    expect(api.called("POST", "/canned-responses/5/render/")[0]!.json).toEqual({ item: 7 });
  });
});
