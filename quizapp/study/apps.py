from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class StudyConfig(AppConfig):
    name = "quizapp.study"
    verbose_name = _("Study (flashcards)")

    def ready(self) -> None:
        from quizapp.study import merge  # noqa: F401  (registers the log-in merge of cards)
