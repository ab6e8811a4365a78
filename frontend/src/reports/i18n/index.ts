/**
 * The `reports` namespace (the period reports' pages), one file per page: each part holds both
 * languages of its keys, merged here into the catalogue registered in `src/i18n/index.ts`.
 */
import type { Catalogue } from "../../i18n";
import { daily } from "./daily";
import { monthly } from "./monthly";
import { service } from "./service";
import { shared } from "./shared";

export const reports = {
  en: { ...shared.en, ...service.en, ...daily.en, ...monthly.en },
  "zh-CN": { ...shared["zh-CN"], ...service["zh-CN"], ...daily["zh-CN"], ...monthly["zh-CN"] },
} satisfies Catalogue;
