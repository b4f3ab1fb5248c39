"""The admin is the authoring tool: only Authors, Editors and superusers may enter it."""

from __future__ import annotations

from django.contrib import admin
from django.contrib.admin.apps import AdminConfig
from django.contrib.admin.views.main import ChangeList
from django.contrib.auth import get_user_model
from django.utils.translation import gettext_lazy as _

from quizapp.accounts.roles import Role, has_a_role
from quizapp.library.scripts import spellings


class QuizAdminSite(admin.AdminSite):
    site_header = _("quizapp authoring")
    site_title = _("quizapp authoring")
    index_title = _("Articles, facts and questions")

    def has_permission(self, request) -> bool:
        user = request.user
        if not (user.is_active and user.is_staff):
            return False
        return user.is_superuser or has_a_role(user)


class AnyScriptSearch:
    """A ModelAdmin mixin: 韩歆毅, 韓歆毅 and full-width ＡＢＣ find the same rows. Questions, facts and
    articles look each term up once in the search index (quizapp/search), which holds their text
    folded; a model whose search fields are not indexed (tags, quizzes, decks: a few hundred rows)
    runs the search for each spelling of the term and OR-s the results."""

    def get_search_results(self, request, queryset, search_term):
        from quizapp.search.query import search as index_search  # models: not while the admin app loads

        found = index_search(queryset, self.get_search_fields(request), search_term)
        if found is not None:
            return found, False  # filtered by id lists, never joined: no duplicate rows
        results, may_have_duplicates = super().get_search_results(request, queryset, search_term)
        for spelling in spellings(search_term) - {search_term}:
            more, more_duplicates = super().get_search_results(request, queryset, spelling)
            results, may_have_duplicates = results | more, may_have_duplicates or more_duplicates
        return results, may_have_duplicates


class AuthorFilter(admin.RelatedFieldListFilter):
    """Filter by author, listing the staff who write or edit (not every learner with an account)."""

    def field_choices(self, field, request, model_admin):
        authors = get_user_model().objects.filter(groups__name__in=Role.values).values("pk")
        return field.get_choices(include_blank=False, limit_choices_to={"pk__in": authors}, ordering=("username",))


class QuizAdminConfig(AdminConfig):
    default_site = "quizapp.admin_site.QuizAdminSite"


class CountedPageChangeList(ChangeList):
    """A list whose count columns are worked out for the page's rows only, in one statement grouped
    by id: an annotation on the list's query counted every row of the table (0.7 s for the article
    list at 500 articles) and made the paginator's count group the whole table too. The model admin
    names the counts in `page_counts` ({attribute: aggregate}); rows off the page are never counted,
    so those columns are not sortable."""

    def get_results(self, request) -> None:
        super().get_results(request)
        self.result_list = list(self.result_list)
        counts = self.model_admin.page_counts
        ids = [row.pk for row in self.result_list]
        counted = self.model._default_manager.filter(pk__in=ids).order_by().values("pk").annotate(**counts)
        found = {row["pk"]: row for row in counted}
        for row in self.result_list:
            for name in counts:
                setattr(row, name, found.get(row.pk, {}).get(name, 0))
