from django.apps import AppConfig


class InteropConfig(AppConfig):
    name = "quizapp.interop"
    verbose_name = "Import and export"
