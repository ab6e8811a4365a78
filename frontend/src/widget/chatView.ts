/** Pieces of the chat screen: a message, a pending message, the composer, the rating form. */
import type { WidgetApi } from "./api";
import { MAX_MESSAGE_CHARS } from "./connection";
import { h, icon } from "./dom";
import type { Translate } from "./i18n";
import type { ChatAttachment, ChatMessage, PendingMessage } from "./types";

export function timeOf(iso: string, language: string): string {
  const date = new Date(iso);
  return Number.isNaN(date.getTime())
    ? ""
    : date.toLocaleTimeString(language, { hour: "2-digit", minute: "2-digit" });
}

function sizeOf(bytes: number | undefined): string {
  if (!bytes) return "";
  if (bytes < 1024) return `${bytes} B`;
  if (bytes < 1024 * 1024) return `${(bytes / 1024).toFixed(0)} KB`;
  return `${(bytes / 1024 / 1024).toFixed(1)} MB`;
}

const previews = new Map<string, Promise<string>>();

/** The file as a button: downloads with the visitor's token; images get a thumbnail. */
function attachmentNode(attachment: ChatAttachment, api: WidgetApi, t: Translate): HTMLElement {
  const name = attachment.name ?? attachment.filename ?? "file";
  const label = [name, sizeOf(attachment.size)].filter(Boolean).join(" · ");
  const button = h(
    "button",
    { type: "button", class: "file", "aria-label": t("download", { name }) },
    h("span", { class: "row" }, icon("clip"), label),
  );
  const url = attachment.url;
  if (!url) {
    button.disabled = true;
    return button;
  }
  const blobUrl = () => {
    let promise = previews.get(url);
    if (!promise) {
      promise = api.download(url).then((blob) => URL.createObjectURL(blob));
      promise.catch(() => previews.delete(url));
      previews.set(url, promise);
    }
    return promise;
  };
  if ((attachment.content_type ?? "").startsWith("image/")) {
    const img = h("img", { alt: name });
    img.addEventListener("load", () => {
      // Keep the newest message in view when a thumbnail grows the log.
      const log = img.closest(".log");
      if (log && log.scrollHeight - log.scrollTop - log.clientHeight < img.height + 80) log.scrollTop = log.scrollHeight;
    });
    button.prepend(img);
    blobUrl()
      .then((src) => (img.src = src))
      .catch(() => img.remove());
  }
  button.addEventListener("click", () => {
    void blobUrl().then((src) => {
      const link = h("a", { href: src, download: name, hidden: true });
      button.after(link);
      link.click();
      link.remove();
    });
  });
  return button;
}

export function messageNode(
  message: ChatMessage,
  o: { t: Translate; language: string; api: WidgetApi; read: boolean },
): HTMLElement {
  const { t } = o;
  const who =
    message.sender === "agent" ? (message.author?.name ?? t("agentFallback")) : message.sender === "visitor" ? t("you") : null;
  return h(
    "div",
    {
      class: `msg ${message.sender}`,
      testid: `widget-message-${message.seq}`,
      "data-sender": message.sender,
      "data-seq": message.seq,
    },
    who && message.sender === "agent" ? h("div", { class: "who" }, who) : null,
    h(
      "div",
      { class: "bubble" },
      message.body || null,
      message.attachment ? attachmentNode(message.attachment, o.api, t) : null,
    ),
    message.sender === "system"
      ? null
      : h(
          "div",
          { class: "meta" },
          timeOf(message.created_at, o.language),
          o.read ? h("span", { testid: "widget-read" }, ` · ${t("read")}`) : null,
        ),
  );
}

export function pendingNode(item: PendingMessage, t: Translate, onDiscard: () => void): HTMLElement {
  return h(
    "div",
    {
      class: `msg visitor ${item.failed ? "failed" : "pending"}`,
      testid: "widget-pending",
      "data-client-id": item.client_id,
    },
    h("div", { class: "bubble" }, item.body),
    h(
      "div",
      { class: "meta" },
      item.failed ? t("failed", { reason: item.failed }) : t("sending"),
      item.failed ? h("button", { type: "button", class: "link", onclick: onDiscard, "aria-label": t("close") }, "×") : null,
    ),
  );
}

export interface ComposerOptions {
  t: Translate;
  onSend: (text: string) => void;
  onTyping: (typing: boolean) => void;
  onFile: (file: File) => void;
  onEnd: () => void;
}

export function composer(o: ComposerOptions): HTMLElement {
  const { t } = o;
  const input = h("textarea", {
    testid: "widget-input",
    rows: 2,
    maxlength: MAX_MESSAGE_CHARS,
    "aria-label": t("inputLabel"),
    placeholder: t("inputPlaceholder"),
  });
  const file = h("input", { type: "file", class: "sr", testid: "widget-file", tabindex: -1, "aria-hidden": "true" });
  const send = () => {
    const text = input.value.trim();
    if (!text) return;
    o.onSend(text);
    input.value = "";
    input.focus();
  };
  input.addEventListener("input", () => o.onTyping(input.value.trim() !== ""));
  input.addEventListener("blur", () => o.onTyping(false));
  input.addEventListener("keydown", (event) => {
    if (event.key === "Enter" && !event.shiftKey && !event.isComposing) {
      event.preventDefault();
      send();
    }
  });
  file.addEventListener("change", () => {
    const chosen = file.files?.[0];
    if (chosen) o.onFile(chosen);
    file.value = "";
  });
  return h(
    "div",
    { class: "composer" },
    input,
    file,
    h(
      "div",
      { class: "row" },
      h(
        "button",
        { type: "button", class: "ghost", testid: "widget-attach", "aria-label": t("attach"), title: t("attach"), onclick: () => file.click() },
        icon("clip"),
      ),
      h("button", { type: "button", class: "link", testid: "widget-end", onclick: o.onEnd }, t("end")),
      h("span", { class: "grow" }),
      h("button", { type: "button", testid: "widget-send", onclick: send }, t("send")),
    ),
  );
}

export interface RatingOptions {
  t: Translate;
  onSubmit: (score: number, comment: string) => Promise<void>;
  onNewChat: () => void;
}

export function ratingForm(o: RatingOptions): HTMLElement {
  const { t } = o;
  let score = 0;
  const stars = [1, 2, 3, 4, 5].map((n) =>
    h(
      "button",
      {
        type: "button",
        testid: `widget-rating-star-${n}`,
        "aria-label": t("star", { n }),
        "aria-pressed": "false",
        onclick: () => {
          score = n;
          error.hidden = true;
          stars.forEach((star, index) => {
            star.classList.toggle("on", index < n);
            star.setAttribute("aria-pressed", String(index + 1 === n));
          });
        },
      },
      "★",
    ),
  );
  const comment = h("textarea", { id: "widget-rating-comment", testid: "widget-rating-comment", rows: 2, maxlength: 1000 });
  const error = h("div", { class: "err", role: "alert", hidden: true });
  const submit = h("button", { type: "submit", testid: "widget-rating-submit" }, t("ratingSubmit"));
  const form = h(
    "form",
    { class: "rating", testid: "widget-rating", novalidate: true },
    h("h3", {}, t("ratingTitle")),
    h("div", { class: "stars", role: "group", "aria-label": t("ratingTitle") }, ...stars),
    h("label", { class: "field", for: "widget-rating-comment" }, h("span", {}, t("ratingComment")), comment),
    error,
    h(
      "div",
      { class: "row" },
      submit,
      h("span", { class: "grow" }),
      h("button", { type: "button", class: "link", testid: "widget-new-chat", onclick: o.onNewChat }, t("newChat")),
    ),
  );
  form.addEventListener("submit", (event) => {
    event.preventDefault();
    if (!score) {
      error.textContent = t("ratingRequired");
      error.hidden = false;
      return;
    }
    submit.disabled = true;
    o.onSubmit(score, comment.value.trim())
      .catch((failure: unknown) => {
        error.textContent = failure instanceof Error ? failure.message : t("networkError");
        error.hidden = false;
      })
      .finally(() => {
        submit.disabled = false;
      });
  });
  return form;
}

export function ratingThanks(t: Translate, onNewChat: () => void): HTMLElement {
  return h(
    "div",
    { class: "rating", testid: "widget-rating-done" },
    h("p", {}, t("ratingThanks")),
    h("button", { type: "button", class: "wide", testid: "widget-new-chat", onclick: onNewChat }, t("newChat")),
  );
}
