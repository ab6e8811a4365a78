/**
 * The shifts namespace, one file per page: each part holds both languages of its keys, merged here
 * into the one catalogue registered in `src/i18n/index.ts`.
 */
import type { Catalogue } from "../../i18n";
import { shared } from "./shared";
import { shiftTypes } from "./shiftTypes";
import { leave } from "./leave";
import { rules } from "./rules";
import { rosters } from "./rosters";
import { mine } from "./mine";

export const shifts = {
  en: {
    ...shared.en,
    ...shiftTypes.en,
    ...leave.en,
    ...rules.en,
    ...rosters.en,
    ...mine.en,
  },
  "zh-CN": {
    ...shared["zh-CN"],
    ...shiftTypes["zh-CN"],
    ...leave["zh-CN"],
    ...rules["zh-CN"],
    ...rosters["zh-CN"],
    ...mine["zh-CN"],
  },
} satisfies Catalogue;
