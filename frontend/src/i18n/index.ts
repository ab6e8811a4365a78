/**
 * Translations: zh-CN and en. Each feature keeps its strings in its own namespace file
 * (`src/<feature>/i18n.ts`, or `src/<feature>/i18n/` split by page), registered here; `common` holds the shell's.
 */
import i18n from "i18next";
import { initReactI18next } from "react-i18next";

import { common } from "./common";
import { chat } from "../chat/i18n";
import { complaints } from "../complaints/i18n";
import { customers } from "../customers/i18n";
import { hotline } from "../hotline/i18n";
import { inbox } from "../inbox/i18n";
import { orders } from "../orders/i18n";
import { performance } from "../quality/performance/i18n";
import { quality } from "../quality/i18n";
import { surveys } from "../quality/surveys/i18n";
import { queues } from "../queues/i18n";
import { reports } from "../reports/i18n";
import { wallboard } from "../reports/wallboard/i18n";
import { shifts } from "../shifts/i18n";
import { sla } from "../sla/i18n";
import { staffing } from "../staffing/i18n";
import { tickets } from "../tickets/i18n";

export type Language = "zh-CN" | "en";
export const LANGUAGES: Language[] = ["zh-CN", "en"];

export type Catalogue = { en: Record<string, unknown>; "zh-CN": Record<string, unknown> };
export const NAMESPACES: Record<string, Catalogue> = {
  common,
  inbox,
  tickets,
  customers,
  queues,
  chat,
  staffing,
  shifts,
  sla,
  orders,
  complaints,
  hotline,
  quality,
  surveys,
  performance,
  wallboard,
  reports,
};

const STORAGE_KEY = "helpdesk.language";

/** The server's language codes (Django) ↔ the browser app's. */
export function fromServerLanguage(code: string | null | undefined): Language | null {
  if (!code) return null;
  return code.toLowerCase().startsWith("zh") ? "zh-CN" : "en";
}

export function toServerLanguage(language: Language): "zh-hans" | "en" {
  return language === "zh-CN" ? "zh-hans" : "en";
}

export function initialLanguage(): Language {
  const stored = fromServerLanguage(window.localStorage.getItem(STORAGE_KEY));
  if (stored) return stored;
  return navigator.language?.toLowerCase().startsWith("en") ? "en" : "zh-CN";
}

export function rememberLanguage(language: Language) {
  window.localStorage.setItem(STORAGE_KEY, language);
  document.documentElement.lang = language;
}

const resources: Record<Language, Record<string, Record<string, unknown>>> = { en: {}, "zh-CN": {} };
for (const [ns, catalogue] of Object.entries(NAMESPACES)) {
  resources.en[ns] = catalogue.en;
  resources["zh-CN"][ns] = catalogue["zh-CN"];
}

void i18n.use(initReactI18next).init({
  resources,
  lng: initialLanguage(),
  fallbackLng: "en",
  defaultNS: "common",
  ns: Object.keys(NAMESPACES),
  interpolation: { escapeValue: false },
  returnNull: false,
});

export default i18n;
