import { ApiError } from "../api/client";

/**
 * The server's (already translated) message; for field errors, the field messages too, since
 * "Some fields are invalid." alone does not say which. `fallback` for anything that is not an
 * API error (network down).
 */
export function errorText(error: unknown, fallback: string): string {
  if (!(error instanceof ApiError)) return fallback;
  const details = Object.entries(error.fields)
    .filter(([field]) => field !== "allowed")
    .flatMap(([, value]) => (Array.isArray(value) ? value : [value]))
    .filter((value): value is string => typeof value === "string" && value !== error.message);
  return details.length ? `${error.message} ${details.join(" ")}` : error.message;
}
