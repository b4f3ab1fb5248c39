from django.apps import AppConfig
from django.db.models.signals import post_delete, post_save
from django.utils.translation import gettext_lazy as _


class SearchConfig(AppConfig):
    name = "quizapp.search"
    verbose_name = _("Search")

    def ready(self) -> None:
        from quizapp.search import index

        for label in index.INDEXED:
            model = self.apps.get_model(label)
            post_save.connect(index.on_save, sender=model, dispatch_uid=f"search-save-{label}")
            post_delete.connect(index.on_delete, sender=model, dispatch_uid=f"search-delete-{label}")
