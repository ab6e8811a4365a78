import type { Catalogue } from "./index";

export const common = {
  en: {
    appName: "Help desk",
    nav: { inbox: "Inbox", chats: "Chats", customers: "Customers", queues: "Queues", staffing: "Staffing", admin: "Admin" },
    login: {
      title: "Sign in",
      username: "Username",
      password: "Password",
      submit: "Sign in",
      expired: "Your session has ended. Sign in again; your drafts are kept.",
    },
    user: {
      logout: "Sign out",
      language: "Language",
      timeZone: "Time zone",
      browser: "browser's",
      browserTimeZone: "The browser's ({{zone}})",
    },
    language: { "zh-CN": "简体中文", en: "English" },
    roles: {
      manager: "Manager",
      supervisor: "Supervisor",
      agent: "Agent",
      complaint_handler: "Complaint handler",
      order_handler: "Order handler",
    },
    live: { connected: "Live", disconnected: "Reconnecting…" },
    errors: { generic: "Something went wrong. Try again.", notFound: "Not found." },
    actions: { save: "Save", cancel: "Cancel", retry: "Retry", close: "Close" },
    shortcuts: { title: "Keyboard shortcuts" },
  },
  "zh-CN": {
    appName: "客服工作台",
    nav: { inbox: "收件箱", chats: "在线会话", customers: "客户档案", queues: "队列", staffing: "人力测算", admin: "后台管理" },
    login: {
      title: "登录",
      username: "用户名",
      password: "密码",
      submit: "登录",
      expired: "登录已过期，请重新登录；未发送的草稿已保留。",
    },
    user: {
      logout: "退出登录",
      language: "语言",
      timeZone: "时区",
      browser: "跟随浏览器",
      browserTimeZone: "跟随浏览器（{{zone}}）",
    },
    language: { "zh-CN": "简体中文", en: "English" },
    roles: {
      manager: "经理",
      supervisor: "主管",
      agent: "坐席",
      complaint_handler: "投诉专员",
      order_handler: "订单专员",
    },
    live: { connected: "实时", disconnected: "正在重连…" },
    errors: { generic: "出错了，请重试。", notFound: "未找到。" },
    actions: { save: "保存", cancel: "取消", retry: "重试", close: "关闭" },
    shortcuts: { title: "键盘快捷键" },
  },
} satisfies Catalogue;
