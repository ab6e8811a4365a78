import type { Catalogue } from "../i18n";

export const customers = {
  en: {},
  "zh-CN": {},
} satisfies Catalogue;
