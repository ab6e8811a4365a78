/** The widget's own strings (it does not load i18next): zh-CN and en with the same keys. */

export type WidgetLanguage = "zh-CN" | "en";

const en = {
  title: "Customer service",
  launcher: "Chat with us",
  close: "Close chat window",
  loading: "Loading…",
  retry: "Try again",
  loadFailed: "We could not reach customer service. Check your connection and try again.",
  networkError: "Network problem: please try again.",
  name: "Your name",
  contact: "Phone or email",
  contactHint: "So that we can reach you if the chat is cut off",
  topic: "Topic",
  topicPlaceholder: "e.g. top-up not received",
  message: "Message",
  required: "Required",
  badContact: "Enter a phone number or an email address",
  tooLong: "At most {max} characters",
  prechatIntro: "Tell us who you are and an agent will be with you shortly.",
  agentsOnline: "{n} agent(s) online",
  startChat: "Start chat",
  offlineIntro: "No agent is available right now. Leave a message and we will get back to you.",
  closedNotice: "Everyone just went offline: leave a message instead.",
  expiredNotice: "Your previous chat is no longer available.",
  sendMessage: "Send message",
  offlineDone: "Thank you! We'll get back to you soon.",
  ticketRef: "Your reference: {ref}",
  statusIdle: "",
  statusConnecting: "Connecting…",
  statusOpen: "Connected",
  statusReconnecting: "Reconnecting…",
  statusClosed: "Disconnected",
  waitingPosition: "You are number {n} in the queue",
  waitingNoPosition: "Waiting for an agent…",
  expectedWait: "expected wait {time}",
  lessThanMinute: "under a minute",
  minutes: "about {n} min",
  servedBy: "You are chatting with",
  agentFallback: "an agent",
  typing: "{name} is typing…",
  inputLabel: "Type your message",
  inputPlaceholder: "Type a message, Enter to send",
  send: "Send",
  attach: "Attach an image or file",
  uploading: "Uploading {name}…",
  end: "End chat",
  sending: "Sending…",
  failed: "Not sent: {reason}",
  read: "Read",
  you: "You",
  download: "Download {name}",
  ended: "This chat has ended.",
  ratingTitle: "How did we do?",
  star: "{n} star(s)",
  ratingComment: "Comment (optional)",
  ratingSubmit: "Submit rating",
  ratingRequired: "Choose from 1 to 5 stars",
  ratingThanks: "Thank you for your feedback!",
  newChat: "Start a new chat",
  unread: "{n} new message(s)",
};

export type WidgetKey = keyof typeof en;

const zhCN: Record<WidgetKey, string> = {
  title: "在线客服",
  launcher: "联系客服",
  close: "关闭聊天窗口",
  loading: "加载中…",
  retry: "重试",
  loadFailed: "暂时无法连接客服，请检查网络后重试。",
  networkError: "网络异常，请重试。",
  name: "您的称呼",
  contact: "手机号或邮箱",
  contactHint: "会话中断时方便我们联系您",
  topic: "咨询主题",
  topicPlaceholder: "例如：话费未到账",
  message: "留言内容",
  required: "必填",
  badContact: "请填写正确的手机号或邮箱",
  tooLong: "最多 {max} 个字",
  prechatIntro: "请留下您的称呼和联系方式，客服马上为您服务。",
  agentsOnline: "当前 {n} 位客服在线",
  startChat: "开始咨询",
  offlineIntro: "客服暂时不在线，请留言，我们会尽快联系您。",
  closedNotice: "客服刚刚下线了，请留言。",
  expiredNotice: "您之前的会话已失效。",
  sendMessage: "提交留言",
  offlineDone: "留言已收到，我们会尽快与您联系！",
  ticketRef: "您的工单号：{ref}",
  statusIdle: "",
  statusConnecting: "连接中…",
  statusOpen: "已连接",
  statusReconnecting: "正在重新连接…",
  statusClosed: "连接已断开",
  waitingPosition: "您当前排在第 {n} 位",
  waitingNoPosition: "正在为您接入客服…",
  expectedWait: "预计等待 {time}",
  lessThanMinute: "不到 1 分钟",
  minutes: "约 {n} 分钟",
  servedBy: "正在为您服务：",
  agentFallback: "客服",
  typing: "{name} 正在输入…",
  inputLabel: "输入消息",
  inputPlaceholder: "请输入消息，按 Enter 发送",
  send: "发送",
  attach: "发送图片或文件",
  uploading: "正在上传 {name}…",
  end: "结束会话",
  sending: "发送中…",
  failed: "发送失败：{reason}",
  read: "已读",
  you: "我",
  download: "下载 {name}",
  ended: "会话已结束。",
  ratingTitle: "请为本次服务评价",
  star: "{n} 星",
  ratingComment: "意见或建议（选填）",
  ratingSubmit: "提交评价",
  ratingRequired: "请选择 1 到 5 星",
  ratingThanks: "感谢您的评价！",
  newChat: "发起新的咨询",
  unread: "{n} 条新消息",
};

export const WIDGET_STRINGS: Record<WidgetLanguage, Record<WidgetKey, string>> = {
  en,
  "zh-CN": zhCN,
};

/** `data-lang` if given (zh… → zh-CN, anything else → en), else the browser's languages. */
export function pickLanguage(
  attribute: string | null | undefined,
  browser: readonly string[] = [],
): WidgetLanguage {
  const wanted = attribute?.trim() || browser[0] || "zh-CN";
  return wanted.toLowerCase().startsWith("zh") ? "zh-CN" : "en";
}

/** What the server's LocaleMiddleware understands (its error messages come back translated). */
export function serverLanguage(language: WidgetLanguage): string {
  return language === "zh-CN" ? "zh-hans" : "en";
}

export type Translate = (key: WidgetKey, vars?: Record<string, string | number>) => string;

export function translator(language: WidgetLanguage): Translate {
  const table = WIDGET_STRINGS[language];
  return (key, vars) =>
    table[key].replace(/\{(\w+)\}/g, (whole, name: string) =>
      vars && name in vars ? String(vars[name]) : whole,
    );
}
