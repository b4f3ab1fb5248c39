from django.apps import AppConfig
from django.db.models.signals import post_migrate, post_save
from django.utils.translation import gettext_lazy as _


class QuizzesConfig(AppConfig):
    name = "quizapp.quizzes"
    verbose_name = _("Quizzes")

    def ready(self) -> None:
        from quizapp.accounts.learners import register_merger
        from quizapp.library.item_statistics import register_item_statistics
        from quizapp.library.models import Article
        from quizapp.library.revealed import register_revealed, register_withheld
        from quizapp.quizzes import cards
        from quizapp.quizzes.automatic import ensure_library_quizzes
        from quizapp.quizzes.feedback import revealed_question_ids, withheld_question_ids
        from quizapp.quizzes.models import move_attempts
        from quizapp.stats.editing import AdminStatistics

        post_migrate.connect(ensure_library_quizzes, sender=self)
        post_save.connect(_article_saved, sender=Article, dispatch_uid="quiz-per-article")
        register_merger(move_attempts)
        register_revealed(revealed_question_ids)  # the library API shows these questions' answers
        register_withheld(withheld_question_ids)  # …and no page shows these (an open exam's)
        register_item_statistics(AdminStatistics())  # the authoring admin's figures from answers and reviews
        cards.connect()  # a choice's edit moves its question's content version (the cached card)


def _article_saved(sender, instance, **kwargs) -> None:
    from quizapp.quizzes.automatic import ensure_article_quiz

    ensure_article_quiz(instance)
