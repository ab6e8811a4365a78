/** Composer drafts kept in this browser, per ticket and kind, so nothing typed is lost. */
import { useCallback, useEffect, useRef, useState } from "react";

export const draftKey = (ticketId: number, kind: string) => `helpdesk.draft.ticket.${ticketId}.${kind}`;

export function readDraft(key: string): string {
  try {
    return window.localStorage.getItem(key) ?? "";
  } catch {
    return "";
  }
}

function writeDraft(key: string, text: string) {
  try {
    if (text) window.localStorage.setItem(key, text);
    else window.localStorage.removeItem(key);
  } catch {
    // storage full or disabled: the draft lives only in memory
  }
}

/**
 * Text state saved to localStorage after `delayMs` of quiet, and at once when the component
 * goes away (navigation, session expiry) or the page is hidden. Mount a new instance (a `key`)
 * for another ticket or kind.
 */
export function useDraft(key: string, delayMs = 500) {
  const [text, setTextState] = useState(() => readDraft(key));
  const pending = useRef<string | null>(null);
  const timer = useRef<ReturnType<typeof setTimeout> | null>(null);

  const flush = useCallback(() => {
    if (timer.current) clearTimeout(timer.current);
    timer.current = null;
    if (pending.current !== null) writeDraft(key, pending.current);
    pending.current = null;
  }, [key]);

  const setText = useCallback(
    (value: string) => {
      setTextState(value);
      pending.current = value;
      if (timer.current) clearTimeout(timer.current);
      timer.current = setTimeout(flush, delayMs);
    },
    [delayMs, flush],
  );

  const clear = useCallback(() => {
    if (timer.current) clearTimeout(timer.current);
    timer.current = null;
    pending.current = null;
    writeDraft(key, "");
    setTextState("");
  }, [key]);

  useEffect(() => {
    window.addEventListener("pagehide", flush);
    return () => {
      window.removeEventListener("pagehide", flush);
      flush();
    };
  }, [flush]);

  return { text, setText, clear };
}
