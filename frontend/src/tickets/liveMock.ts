/** Tests only: a stand-in for `useLive()` whose events the test fires by hand. */
import type { InboxEvent } from "../api/ws";

type Listener = (event: InboxEvent) => void;
const listeners = new Set<Listener>();

export const live = {
  connected: true,
  subscribe(listener: Listener) {
    listeners.add(listener);
    return () => {
      listeners.delete(listener);
    };
  },
  emit(event: InboxEvent) {
    for (const listener of listeners) listener(event);
  },
};
