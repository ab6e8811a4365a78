/** One inbox websocket for the whole app; pages subscribe to its events. */
import { createContext, useContext, useEffect, useMemo, useState, type ReactNode } from "react";

import { InboxSocket, type InboxEvent } from "../api/ws";

interface LiveValue {
  connected: boolean;
  subscribe: (listener: (event: InboxEvent) => void) => () => void;
}

const LiveContext = createContext<LiveValue | null>(null);

export function LiveProvider({ children }: { children: ReactNode }) {
  const socket = useMemo(() => new InboxSocket(), []);
  const [connected, setConnected] = useState(false);

  useEffect(() => {
    const off = socket.subscribe((event) => {
      if (event.type === "connected" || event.type === "hello") setConnected(true);
      if (event.type === "disconnected") setConnected(false);
    });
    socket.start();
    return () => {
      off();
      socket.stop();
    };
  }, [socket]);

  const value = useMemo(
    () => ({ connected, subscribe: socket.subscribe.bind(socket) }),
    [connected, socket],
  );
  return <LiveContext.Provider value={value}>{children}</LiveContext.Provider>;
}

export function useLive(): LiveValue {
  const value = useContext(LiveContext);
  if (!value) throw new Error("useLive outside LiveProvider");
  return value;
}
