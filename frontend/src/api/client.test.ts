import { afterEach, describe, expect, it, vi } from "vitest";

import { api, ApiError, buildQuery, SESSION_EXPIRED_EVENT } from "./client";

function respond(status: number, body: unknown, type = "application/json") {
  return vi.fn().mockResolvedValue(
    new Response(status === 204 ? null : JSON.stringify(body), {
      status,
      headers: { "Content-Type": type },
    }),
  );
}

afterEach(() => {
  vi.unstubAllGlobals();
  document.cookie = "csrftoken=; expires=Thu, 01 Jan 1970 00:00:00 GMT";
});

describe("api", () => {
  it("sends JSON with the CSRF token on writes", async () => {
    document.cookie = "csrftoken=abc123";
    const fetchMock = respond(200, { ok: true });
    vi.stubGlobal("fetch", fetchMock);

    await api("/items/1/take/", { method: "POST", body: { a: 1 } });

    const [url, init] = fetchMock.mock.calls[0]!;
    expect(url).toBe("/api/v1/items/1/take/");
    expect(init.headers["X-CSRFToken"]).toBe("abc123");
    expect(init.headers["Content-Type"]).toBe("application/json");
    expect(init.body).toBe('{"a":1}');
    expect(init.credentials).toBe("same-origin");
  });

  it("turns the error shape into an ApiError with code and fields", async () => {
    vi.stubGlobal(
      "fetch",
      respond(409, { code: "already_assigned", message: "Taken", fields: { x: ["y"] } }),
    );

    const error = await api("/items/1/take/", { method: "POST" }).catch((e: unknown) => e);

    expect(error).toBeInstanceOf(ApiError);
    expect((error as ApiError).status).toBe(409);
    expect((error as ApiError).code).toBe("already_assigned");
    expect((error as ApiError).message).toBe("Taken");
    expect((error as ApiError).fields).toEqual({ x: ["y"] });
  });

  it("announces an expired session on 401", async () => {
    vi.stubGlobal(
      "fetch",
      respond(401, { code: "not_authenticated", message: "Sign in", fields: {} }),
    );
    const heard = vi.fn();
    window.addEventListener(SESSION_EXPIRED_EVENT, heard);

    await expect(api("/inbox/")).rejects.toBeInstanceOf(ApiError);

    expect(heard).toHaveBeenCalledTimes(1);
    window.removeEventListener(SESSION_EXPIRED_EVENT, heard);
  });

  it("returns nothing for 204", async () => {
    vi.stubGlobal("fetch", respond(204, null));
    await expect(api("/items/1/links/2/", { method: "DELETE" })).resolves.toBeUndefined();
  });
});

describe("buildQuery", () => {
  it("drops empty values and joins lists with commas", () => {
    expect(buildQuery({ status: ["new", "open"], mine: true, q: "", queue: undefined, page: 2 })).toBe(
      "?status=new%2Copen&mine=true&page=2",
    );
    expect(buildQuery({ unassigned: false })).toBe("");
  });
});
