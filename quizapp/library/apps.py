from django.apps import AppConfig
from django.db.models.signals import post_migrate


class LibraryConfig(AppConfig):
    name = "quizapp.library"
    verbose_name = "Article library"

    def ready(self) -> None:
        from quizapp.library.permissions import ensure_authoring_groups

        # Every app: the quizzes permissions the groups need are created after this app migrates.
        post_migrate.connect(ensure_authoring_groups, dispatch_uid="authoring-groups")
