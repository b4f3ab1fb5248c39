"""The question form's live preview: the unsaved form, as the learner will see it, while the author types.

It reads the fields the learner sees and nothing else, and checks only that each can be read (a
number is a number, the fact exists): a half-written question is what it is there to show. What
cannot be read is a 400 with the field's own message, shown in the preview's place.
"""

from __future__ import annotations

from django import forms
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.template.loader import render_to_string
from django.views.decorators.http import require_http_methods

from quizapp.library import reading
from quizapp.library.admin_forms import QuestionForm
from quizapp.library.models import Choice, Fact, Question, QuestionType

SHOWN_FIELDS = [
    "fact", "type", "prompt", "explanation", "answer_bool", "accepted_answers",
    "numeric_value", "numeric_tolerance", "numeric_unit",
]  # fmt: skip
CHOICE_PREFIX = "choices"  # the inline formset's prefix (Question.choices)
MAX_CHOICES = 50  # more rows than any question has; a forged count is not read row by row


class Unreadable(Exception):
    def __init__(self, messages: list[str]):
        super().__init__(messages)
        self.messages = messages


def _clean(field, value, label: str):
    try:
        return field.clean(value)
    except ValidationError as error:
        raise Unreadable([f"{label}: {m}" for m in error.messages]) from error


def question_from(data) -> tuple[Question, list[Choice]]:
    """An unsaved question and its choices from the posted form (or the query string); an empty
    field stays empty instead of being an error."""
    form = QuestionForm(data)
    form.fields["fact"].queryset = Fact.objects.select_related("article")  # the source link names the article
    values = {}
    for name in SHOWN_FIELDS:
        raw = form[name].data
        if raw in (None, "", [], ()) and name != "answer_bool":
            continue
        values[name] = _clean(form.fields[name], raw, str(form.fields[name].label))
    values.setdefault("type", QuestionType.SINGLE_CHOICE)
    question = Question(**{k: v for k, v in values.items() if k != "fact"}, fact=values.get("fact"))
    return question, _choices_from(data) if question.has_choices else []


def _choices_from(data) -> list[Choice]:
    label = str(Choice._meta.verbose_name_plural)
    total = _clean(forms.IntegerField(min_value=0), data.get(f"{CHOICE_PREFIX}-TOTAL_FORMS") or 0, label)
    fields = {name: Choice._meta.get_field(name).formfield() for name in ("order", "text", "feedback")}
    rows = []
    for i in range(min(total, MAX_CHOICES)):
        key = f"{CHOICE_PREFIX}-{i}-"
        if not (data.get(key + "text") or "").strip() or data.get(key + "DELETE"):
            continue
        row = {"order": i}  # a row without an order keeps its place
        for name, field in fields.items():
            if raw := data.get(key + name):
                row[name] = _clean(field, raw, str(field.label))
        rows.append((row["order"], i, Choice(is_correct=bool(data.get(key + "is_correct")), **row)))
    return [choice for _order, _i, choice in sorted(rows, key=lambda r: r[:2])]


def preview_context(question: Question, choices: list[Choice]) -> dict:
    """What the preview template needs; the answer in words comes from library/reading.py like the
    learner's pages, the choices from the form rows (an unsaved question has no choices to read)."""
    if question.has_choices:
        expected = reading.joined(c.text for c in choices if c.is_correct)
        rows = [{"text": c.text, "correct": c.is_correct, "feedback": c.feedback} for c in choices]
        review = {"choices": rows} if rows else None
    else:
        expected = reading.expected_answer(question)
        review = {"your_answer": reading.NOTHING, "expected": expected}
    tolerance = ""
    if question.type == QuestionType.NUMERIC and question.numeric_tolerance:
        tolerance = reading.format_number(question.numeric_tolerance, question.numeric_unit)
    return {
        "q": question,
        "fact": question.fact if question.fact_id else None,
        "choices": choices,
        "expected": expected,
        "tolerance": tolerance,
        "row": review,
        "segments": reading.cloze_segments(question.prompt) if question.type == QuestionType.CLOZE else [],
        "truth_options": reading.truth_choices(),
    }


def render_preview(question: Question, choices: list[Choice], request: HttpRequest | None = None) -> str:
    return render_to_string("admin/library/question/preview.html", preview_context(question, choices), request)


@require_http_methods(["GET", "POST"])
def live_preview(request: HttpRequest) -> HttpResponse:
    """GET (a link, the query string) or POST (htmx sends the whole form); it never writes."""
    data = request.POST if request.method == "POST" else request.GET
    try:
        question, choices = question_from(data)
    except Unreadable as error:
        html = render_to_string("admin/library/question/preview.html", {"unreadable": error.messages}, request)
        return HttpResponse(html, status=400)
    response = HttpResponse(render_preview(question, choices, request))
    response["Cache-Control"] = "no-store"
    return response
