from django.apps import AppConfig
from django.db.models.signals import pre_save
from django.utils.translation import gettext_lazy as _

# The text an author writes, by model: stored with LF line endings whichever way it came in (admin
# textareas post CRLF, the API and bank files may too), so an unchanged save is no change.
AUTHORED_TEXT = {
    "Fact": ("quote", "restatement", "erratum"),
    "Question": ("prompt", "explanation", "check_override"),
    "Choice": ("text", "feedback"),
}


class LibraryConfig(AppConfig):
    name = "quizapp.library"
    verbose_name = _("Article library")

    def ready(self) -> None:
        from quizapp.library import changes  # models: not while the app registry loads

        for name in AUTHORED_TEXT:
            pre_save.connect(_clean_authored_text, sender=self.get_model(name), dispatch_uid=f"clean-{name}")
        changes.connect()  # tag changes move the stamps that cards, packages and exports are keyed by


def _clean_authored_text(sender, instance, **kwargs) -> None:
    from quizapp.library.quotes import clean_text

    for name in AUTHORED_TEXT[sender.__name__]:
        value = getattr(instance, name)
        if isinstance(value, str):
            setattr(instance, name, clean_text(value))
