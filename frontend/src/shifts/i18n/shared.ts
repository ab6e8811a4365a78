import type { Catalogue } from "../../i18n";

/** Strings several shift pages use: weekday names, list separator, form messages. */
export const shared = {
  en: {
    form: { required: "Required." },
    listSeparator: ", ",
    weekdays: {
      "0": "Monday",
      "1": "Tuesday",
      "2": "Wednesday",
      "3": "Thursday",
      "4": "Friday",
      "5": "Saturday",
      "6": "Sunday",
    },
  },
  "zh-CN": {
    form: { required: "必填。" },
    listSeparator: "、",
    weekdays: {
      "0": "星期一",
      "1": "星期二",
      "2": "星期三",
      "3": "星期四",
      "4": "星期五",
      "5": "星期六",
      "6": "星期日",
    },
  },
} satisfies Catalogue;
