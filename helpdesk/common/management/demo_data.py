"""The demo data of ``seed_demo``, as plain data (no Django imports).

``helpdesk.stack`` reads the logins from here to print them, before Django is set up.
"""

from __future__ import annotations

import os

DEFAULT_DEMO_PASSWORD = "demo-pass-2026"


def demo_password() -> str:
    """The password of every demo login: ``DEMO_PASSWORD`` from the environment, or the default."""
    return os.environ.get("DEMO_PASSWORD") or DEFAULT_DEMO_PASSWORD


# username, display name, English name, roles. The first one is the superuser (admin works).
DEMO_USERS: list[tuple[str, str, str, list[str]]] = [
    ("manager", "王经理", "Wang Min", ["manager"]),
    ("supervisor", "李主管", "Li Na", ["supervisor"]),
    ("agent1", "张伟", "Zhang Wei", ["agent"]),
    ("agent2", "刘洋", "Liu Yang", ["agent"]),
    ("agent3", "陈静", "Chen Jing", ["agent"]),
    ("complaints", "赵敏", "Zhao Min", ["complaint_handler"]),
    ("orders", "孙磊", "Sun Lei", ["order_handler"]),
]
SUPERUSER = "manager"

# slug, name, description, routing mode
DEMO_QUEUES: list[tuple[str, str, str, str]] = [
    ("support", "在线客服 Support", "Everyday questions from web, email and phone.", "round_robin"),
    (
        "complaints",
        "投诉 Complaints",
        "Disputes worked to a manager-approved resolution.",
        "manual",
    ),
    ("orders", "充值订单 Orders", "Prepaid-recharge order enquiries.", "least_loaded"),
]

# queue slug -> [(username, role, accepts_routing)]
DEMO_MEMBERSHIPS: dict[str, list[tuple[str, str, bool]]] = {
    "support": [
        ("supervisor", "supervisor", False),
        ("agent1", "agent", True),
        ("agent2", "agent", True),
        ("agent3", "agent", True),
    ],
    "complaints": [
        ("supervisor", "supervisor", False),
        ("complaints", "complaint_handler", True),
    ],
    "orders": [
        ("supervisor", "supervisor", False),
        ("orders", "order_handler", True),
        ("agent3", "agent", True),
    ],
}

# queue slug (None: every queue) -> category names
DEMO_CATEGORIES: dict[str | None, list[str]] = {
    None: ["其他 Other"],
    "support": ["账户 Account", "发票 Invoice", "使用咨询 How-to"],
    "complaints": ["服务态度 Service attitude", "到账延迟 Late credit", "退款 Refund"],
    "orders": ["充值未到账 Not credited", "重复扣款 Charged twice", "撤单 Cancellation"],
}

# queue slug (None: every queue), title, body with placeholders
DEMO_CANNED: list[tuple[str | None, str, str]] = [
    (
        None,
        "问候 Greeting",
        "{{customer.name}}您好，我是{{agent.name}}，很高兴为您服务。关于{{item.reference}}，",
    ),
    (
        None,
        "结束语 Closing",
        "感谢您联系{{queue.name}}。如还有问题，请直接回复本工单（{{item.reference}}）。",
    ),
    (
        "orders",
        "充值处理中 Recharge in progress",
        "{{customer.name}}您好，您的充值订单（{{item.subject}}）正在处理中，通常在30分钟内到账。",
    ),
    (
        "complaints",
        "投诉已受理 Complaint received",
        "{{customer.name}}您好，您的投诉{{item.reference}}已受理，我们将在24小时内给您答复。",
    ),
]

# name, company, phone (as a customer would type it), email
DEMO_CUSTOMERS: list[tuple[str, str, str, str]] = [
    ("周杰", "星辰科技", "138 0013 8001", "zhou.jie@example.com"),
    ("吴芳", "", "139-0013-9002", "wu.fang@example.com"),
    ("郑强", "华南物流", "+86 137 0013 7003", "zheng.qiang@example.com"),
    ("王丽", "", "(0)136 0013 6004", "wang.li@example.com"),
    ("冯涛", "远景传媒", "135 0013 5005", "feng.tao@example.com"),
    ("陈晨", "", "18600186006", "chen.chen@example.com"),
    ("褚洁", "北辰电子", "187 0018 7007", "chu.jie@example.com"),
    ("卫东", "", "188 0018 8008", "wei.dong@example.com"),
    ("蒋欣", "锦程旅游", "150 0015 0009", "jiang.xin@example.com"),
    ("沈默", "", "151 0015 1010", "shen.mo@example.com"),
]

# Ticket subjects per queue; the command spreads statuses and priorities over them.
DEMO_TICKETS: dict[str, list[str]] = {
    "support": [
        "无法登录账户 Cannot sign in",
        "修改绑定手机号 Change my phone number",
        "发票抬头填错 Wrong invoice title",
        "如何导出账单 How to export my bill",
        "App 闪退 App crashes on start",
        "密码重置邮件收不到 No password reset email",
        "会员到期时间不对 Wrong membership expiry",
        "申请开具专票 Request a VAT invoice",
        "注销账户 Close my account",
        "积分没有到账 Points not credited",
        "修改收货地址 Change delivery address",
        "咨询企业版价格 Enterprise pricing",
    ],
    "complaints": [
        "客服态度差 Rude agent on the phone",
        "承诺回电未回 Promised callback never came",
        "退款超过七天未到 Refund late by a week",
        "重复收费未处理 Double charge not handled",
        "投诉处理太慢 Complaint handled too slowly",
        "虚假宣传 Misleading advertisement",
        "订单被无故取消 Order cancelled without reason",
        "个人信息泄露担忧 Worried about a data leak",
    ],
    "orders": [
        "话费充值未到账 Phone top-up not credited",
        "流量包充值失败 Data bundle recharge failed",
        "重复扣款两次 Charged twice for one top-up",
        "充错号码申请撤单 Wrong number, please cancel",
        "游戏点卡未到账 Game card not delivered",
        "油卡充值延迟 Fuel card top-up delayed",
        "充值面额与订单不符 Wrong amount credited",
        "订单一直处理中 Order stuck in processing",
        "供应商返回失败但已扣款 Supplier failed, money taken",
        "申请开具充值发票 Invoice for a top-up",
    ],
}

# name, code, start (HH:MM), minutes: the demo's shift types (rosters are built in the app).
DEMO_SHIFT_TYPES: list[tuple[str, str, str, int]] = [
    ("早班 Early", "E", "07:00", 480),
    ("中班 Late", "L", "15:00", 480),
    ("夜班 Night", "N", "23:00", 480),
]

# queue slug -> (first response, next response, resolution) in business minutes; the demo queues
# run around the clock (no calendar) so that countdowns show at any hour.
DEMO_SLA: dict[str, tuple[int | None, int | None, int | None]] = {
    "support": (60, 120, 8 * 60),
    "complaints": (4 * 60, 8 * 60, 3 * 24 * 60),
    "orders": (30, 60, 4 * 60),
}

# Recharge products: code (the simulator's catalogue), operator, kind, name, face value and price
# in fen.
DEMO_PRODUCTS: list[tuple[str, str, str, str, int, int]] = [
    ("mobile-30", "china_mobile", "airtime", "移动话费 30 元", 3_000, 2_990),
    ("mobile-50", "china_mobile", "airtime", "移动话费 50 元", 5_000, 4_980),
    ("mobile-100", "china_mobile", "airtime", "移动话费 100 元", 10_000, 9_950),
    ("data-1g", "china_unicom", "data", "联通流量 1 GB", 3_000, 2_900),
    ("game-60", "game", "game_credit", "游戏点卡 60 元", 6_000, 5_900),
]
# The supplier simulator's channels (``make run`` starts it; ORDERS_DEMO_SUPPLIERS overrides).
DEMO_SUPPLIERS = "alpha:9101,beta:9102,gamma:9103"

# The hotline (docs/hotline.md): the demo telephone system's integration name and the queue its
# calls land in; the PBX simulator (``python -m helpdesk.hotline.pbx``) rings these extensions.
DEMO_PBX = ("demo-pbx", "support")
DEMO_EXTENSIONS: dict[str, str] = {
    "supervisor": "8000",
    "agent1": "8001",
    "agent2": "8002",
    "agent3": "8003",
}
# A ring-back's own SLA per queue: (call back within, resolved within), business minutes.
DEMO_RINGBACK_SLA: dict[str, tuple[int, int]] = {"support": (30, 4 * 60)}
# A morning's calls: the telephone system's call id, the caller as it sends the number, the
# extension rung, minutes ago, seconds ringing, seconds talking (None: nobody answered), the
# hang-up cause, and the agent's notes.
DEMO_CALLS: list[tuple[str, str, str, int, int, int | None, str, str]] = [
    ("demo-0001", "13800138001", "8001", 95, 8, 240, "normal_clearing", "发票抬头已更正。"),
    ("demo-0002", "13600136004", "8002", 80, 35, None, "no_answer", ""),
    ("demo-0003", "13600136004", "8002", 62, 28, None, "originator_cancel", ""),
    ("demo-0004", "13512345678", "8003", 40, 12, None, "originator_cancel", ""),
    ("demo-0005", "13900139002", "8001", 25, 30, None, "voicemail", ""),
    ("demo-0006", "18600186006", "8002", 10, 5, 180, "normal_clearing", "咨询会员续费。"),
]

# Complaints (docs/complaints.md), worked to different stages by the demo's complaint handler and
# approved by its manager: subject, customer (index into DEMO_CUSTOMERS), source (a support
# ticket's subject, "order" for a failed order of the customer's, None: opened directly),
# severity, category (of the complaints queue), the stage to reach, findings (root cause and
# attribution: an agent's username, a supplier channel's name, or a process), remedies (kind,
# amount in fen; a refund refunds the source order), the resolution the customer is told.
DEMO_COMPLAINTS: list[
    tuple[str, int, str | None, str, str, str, tuple[str, str] | None, list, str]
] = [
    (
        "客服挂断电话 Agent hung up on me",
        0,
        "无法登录账户 Cannot sign in",
        "high",
        "服务态度 Service attitude",
        "received",
        None,
        [],
        "",
    ),
    (
        "充值失败未退款 Failed top-up not refunded",
        1,
        "order",
        "high",
        "退款 Refund",
        "investigating",
        ("supplier_channel", "alpha"),
        [("refund", None)],
        "",
    ),
    (
        "到账延迟三天 Credit three days late",
        2,
        None,
        "critical",
        "到账延迟 Late credit",
        "proposed",
        ("supplier_channel", "beta"),
        [("apology", None), ("compensation", 30_000)],
        "非常抱歉您的充值延迟三天到账。我们已更换供货渠道，并补偿您 300 元。",
    ),
    (
        "退款承诺未兑现 Promised refund never came",
        3,
        None,
        "medium",
        "退款 Refund",
        "informed",
        ("process", "退款审批每周批处理 Weekly refund approval batch"),
        [("compensation", 2_000)],
        "您的退款因审批批次延误，我们已加急处理，并补偿您 20 元。",
    ),
    (
        "在线客服态度差 Rude agent in chat",
        4,
        None,
        "medium",
        "服务态度 Service attitude",
        "closed",
        ("agent_conduct", "agent2"),
        [("apology", None)],
        "经核实，客服人员态度确有不当，我们向您郑重道歉，并已对其进行培训。",
    ),
]
