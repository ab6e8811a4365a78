/** Inbox keyboard shortcuts, off while the user types in a field or works in a dialog. */
import { useEffect, useEffectEvent } from "react";

export interface ShortcutHandlers {
  next: () => void;
  previous: () => void;
  open: () => void;
  reply: () => void;
  take: () => void;
  help: () => void;
}

const TYPING =
  "input, textarea, select, [contenteditable=''], [contenteditable='true'], .ant-select";
/** Elements that act on Enter themselves. */
const ACTIVATES = "button, a[href], [role='button'], [role='checkbox'], label";

export function isTyping(target: EventTarget | null): boolean {
  if (!(target instanceof Element)) return false;
  if (target instanceof HTMLElement && target.isContentEditable) return true;
  return target.closest(TYPING) !== null;
}

function inDialog(target: EventTarget | null): boolean {
  return target instanceof Element && target.closest("[role='dialog'], .ant-modal") !== null;
}

export function useShortcuts(handlers: ShortcutHandlers, enabled: boolean) {
  const onKeyDown = useEffectEvent((event: KeyboardEvent) => {
    if (!enabled || event.defaultPrevented) return;
    if (event.ctrlKey || event.metaKey || event.altKey) return;
    if (isTyping(event.target) || inDialog(event.target)) return;
    const onActivator = event.target instanceof Element && event.target.closest(ACTIVATES) !== null;
    let action: (() => void) | null = null;
    switch (event.key) {
      case "j":
      case "ArrowDown":
        action = handlers.next;
        break;
      case "k":
      case "ArrowUp":
        action = handlers.previous;
        break;
      case "Enter":
        action = onActivator ? null : handlers.open;
        break;
      case "o":
        action = handlers.open;
        break;
      case "r":
        action = handlers.reply;
        break;
      case "a":
        action = handlers.take;
        break;
      case "?":
        action = handlers.help;
        break;
    }
    if (!action) return;
    event.preventDefault();
    action();
  });

  useEffect(() => {
    const listener = (event: KeyboardEvent) => onKeyDown(event);
    document.addEventListener("keydown", listener);
    return () => document.removeEventListener("keydown", listener);
  }, []);
}
