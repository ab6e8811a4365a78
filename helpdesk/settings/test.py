"""The test suite: the machine's PostgreSQL and Redis when their URLs are set."""

import os

from .base import *  # noqa: F403
from .base import CACHES, CHANNEL_LAYERS, env

SECRET_KEY = "test-only-key"
DEBUG = False
ALLOWED_HOSTS = ["*"]
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]

# Keys of the test run never mix with a running instance sharing the same Redis. A server that
# the end-to-end tests start gets the run's id, so both publish and listen on the same keys.
_run = os.environ.get("HELPDESK_TEST_RUN_ID") or f"test{os.getpid()}"
os.environ["HELPDESK_TEST_RUN_ID"] = _run
CACHES["default"]["KEY_PREFIX"] = _run
CHANNEL_LAYERS["default"]["CONFIG"]["prefix"] = _run
ORDERS_BREAKER_PREFIX = f"{_run}:orders:breaker"
ORDERS_METRICS_PREFIX = f"{_run}:orders:metrics"
METRICS_PREFIX = f"{_run}:metrics"
RATE_LIMIT_PREFIX = f"{_run}:rl"  # each test gets its own below it (tests/conftest.py)

CELERY_TASK_ALWAYS_EAGER = env.bool("CELERY_TASK_ALWAYS_EAGER", default=True)
CELERY_TASK_EAGER_PROPAGATES = True
# A test that starts real workers gives them (and the tasks it sends) a queue of its own.
CELERY_TASK_DEFAULT_QUEUE = env("CELERY_TASK_DEFAULT_QUEUE", default="celery")
MEDIA_ROOT = BASE_DIR / "var" / "test-media"  # noqa: F405
# The end-to-end tests' server serves the apps' static files (the admin's, the API docs') straight
# from the apps, with no collectstatic; off elsewhere (the scan costs each test client ~25 ms).
WHITENOISE_USE_FINDERS = env.bool("WHITENOISE_USE_FINDERS", default=False)
STORAGES = {  # no manifest needed for tests
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
AXES_FAILURE_LIMIT = 5
# Tests read English by default; translation tests ask for zh-Hans explicitly.
LANGUAGE_CODE = "en"
# Threads of async tests must not keep connections that block dropping the test database.
DATABASES["default"]["CONN_MAX_AGE"] = 0  # noqa: F405
# No connection pool: pooled connections outlive the tests and block dropping the test database.
DATABASES["default"].get("OPTIONS", {}).pop("pool", None)  # noqa: F405
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":  # noqa: F405
    # A file, not memory: the server that the end-to-end tests start must see the same data.
    DATABASES["default"]["TEST"] = {"NAME": str(VAR_DIR / "test-db.sqlite3")}  # noqa: F405
