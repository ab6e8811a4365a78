import { ApiError } from "../api/client";

/** The server's (already translated) message, with field messages; `fallback` otherwise. */
export function errorText(error: unknown, fallback: string): string {
  if (!(error instanceof ApiError)) return fallback;
  const details = Object.values(error.fields)
    .flatMap((value) => (Array.isArray(value) ? value : [value]))
    .filter((value): value is string => typeof value === "string" && value !== error.message);
  return details.length ? `${error.message} ${details.join(" ")}` : error.message;
}
