/**
 * The ticket lifecycle as the server enforces it (helpdesk/tickets/lifecycle.py), used only to
 * offer sensible buttons: the server decides, and its `invalid_transition` message is shown.
 */
import type { Status } from "../api/types";

export const STATUSES: Status[] = ["new", "open", "pending", "on_hold", "resolved", "closed"];

const TRANSITIONS: Record<Status, Status[]> = {
  new: ["open", "pending", "on_hold", "resolved", "closed"],
  open: ["pending", "on_hold", "resolved", "closed"],
  pending: ["open", "on_hold", "resolved", "closed"],
  on_hold: ["open", "pending", "resolved", "closed"],
  resolved: ["open", "closed"],
  closed: [],
};

/** The statuses a reply may set in the same step. */
export const REPLY_STATUSES: Status[] = ["open", "pending", "on_hold", "resolved"];

export const UNRESOLVED: Status[] = ["new", "open", "pending", "on_hold"];

export function nextStatuses(current: Status, { isManager }: { isManager: boolean }): Status[] {
  if (current === "closed") return isManager ? ["open"] : [];
  return TRANSITIONS[current];
}

/** Reopening a closed ticket (managers only) must say why. */
export function needsReason(current: Status, target: Status): boolean {
  return current === "closed" && target === "open";
}

/** What "and set status to" may offer with a reply: the current status is no change. */
export function replyStatuses(current: Status): Status[] {
  return REPLY_STATUSES.filter((s) => s !== current && TRANSITIONS[current].includes(s));
}
