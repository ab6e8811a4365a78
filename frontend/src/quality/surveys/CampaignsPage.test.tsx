import { fireEvent, screen, within } from "@testing-library/react";
import { afterEach, describe, expect, it, vi } from "vitest";

import { mockApi, renderWith } from "../../tickets/testing";
import type { Campaign } from "./api";
import { CampaignsPage } from "./CampaignsPage";

const base: Campaign = {
  id: 1,
  name: "Annual survey",
  intro: "",
  deadline: "2026-12-31T12:00:00Z",
  status: "open",
  queue: null,
  queue_name: null,
  served_from: null,
  served_to: null,
  created_by: "Li Na",
  created_at: "2026-11-01T00:00:00Z",
  sent_at: "2026-11-01T00:00:00Z",
  closed_at: null,
  invited: 40,
  sent: 40,
  answered: 10,
  response_rate: 0.25,
};

afterEach(() => vi.unstubAllGlobals());

describe("CampaignsPage", () => {
  it("lists campaigns with their counts and sends a draft", async () => {
    const draft: Campaign = { ...base, id: 2, name: "Spring check", status: "draft", invited: 0, sent: 0, answered: 0, response_rate: null };
    const api = mockApi({
      "GET /quality/surveys/": [200, [draft, base]],
      "POST /quality/surveys/2/send/": [200, { ...draft, status: "sending" }],
    });
    renderWith(<CampaignsPage />);

    const row = (await screen.findByText("Annual survey")).closest("tr")!;
    expect(within(row).getByText("25.0%")).toBeInTheDocument();
    expect(within(row).getByText("Open")).toBeInTheDocument();
    const draftRow = screen.getByText("Spring check").closest("tr")!;
    fireEvent.click(within(draftRow).getByRole("button", { name: "Send" }));
    fireEvent.click(await screen.findByRole("button", { name: "OK" }));

    expect(await screen.findByText("Sending started: invites are mailed in batches.")).toBeInTheDocument();
    expect(api.called("POST", "/quality/surveys/2/send/")).toHaveLength(1);
  });
});
