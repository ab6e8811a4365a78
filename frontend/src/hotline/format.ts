/** How the hotline pages write numbers, durations and days, and where a work item opens. */
import dayjs from "dayjs";

import type { Kind } from "../api/types";
import { zonedToIso } from "../common/time";
import type { CallRow } from "./api";

/**
 * An E.164 number as people read it: mainland mobiles in groups ("+86 138 0013 8000"), other
 * numbers as stored. Empty → "" (the caller withheld it; the page says so in words).
 */
export function formatNumber(e164: string | null | undefined): string {
  if (!e164) return "";
  const mobile = /^\+86(1\d{2})(\d{4})(\d{4})$/.exec(e164);
  return mobile ? `+86 ${mobile[1]} ${mobile[2]} ${mobile[3]}` : e164;
}

/** The other party's number: the caller of an inbound call, the callee of an outbound one. */
export function otherParty(call: Pick<CallRow, "direction" | "from_number" | "to_number">): string {
  return call.direction === "inbound" ? call.from_number : call.to_number;
}

/** Seconds as a clock: 45 → "0:45", 305 → "5:05", 3723 → "1:02:03"; null → "—". */
export function clock(seconds: number | null | undefined): string {
  if (seconds === null || seconds === undefined) return "—";
  const total = Math.round(seconds);
  const h = Math.floor(total / 3600);
  const m = Math.floor((total % 3600) / 60);
  const s = String(total % 60).padStart(2, "0");
  return h > 0 ? `${h}:${String(m).padStart(2, "0")}:${s}` : `${m}:${s}`;
}

/** Days ("YYYY-MM-DD", in the user's time zone) from `first` to `last` as `[since, until)` instants. */
export function daysRange(first: string, last: string): { since: string; until: string } {
  const after = dayjs(last).add(1, "day").format("YYYY-MM-DD");
  return { since: zonedToIso(`${first} 00:00`), until: zonedToIso(`${after} 00:00`) };
}

/** Where a work item opens in the app, or null when it has no page. */
export function workItemPath(kind: Kind, id: number): string | null {
  switch (kind) {
    case "ticket":
      return `/tickets/${id}`;
    case "call":
      return `/calls/${id}`;
    case "callback":
      return `/calls?tab=ringbacks`;
    default:
      return null;
  }
}
