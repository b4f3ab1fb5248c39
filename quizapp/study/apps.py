from django.apps import AppConfig


class StudyConfig(AppConfig):
    name = "quizapp.study"
    verbose_name = "Study (flashcards)"

    def ready(self) -> None:
        from quizapp.study import merge  # noqa: F401  (registers the log-in merge of cards)
