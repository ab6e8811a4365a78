import type { Catalogue } from "../../i18n";

/** The shift types page. */
export const shiftTypes = {
  en: {
    types: {
      title: "Shift types",
      intro:
        "The shifts the roster is built from. Times are the help desk's local time; a shift may run past midnight.",
      empty: "No shift types yet.",
      columns: { code: "Code", name: "Name", start: "Starts", end: "Ends", length: "Length", night: "Night shift" },
      nextDay: "{{time}} (next day)",
      hours: "{{hours}} h",
      night: "Night",
      form: {
        title: "New shift type",
        name: "Name",
        code: "Code",
        codeHelp: "Up to 8 characters, shown in the roster (upper-cased).",
        start: "Starts at",
        startHelp: "The help desk's local time.",
        length: "Length (hours)",
        night: "Night shift",
        nightAuto: "By its hours (any of 00:00–06:00)",
        nightYes: "Yes",
        nightNo: "No",
        submit: "Add shift type",
        created: "Shift type {{code}} added.",
      },
    },
  },
  "zh-CN": {
    types: {
      title: "班次类型",
      intro: "排班所用的班次。时间为服务台当地时间；班次可以跨越午夜。",
      empty: "暂无班次类型。",
      columns: { code: "代码", name: "名称", start: "开始", end: "结束", length: "时长", night: "夜班" },
      nextDay: "次日 {{time}}",
      hours: "{{hours}} 小时",
      night: "夜班",
      form: {
        title: "新建班次类型",
        name: "名称",
        code: "代码",
        codeHelp: "最多 8 个字符，显示在排班表中（自动转为大写）。",
        start: "开始时间",
        startHelp: "服务台当地时间。",
        length: "时长（小时）",
        night: "夜班",
        nightAuto: "按时段判断（覆盖 00:00–06:00 任一时段）",
        nightYes: "是",
        nightNo: "否",
        submit: "添加班次类型",
        created: "已添加班次类型 {{code}}。",
      },
    },
  },
} satisfies Catalogue;
