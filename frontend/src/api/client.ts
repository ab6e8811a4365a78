/** The one HTTP client: same-origin session cookies, CSRF, and the API's error shape. */

export interface ApiErrorBody {
  code: string;
  message: string;
  fields: Record<string, unknown>;
}

export class ApiError extends Error {
  readonly status: number;
  readonly code: string;
  readonly fields: Record<string, unknown>;

  constructor(status: number, body: ApiErrorBody) {
    super(body.message);
    this.status = status;
    this.code = body.code;
    this.fields = body.fields ?? {};
  }
}

/** Fired when the server says the session is gone (401): the app returns to the login page. */
export const SESSION_EXPIRED_EVENT = "helpdesk:session-expired";

export function readCookie(name: string): string | null {
  const match = document.cookie.split("; ").find((row) => row.startsWith(`${name}=`));
  return match ? decodeURIComponent(match.slice(name.length + 1)) : null;
}

export interface RequestOptions {
  method?: "GET" | "POST" | "PATCH" | "PUT" | "DELETE";
  body?: unknown;
  form?: FormData;
  query?: Record<string, string | number | boolean | Array<string | number> | undefined | null>;
  signal?: AbortSignal;
  /** Extra request headers (e.g. an order's Idempotency-Key). */
  headers?: Record<string, string>;
}

export function buildQuery(query: RequestOptions["query"]): string {
  if (!query) return "";
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(query)) {
    if (value === undefined || value === null || value === "" || value === false) continue;
    if (Array.isArray(value)) {
      if (value.length) params.set(key, value.join(","));
    } else {
      params.set(key, String(value));
    }
  }
  const text = params.toString();
  return text ? `?${text}` : "";
}

export async function api<T>(path: string, options: RequestOptions = {}): Promise<T> {
  const method = options.method ?? (options.body || options.form ? "POST" : "GET");
  const headers: Record<string, string> = { Accept: "application/json", ...options.headers };
  let body: BodyInit | undefined;
  if (options.form) {
    body = options.form;
  } else if (options.body !== undefined) {
    headers["Content-Type"] = "application/json";
    body = JSON.stringify(options.body);
  }
  if (method !== "GET") {
    const token = readCookie("csrftoken");
    if (token) headers["X-CSRFToken"] = token;
  }
  const response = await fetch(`/api/v1${path}${buildQuery(options.query)}`, {
    method,
    headers,
    body,
    credentials: "same-origin",
    signal: options.signal,
  });
  if (response.status === 204) return undefined as T;
  const isJson = (response.headers.get("Content-Type") ?? "").includes("application/json");
  const data: unknown = isJson ? await response.json() : await response.text();
  if (!response.ok) {
    const errorBody: ApiErrorBody =
      isJson && data && typeof data === "object" && "code" in data
        ? (data as ApiErrorBody)
        : { code: "http_error", message: String(response.status), fields: {} };
    if (response.status === 401) {
      window.dispatchEvent(new CustomEvent(SESSION_EXPIRED_EVENT));
    }
    throw new ApiError(response.status, errorBody);
  }
  return data as T;
}

/** Make sure the CSRF cookie exists (the login form calls it before signing in). */
export async function ensureCsrf(): Promise<void> {
  if (!readCookie("csrftoken")) await api("/auth/csrf/");
}
