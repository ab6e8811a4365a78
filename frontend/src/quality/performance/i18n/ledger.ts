import type { Catalogue } from "../../../i18n";

/** The performance ledger (`/quality/ledger`). */
export const ledger = {
  en: {
    ledger: {
      title: "Performance ledger",
      intro: "Every agent's month: work points from the coefficient table, points above the monthly base, confirmations, praise, complaints, repeat contacts and quality reviews.",
      empty: "No agents with figures this month.",
    },
  },
  "zh-CN": {
    ledger: {
      title: "绩效台账",
      intro: "每位坐席的当月数据：按工作系数计算的服务点数、超出月基数的服务点数、客户确认、表扬、投诉、重复来电和质检。",
      empty: "本月没有坐席数据。",
    },
  },
} satisfies Catalogue;
