"""API for the library: articles to read, facts (quotes), and questions.

Learners and anonymous visitors see published questions without their answers until they have
answered them; authors and editors see every status and every answer, and write facts and
questions under the admin's rules (authors: drafts, sent to review; editors: publish).
"""

from __future__ import annotations

from django.db.models import Prefetch, ProtectedError, Q
from django.urls import reverse
from django.utils.translation import gettext
from drf_spectacular.utils import extend_schema, extend_schema_view
from rest_framework import permissions, viewsets
from rest_framework.exceptions import PermissionDenied
from rest_framework.response import Response

from quizapp.accounts.learners import current_learner, current_learner_id
from quizapp.accounts.roles import Perm
from quizapp.api.base import (
    ApiViewMixin,
    AuthoringPermission,
    EditableRecordViewSet,
    IdLookupMixin,
    choice_parameter,
    id_parameter,
    query_choice,
    query_int,
    query_text,
    text_parameter,
)
from quizapp.api.errors import Conflict, error_responses
from quizapp.library.api_serializers import (
    ArticleDetailSerializer,
    ArticleSerializer,
    FactSerializer,
    FactWriteSerializer,
    QuestionSerializer,
    QuestionWriteSerializer,
)
from quizapp.library.models import Article, Drift, Fact, Paragraph, Question, QuestionType, Status
from quizapp.library.permissions import (
    FACT_IN_USE,
    NOT_YOUR_DRAFT,
    PROPOSE_FACT_INSTEAD,
    PROPOSE_INSTEAD,
    RETIRING_FOR_EDITORS,
    may_change,
    may_change_fact,
    may_propose,
    may_publish,
    settable_statuses,
    why_not_delete,
)
from quizapp.library.retiring import HAS_HISTORY
from quizapp.library.revealed import revealed_question_ids, withheld_question_ids


def sees_answers(user) -> bool:
    return user.is_authenticated and user.has_perm(Perm.VIEW_QUESTION)  # every role has it


@extend_schema_view(
    list=extend_schema(
        summary="List articles",
        responses={200: ArticleSerializer(many=True), **error_responses(404)},
    ),
    retrieve=extend_schema(
        summary="Read an article, paragraph by paragraph",
        responses={200: ArticleDetailSerializer, **error_responses(404)},
    ),
)
class ArticleViewSet(IdLookupMixin, ApiViewMixin, viewsets.ReadOnlyModelViewSet):
    def get_queryset(self):
        if self.action == "list":  # counted for the page's articles only: see paginate_queryset
            return Article.objects.listed().order_by("source_file")
        articles = self.counted().order_by("source_file")  # GROUP BY drops Meta.ordering
        if self.action == "retrieve":
            articles = articles.prefetch_related(Prefetch("paragraphs", Paragraph.objects.order_by("number")))
        return articles

    def paginate_queryset(self, queryset):
        # Counting every article's facts and questions to show twenty took 2.4 s at 500 articles and
        # 50,000 questions (issue 18): the page is taken from the plain list, then counted alone.
        page = super().paginate_queryset(queryset)
        if page is None:
            return page
        counted = self.counted().in_bulk([article.pk for article in page])
        return [counted[article.pk] for article in page]

    @staticmethod
    def counted():
        """Articles as the serializers show them: with their counts and tags."""
        return Article.objects.with_counts().prefetch_related("tags")

    def get_serializer_class(self):
        return ArticleDetailSerializer if self.action == "retrieve" else ArticleSerializer


FACT_FILTERS = [
    id_parameter("article", "Only facts quoted from this article."),
    text_parameter("tag", "Only facts with this tag.", max_length=60),
    choice_parameter("drift", Drift.values, "Only facts in this drift state (`flagged`: the quote needs an author)."),
    text_parameter("search", "Text in the quote or the restatement."),
]


class ProposeIfRefused(permissions.BasePermission):
    """As in the admin: `rule` says who changes the object; a refused author who may propose the
    change gets a 403 whose message says where to (an editor approves it there), others `message`."""

    kind: str  # the proposals app's page: admin:proposals_propose_<kind>
    propose_message: str  # with %(url)s

    @staticmethod
    def rule(user, obj) -> bool:  # whether `user` changes `obj` directly
        raise NotImplementedError

    def has_object_permission(self, request, view, obj) -> bool:
        if request.method in permissions.SAFE_METHODS or self.rule(request.user, obj):
            return True
        if may_propose(request.user, obj):
            self.message = self.propose_message % {"url": proposal_page(request, self.kind, obj.pk)}
        return False


class FactsOfOwnDrafts(ProposeIfRefused):
    """An author changes a fact only while its questions are all their own drafts."""

    rule = staticmethod(may_change_fact)
    message = FACT_IN_USE
    propose_message = PROPOSE_FACT_INSTEAD
    kind = "fact"


def proposal_page(request, kind: str, pk: int) -> str:
    """Where an author proposes a change to live content (the proposals app's admin page): the API
    answers 403 and points there rather than holding a change of its own."""
    return request.build_absolute_uri(reverse(f"admin:proposals_propose_{kind}", args=[pk]))


@extend_schema_view(
    list=extend_schema(
        summary="List facts",
        parameters=FACT_FILTERS,
        responses={200: FactSerializer(many=True), **error_responses(400, 404)},
    ),
    retrieve=extend_schema(summary="Read a fact", responses={200: FactSerializer, **error_responses(404)}),
    create=extend_schema(
        summary="Create a fact (Authors, Editors)",
        description="The quote must occur in the article, within one paragraph. When it occurs more than once, "
        "the 400 lists every occurrence in context; send `occurrence` (or `paragraph_hint`) to choose.",
        request=FactWriteSerializer,
        responses={201: FactSerializer, **error_responses(400, 403, 415)},
    ),
    partial_update=extend_schema(
        summary="Edit a fact (Authors: while its questions are their own drafts; Editors: any)",
        description="The quote is checked again against the article, as in the admin. An author's change to a "
        "fact that live or another author's work stands on is a 403 whose message gives the admin page to "
        "propose it on (an editor approves it there).",
        request=FactWriteSerializer,
        responses={200: FactSerializer, **error_responses(400, 403, 404, 415)},
    ),
)
class FactViewSet(EditableRecordViewSet):
    queryset = Fact.objects.all()  # for AuthoringPermission's model lookup; get_queryset narrows
    permission_classes = [AuthoringPermission, FactsOfOwnDrafts]
    http_method_names = ["get", "post", "patch", "head", "options"]

    def get_queryset(self):
        facts = Fact.objects.with_source().prefetch_related("tags").order_by("article__source_file", "start", "pk")
        if not sees_answers(self.request.user):
            # Learners see the facts behind live questions only (never a draft's fact or its erratum), and
            # none an exam they have open asks about: a quote holds the answer of a cloze or short answer.
            facts = facts.filter(pk__in=Question.objects.live().values("fact"))
            if withheld := withheld_question_ids(current_learner_id(self.request)):
                facts = facts.exclude(questions__in=withheld)
        if self.action != "list":
            return facts
        params = self.request
        if (article := query_int(params, "article")) is not None:
            facts = facts.filter(article_id=article)
        if tag := query_text(params, "tag", max_length=60):
            facts = facts.filter(tags__name=tag).distinct()
        if drift := query_choice(params, "drift", Drift.values):
            facts = facts.filter(drift=drift)
        if search := query_text(params, "search"):
            facts = facts.filter(Q(quote__icontains=search) | Q(restatement__icontains=search))
        return facts

    def get_serializer_class(self):
        return FactWriteSerializer if self.action in ("create", "partial_update") else FactSerializer


class DraftsOnlyForAuthors(ProposeIfRefused):
    """Authors change their own drafts; anything else only an editor changes (a question in review or
    published is proposed in the admin)."""

    rule = staticmethod(may_change)
    message = NOT_YOUR_DRAFT
    propose_message = PROPOSE_INSTEAD
    kind = "question"


QUESTION_FILTERS = [
    id_parameter("article", "Only questions on this article."),
    id_parameter("fact", "Only questions on this fact."),
    choice_parameter("type", QuestionType.values, "Only questions of this type."),
    text_parameter("tag", "Only questions with this tag.", max_length=60),
    choice_parameter("status", Status.values, "Only this status. Learners only ever see `published` questions."),
    text_parameter("search", "Text in the prompt."),
]


@extend_schema_view(
    list=extend_schema(
        summary="List questions",
        description="Learners see published questions; `answer_key` stays null until they have answered the "
        "question in an attempt (in practice mode, or once the exam is over). Authors and editors see all.",
        parameters=QUESTION_FILTERS,
        responses={200: QuestionSerializer(many=True), **error_responses(400, 404)},
    ),
    retrieve=extend_schema(summary="Read a question", responses={200: QuestionSerializer, **error_responses(404)}),
    create=extend_schema(
        summary="Create a question with its choices (Authors, Editors)",
        description="Checked like the admin's form; problems come back keyed by field. Authors may only create "
        "`draft` or `review` questions: `published` is 403 unless you are an editor.",
        request=QuestionWriteSerializer,
        responses={201: QuestionSerializer, **error_responses(400, 403, 415)},
    ),
    partial_update=extend_schema(
        summary="Edit a question (Authors: drafts only; Editors: any)",
        description="Send only what changes. `choices`, when sent, is the complete new list: a choice with its "
        "`id` is the same choice, edited in place (learners' answers keep naming it); one without is new; a "
        "choice left out is deleted — unless a learner picked it, which is a 400 on `choices`. Editors retire "
        "a question with `status: retired` (kept for learners' history, never served) and bring it back "
        "with `status: review`. An author's change to a question in review or published is a 403 whose message "
        "gives the admin page to propose it on (an editor approves it there).",
        request=QuestionWriteSerializer,
        responses={200: QuestionSerializer, **error_responses(400, 403, 404, 415)},
    ),
    destroy=extend_schema(
        summary="Delete a question (Editors; Authors: their own drafts)",
        description="A question learners have answered or studied is never deleted: 409, retire it instead "
        "(PATCH `status: retired`).",
        responses={204: None, **error_responses(403, 404, 409)},
    ),
)
class QuestionViewSet(EditableRecordViewSet):
    queryset = Question.objects.all()  # for AuthoringPermission's model lookup; get_queryset narrows
    permission_classes = [AuthoringPermission, DraftsOnlyForAuthors]
    http_method_names = ["get", "post", "patch", "delete", "head", "options"]

    def get_permissions(self):
        # Who deletes what is why_not_delete's to say (an author deletes their own drafts without the
        # model's delete permission); the model permissions would refuse them with a misleading reason.
        if self.action == "destroy":
            return [permissions.IsAuthenticated()]
        return super().get_permissions()

    def get_queryset(self):
        questions = Question.objects.for_cards().prefetch_related("tags")
        if not sees_answers(self.request.user):
            questions = questions.live()
        if self.action != "list":
            return questions
        params = self.request
        if (article := query_int(params, "article")) is not None:
            questions = questions.filter(fact__article_id=article)
        if (fact := query_int(params, "fact")) is not None:
            questions = questions.filter(fact_id=fact)
        if kind := query_choice(params, "type", QuestionType.values):
            questions = questions.filter(type=kind)
        if tag := query_text(params, "tag", max_length=60):
            questions = questions.filter(tags__name=tag).distinct()
        if status := query_choice(params, "status", Status.values):
            questions = questions.filter(status=status)
        if search := query_text(params, "search"):
            questions = questions.filter(prompt__icontains=search)
        return questions

    def get_serializer_class(self):
        return QuestionWriteSerializer if self.action in ("create", "partial_update") else QuestionSerializer

    def get_serializer_context(self) -> dict:
        context = super().get_serializer_context()
        if getattr(self, "swagger_fake_view", False):
            return context
        if sees_answers(self.request.user):
            context["show_answers"] = True
        else:
            context["revealed"] = revealed_question_ids(current_learner(self.request))
        return context

    def perform_create(self, serializer) -> None:
        self._check_status(serializer.validated_data.get("status", Status.DRAFT), None)
        serializer.save()

    def perform_update(self, serializer) -> None:
        self._check_status(
            serializer.validated_data.get("status", serializer.instance.status), serializer.instance.status
        )
        serializer.save()

    def destroy(self, request, *args, **kwargs):
        question = self.get_object()
        reason = why_not_delete(request.user, question)
        if reason is HAS_HISTORY:
            raise Conflict(HAS_HISTORY)
        if reason is not None:
            raise PermissionDenied(reason)
        try:
            question.delete()
        except ProtectedError:  # a learner met it since the check: their history's foreign keys hold it
            raise Conflict(HAS_HISTORY) from None
        return Response(status=204)

    def _check_status(self, status: str, current: str | None) -> None:
        if status in settable_statuses(self.request.user, current):
            return
        if Status.RETIRED in (status, current) and not may_publish(self.request.user):
            raise PermissionDenied(RETIRING_FOR_EDITORS)
        if current == Status.RETIRED:
            raise PermissionDenied(gettext("A retired question comes back through review: set it to review."))
        if may_publish(self.request.user):
            raise PermissionDenied(gettext("A draft is published from review: send it to review first."))
        raise PermissionDenied("Only editors publish. Save the question as draft or send it to review.")
