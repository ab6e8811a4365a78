/**
 * The `performance` namespace (the staff's quality pages), one file per page: each part holds
 * both languages of its keys, merged here into the catalogue registered in `src/i18n/index.ts`.
 */
import type { Catalogue } from "../../../i18n";
import { actions } from "./actions";
import { ledger } from "./ledger";
import { mine } from "./mine";
import { ranking } from "./ranking";
import { reviews } from "./reviews";
import { shared } from "./shared";

export const performance = {
  en: { ...shared.en, ...ledger.en, ...ranking.en, ...mine.en, ...reviews.en, ...actions.en },
  "zh-CN": {
    ...shared["zh-CN"],
    ...ledger["zh-CN"],
    ...ranking["zh-CN"],
    ...mine["zh-CN"],
    ...reviews["zh-CN"],
    ...actions["zh-CN"],
  },
} satisfies Catalogue;
