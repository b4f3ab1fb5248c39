from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class StatsConfig(AppConfig):
    name = "quizapp.stats"
    label = "stats"
    verbose_name = _("item statistics")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from quizapp.stats import stored

        stored.connect()  # answers, reviews and edited keys mark their questions' statistics stale
