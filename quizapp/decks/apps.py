from django.apps import AppConfig
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _


class DecksConfig(AppConfig):
    name = "quizapp.decks"
    verbose_name = _("Decks")

    def ready(self) -> None:
        from quizapp.decks import signals

        post_migrate.connect(signals.after_migrate, sender=self, dispatch_uid="decks_after_migrate")
