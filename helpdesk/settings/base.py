"""Settings shared by every mode. Values come from the environment (django-environ)."""

from datetime import timedelta
from pathlib import Path

import environ
from django.utils.translation import gettext_lazy as _

from helpdesk.common.security import whitenoise_headers

BASE_DIR = Path(__file__).resolve().parent.parent.parent
VAR_DIR = BASE_DIR / "var"

env = environ.Env()

SECRET_KEY = env("DJANGO_SECRET_KEY", default="")
DEBUG = env.bool("DJANGO_DEBUG", default=False)
ALLOWED_HOSTS = env.list("DJANGO_ALLOWED_HOSTS", default=["localhost", "127.0.0.1", "[::1]"])
CSRF_TRUSTED_ORIGINS = env.list("DJANGO_CSRF_TRUSTED_ORIGINS", default=[])

INSTALLED_APPS = [
    "daphne",
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "corsheaders",
    "rest_framework",
    "rest_framework.authtoken",
    "django_filters",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "channels",
    "csp",
    "axes",
    "django_prometheus",
    "helpdesk.common",
    "helpdesk.accounts",
    "helpdesk.customers",
    "helpdesk.shifts",
    "helpdesk.queues",
    "helpdesk.tickets",
    "helpdesk.sla",
    "helpdesk.hotline",
    "helpdesk.complaints",
    "helpdesk.quality",
    "helpdesk.reports",
    "orders",
    "chat",
]

MIDDLEWARE = [
    "django_prometheus.middleware.PrometheusBeforeMiddleware",
    # Before anything that can answer: preflights of the widget's calls (CORS_* below).
    "corsheaders.middleware.CorsMiddleware",
    "django.middleware.security.SecurityMiddleware",
    # Before WhiteNoise, so the app's pages it serves get the policy too (CONTENT_SECURITY_POLICY).
    "csp.middleware.CSPMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "helpdesk.accounts.middleware.UserLanguageMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "axes.middleware.AxesMiddleware",
    "django_prometheus.middleware.PrometheusAfterMiddleware",
]

ROOT_URLCONF = "helpdesk.urls"
WSGI_APPLICATION = None
ASGI_APPLICATION = "helpdesk.asgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
            ],
        },
    },
]

# --- Data stores -----------------------------------------------------------------------------
VAR_DIR.mkdir(exist_ok=True)
DATABASES = {
    "default": env.db_url("DATABASE_URL", default=f"sqlite:///{VAR_DIR / 'db.sqlite3'}"),
}
DATABASES["default"]["ATOMIC_REQUESTS"] = False
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # WAL and a busy timeout let daphne, the worker and beat share one file.
    DATABASES["default"]["OPTIONS"] = {
        "timeout": 20,
        "transaction_mode": "IMMEDIATE",
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
    }
elif env.bool("DATABASE_POOL", default=True):
    # A connection pool per process (psycopg_pool, Django's "pool" option): under ASGI each
    # request and each chat socket's database call runs on some thread, and opening a PostgreSQL
    # connection for each costs more than the work (docs/decisions/0008-database-pool.md).
    DATABASES["default"]["CONN_MAX_AGE"] = 0  # the pool keeps them; Django must not
    DATABASES["default"]["OPTIONS"] = {
        "pool": {
            "min_size": env.int("DATABASE_POOL_MIN", default=2),
            "max_size": env.int("DATABASE_POOL_MAX", default=16),
            "timeout": env.float("DATABASE_POOL_TIMEOUT", default=10.0),
        }
    }
else:
    # Without a pool: 0 under ASGI (persistent connections are per thread, and threads are many).
    DATABASES["default"]["CONN_MAX_AGE"] = env.int("DATABASE_CONN_MAX_AGE", default=0)
    DATABASES["default"]["CONN_HEALTH_CHECKS"] = True
if DATABASES["default"]["ENGINE"].startswith("django.db.backends.postgresql") and not env.bool(
    "DATABASE_JIT", default=False
):
    # PostgreSQL's JIT compiles a query whose estimated cost passes jit_above_cost: the reports'
    # sub-second aggregates paid 1-3 s of compiling for nothing (decision 0017).
    DATABASES["default"].setdefault("OPTIONS", {})["options"] = "-c jit=off"

# REDIS_URL is required by every process; `make run` starts an embedded Redis and sets it.
REDIS_URL = env("REDIS_URL", default="redis://127.0.0.1:6379/0")

CACHES = {
    "default": {
        "BACKEND": "django.core.cache.backends.redis.RedisCache",
        "LOCATION": REDIS_URL,
        "KEY_PREFIX": env("CACHE_KEY_PREFIX", default="helpdesk"),
    }
}

CHANNEL_LAYER = env("CHANNEL_LAYER", default="pubsub")
if CHANNEL_LAYER == "pubsub":
    # Redis pub/sub (docs/decisions/0009-channel-layer-pubsub.md): a group send is one PUBLISH
    # and a process holds one subscriber connection, instead of sorted sets, a Lua script and a
    # blocking pop per message. At-most-once like the other layer: the database is the record.
    CHANNEL_LAYERS = {
        "default": {
            "BACKEND": "channels_redis.pubsub.RedisPubSubChannelLayer",
            "CONFIG": {
                "hosts": [{"address": REDIS_URL}],
                "prefix": env("CHANNELS_PREFIX", default="helpdesk"),
            },
        }
    }
else:
    CHANNEL_LAYERS = {
        "default": {
            "BACKEND": "channels_redis.core.RedisChannelLayer",
            "CONFIG": {
                # An explicit pool size: redis-py's default (100) fails a burst of connects. A
                # socket timeout above channels-redis' 5 s BZPOPMIN: redis-py 8 defaults to 5 s
                # too, and the race raised TimeoutError in receive(), dropping every idle
                # websocket after ~5 s.
                "hosts": [{"address": REDIS_URL, "max_connections": 1000, "socket_timeout": 30}],
                "prefix": env("CHANNELS_PREFIX", default="helpdesk"),
                "capacity": 1000,
                "expiry": 60,
            },
        }
    }

CELERY_BROKER_URL = REDIS_URL
CELERY_RESULT_BACKEND = None
CELERY_TASK_IGNORE_RESULT = True
CELERY_TASK_ACKS_LATE = True
CELERY_TASK_REJECT_ON_WORKER_LOST = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True
# A task queued while Redis restarts: publishing retries for about 4 s in all (0.2 + 0.6 + 1 + 1
# + 1 s between tries) before giving up; services queue through helpdesk/common/queueing.py,
# which logs a task it could not queue and lets the committed change stand (the sweeps redo it).
CELERY_TASK_PUBLISH_RETRY = True
CELERY_TASK_PUBLISH_RETRY_POLICY = {
    "max_retries": 5,
    "interval_start": 0.2,
    "interval_step": 0.4,
    "interval_max": 1.0,
}
CELERY_TIMEZONE = "UTC"
# Roster builds keep a worker busy for up to their time limit (minutes): they have their own
# queue, so routing and SLA tasks never wait behind a solver (docker-compose: `solver`).
CELERY_TASK_ROUTES = {"helpdesk.shifts.tasks.build_roster": {"queue": "rosters"}}
CELERY_BEAT_SCHEDULE_FILENAME = str(VAR_DIR / "celerybeat-schedule")
# The live wallboard recomputes at most once per this window, however many changes (0018).
WALLBOARD_COALESCE_MS = env.int("WALLBOARD_COALESCE_MS", default=1000)
CELERY_BEAT_SCHEDULE = {
    "route-waiting-items": {
        "task": "helpdesk.queues.tasks.route_waiting_items",
        "schedule": env.float("ROUTING_SWEEP_SECONDS", default=30.0),
    },
    "chat-reoffer-stale": {
        "task": "chat.tasks.reoffer_stale",
        "schedule": env.float("CHAT_REOFFER_SWEEP_SECONDS", default=10.0),
    },
    "orders-sweep": {
        "task": "orders.tasks.sweep",
        "schedule": env.float("ORDERS_SWEEP_SECONDS", default=5.0),
    },
    "orders-balances": {
        "task": "orders.tasks.read_balances",
        "schedule": env.float("ORDERS_BALANCE_SECONDS", default=60.0),
    },
    "sla-scan": {
        "task": "helpdesk.sla.tasks.scan",
        "schedule": env.float("SLA_SCAN_SECONDS", default=30.0),
    },
    "hotline-stale-calls": {
        "task": "helpdesk.hotline.tasks.end_stale_calls",
        "schedule": env.float("HOTLINE_STALE_SWEEP_SECONDS", default=300.0),
    },
    "reports-wallboard-tick": {
        # Clocks move into "at risk" and waits grow without any event: refresh the wallboards.
        "task": "helpdesk.reports.wallboard_tasks.wallboard_tick",
        "schedule": env.float("WALLBOARD_TICK_SECONDS", default=10.0),
    },
    "complaints-daily-summary": {
        "task": "helpdesk.complaints.tasks.daily_summary",
        "schedule": env.float("COMPLAINTS_SUMMARY_SWEEP_SECONDS", default=600.0),
    },
    "reports-daily-problems": {
        "task": "helpdesk.reports.tasks.daily_problems",
        "schedule": env.float("REPORTS_PROBLEMS_SWEEP_SECONDS", default=600.0),
    },
    "reports-service-rollups": {
        # The service report's daily roll-ups: new closed days, and days changed late (0022).
        "task": "helpdesk.reports.tasks.service_rollups",
        "schedule": env.float("REPORTS_ROLLUP_SECONDS", default=600.0),
    },
}

# --- Auth --------------------------------------------------------------------------------------
AUTH_USER_MODEL = "accounts.User"
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "/admin/login/"
SESSION_COOKIE_AGE = env.int("SESSION_COOKIE_AGE", default=12 * 3600)
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_SAMESITE = "Lax"

# Brute-force protection (django-axes): lock a username+IP pair after repeated failures.
AXES_FAILURE_LIMIT = env.int("LOGIN_FAILURE_LIMIT", default=5)
AXES_COOLOFF_TIME = timedelta(minutes=env.int("LOGIN_COOLOFF_MINUTES", default=15))
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_ENABLE_ACCESS_FAILURE_LOG = True
AXES_VERBOSE = False
AXES_LOCKOUT_CALLABLE = "helpdesk.accounts.lockout.lockout_response"

# Rate limits (helpdesk/common/ratelimit.py: Redis counters shared by every process; "N/unit" or
# "N/<k>unit", units s, min, h, d; empty turns one off). Over a limit: 429 rate_limited with
# Retry-After. Sign-ins per client address, and failed sign-ins per username from any address
# (the lock-out above is per username and address). A whole shift signs in at once from an
# office behind one address: 120 a minute lets 100 seats in, and still stops guessing.
RATE_LIMIT_PREFIX = env("RATE_LIMIT_PREFIX", default="helpdesk:rl")
LOGIN_RATE = env("LOGIN_RATE", default="120/min")
LOGIN_USER_FAILURE_RATE = env("LOGIN_USER_FAILURE_RATE", default="20/15min")
# Webhooks (the telephone system's events, suppliers' callbacks): per client address before the
# signature is checked, and per signed source (integration, supplier channel) after.
WEBHOOK_IP_RATE = env("WEBHOOK_IP_RATE", default="6000/min")
WEBHOOK_SOURCE_RATE = env("WEBHOOK_SOURCE_RATE", default="6000/min")

# Content Security Policy (django-csp; docs/decisions/0021-security-headers.md): scripts only
# from this origin (the built app, the API docs' split view, the admin), no plugins, no framing.
# Styles allow 'unsafe-inline': Ant Design injects <style> elements at run time and echarts'
# tooltips carry style attributes.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'", "'unsafe-inline'"],
        "img-src": ["'self'", "data:", "blob:"],
        "font-src": ["'self'", "data:"],
        "media-src": ["'self'", "blob:"],
        "connect-src": ["'self'"],
        "object-src": ["'none'"],
        "base-uri": ["'self'"],
        "form-action": ["'self'"],
        "frame-ancestors": ["'none'"],
        "report-uri": env.list("CSP_REPORT_URI", default=[]) or None,
    },
}
X_FRAME_OPTIONS = "DENY"

# --- API ---------------------------------------------------------------------------------------
REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": [
        # Token first: an anonymous API call gets 401 with a WWW-Authenticate header.
        "rest_framework.authentication.TokenAuthentication",
        "rest_framework.authentication.SessionAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["helpdesk.accounts.permissions.RolePermission"],
    "DEFAULT_PAGINATION_CLASS": "helpdesk.common.pagination.PagePagination",
    "PAGE_SIZE": 50,
    "DEFAULT_FILTER_BACKENDS": ["django_filters.rest_framework.DjangoFilterBackend"],
    # drf-spectacular's, plus the shared error shape, pages and formats (helpdesk/common/schema.py)
    "DEFAULT_SCHEMA_CLASS": "helpdesk.common.schema.AutoSchema",
    "EXCEPTION_HANDLER": "helpdesk.common.errors.exception_handler",
    "DEFAULT_RENDERER_CLASSES": ["rest_framework.renderers.JSONRenderer"],
    "DEFAULT_PARSER_CLASSES": [
        "rest_framework.parsers.JSONParser",
        "rest_framework.parsers.MultiPartParser",
        "rest_framework.parsers.FormParser",
    ],
    "TEST_REQUEST_DEFAULT_FORMAT": "json",
}

SPECTACULAR_SETTINGS = {
    "TITLE": "Help desk API",
    "DESCRIPTION": "Tickets, chats, calls, complaints and recharge orders in one queue.",
    "VERSION": "1.0.0",
    "SERVE_INCLUDE_SCHEMA": False,
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
    "COMPONENT_SPLIT_REQUEST": True,
    "SCHEMA_PATH_PREFIX": r"/api/v1",
    "ENUM_NAME_OVERRIDES": {
        "ContactKindEnum": "helpdesk.customers.models.ContactKind",
        "WorkItemKindEnum": "helpdesk.queues.models.Kind",
        "WorkItemStatusEnum": "helpdesk.queues.models.Status",
        "LinkKindEnum": "helpdesk.queues.models.LinkKind",
        "TicketMessageKindEnum": "helpdesk.tickets.models.MessageKind",
        "TicketReplyStatusEnum": "helpdesk.tickets.lifecycle.REPLY_STATUS_CHOICES",
        "LeaveKindEnum": "helpdesk.shifts.models.LeaveKind",
        "StateEnum": "chat.models.State",
        "SpecialDayKindEnum": "helpdesk.sla.models.DayKind",
        "SlaClockKindEnum": "helpdesk.sla.models.ClockKind",
        "SlaClockStateEnum": "helpdesk.sla.models.ClockState",
        "EscalationRunStateEnum": "helpdesk.sla.models.RunState",
        "EscalationStateEnum": "helpdesk.sla.models.EscalationState",
        "EscalationTargetEnum": "helpdesk.sla.models.TargetKind",
        "CallStateEnum": "helpdesk.hotline.models.CallState",
        "CallDirectionEnum": "helpdesk.hotline.models.Direction",
        "CallOutcomeEnum": "helpdesk.hotline.models.CallOutcome",
        "CallSourceEnum": "helpdesk.hotline.models.CallSource",
        "ComplaintStageEnum": "helpdesk.complaints.models.Stage",
        "ComplaintSeverityEnum": "helpdesk.complaints.models.Severity",
        "ComplaintRootCauseEnum": "helpdesk.complaints.models.RootCause",
        "ComplaintOutcomeEnum": "helpdesk.complaints.models.Outcome",
        "RemedyKindEnum": "helpdesk.complaints.models.RemedyKind",
        "RemedyStateEnum": "helpdesk.complaints.models.RemedyState",
        "EvidenceKindEnum": "helpdesk.complaints.models.EvidenceKind",
        "EvidencePartyEnum": "helpdesk.complaints.models.Party",
        "ComplaintActionEnum": "helpdesk.complaints.models.Action",
    },
}

# --- i18n and time ----------------------------------------------------------------------------
LANGUAGE_CODE = env("LANGUAGE_CODE", default="zh-hans")
LANGUAGES = [("zh-hans", _("Simplified Chinese")), ("en", _("English"))]
LOCALE_PATHS = [BASE_DIR / "helpdesk" / "locale"]
TIME_ZONE = env("TIME_ZONE", default="Asia/Shanghai")
USE_I18N = True
USE_TZ = True

# --- Files -------------------------------------------------------------------------------------
STATIC_URL = "/static/"
STATIC_ROOT = VAR_DIR / "static"
STATIC_ROOT.mkdir(exist_ok=True)
MEDIA_URL = "/media/"
MEDIA_ROOT = Path(env("MEDIA_ROOT", default=str(VAR_DIR / "media")))
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedStaticFilesStorage"},
}
# The browser app (frontend/, built by Vite): WhiteNoise serves its files at the site root.
FRONTEND_DIST = Path(env("FRONTEND_DIST", default=str(BASE_DIR / "frontend" / "dist")))
FRONTEND_DIST.mkdir(parents=True, exist_ok=True)
WHITENOISE_ROOT = FRONTEND_DIST
WHITENOISE_IMMUTABLE_FILE_TEST = "helpdesk.common.spa.immutable_file_test"
# The widget's demo page plays a foreign shop (inline script and style): its own policy.
WHITENOISE_ADD_HEADERS_FUNCTION = whitenoise_headers
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# Attachments: size and type limits, enforced by the ticket services.
ATTACHMENT_MAX_BYTES = env.int("ATTACHMENT_MAX_BYTES", default=10 * 1024 * 1024)
ATTACHMENT_ALLOWED_TYPES = env.list(
    "ATTACHMENT_ALLOWED_TYPES",
    default=[
        "image/png",
        "image/jpeg",
        "image/gif",
        "image/webp",
        "application/pdf",
        "text/plain",
        "text/csv",
        "application/zip",
        "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    ],
)
ATTACHMENT_MAX_FILES = env.int("ATTACHMENT_MAX_FILES", default=10)
TICKET_MESSAGE_MAX_LENGTH = env.int("TICKET_MESSAGE_MAX_LENGTH", default=50_000)
DATA_UPLOAD_MAX_MEMORY_SIZE = 2 * 1024 * 1024
FILE_UPLOAD_MAX_MEMORY_SIZE = 2 * 1024 * 1024

# --- Domain ------------------------------------------------------------------------------------
PHONE_DEFAULT_REGION = env("PHONE_DEFAULT_REGION", default="CN")
# Roles that may open a customer file (subject to the object rule in customers.selectors).
CUSTOMER_FILE_READ_ROLES = env.list(
    "CUSTOMER_FILE_READ_ROLES",
    default=["manager", "supervisor", "agent", "complaint_handler", "order_handler"],
)
CUSTOMER_FILE_EXPORT_ROLES = env.list("CUSTOMER_FILE_EXPORT_ROLES", default=["manager"])

# --- Live chat (docs/chat.md, docs/chat-protocol.md) ---------------------------------------------
CHAT_MAX_CONCURRENT = env.int("CHAT_MAX_CONCURRENT", default=3)  # chats per agent (default)
CHAT_OFFER_SECONDS = env.int("CHAT_OFFER_SECONDS", default=60)  # unaccepted offers go back
CHAT_PRESENCE_TTL = env.int("CHAT_PRESENCE_TTL", default=45)  # "online" lasts this long per beat
# An active chat whose agent sent no heartbeat for this long goes back to the queue.
CHAT_AGENT_GONE_SECONDS = env.int("CHAT_AGENT_GONE_SECONDS", default=120)
CHAT_REPLAY_LIMIT = env.int("CHAT_REPLAY_LIMIT", default=500)  # more missing: resync over HTTP
CHAT_MESSAGE_MAX_CHARS = env.int("CHAT_MESSAGE_MAX_CHARS", default=4000)
CHAT_RATE_MESSAGES = env.int("CHAT_RATE_MESSAGES", default=20)  # messages per connection ...
CHAT_RATE_WINDOW = env.float("CHAT_RATE_WINDOW", default=10.0)  # ... in this many seconds
# Chat sends across all of a sender's sockets and processes (helpdesk/common/ratelimit.py): per
# agent, per visitor's conversation, and per visitor address (many visitors may share one).
CHAT_USER_SEND_RATE = env("CHAT_USER_SEND_RATE", default="60/10s")
CHAT_VISITOR_SEND_RATE = env("CHAT_VISITOR_SEND_RATE", default="30/10s")
CHAT_VISITOR_IP_SEND_RATE = env("CHAT_VISITOR_IP_SEND_RATE", default="120/10s")
CHAT_HELLO_TIMEOUT = env.float("CHAT_HELLO_TIMEOUT", default=10.0)
# Socket database work: threads per process for the general path, and the hot path's async
# connections per process (chat/hotpath.py).
CHAT_DB_THREADS = env.int("CHAT_DB_THREADS", default=2)
CHAT_HOTPATH_POOL = env.int("CHAT_HOTPATH_POOL", default=4)
# Origins of other sites whose pages embed the visitor widget (full origins, e.g.
# https://shop.example.com): they may open the visitor socket, and call the visitor endpoints
# across origins (CORS, without credentials: the visitor's token travels in a header).
CHAT_WIDGET_ORIGINS = env.list("CHAT_WIDGET_ORIGINS", default=[])
CORS_ALLOWED_ORIGINS = [o.rstrip("/") for o in CHAT_WIDGET_ORIGINS if "://" in o]
CORS_URLS_REGEX = r"^/api/v1/chat/(widget|visitor|attachments)/"
CORS_ALLOW_METHODS = ["GET", "POST", "OPTIONS"]
CORS_ALLOW_HEADERS = ["accept", "accept-language", "content-type", "x-visitor-token"]
CORS_ALLOW_CREDENTIALS = False
CHAT_VISITOR_TOKEN_MAX_AGE = env.int("CHAT_VISITOR_TOKEN_MAX_AGE", default=30 * 24 * 3600)
# Public visitor calls that create work (start a chat, leave a message), per client address.
CHAT_VISITOR_RATE = env("CHAT_VISITOR_RATE", default="20/min")

# --- Observability ---------------------------------------------------------------------------
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"plain": {"format": "%(asctime)s %(levelname)s %(name)s %(message)s"}},
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": "plain"}},
    "root": {"handlers": ["console"], "level": env("LOG_LEVEL", default="INFO")},
    "loggers": {"axes": {"level": "WARNING"}},
}
PROMETHEUS_EXPORT_MIGRATIONS = False
# Where the beat sweeps note when they last ran, for /metrics (helpdesk/common/metrics.py; tests
# prefix their run id).
METRICS_PREFIX = env("METRICS_PREFIX", default="helpdesk:metrics")

# Recharge orders: where the breakers keep their state in Redis (tests prefix their run id).
ORDERS_BREAKER_PREFIX = "orders:breaker"
# Where workers count supplier calls for /metrics (orders/metrics.py; tests prefix their run id).
ORDERS_METRICS_PREFIX = "orders:metrics"
# The address suppliers call back (this server as they reach it); empty: no callbacks asked for.
ORDERS_CALLBACK_BASE_URL = env("ORDERS_CALLBACK_BASE_URL", default="")
ORDERS_MAX_ATTEMPTS = env.int("ORDERS_MAX_ATTEMPTS", default=4)  # channels tried per order
ORDERS_RETRY_SECONDS = env.float("ORDERS_RETRY_SECONDS", default=5)  # first wait, then doubling
ORDERS_STUCK_MINUTES = env.int("ORDERS_STUCK_MINUTES", default=30)  # then: needs review
ORDERS_NOT_FOUND_GRACE_SECONDS = env.int("ORDERS_NOT_FOUND_GRACE_SECONDS", default=60)
# A request out this long past its channel's timeout means its worker died: the sweep resumes
# the order (by querying the supplier first).
ORDERS_RESUME_AFTER_SECONDS = env.float("ORDERS_RESUME_AFTER_SECONDS", default=30)
# Failed orders: customer errors are refunded at once; others wait for an order handler (retry or
# refund) unless this is true.
ORDERS_AUTO_REFUND = env.bool("ORDERS_AUTO_REFUND", default=False)
# The queue (slug) where customers' questions about orders land, linked to the order.
ORDERS_ENQUIRY_QUEUE = env("ORDERS_ENQUIRY_QUEUE", default="orders")

# The hotline (docs/hotline.md, docs/hotline-protocol.md). Webhook: the signature's timestamp
# must be this close to our clock (a captured request cannot be replayed later); bodies up to
# this size. Missed calls from one number fold into one ring-back while each comes within this
# many minutes of the last. A call ringing (or answered) this long without a hang-up is ended by
# the sweep.
HOTLINE_SIGNATURE_WINDOW_SECONDS = env.int("HOTLINE_SIGNATURE_WINDOW_SECONDS", default=300)
HOTLINE_EVENT_MAX_BYTES = env.int("HOTLINE_EVENT_MAX_BYTES", default=16 * 1024)
HOTLINE_RINGBACK_FOLD_MINUTES = env.int("HOTLINE_RINGBACK_FOLD_MINUTES", default=60)
HOTLINE_STALE_RINGING_MINUTES = env.int("HOTLINE_STALE_RINGING_MINUTES", default=30)
HOTLINE_STALE_ANSWERED_MINUTES = env.int("HOTLINE_STALE_ANSWERED_MINUTES", default=480)

# Complaints (docs/complaints.md): the complaint handlers' queue (slug); remedies above this
# amount (fen) need the manager's explicit confirmation when approving (every resolution needs a
# manager's approval); the board shows this many cards per stage; repeat complainants are
# customers with at least COMPLAINTS_REPEAT_MIN complaints in COMPLAINTS_REPEAT_WINDOW_DAYS days;
# the daily summary compares the day with the COMPLAINTS_THEME_LOOKBACK_DAYS days before it and
# goes to the users holding one of COMPLAINTS_SUMMARY_ROLES.
COMPLAINTS_QUEUE = env("COMPLAINTS_QUEUE", default="complaints")
COMPLAINTS_APPROVAL_THRESHOLD_FEN = env.int("COMPLAINTS_APPROVAL_THRESHOLD_FEN", default=20_000)
COMPLAINTS_BOARD_COLUMN_LIMIT = env.int("COMPLAINTS_BOARD_COLUMN_LIMIT", default=50)
COMPLAINTS_REPEAT_WINDOW_DAYS = env.int("COMPLAINTS_REPEAT_WINDOW_DAYS", default=90)
COMPLAINTS_REPEAT_MIN = env.int("COMPLAINTS_REPEAT_MIN", default=2)
COMPLAINTS_THEME_LOOKBACK_DAYS = env.int("COMPLAINTS_THEME_LOOKBACK_DAYS", default=7)
COMPLAINTS_SUMMARY_ROLES = env.list("COMPLAINTS_SUMMARY_ROLES", default=["supervisor"])
# The daily problems report (docs/reports.md) is stored and sent each evening, from
# REPORTS_PROBLEMS_HOUR (local), to the users holding one of REPORTS_PROBLEMS_ROLES.
REPORTS_PROBLEMS_HOUR = env.int("REPORTS_PROBLEMS_HOUR", default=18)
REPORTS_PROBLEMS_ROLES = env.list("REPORTS_PROBLEMS_ROLES", default=["supervisor", "manager"])

# Satisfaction and the performance ledger (docs/quality.md): a rating below QUALITY_RATING_TARGET
# raises a corrective action; rating links last QUALITY_RATING_LINK_MAX_AGE_DAYS days and open
# QUALITY_RATING_URL (with the token appended); agents earn points above QUALITY_MONTHLY_BASE a
# month; an item of a kind with no coefficient counts QUALITY_DEFAULT_POINTS; the same customer
# and category again within QUALITY_REPEAT_DAYS days of a resolution is a repeat contact.
QUALITY_RATING_TARGET = env.int("QUALITY_RATING_TARGET", default=3)
QUALITY_RATING_LINK_MAX_AGE_DAYS = env.int("QUALITY_RATING_LINK_MAX_AGE_DAYS", default=14)
QUALITY_RATING_URL = env("QUALITY_RATING_URL", default="/rate/")
QUALITY_MONTHLY_BASE = env.int("QUALITY_MONTHLY_BASE", default=17)
QUALITY_DEFAULT_POINTS = env("QUALITY_DEFAULT_POINTS", default="1")
QUALITY_REPEAT_DAYS = env.int("QUALITY_REPEAT_DAYS", default=30)
# Quality reviews: an item handled longer than this (created to resolved) is a review candidate.
QUALITY_LONG_HANDLE_HOURS = env.int("QUALITY_LONG_HANDLE_HOURS", default=48)
# Survey campaigns (docs/surveys.md): the emailed link opens QUALITY_SURVEY_URL + token; invites
# are created and mailed QUALITY_SURVEY_BATCH_SIZE at a time by a Celery task.
QUALITY_SURVEY_URL = env("QUALITY_SURVEY_URL", default="/survey/")
QUALITY_SURVEY_BATCH_SIZE = env.int("QUALITY_SURVEY_BATCH_SIZE", default=200)
# The corrective-actions page of the browser app, linked from the mail telling its assignee.
QUALITY_ACTIONS_URL = env("QUALITY_ACTIONS_URL", default="/quality/actions")

# Roster builder: solver threads per build (CP-SAT workers; the machine's cores are a good cap).
ROSTER_SOLVER_THREADS = env.int("ROSTER_SOLVER_THREADS", default=2)

# Mail (roster notices; the SLA work adds more). The console backend prints mail in development.
EMAIL_BACKEND = env("EMAIL_BACKEND", default="django.core.mail.backends.console.EmailBackend")
EMAIL_HOST = env("EMAIL_HOST", default="localhost")
EMAIL_PORT = env.int("EMAIL_PORT", default=25)
EMAIL_HOST_USER = env("EMAIL_HOST_USER", default="")
EMAIL_HOST_PASSWORD = env("EMAIL_HOST_PASSWORD", default="")
EMAIL_USE_TLS = env.bool("EMAIL_USE_TLS", default=False)
DEFAULT_FROM_EMAIL = env("DEFAULT_FROM_EMAIL", default="helpdesk@localhost")
