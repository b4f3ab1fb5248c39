from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ProposalsConfig(AppConfig):
    name = "quizapp.proposals"
    verbose_name = _("Change proposals")
    default_auto_field = "django.db.models.BigAutoField"
