#!/bin/sh
# The container's entry point: `web`, `worker`, `beat`, `migrate`, or any command.
set -eu

case "${1:-web}" in
  web)
    # --proxy-headers: the client address and scheme come from the proxy (nginx) headers,
    # so sign-in lockouts and audit entries see the real client IP.
    exec daphne --bind 0.0.0.0 --port "${PORT:-8000}" --proxy-headers \
      --access-log - helpdesk.asgi:application
    ;;
  worker)
    # CELERY_QUEUES: `celery` (everything) by default; the solver service takes `rosters`.
    exec celery -A helpdesk worker --loglevel "${LOG_LEVEL:-info}" \
      --concurrency "${CELERY_CONCURRENCY:-4}" --hostname "${CELERY_NAME:-worker}@%h" \
      --queues "${CELERY_QUEUES:-celery}"
    ;;
  beat)
    # Exactly one beat for the whole deployment; its schedule state is the container's own.
    exec celery -A helpdesk beat --loglevel "${LOG_LEVEL:-info}" \
      --schedule /tmp/celerybeat-schedule
    ;;
  migrate)
    exec python manage.py migrate --noinput
    ;;
  *)
    exec "$@"
    ;;
esac
