import { describe, expect, it } from "vitest";

import { isContact, validate } from "./forms";

describe("visitor form checks", () => {
  it("accepts a phone number or an email address as the contact", () => {
    expect(isContact("13800138000")).toBe(true);
    expect(isContact("+86 138-0013-8000")).toBe(true);
    expect(isContact("li.lei@example.com")).toBe(true);
    expect(isContact("li.lei")).toBe(false);
    expect(isContact("12")).toBe(false);
  });

  it("requires a name and a contact; the message only where asked", () => {
    expect(validate({ name: "", contact: "", topic: "" }, ["name", "contact"])).toEqual({
      name: "required",
      contact: "required",
    });
    expect(validate({ name: "Li", contact: "nope", topic: "" }, ["name", "contact"])).toEqual({
      contact: "badContact",
    });
    expect(validate({ name: "Li", contact: "138 0013 8000", topic: "", message: "" }, ["name", "contact", "message"])).toEqual({
      message: "required",
    });
    expect(validate({ name: "x".repeat(101), contact: "a@b.cn", topic: "" }, ["name", "contact"])).toEqual({
      name: "tooLong",
    });
  });
});
