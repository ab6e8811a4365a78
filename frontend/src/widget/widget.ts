/** The widget on the page: launcher, panel and screens in an open shadow root (DOM only here). */
import type { SocketLike } from "../api/ws";
import { WidgetApi, WidgetApiError } from "./api";
import { composer, messageNode, pendingNode, ratingForm, ratingThanks } from "./chatView";
import {
  uuid4,
  WidgetConnection,
  type ConnectionEvent,
  type ConnectionStatus,
  type WidgetConnectionOptions,
} from "./connection";
import { clear, h, icon } from "./dom";
import { visitorForm } from "./forms";
import { serverLanguage, translator, type Translate, type WidgetKey, type WidgetLanguage } from "./i18n";
import { clearSession, loadSession, panelWasOpen, rememberPanel, saveSession, type StoredSession } from "./storage";
import { CSS } from "./styles";
import { agentName, isEnded, type ConversationInfo, type VisitorDetails, type WidgetStatus } from "./types";

export interface WidgetOptions {
  /** The help desk's origin (the script's own). */
  base: string;
  queue: string;
  language: WidgetLanguage;
  mount?: HTMLElement;
  /** Tests: the websocket factory and timings. */
  connection?: Partial<Omit<WidgetConnectionOptions, "conversation" | "url" | "history">> & {
    connect?: (url: string) => SocketLike;
  };
  /** How often a waiting visitor's place in the queue is refreshed. */
  pollMs?: number;
}

/** A constructed sheet where the browser has them (a host page's CSP on inline styles does not
 * apply to it), else a <style> element. */
function adoptStyles(root: ShadowRoot) {
  try {
    const sheet = new CSSStyleSheet();
    sheet.replaceSync(CSS);
    root.adoptedStyleSheets = [sheet];
  } catch {
    root.prepend(h("style", {}, CSS));
  }
}

interface ChatParts {
  wait: HTMLElement;
  log: HTMLElement;
  typing: HTMLElement;
  alert: HTMLElement;
  footer: HTMLElement;
}

export class Widget {
  readonly host: HTMLElement;
  readonly root: ShadowRoot;
  private readonly t: Translate;
  private readonly api: WidgetApi;
  private readonly launcher: HTMLButtonElement;
  private readonly badge: HTMLElement;
  private readonly panel: HTMLElement;
  private readonly title: HTMLElement;
  private readonly sub: HTMLElement;
  private readonly statusNode: HTMLElement;
  private readonly body: HTMLElement;
  private isOpen = false;
  private started = false;
  private unread = 0;
  private queueStatus: WidgetStatus | null = null;
  private session: StoredSession | null;
  private conversation: ConversationInfo | null = null;
  private connection: WidgetConnection | null = null;
  private unsubscribe: (() => void) | null = null;
  private chat: ChatParts | null = null;
  private pollTimer: ReturnType<typeof setInterval> | null = null;
  private rated = false;
  private notice: string | null = null;
  /** The highest seq already counted for the launcher's badge; -1 before the history arrived. */
  private seen = -1;
  /** `conversation.updated` frames received (a poll's answer older than one is not applied). */
  private frames = 0;

  constructor(private readonly o: WidgetOptions) {
    this.t = translator(o.language);
    this.api = new WidgetApi({ base: o.base, language: serverLanguage(o.language), networkMessage: this.t("networkError") });
    const t = this.t;
    this.host = h("div", { "data-helpdesk-widget": o.queue });
    this.root = this.host.attachShadow({ mode: "open" });
    this.badge = h("span", { class: "badge", testid: "widget-unread", hidden: true });
    this.launcher = h(
      "button",
      { type: "button", class: "launcher", testid: "widget-launcher", "aria-label": t("launcher"), title: t("launcher"), "aria-expanded": "false", onclick: () => this.open() },
      icon("chat"),
      this.badge,
    );
    this.title = h("h2", { id: "widget-title" }, t("title"));
    this.sub = h("div", { class: "sub" });
    this.statusNode = h("div", { class: "status", testid: "widget-status", "data-state": "idle", role: "status" });
    this.body = h("div", { class: "body" });
    this.panel = h(
      "section",
      { class: "panel", testid: "widget-panel", role: "dialog", "aria-labelledby": "widget-title", hidden: true },
      h(
        "header",
        { class: "head" },
        h("div", { class: "titles" }, this.title, this.sub, this.statusNode),
        h("button", { type: "button", testid: "widget-close", "aria-label": t("close"), onclick: () => this.close() }, "×"),
      ),
      this.body,
    );
    this.panel.addEventListener("keydown", (event) => {
      if (event.key === "Escape") this.close();
    });
    this.root.append(this.launcher, this.panel);
    adoptStyles(this.root);
    (o.mount ?? document.body).append(this.host);
    document.addEventListener("visibilitychange", this.onVisible);
    window.addEventListener("online", this.onOnline);

    this.session = loadSession(o.queue);
    if (this.session) {
      this.started = true;
      void this.restore();
    }
    if (panelWasOpen(o.queue)) this.open();
  }

  open(): void {
    this.isOpen = true;
    rememberPanel(this.o.queue, true);
    this.panel.hidden = false;
    this.launcher.hidden = true;
    this.launcher.setAttribute("aria-expanded", "true");
    this.setUnread(0);
    if (!this.started) {
      this.started = true;
      void this.showStart();
    }
    this.markRead();
    const first = this.body.querySelector<HTMLElement>("input, textarea");
    first?.focus();
  }

  close(): void {
    this.isOpen = false;
    rememberPanel(this.o.queue, false);
    this.panel.hidden = true;
    this.launcher.hidden = false;
    this.launcher.setAttribute("aria-expanded", "false");
    this.launcher.focus();
  }

  destroy(): void {
    this.stopChat();
    document.removeEventListener("visibilitychange", this.onVisible);
    window.removeEventListener("online", this.onOnline);
    this.host.remove();
  }

  private readonly onVisible = () => this.markRead();
  private readonly onOnline = () => this.connection?.reconnectNow();

  private setView(...nodes: Node[]) {
    clear(this.body);
    this.body.append(...nodes);
    if (this.isOpen) this.body.querySelector<HTMLElement>("input, textarea")?.focus();
  }

  private loading() {
    this.chat = null;
    this.setView(h("div", { class: "center", role: "status" }, this.t("loading")));
  }

  private failed(error: unknown, retry: () => void) {
    this.chat = null;
    this.setView(
      h(
        "div",
        { class: "center", testid: "widget-load-error" },
        h("p", { role: "alert" }, error instanceof WidgetApiError && error.status ? error.message : this.t("loadFailed")),
        h("button", { type: "button", testid: "widget-retry", onclick: retry }, this.t("retry")),
      ),
    );
  }

  private setHeader() {
    const t = this.t;
    this.title.textContent = this.queueStatus?.name || t("title");
    clear(this.sub);
    const c = this.conversation;
    if (!c) {
      if (this.queueStatus?.open) this.sub.append(t("agentsOnline", { n: this.queueStatus.agents_online }));
    } else if (isEnded(c.state)) {
      this.sub.append(t("ended"));
    } else {
      const name = agentName(c.agent);
      if (name || c.state === "active") {
        this.sub.append(t("servedBy"), " ", h("strong", { testid: "widget-agent-name" }, name ?? t("agentFallback")));
      }
    }
  }

  private setStatus(state: ConnectionStatus) {
    const keys: Record<ConnectionStatus, WidgetKey> = {
      idle: "statusIdle",
      connecting: "statusConnecting",
      open: "statusOpen",
      reconnecting: "statusReconnecting",
      closed: "statusClosed",
    };
    this.statusNode.dataset.state = state;
    this.statusNode.textContent = this.t(keys[state]);
    this.statusNode.hidden = !this.statusNode.textContent;
  }

  private setUnread(n: number) {
    this.unread = n;
    this.badge.hidden = n === 0;
    this.badge.textContent = n ? String(n) : "";
    this.badge.setAttribute("aria-label", this.t("unread", { n }));
  }

  // --- start: status → pre-chat or offline form -------------------------------------------

  private async showStart(notice: string | null = this.notice, initial?: Partial<VisitorDetails>) {
    this.notice = null;
    this.conversation = null;
    this.setStatus("idle");
    this.loading();
    try {
      this.queueStatus = await this.api.status(this.o.queue);
    } catch (error) {
      this.failed(error, () => void this.showStart(notice, initial));
      return;
    }
    this.setHeader();
    if (this.queueStatus.open) this.showPrechat(notice, initial);
    else this.showOffline(notice, initial);
  }

  private showPrechat(notice: string | null, initial?: Partial<VisitorDetails>) {
    const t = this.t;
    this.chat = null;
    this.setView(
      visitorForm({
        t,
        testid: "widget-prechat-form",
        fields: ["name", "contact", "topic"],
        required: ["name", "contact"],
        intro: t("prechatIntro"),
        notice,
        submitLabel: t("startChat"),
        submitTestid: "widget-start",
        initial,
        onSubmit: async (details) => {
          try {
            const answer = await this.api.start(this.o.queue, details);
            this.session = { conversation: answer.conversation, token: answer.token };
            saveSession(this.o.queue, this.session);
            this.api.token = answer.token;
            await this.enterChat({ id: answer.conversation, state: answer.state, queue_position: null, agent: null });
          } catch (error) {
            if (error instanceof WidgetApiError && error.code === "chat_closed") {
              this.showOffline(t("closedNotice"), details);
              return;
            }
            throw error;
          }
        },
      }),
    );
  }

  private showOffline(notice: string | null, initial?: Partial<VisitorDetails>) {
    const t = this.t;
    this.chat = null;
    this.setView(
      visitorForm({
        t,
        testid: "widget-offline-form",
        fields: ["name", "contact", "topic", "message"],
        required: ["name", "contact", "message"],
        intro: t("offlineIntro"),
        notice,
        submitLabel: t("sendMessage"),
        submitTestid: "widget-offline-submit",
        initial,
        onSubmit: async (details) => {
          const answer = await this.api.leaveMessage(this.o.queue, details);
          this.setView(
            h(
              "div",
              { class: "done", testid: "widget-offline-done", role: "status" },
              h("strong", {}, t("offlineDone")),
              h("p", {}, t("ticketRef", { ref: "" }), h("span", { class: "ref", testid: "widget-ticket-ref" }, String(answer.ticket))),
            ),
          );
        },
      }),
    );
  }

  // --- a conversation ---------------------------------------------------------------------

  private async restore() {
    const session = this.session!;
    this.api.token = session.token;
    this.loading();
    try {
      const info = await this.api.conversation(session.conversation);
      await this.enterChat({ ...info, id: info.id ?? session.conversation });
    } catch (error) {
      if (error instanceof WidgetApiError && error.tokenRejected) {
        this.forget();
        this.notice = this.t("expiredNotice");
        if (this.isOpen) void this.showStart();
        else this.started = false;
      } else {
        this.failed(error, () => void this.restore());
      }
    }
  }

  private async enterChat(info: ConversationInfo) {
    const t = this.t;
    this.conversation = info;
    this.rated = Boolean(info.rating);
    const parts: ChatParts = {
      wait: h("div", { class: "wait", testid: "widget-queue-position", role: "status", hidden: true }),
      log: h("div", { class: "log", testid: "widget-messages", role: "log", "aria-live": "polite", tabindex: 0, "aria-label": t("title") }),
      typing: h("div", { class: "typing", testid: "widget-typing", "aria-live": "polite", hidden: true }),
      alert: h("div", { class: "alert", role: "alert", testid: "widget-error", hidden: true }),
      footer: h("div", {}),
    };
    this.chat = parts;
    this.setView(parts.wait, parts.log, parts.typing, parts.alert, parts.footer);

    const session = this.session!;
    const scheme = this.o.base.startsWith("https:") ? "wss:" : "ws:";
    const url = `${scheme}//${new URL(this.o.base).host}/ws/chat/visitor/?token=${encodeURIComponent(session.token)}`;
    const connection = new WidgetConnection({
      ...this.o.connection,
      conversation: info.id,
      url,
      history: (id, after) => this.api.messages(id, after),
      outbox: session.outbox,
      agentReadSeq: info.agent_last_read_seq ?? 0,
    });
    this.connection = connection;
    this.unsubscribe = connection.subscribe((event) => this.onEvent(event));
    this.applyConversation();
    if (isEnded(info.state)) {
      await connection.reloadHistory().catch(() => undefined);
    } else {
      await connection.start();
      // The place in the queue and the expected wait (the status call) right away.
      if (this.conversation?.state === "waiting") void this.refreshConversation();
    }
  }

  /** The conversation's state changed (HTTP or `conversation.updated`): header, banner, footer. */
  private applyConversation() {
    const c = this.conversation;
    const chat = this.chat;
    if (!c || !chat) return;
    const t = this.t;
    this.setHeader();
    const ended = isEnded(c.state);
    const waiting = !ended && c.state === "waiting" && !agentName(c.agent);
    chat.wait.hidden = !waiting;
    if (waiting) {
      const wait = this.queueStatus?.expected_wait_seconds;
      const minutes = wait ? Math.ceil(wait / 60) : 0;
      chat.wait.textContent = [
        c.queue_position ? t("waitingPosition", { n: c.queue_position }) : t("waitingNoPosition"),
        wait === undefined ? null : t("expectedWait", { time: minutes <= 1 ? t("lessThanMinute") : t("minutes", { n: minutes }) }),
      ]
        .filter(Boolean)
        .join(" · ");
      if (!this.pollTimer) this.pollTimer = setInterval(() => void this.refreshConversation(), this.o.pollMs ?? 15000);
    } else if (this.pollTimer) {
      clearInterval(this.pollTimer);
      this.pollTimer = null;
    }
    // The footer is rebuilt only when its kind changes: a half-typed message survives a poll.
    const footer = !ended ? "composer" : this.rated ? "thanks" : "rating";
    if (chat.footer.dataset.kind === footer) return;
    chat.footer.dataset.kind = footer;
    clear(chat.footer);
    if (!ended) {
      chat.footer.append(
        composer({
          t,
          onSend: (text) => this.connection?.send(text),
          onTyping: (typing) => this.connection?.typing(typing),
          onFile: (file) => void this.upload(file),
          onEnd: () => void this.endChat(),
        }),
      );
      return;
    }
    if (this.connection && this.connection.status !== "closed") this.connection.stop();
    this.setStatus("idle");
    chat.typing.hidden = true;
    chat.footer.append(
      this.rated
        ? ratingThanks(t, () => this.newChat())
        : ratingForm({
            t,
            onSubmit: (score, comment) => this.rate(score, comment),
            onNewChat: () => this.newChat(),
          }),
    );
  }

  private async refreshConversation() {
    const c = this.conversation;
    if (!c || isEnded(c.state)) return;
    const frames = this.frames;
    try {
      const [info, status] = await Promise.all([
        this.api.conversation(c.id),
        this.api.status(this.o.queue).catch(() => this.queueStatus),
      ]);
      if (this.conversation?.id !== c.id) return;
      this.queueStatus = status;
      // A websocket frame that came while we asked is newer than this answer.
      if (this.frames === frames) this.updateConversation(info);
      else this.applyConversation();
    } catch {
      // the next poll or a websocket frame will tell
    }
  }

  private updateConversation(update: Partial<ConversationInfo>) {
    if (!this.conversation) return;
    const before = this.conversation;
    this.conversation = { ...before, ...update, id: before.id };
    if (update.rating) this.rated = true;
    const changed =
      before.state !== this.conversation.state ||
      agentName(before.agent) !== agentName(this.conversation.agent) ||
      before.queue_position !== this.conversation.queue_position;
    if (changed || this.conversation.state === "waiting") this.applyConversation();
  }

  private onEvent(event: ConnectionEvent) {
    const chat = this.chat;
    switch (event.type) {
      case "messages":
      case "read":
        this.renderMessages();
        if (event.type === "messages") this.persistOutbox();
        break;
      case "status":
        if (!this.conversation || !isEnded(this.conversation.state)) this.setStatus(event.status);
        break;
      case "typing":
        if (chat) {
          chat.typing.hidden = event.name === null;
          chat.typing.textContent = event.name === null ? "" : this.t("typing", { name: event.name || this.agentLabel() });
        }
        break;
      case "conversation":
        this.frames += 1;
        this.updateConversation(event.conversation);
        break;
      case "error":
        if (chat && !event.ref) this.showAlert(event.message);
        break;
      case "rejected":
        this.forget();
        void this.showStart(this.t("expiredNotice"));
        break;
    }
  }

  private agentLabel(): string {
    return agentName(this.conversation?.agent) ?? this.t("agentFallback");
  }

  private showAlert(text: string | null) {
    if (!this.chat) return;
    this.chat.alert.textContent = text ?? "";
    this.chat.alert.hidden = !text;
  }

  private renderMessages() {
    const chat = this.chat;
    const connection = this.connection;
    if (!chat || !connection) return;
    const log = chat.log;
    const atBottom = log.scrollHeight - log.scrollTop - log.clientHeight < 40;
    const messages = connection.messages;
    let lastVisitor = 0;
    for (const m of messages) if (m.sender === "visitor") lastVisitor = m.seq;
    const readMark = lastVisitor > 0 && connection.agentReadSeq >= lastVisitor ? lastVisitor : 0;
    const nodes: Node[] = messages.map((m) =>
      messageNode(m, { t: this.t, language: this.o.language, api: this.api, read: m.seq === readMark }),
    );
    for (const item of connection.pending)
      nodes.push(pendingNode(item, this.t, () => connection.discard(item.client_id)));
    log.replaceChildren(...nodes);
    if (atBottom || messages.length + connection.pending.length <= 1) log.scrollTop = log.scrollHeight;
    // New messages from the agent while the panel is closed: the launcher shows how many.
    const fresh = messages.filter((m) => m.seq > this.seen && m.sender !== "visitor").length;
    if (this.seen >= 0 && !this.isOpen && fresh) this.setUnread(this.unread + fresh);
    this.seen = Math.max(this.seen, connection.lastSeq);
    this.markRead();
  }

  private markRead() {
    if (!this.isOpen || document.visibilityState === "hidden" || !this.connection) return;
    const last = this.connection.lastSeq;
    if (last > 0) this.connection.markRead(last);
  }

  private persistOutbox() {
    if (!this.session || !this.connection) return;
    const outbox = this.connection.pending.filter((p) => !p.failed);
    if ((this.session.outbox?.length ?? 0) === 0 && outbox.length === 0) return;
    this.session = { ...this.session, outbox };
    saveSession(this.o.queue, this.session);
  }

  private async upload(file: File) {
    const c = this.conversation;
    if (!c) return;
    this.showAlert(this.t("uploading", { name: file.name }));
    try {
      const message = await this.api.upload(c.id, file, uuid4());
      this.showAlert(null);
      if (message && typeof message === "object" && "seq" in message) this.connection?.receive(message);
    } catch (error) {
      this.showAlert(error instanceof Error ? error.message : this.t("networkError"));
    }
  }

  private async endChat() {
    const c = this.conversation;
    if (!c) return;
    try {
      await this.api.end(c.id);
      this.updateConversation({ state: "ended" });
    } catch (error) {
      if (error instanceof WidgetApiError && error.code === "conversation_ended") this.updateConversation({ state: "ended" });
      else this.showAlert(error instanceof Error ? error.message : this.t("networkError"));
    }
  }

  private async rate(score: number, comment: string) {
    const c = this.conversation;
    if (!c) return;
    try {
      await this.api.rate(c.id, score, comment);
    } catch (error) {
      if (!(error instanceof WidgetApiError && error.code === "already_rated")) throw error;
    }
    this.rated = true;
    this.applyConversation();
  }

  private stopChat() {
    this.unsubscribe?.();
    this.unsubscribe = null;
    this.connection?.stop();
    this.connection = null;
    if (this.pollTimer) clearInterval(this.pollTimer);
    this.pollTimer = null;
    this.seen = -1;
  }

  private forget() {
    this.stopChat();
    clearSession(this.o.queue);
    this.session = null;
    this.conversation = null;
    this.api.token = null;
    this.setStatus("idle");
  }

  private newChat() {
    this.forget();
    void this.showStart(null);
  }
}
