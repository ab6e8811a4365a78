import { fireEvent, screen, waitFor, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { afterEach, describe, expect, it, vi } from "vitest";

import type { CustomerRow } from "../api/types";
import { CustomerListPage } from "./CustomerListPage";
import { makeMe, page, renderPage, stubApi } from "./testing";

const ROWS: CustomerRow[] = [
  {
    id: 7,
    name: "Li Wei",
    company: "Acme Trading",
    primary_phone: "+8613800138000",
    primary_email: "li.wei@example.com",
    credit_standing: "watch",
  },
];

afterEach(() => vi.unstubAllGlobals());

describe("CustomerListPage", () => {
  it("searches once on Enter, not while typing, and shows the results", async () => {
    const calls = stubApi(({ url }) =>
      url.pathname === "/api/v1/customers/" ? { body: page(ROWS) } : undefined,
    );
    renderPage(<CustomerListPage />, { me: makeMe("agent"), path: "/customers" });

    const box = screen.getByTestId("customer-search");
    await userEvent.type(box, "138 0013");
    expect(calls.filter((c) => c.url.pathname === "/api/v1/customers/")).toHaveLength(0);

    await userEvent.type(box, "{Enter}");

    const row = await screen.findByTestId("customer-row-7");
    const searches = calls.filter((c) => c.url.pathname === "/api/v1/customers/");
    expect(searches).toHaveLength(1);
    expect(searches[0]!.url.searchParams.get("q")).toBe("138 0013");
    expect(within(row).getByRole("link", { name: "Li Wei" })).toHaveAttribute("href", "/customers/7");
    expect(within(row).getByText("Acme Trading")).toBeInTheDocument();
    expect(within(row).getByText("+8613800138000")).toBeInTheDocument();
    expect(within(row).getByText("li.wei@example.com")).toBeInTheDocument();
    expect(within(row).getByText("Watch")).toBeInTheDocument();
  });

  it("opens the file when a row is clicked", async () => {
    stubApi(({ url }) => (url.pathname === "/api/v1/customers/" ? { body: page(ROWS) } : undefined));
    renderPage(<CustomerListPage />, { me: makeMe("agent"), path: "/customers?q=li" });

    fireEvent.click(within(await screen.findByTestId("customer-row-7")).getByText("Acme Trading"));

    expect(await screen.findByText("customer page")).toBeInTheDocument();
  });

  it("offers the CSV export to managers only, with the current query", async () => {
    stubApi(({ url }) => (url.pathname === "/api/v1/customers/" ? { body: page(ROWS) } : undefined));
    const { unmount } = renderPage(<CustomerListPage />, { me: makeMe("manager"), path: "/customers?q=acme" });
    expect(screen.getByTestId("customer-export")).toHaveAttribute(
      "href",
      "/api/v1/customers/export.csv?q=acme",
    );
    unmount();

    renderPage(<CustomerListPage />, { me: makeMe("agent"), path: "/customers?q=acme" });
    expect(screen.queryByTestId("customer-export")).not.toBeInTheDocument();
    expect(screen.getByTestId("customer-new")).toBeInTheDocument();
  });

  it("shows the server's invalid_phone error on the phone input", async () => {
    const calls = stubApi(({ method, url }) => {
      if (method === "POST" && url.pathname === "/api/v1/customers/") {
        return {
          status: 400,
          body: {
            code: "invalid_phone",
            message: "12345 is not a valid phone number.",
            fields: { "contacts.0.value": ["Enter a valid phone number."] },
          },
        };
      }
      return undefined;
    });
    renderPage(<CustomerListPage />, { me: makeMe("agent"), path: "/customers" });

    await userEvent.click(screen.getByTestId("customer-new"));
    await userEvent.type(await screen.findByTestId("customer-name"), "Zhang San");
    await userEvent.type(screen.getByTestId("customer-phone-0"), "12345");
    await userEvent.type(screen.getByTestId("customer-email-0"), "zhang@example.com");
    await userEvent.click(screen.getByTestId("customer-create"));

    const phone = screen.getByTestId("customer-phone-0");
    await waitFor(() => expect(phone).toHaveAttribute("aria-invalid", "true"));
    // Ant Design renders the help text a moment after marking the input invalid.
    await waitFor(() => {
      const describedBy = phone.getAttribute("aria-describedby") ?? "";
      const help = document.getElementById(describedBy.split(" ")[0] ?? "");
      expect(help).toHaveTextContent("Enter a valid phone number.");
    });
    expect(screen.getByTestId("customer-email-0")).not.toHaveAttribute("aria-invalid", "true");
    expect(screen.getByRole("alert")).toHaveTextContent("12345 is not a valid phone number.");

    const post = calls.find((c) => c.method === "POST")!;
    expect(post.body).toMatchObject({
      name: "Zhang San",
      credit_standing: "good",
      contacts: [
        { kind: "phone", value: "12345", is_primary: true },
        { kind: "email", value: "zhang@example.com", is_primary: true },
      ],
    });
  });
});
