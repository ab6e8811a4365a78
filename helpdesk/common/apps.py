from django.apps import AppConfig


class CommonConfig(AppConfig):
    name = "helpdesk.common"
    label = "common"
