import { screen, within } from "@testing-library/react";
import { describe, expect, it } from "vitest";

import { message, renderWith } from "./testing";
import { Thread } from "./Thread";

describe("Thread", () => {
  it("shows internal notes visibly different from replies and customer messages", () => {
    renderWith(
      <Thread
        customerName="Wang Li"
        messages={[
          message(1, "customer", "Please fix my invoice title."),
          message(2, "public", "We are on it."),
          message(3, "internal", "Finance says tomorrow."),
        ]}
      />,
    );

    const note = screen.getByTestId("message-3");
    const reply = screen.getByTestId("message-2");
    const customer = screen.getByTestId("message-1");
    expect(note).toHaveAttribute("data-kind", "internal");
    expect(reply).toHaveAttribute("data-kind", "public");
    expect(customer).toHaveAttribute("data-kind", "customer");

    // A label says so, and the note is yellow; the reply has neither.
    expect(within(note).getByText("Internal note")).toBeInTheDocument();
    expect(within(reply).queryByText("Internal note")).not.toBeInTheDocument();
    expect(note.style.background).not.toBe(reply.style.background);
    expect(note.style.background).toBe("rgb(255, 251, 230)");
    expect(customer.style.background).not.toBe(reply.style.background);

    // Customer messages carry the customer's name; replies their author's.
    expect(within(customer).getByText("Wang Li")).toBeInTheDocument();
    expect(within(reply).getByText("Zhang Wei")).toBeInTheDocument();
  });

  it("renders message text as text, never as HTML", () => {
    renderWith(
      <Thread customerName="X" messages={[message(9, "customer", '<img src=x onerror="alert(1)">hi')]} />,
    );
    const item = screen.getByTestId("message-9");
    expect(item.querySelector("img")).toBeNull();
    expect(within(item).getByText('<img src=x onerror="alert(1)">hi')).toBeInTheDocument();
  });

  it("links attachments to the download endpoint", () => {
    const withFile = {
      ...message(4, "public", "See attached."),
      attachments: [
        {
          id: 11,
          message: 4,
          filename: "invoice.pdf",
          content_type: "application/pdf",
          size: 2048,
          sha256: "",
          uploaded_by: null,
          created_at: "2026-11-18T11:15:00Z",
          url: "/api/v1/attachments/11/",
        },
      ],
    };
    renderWith(<Thread customerName="X" messages={[withFile]} />);
    expect(screen.getByRole("link", { name: /invoice\.pdf/ })).toHaveAttribute(
      "href",
      "/api/v1/attachments/11/",
    );
  });
});
