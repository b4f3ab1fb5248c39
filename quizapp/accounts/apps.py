from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "quizapp.accounts"
    verbose_name = "Learners and accounts"

    def ready(self) -> None:
        from quizapp.accounts import signals  # noqa: F401  (connects the log-in merge)
