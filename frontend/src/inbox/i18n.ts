import type { Catalogue } from "../i18n";

export const inbox = {
  en: {},
  "zh-CN": {},
} satisfies Catalogue;
