/** Navigation by what the user may do. Only pages that work are listed. */
import type { Me } from "../api/types";

export interface NavEntry {
  key: string;
  path: string;
  label: string; // i18n key in the common namespace
  visible: (me: Me) => boolean;
}

const has = (me: Me, permission: string) => me.permissions.includes(permission);
const leads = (me: Me) => me.roles.includes("manager") || me.roles.includes("supervisor");

export const NAV: NavEntry[] = [
  { key: "inbox", path: "/inbox", label: "nav.inbox", visible: (me) => has(me, "inbox.read") },
  {
    key: "chats",
    path: "/chats",
    label: "nav.chats",
    visible: (me) => has(me, "chat.handle") || has(me, "chat.supervise"),
  },
  {
    key: "customers",
    path: "/customers",
    label: "nav.customers",
    visible: (me) => has(me, "customer.read"),
  },
  { key: "queues", path: "/queues", label: "nav.queues", visible: leads },
  {
    key: "staffing",
    path: "/staffing",
    label: "nav.staffing",
    visible: (me) => has(me, "staffing.plan"),
  },
];

export function navFor(me: Me): NavEntry[] {
  return NAV.filter((entry) => entry.visible(me));
}
