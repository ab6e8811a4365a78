/** Navigation by what the user may do. Only pages that work are listed. */
import type { Me } from "../api/types";

export interface NavEntry {
  key: string;
  path: string;
  label: string; // i18n key in the common namespace
  /** Entries with the same group are shown together under its heading (`nav.groups.<group>`). */
  group?: "shifts" | "complaints" | "quality" | "reports";
  visible: (me: Me) => boolean;
}

const has = (me: Me, permission: string) => me.permissions.includes(permission);
const leads = (me: Me) => me.roles.includes("manager") || me.roles.includes("supervisor");

export const NAV: NavEntry[] = [
  { key: "inbox", path: "/inbox", label: "nav.inbox", visible: (me) => has(me, "inbox.read") },
  // Escalations raised to or by oneself, and automatic ones for those who handle them (docs/sla.md).
  {
    key: "escalations",
    path: "/escalations",
    label: "nav.escalations",
    visible: (me) => has(me, "escalation.raise"),
  },
  {
    key: "chats",
    path: "/chats",
    label: "nav.chats",
    visible: (me) => has(me, "chat.handle") || has(me, "chat.supervise"),
  },
  // The hotline: today's calls, missed calls to ring back, figures (docs/frontend.md).
  { key: "calls", path: "/calls", label: "nav.calls", visible: (me) => has(me, "call.read") },
  {
    key: "customers",
    path: "/customers",
    label: "nav.customers",
    visible: (me) => has(me, "customer.read"),
  },
  // Complaints: the board and what complaints teach (docs/complaints.md).
  {
    key: "complaints",
    path: "/complaints",
    label: "nav.complaints",
    group: "complaints",
    visible: (me) => has(me, "complaint.read"),
  },
  {
    key: "complaintReports",
    path: "/complaints/reports",
    label: "nav.complaintReports",
    group: "complaints",
    visible: (me) => has(me, "complaint.report"),
  },
  // Quality: one's own figures and reviews (everyone); the ledger, ranking, reviews and
  // corrective actions for supervisors and managers (docs/quality.md).
  {
    key: "myQuality",
    path: "/quality/me",
    label: "nav.myQuality",
    group: "quality",
    visible: (me) => has(me, "quality.read_own"),
  },
  {
    key: "qualityLedger",
    path: "/quality/ledger",
    label: "nav.qualityLedger",
    group: "quality",
    visible: (me) => has(me, "quality.read_all"),
  },
  {
    key: "qualityRanking",
    path: "/quality/ranking",
    label: "nav.qualityRanking",
    group: "quality",
    visible: (me) => has(me, "quality.read_all"),
  },
  {
    key: "qualityReviews",
    path: "/quality/reviews",
    label: "nav.qualityReviews",
    group: "quality",
    visible: (me) => has(me, "quality.review"),
  },
  {
    key: "qualityActions",
    path: "/quality/actions",
    label: "nav.qualityActions",
    group: "quality",
    visible: (me) => has(me, "quality.review"),
  },
  // Survey campaigns (survey.manage) and the satisfaction analysis with its reports: published
  // ones for everyone (docs/surveys.md).
  {
    key: "surveys",
    path: "/quality/surveys",
    label: "nav.surveys",
    group: "quality",
    visible: (me) => has(me, "survey.manage"),
  },
  {
    key: "satisfaction",
    path: "/quality/satisfaction",
    label: "nav.satisfaction",
    group: "quality",
    visible: (me) => has(me, "quality.read_own"),
  },
  // The supervisors' live wallboard (docs/wallboard.md).
  { key: "wallboard", path: "/wallboard", label: "nav.wallboard", visible: (me) => has(me, "report.read") },
  // The period reports: service figures, the day's problems, the printable month (docs/reports.md).
  {
    key: "reports",
    path: "/reports",
    label: "nav.reports",
    group: "reports",
    visible: (me) => has(me, "report.read"),
  },
  {
    key: "dailyProblems",
    path: "/reports/daily",
    label: "nav.dailyProblems",
    group: "reports",
    visible: (me) => has(me, "report.read"),
  },
  {
    key: "monthlyReport",
    path: "/reports/monthly",
    label: "nav.monthlyReport",
    group: "reports",
    visible: (me) => has(me, "report.read"),
  },
  // Recharge orders: the channel panel, order search and the channel report (docs/orders.md).
  { key: "orders", path: "/orders", label: "nav.orders", visible: (me) => has(me, "order.handle") },
  { key: "queues", path: "/queues", label: "nav.queues", visible: leads },
  // Business calendars, SLA policies and escalation chains.
  { key: "sla", path: "/sla", label: "nav.sla", visible: (me) => has(me, "sla.manage") },
  // Staffing and shifts (docs/staffing.md).
  {
    key: "staffing",
    path: "/staffing",
    label: "nav.staffing",
    group: "shifts",
    visible: (me) => has(me, "staffing.plan"),
  },
  {
    key: "demand",
    path: "/staffing/demand",
    label: "nav.demand",
    group: "shifts",
    visible: (me) => has(me, "staffing.plan"),
  },
  {
    key: "shiftTypes",
    path: "/shifts/types",
    label: "nav.shiftTypes",
    group: "shifts",
    visible: (me) => has(me, "shift.read"),
  },
  {
    // Planners make rosters here; everyone else reads the published rosters of their queues.
    key: "rosters",
    path: "/shifts/rosters",
    label: "nav.rosters",
    group: "shifts",
    visible: (me) => has(me, "shift.read"),
  },
  {
    key: "myShifts",
    path: "/shifts/mine",
    label: "nav.myShifts",
    group: "shifts",
    visible: (me) => has(me, "shift.read"),
  },
  {
    key: "leave",
    path: "/shifts/leave",
    label: "nav.leave",
    group: "shifts",
    visible: (me) => has(me, "leave.request"),
  },
  {
    key: "rules",
    path: "/shifts/me",
    label: "nav.rules",
    group: "shifts",
    visible: (me) => has(me, "shift.read"),
  },
];

export function navFor(me: Me): NavEntry[] {
  return NAV.filter((entry) => entry.visible(me));
}

/** The entry a path belongs to: the longest whose path it is or lies under (`/staffing/demand`
 * is Demand, not Staffing; `/customers/7` is Customers). */
export function selectedNav(entries: NavEntry[], pathname: string): NavEntry | undefined {
  return entries
    .filter((e) => pathname === e.path || pathname.startsWith(`${e.path}/`))
    .sort((a, b) => b.path.length - a.path.length)[0];
}

export type NavItem = { entry: NavEntry } | { group: string; entries: NavEntry[] };

/** The menu's items in order: an entry, or a group (where its first entry stands) with its entries. */
export function navItems(entries: NavEntry[]): NavItem[] {
  const items: NavItem[] = [];
  for (const entry of entries) {
    if (!entry.group) {
      items.push({ entry });
      continue;
    }
    const group = items.find((i): i is { group: string; entries: NavEntry[] } => "group" in i && i.group === entry.group);
    if (group) group.entries.push(entry);
    else items.push({ group: entry.group, entries: [entry] });
  }
  return items;
}
