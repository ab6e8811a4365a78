import type { Catalogue } from "../../../i18n";

/** The quarterly ranking (`/quality/ranking`). */
export const ranking = {
  en: {
    ranking: {
      title: "Quarterly ranking",
      intro: "Most points first; ties go to fewer complaints, then more praise, then fewer repeat contacts.",
      rank: "Rank",
      empty: "No agents ranked this quarter.",
    },
  },
  "zh-CN": {
    ranking: {
      title: "季度排名",
      intro: "按服务点数从高到低；服务点数相同时投诉少者在前，其次表扬多者，再次重复来电少者。",
      rank: "名次",
      empty: "本季度没有排名数据。",
    },
  },
} satisfies Catalogue;
