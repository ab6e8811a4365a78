import { screen, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { afterEach, describe, expect, it, vi } from "vitest";

import { CustomerPanel } from "./CustomerPanel";
import { mockApi, renderWith } from "./testing";

afterEach(() => vi.unstubAllGlobals());

describe("CustomerPanel", () => {
  it("reads the customer file only when asked (reading is audited)", async () => {
    const api = mockApi({
      "GET /customers/4/": [
        200,
        {
          id: 4,
          name: "Wang Li",
          company: "",
          website: "",
          credit_standing: "good",
          credit_standing_display: "Good",
          custodian: { id: 2, username: "supervisor", name: "Li Zhuguan" },
          notes: "",
          contacts: [{ id: 7, kind: "phone", value: "+8613600136004", label: "mobile", is_primary: true }],
          created_at: "",
          updated_at: "",
        },
      ],
    });
    const user = userEvent.setup();
    renderWith(<CustomerPanel customer={{ id: 4, name: "Wang Li" }} />);

    expect(api.calls).toHaveLength(0);
    expect(screen.queryByTestId("customer-panel")).not.toBeInTheDocument();

    await user.click(screen.getByTestId("customer-panel-open"));

    const panel = await screen.findByTestId("customer-panel");
    expect(await within(panel).findByText("+8613600136004")).toBeInTheDocument();
    expect(within(panel).getByText("Good")).toBeInTheDocument();
    expect(within(panel).getByText("Li Zhuguan")).toBeInTheDocument();
    expect(within(panel).getByRole("link", { name: "Open the full customer file" })).toHaveAttribute(
      "href",
      "/customers/4",
    );
    expect(api.called("GET", "/customers/4/")).toHaveLength(1);
  });
});
