from django.apps import AppConfig
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _


class AccountsConfig(AppConfig):
    name = "quizapp.accounts"
    verbose_name = _("Learners and accounts")

    def ready(self) -> None:
        from quizapp.accounts import signals  # noqa: F401  (connects the log-in merge)
        from quizapp.accounts.roles import ensure_authoring_groups

        # Every app: the quizzes permissions the groups need are created after library migrates.
        post_migrate.connect(ensure_authoring_groups, dispatch_uid="authoring-groups")
