import type { Catalogue } from "../../i18n";

/** The complaint board: its title, loading and empty states, and the filter bar. */
export const board = {
  en: {
    board: {
      title: "Complaint board",
      reports: "What complaints teach",
      loading: "Loading…",
      empty: "None",
      more: "The first {{shown}} of {{count}}",
    },
    filters: {
      label: "Filter the complaints",
      search: "Subject or P-000042",
      category: "Category",
      anyCategory: "Any category",
      severity: "Severity",
      anySeverity: "Any severity",
      handler: "Handler",
      anyHandler: "Any handler",
      mine: "Mine",
      unassigned: "Unassigned",
      reset: "Reset",
    },
  },
  "zh-CN": {
    board: {
      title: "投诉看板",
      reports: "投诉分析",
      loading: "加载中…",
      empty: "无",
      more: "显示前 {{shown}} 条，共 {{count}} 条",
    },
    filters: {
      label: "筛选投诉",
      search: "主题或 P-000042",
      category: "分类",
      anyCategory: "全部分类",
      severity: "严重程度",
      anySeverity: "全部严重程度",
      handler: "处理人",
      anyHandler: "全部处理人",
      mine: "我的",
      unassigned: "未分配",
      reset: "重置",
    },
  },
} satisfies Catalogue;
