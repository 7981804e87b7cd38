from django.apps import AppConfig


class ReportsConfig(AppConfig):
    name = "reports"
    verbose_name = "Trip reports"

    def ready(self):
        from . import redirects, signals  # noqa: F401  (connects the receivers)
