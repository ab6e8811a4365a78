import type { Catalogue } from "../i18n";

export const queues = {
  en: {},
  "zh-CN": {},
} satisfies Catalogue;
