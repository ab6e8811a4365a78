import type { Catalogue } from "../i18n";

export const tickets = {
  en: {},
  "zh-CN": {},
} satisfies Catalogue;
