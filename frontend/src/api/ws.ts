/** The inbox websocket: a doorbell that reconnects by itself (backoff with jitter). */

export interface InboxEvent<T = unknown> {
  type: string;
  payload?: T;
  queues?: number[];
}

type Listener = (event: InboxEvent) => void;

export interface SocketLike {
  readyState: number;
  onopen: ((ev: Event) => void) | null;
  onclose: ((ev: CloseEvent) => void) | null;
  onmessage: ((ev: MessageEvent) => void) | null;
  send(data: string): void;
  close(code?: number): void;
}

export interface InboxSocketOptions {
  url?: string;
  /** For tests: how to open a socket. */
  connect?: (url: string) => SocketLike;
  minDelayMs?: number;
  maxDelayMs?: number;
  random?: () => number;
}

/** Close codes after which reconnecting is pointless (the user must sign in again). */
export const CLOSE_UNAUTHENTICATED = 4401;

export function backoffDelay(attempt: number, minMs: number, maxMs: number, random: () => number) {
  const ceiling = Math.min(maxMs, minMs * 2 ** attempt);
  return Math.round(ceiling / 2 + (random() * ceiling) / 2);
}

export class InboxSocket {
  private socket: SocketLike | null = null;
  private listeners = new Set<Listener>();
  private attempt = 0;
  private timer: ReturnType<typeof setTimeout> | null = null;
  private stopped = false;
  private readonly options: Required<Omit<InboxSocketOptions, "url">> & { url: string };

  constructor(options: InboxSocketOptions = {}) {
    const scheme = window.location.protocol === "https:" ? "wss" : "ws";
    this.options = {
      url: options.url ?? `${scheme}://${window.location.host}/ws/inbox/`,
      connect: options.connect ?? ((url) => new WebSocket(url) as unknown as SocketLike),
      minDelayMs: options.minDelayMs ?? 500,
      maxDelayMs: options.maxDelayMs ?? 15000,
      random: options.random ?? Math.random,
    };
  }

  subscribe(listener: Listener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  start(): void {
    this.stopped = false;
    this.open();
  }

  stop(): void {
    this.stopped = true;
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    this.socket?.close(1000);
    this.socket = null;
  }

  private emit(event: InboxEvent) {
    for (const listener of this.listeners) listener(event);
  }

  private open() {
    const socket = this.options.connect(this.options.url);
    this.socket = socket;
    socket.onopen = () => {
      this.attempt = 0;
      this.emit({ type: "connected" });
    };
    socket.onmessage = (message: MessageEvent) => {
      try {
        this.emit(JSON.parse(String(message.data)) as InboxEvent);
      } catch {
        // a frame that is not JSON is ignored; the socket stays up
      }
    };
    socket.onclose = (event: CloseEvent) => {
      this.socket = null;
      this.emit({ type: "disconnected" });
      if (this.stopped || event.code === CLOSE_UNAUTHENTICATED) return;
      const delay = backoffDelay(
        this.attempt++,
        this.options.minDelayMs,
        this.options.maxDelayMs,
        this.options.random,
      );
      this.timer = setTimeout(() => this.open(), delay);
    };
  }
}
