import { fireEvent, screen, waitFor } from "@testing-library/react";
import { Route, Routes } from "react-router-dom";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";

import { setTimeZone } from "../../common/time";
import { mockApi, renderWith, type FakeRoutes } from "../../tickets/testing";
import type { SurveyView } from "./api";
import { SurveyPage } from "./SurveyPage";

const TOKEN = "eyJzIjoxLCJjIjoyfQ:1xXHiC:abc";
const PATH = `/quality/survey/${encodeURIComponent(TOKEN)}/`;
const SURVEY: SurveyView = {
  name: "Annual survey 2026",
  intro: "Tell us how we did this year.",
  deadline: "2026-12-31T12:00:00Z",
  customer: "Wang Fang",
  questions: [
    { key: "service", label: "Service quality" },
    { key: "price", label: "Price" },
    { key: "overall", label: "Overall satisfaction" },
  ],
};
const error = (status: number, code: string) => [status, { code, message: code, fields: {} }] as [number, unknown];

function renderSurvey(routes: FakeRoutes) {
  const api = mockApi(routes);
  renderWith(
    <Routes>
      <Route path="/survey/:token" element={<SurveyPage />} />
    </Routes>,
    { path: `/survey/${TOKEN}` },
  );
  return api;
}

beforeEach(() => setTimeZone("UTC"));
afterEach(() => {
  vi.unstubAllGlobals();
  setTimeZone(undefined);
});

/** Click the n-th star (1–5) of the question labelled `label`. */
function star(label: string, n: number) {
  const group = screen.getByLabelText(label);
  const stars = group.querySelectorAll('[role="radio"]');
  fireEvent.click(stars[n - 1]!);
}

describe("SurveyPage", () => {
  it("shows the intro and the three questions, and sends the answers once", async () => {
    const api = renderSurvey({
      [`GET ${PATH}`]: [200, SURVEY],
      [`POST ${PATH}`]: [201, { service: 4, price: 3, overall: 5, comment: "Fair", created_at: "x" }],
    });

    expect(await screen.findByText("Annual survey 2026")).toBeInTheDocument();
    expect(screen.getByText("Dear Wang Fang,")).toBeInTheDocument();
    expect(screen.getByText("Tell us how we did this year.")).toBeInTheDocument();
    star("Service quality", 4);
    star("Price", 3);
    star("Overall satisfaction", 5);
    fireEvent.change(screen.getByRole("textbox"), { target: { value: " Fair " } });
    fireEvent.click(screen.getByRole("button", { name: "Send answers" }));

    expect(await screen.findByTestId("survey-thanks")).toHaveTextContent("Your answers have been recorded.");
    expect(api.called("POST", PATH).map((c) => c.json)).toEqual([
      { service: 4, price: 3, overall: 5, comment: "Fair" },
    ]);
  });

  it("asks for every score before sending", async () => {
    const api = renderSurvey({ [`GET ${PATH}`]: [200, SURVEY] });

    await screen.findByText("Annual survey 2026");
    star("Service quality", 4);
    fireEvent.click(screen.getByRole("button", { name: "Send answers" }));

    await waitFor(() => expect(screen.getAllByText("Please choose from 1 to 5 stars.")).toHaveLength(2));
    expect(api.called("POST", PATH)).toHaveLength(0);
  });

  it.each([
    [error(400, "invalid_link"), "This survey link is not valid."],
    [error(404, "not_found"), "This survey link is not valid."],
    [error(410, "survey_closed"), "This survey is closed"],
    [error(410, "link_used"), "This survey has already been answered with this link."],
  ])("explains a refused link (%j)", async (answer, text) => {
    renderSurvey({ [`GET ${PATH}`]: answer });

    expect(await screen.findByTestId("survey-problem")).toHaveTextContent(text);
  });
});
