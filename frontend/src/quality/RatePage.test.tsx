import { act, fireEvent, screen, waitFor } from "@testing-library/react";
import { Route, Routes } from "react-router-dom";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";

import { setTimeZone } from "../common/time";
import i18n from "../i18n";
import { mockApi, renderWith, type FakeRoutes } from "../tickets/testing";
import type { RateTarget } from "./api";
import { RatePage } from "./RatePage";

const TOKEN = "eyJpIjo1fQ:1xXHiC:0SHNLHFqBuRN77FXtf248fP5hcD7E4ipz001zEuY--o";
const PATH = `/quality/rate/${encodeURIComponent(TOKEN)}/`;

const TARGET: RateTarget = {
  reference: "T-000007",
  kind: "ticket",
  subject: "Wrong invoice title",
  queue: "Support",
  agent: "Zhang Wei",
  resolved_at: "2026-11-28T09:30:00Z",
};

const error = (status: number, code: string, message: string) =>
  [status, { code, message, fields: {} }] as [number, unknown];

function renderRate(routes: FakeRoutes) {
  const api = mockApi(routes);
  renderWith(
    <Routes>
      <Route path="/rate/:token" element={<RatePage />} />
    </Routes>,
    { path: `/rate/${TOKEN}` },
  );
  return api;
}

beforeEach(() => setTimeZone("UTC"));
afterEach(() => {
  vi.unstubAllGlobals();
  setTimeZone(undefined);
});

describe("RatePage", () => {
  it("shows what is rated and submits a score with a comment", async () => {
    const api = renderRate({
      [`GET ${PATH}`]: [200, TARGET],
      [`POST ${PATH}`]: (call) => [
        201,
        { item: 7, score: (call.json as { score: number }).score, comment: "", source: "link", created_at: "2026-11-28T10:00:00Z" },
      ],
    });

    const facts = await screen.findByTestId("rate-target");
    expect(facts).toHaveTextContent("Wrong invoice title");
    expect(facts).toHaveTextContent("T-000007");
    expect(facts).toHaveTextContent("Zhang Wei");
    expect(facts).toHaveTextContent("2026-11-28 09:30");

    // No score: the form says so and sends nothing.
    fireEvent.click(screen.getByRole("button", { name: "Send rating" }));
    expect(await screen.findByText("Please choose from 1 to 5 stars.")).toBeInTheDocument();
    expect(api.called("POST", PATH)).toHaveLength(0);

    const fourth = screen.getAllByRole("radio").find((el) => el.getAttribute("aria-posinset") === "4")!;
    fireEvent.click(fourth.firstElementChild ?? fourth);
    fireEvent.change(screen.getByPlaceholderText(/Tell us what went well/), { target: { value: "  Quick and kind.  " } });
    fireEvent.click(screen.getByRole("button", { name: "Send rating" }));

    expect(await screen.findByTestId("rate-thanks")).toHaveTextContent("Your rating has been recorded.");
    expect(api.called("POST", PATH).map((c) => c.json)).toEqual([{ score: 4, comment: "Quick and kind." }]);
  });

  it.each([
    ["expired", error(410, "link_expired", "This rating link has expired."), "This rating link has expired."],
    ["used", error(410, "link_used", "Used."), "This rating link has already been used."],
    ["forged", error(400, "invalid_link", "Not valid."), "This rating link is not valid."],
    ["never issued", error(404, "not_found", "Not found."), "This rating link is not valid."],
  ])("explains a link that is %s", async (_name, answer, text) => {
    renderRate({ [`GET ${PATH}`]: answer });
    expect(await screen.findByTestId("rate-problem")).toHaveTextContent(text);
    expect(screen.queryByRole("button", { name: "Send rating" })).not.toBeInTheDocument();
  });

  it("explains an item already rated another way (409 on submit)", async () => {
    renderRate({
      [`GET ${PATH}`]: [200, TARGET],
      [`POST ${PATH}`]: error(409, "already_rated", "Already rated."),
    });
    await screen.findByTestId("rate-target");
    const first = screen.getAllByRole("radio").find((el) => el.getAttribute("aria-posinset") === "5")!;
    fireEvent.click(first.firstElementChild ?? first);
    fireEvent.click(screen.getByRole("button", { name: "Send rating" }));
    expect(await screen.findByTestId("rate-problem")).toHaveTextContent("This request has already been rated.");
    await waitFor(() => expect(screen.queryByRole("button", { name: "Send rating" })).not.toBeInTheDocument());
  });

  it("lets the customer try again after a failure that is not the link's", async () => {
    let attempts = 0;
    const api = renderRate({
      [`GET ${PATH}`]: [200, TARGET],
      [`POST ${PATH}`]: () => (++attempts === 1 ? error(500, "server_error", "Oops.") : [201, { item: 7, score: 2, comment: "", source: "link", created_at: "2026-11-28T10:00:00Z" }]),
    });
    await screen.findByTestId("rate-target");
    const second = screen.getAllByRole("radio").find((el) => el.getAttribute("aria-posinset") === "2")!;
    fireEvent.click(second.firstElementChild ?? second);
    fireEvent.click(screen.getByRole("button", { name: "Send rating" }));
    expect(await screen.findByRole("alert")).toHaveTextContent("Something went wrong");
    fireEvent.click(screen.getByRole("button", { name: "Send rating" }));
    expect(await screen.findByTestId("rate-thanks")).toBeInTheDocument();
    expect(api.called("POST", PATH)).toHaveLength(2);
  });

  it("speaks Chinese when the language is zh-CN", async () => {
    renderRate({ [`GET ${PATH}`]: [200, TARGET] });
    await screen.findByTestId("rate-target");
    await act(() => i18n.changeLanguage("zh-CN"));
    expect(screen.getByRole("button", { name: "提交评价" })).toBeInTheDocument();
    expect(screen.getByText("服务人员")).toBeInTheDocument();
    await act(() => i18n.changeLanguage("en"));
  });
});
