/** The widget's HTTP calls (visitor side of /api/v1/chat/): no session, the token as a header. */
import type {
  ChatMessage,
  ConversationInfo,
  HistoryPage,
  StartAnswer,
  VisitorDetails,
  WidgetStatus,
} from "./types";

export class WidgetApiError extends Error {
  readonly status: number;
  readonly code: string;
  readonly fields: Record<string, unknown>;

  constructor(status: number, code: string, message: string, fields: Record<string, unknown> = {}) {
    super(message);
    this.status = status;
    this.code = code;
    this.fields = fields;
  }

  /** The token no longer opens its conversation (expired, or the conversation is gone). */
  get tokenRejected(): boolean {
    return this.status === 401 || this.status === 403 || this.status === 404;
  }
}

export interface WidgetApiOptions {
  /** The origin the widget script came from, e.g. "https://help.example.com". */
  base: string;
  /** Sent as Accept-Language so the server's error messages come back in the widget's language. */
  language: string;
  /** The message to use when the network itself fails. */
  networkMessage: string;
}

export class WidgetApi {
  token: string | null = null;

  constructor(private readonly options: WidgetApiOptions) {}

  private url(path: string): string {
    return `${this.options.base.replace(/\/$/, "")}/api/v1/chat/${path}`;
  }

  private async call<T>(path: string, init: { method?: string; json?: unknown; form?: FormData } = {}) {
    const headers: Record<string, string> = {
      Accept: "application/json",
      "Accept-Language": this.options.language,
    };
    if (this.token) headers["X-Visitor-Token"] = this.token;
    let body: BodyInit | undefined;
    if (init.form) body = init.form;
    else if (init.json !== undefined) {
      headers["Content-Type"] = "application/json";
      body = JSON.stringify(init.json);
    }
    let response: Response;
    try {
      response = await fetch(this.url(path), {
        method: init.method ?? (body ? "POST" : "GET"),
        headers,
        body,
        // Never the host page's or the help desk's session: the visitor is identified by the token.
        credentials: "omit",
      });
    } catch {
      throw new WidgetApiError(0, "network", this.options.networkMessage);
    }
    if (response.status === 204) return undefined as T;
    const isJson = (response.headers.get("Content-Type") ?? "").includes("application/json");
    const data: unknown = isJson ? await response.json().catch(() => null) : null;
    if (!response.ok) {
      const shaped = data && typeof data === "object" && "code" in data ? (data as Record<string, unknown>) : null;
      throw new WidgetApiError(
        response.status,
        shaped ? String(shaped.code) : "http_error",
        shaped && typeof shaped.message === "string" ? shaped.message : `${this.options.networkMessage} (${response.status})`,
        shaped && shaped.fields && typeof shaped.fields === "object" ? (shaped.fields as Record<string, unknown>) : {},
      );
    }
    return data as T;
  }

  status(queue: string): Promise<WidgetStatus> {
    return this.call(`widget/status/?queue=${encodeURIComponent(queue)}`);
  }

  start(queue: string, details: VisitorDetails): Promise<StartAnswer> {
    return this.call("visitor/conversations/", { json: { queue, ...details } });
  }

  leaveMessage(queue: string, details: VisitorDetails): Promise<{ ticket: string }> {
    return this.call("visitor/offline-messages/", { json: { queue, ...details } });
  }

  conversation(id: number): Promise<ConversationInfo> {
    return this.call(`visitor/conversations/${id}/`);
  }

  messages(id: number, after: number): Promise<HistoryPage> {
    return this.call(`visitor/conversations/${id}/messages/?after=${after}`);
  }

  /** `clientId` makes a retried upload idempotent, like a message's. */
  upload(id: number, file: File, clientId: string): Promise<ChatMessage> {
    const form = new FormData();
    form.append("file", file);
    form.append("client_id", clientId);
    return this.call(`visitor/conversations/${id}/attachments/`, { form });
  }

  end(id: number): Promise<unknown> {
    return this.call(`visitor/conversations/${id}/end/`, { method: "POST" });
  }

  rate(id: number, score: number, comment: string): Promise<unknown> {
    return this.call(`visitor/conversations/${id}/rating/`, { json: { score, comment } });
  }

  /** An attachment's bytes (the download needs the token header, so no plain link). */
  async download(url: string): Promise<Blob> {
    const absolute = new URL(url, this.options.base);
    const response = await fetch(absolute.href, {
      headers: this.token ? { "X-Visitor-Token": this.token } : {},
      credentials: "omit",
    });
    if (!response.ok) throw new WidgetApiError(response.status, "http_error", this.options.networkMessage);
    return response.blob();
  }
}
