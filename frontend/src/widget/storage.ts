/** The visitor's conversation per queue in localStorage (private modes may refuse: then memory). */
import type { PendingMessage } from "./types";

export interface StoredSession {
  conversation: number;
  token: string;
  outbox?: PendingMessage[];
}

const memory = new Map<string, string>();

function key(queue: string) {
  return `helpdesk-widget:${queue}`;
}

function read(name: string): string | null {
  try {
    return window.localStorage.getItem(name);
  } catch {
    return memory.get(name) ?? null;
  }
}

function write(name: string, value: string | null) {
  try {
    if (value === null) window.localStorage.removeItem(name);
    else window.localStorage.setItem(name, value);
  } catch {
    if (value === null) memory.delete(name);
    else memory.set(name, value);
  }
}

export function loadSession(queue: string): StoredSession | null {
  try {
    const data = JSON.parse(read(key(queue)) ?? "null") as StoredSession | null;
    return data && typeof data.token === "string" && typeof data.conversation === "number" ? data : null;
  } catch {
    return null;
  }
}

export function saveSession(queue: string, session: StoredSession): void {
  write(key(queue), JSON.stringify(session));
}

export function clearSession(queue: string): void {
  write(key(queue), null);
}

/** Whether the panel was open, for this tab (so a reload keeps it open). */
export function panelWasOpen(queue: string): boolean {
  try {
    return window.sessionStorage.getItem(`${key(queue)}:open`) === "1";
  } catch {
    return false;
  }
}

export function rememberPanel(queue: string, open: boolean): void {
  try {
    if (open) window.sessionStorage.setItem(`${key(queue)}:open`, "1");
    else window.sessionStorage.removeItem(`${key(queue)}:open`);
  } catch {
    // not remembered: nothing else depends on it
  }
}
