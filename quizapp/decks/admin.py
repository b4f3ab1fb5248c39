from __future__ import annotations

from django.contrib import admin
from django.contrib.admin.views.main import ChangeList
from django.http import HttpRequest, HttpResponse
from django.utils.translation import gettext_lazy as _

from quizapp.admin_site import AnyScriptSearch
from quizapp.decks.anki import build_apkg, build_zip
from quizapp.decks.models import Deck, DeckKind, attach_question_counts
from quizapp.web import apkg_response, attachment_response

AUTOMATIC_KINDS = (DeckKind.ARTICLE, DeckKind.ALL)


@admin.action(description=_("Export to Anki (.apkg; several decks: a .zip of .apkg files)"))
def export_to_anki(modeladmin: DeckAdmin, request: HttpRequest, queryset) -> HttpResponse:
    decks = list(queryset.order_by("slug"))
    if len(decks) == 1:
        return apkg_response(build_apkg(decks[0]), decks[0].download_filename)
    return attachment_response(build_zip(decks), "quizapp-decks.zip", "application/zip")


class CountedPageChangeList(ChangeList):
    """The deck list counts the questions of the page's decks only (one grouped statement, whatever their
    kinds; 全部题目's from the cache), never of every deck: a count per deck over the whole table took 0.77 s
    at 900 decks."""

    def get_results(self, request) -> None:
        super().get_results(request)
        self.result_list = attach_question_counts(list(self.result_list))


@admin.register(Deck)
class DeckAdmin(AnyScriptSearch, admin.ModelAdmin):
    list_display = ["name", "slug", "kind", "question_count", "anki_deck_id", "updated_at"]
    list_filter = ["kind"]
    search_fields = ["name", "slug", "description"]
    show_full_result_count = False
    filter_horizontal = ["picked"]
    prepopulated_fields = {"slug": ["name"]}
    actions = [export_to_anki]
    readonly_fields = ["article", "anki_deck_id", "created_at", "updated_at"]
    autocomplete_fields = ["tag"]
    fieldsets = [
        (None, {"fields": ["name", "slug", "description", "kind"]}),
        (
            _("Questions"),
            {
                "fields": ["article", "tag", "picked"],
                "description": _("A tag deck takes its tag's questions; a hand-picked deck the questions picked here."),
            },
        ),
        (_("Anki"), {"fields": ["anki_deck_id", "created_at", "updated_at"]}),
    ]

    def get_queryset(self, request: HttpRequest):
        return super().get_queryset(request).with_source().with_library_version()

    def get_changelist(self, request: HttpRequest, **kwargs):
        return CountedPageChangeList

    # Not sortable: sorting by it would count every deck again.
    @admin.display(description=_("published questions"))
    def question_count(self, deck: Deck) -> int:
        return deck.question_count

    def get_readonly_fields(self, request: HttpRequest, obj: Deck | None = None):
        # Automatic decks follow their article (or the whole library): only the description is the editor's.
        if obj and obj.kind in AUTOMATIC_KINDS:
            return [*self.readonly_fields, "name", "slug", "kind", "tag", "picked"]
        return self.readonly_fields

    def get_prepopulated_fields(self, request: HttpRequest, obj: Deck | None = None):
        return {} if obj and obj.kind in AUTOMATIC_KINDS else self.prepopulated_fields

    def formfield_for_choice_field(self, db_field, request: HttpRequest, **kwargs):
        if db_field.name == "kind":
            # Article and "all" decks are made automatically, never by hand.
            kwargs["choices"] = [(k.value, k.label) for k in DeckKind if k not in AUTOMATIC_KINDS]
        return super().formfield_for_choice_field(db_field, request, **kwargs)
