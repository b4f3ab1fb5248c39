from django.apps import AppConfig


class LibraryConfig(AppConfig):
    name = "quizapp.library"
    verbose_name = "Article library"
