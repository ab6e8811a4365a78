"""The help desk: Django project and the help-desk core sub-apps."""

from .celery import app as celery_app

__all__ = ("celery_app",)
