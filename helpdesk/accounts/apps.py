from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AccountsConfig(AppConfig):
    name = "helpdesk.accounts"
    label = "accounts"
    verbose_name = _("Accounts")

    def ready(self):
        from axes.signals import user_locked_out
        from django.contrib.auth.signals import user_logged_in, user_logged_out, user_login_failed

        from . import audit

        user_logged_in.connect(audit.on_logged_in, dispatch_uid="security-login")
        user_logged_out.connect(audit.on_logged_out, dispatch_uid="security-logout")
        user_login_failed.connect(audit.on_login_failed, dispatch_uid="security-login-failed")
        user_locked_out.connect(audit.on_locked_out, dispatch_uid="security-locked-out")
