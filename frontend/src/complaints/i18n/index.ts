/**
 * The complaints namespace, one file per page: each part holds both languages of its keys, merged
 * here into the one catalogue registered in `src/i18n/index.ts`.
 */
import type { Catalogue } from "../../i18n";
import { shared } from "./shared";
import { board } from "./board";
import { opening } from "./opening";
import { complaint } from "./complaint";
import { evidence } from "./evidence";
import { reports } from "./reports";

export const complaints = {
  en: {
    ...shared.en,
    ...board.en,
    ...opening.en,
    ...complaint.en,
    ...evidence.en,
    ...reports.en,
  },
  "zh-CN": {
    ...shared["zh-CN"],
    ...board["zh-CN"],
    ...opening["zh-CN"],
    ...complaint["zh-CN"],
    ...evidence["zh-CN"],
    ...reports["zh-CN"],
  },
} satisfies Catalogue;
