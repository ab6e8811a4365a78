/**
 * The embeddable visitor widget (built to dist/widget.js, an IIFE with no dependencies):
 *   <script src="https://help.example.com/widget.js" data-queue="support" data-lang="zh-CN"></script>
 * The API is the script's own origin; `data-queue` is the queue slug; `data-lang` zh-CN or en
 * (default: the browser's language). `window.HelpdeskWidget.open()` / `.close()` for the host page.
 */
import { pickLanguage } from "./i18n";
import { Widget } from "./widget";

declare global {
  interface Window {
    HelpdeskWidget?: { open(): void; close(): void; widget: Widget };
  }
}

function ownScript(): HTMLScriptElement | null {
  const current = document.currentScript;
  if (current instanceof HTMLScriptElement) return current;
  const all = document.querySelectorAll<HTMLScriptElement>("script[src]");
  return [...all].reverse().find((s) => /\/widget\.js(\?|#|$)/.test(s.src)) ?? null;
}

function boot(script: HTMLScriptElement | null) {
  if (window.HelpdeskWidget) return; // included twice: one widget
  const data = script?.dataset ?? {};
  const widget = new Widget({
    base: new URL(script?.src || window.location.href).origin,
    queue: data.queue?.trim() || "support",
    language: pickLanguage(data.lang, navigator.languages ?? [navigator.language]),
  });
  window.HelpdeskWidget = { open: () => widget.open(), close: () => widget.close(), widget };
}

const script = ownScript();
if (document.body) boot(script);
else document.addEventListener("DOMContentLoaded", () => boot(script), { once: true });
