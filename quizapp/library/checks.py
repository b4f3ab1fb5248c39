"""Checks on what the bank says to learners, shared by load_content, the admin, the API and bulk actions.

- the answer-vs-fact check: a question's answer must be in its fact's quote or restatement (a figure
  after unit conversion, a text whatever its script and width), unless a written reason overrides it;
- the lint: learner-facing text must not cite the bank's internal file numbers ("002号文章");
- the why/how share: questions that ask why, how, what for or what follows carry the tag `reasons`.

Pure functions over plain values; `question_problems_in_fact` and `blocked` read saved questions.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable, Sequence
from decimal import Decimal
from functools import lru_cache

from django.db.models import QuerySet
from django.utils.translation import gettext as _

from quizapp.library import cloze
from quizapp.library.models import Question, QuestionType, Status
from quizapp.library.normalise import normalise_text, parse_number
from quizapp.library.reading import format_number
from quizapp.library.scripts import to_simplified
from quizapp.library.validation import ChoiceData

REASONS_TAG = "reasons"
# A correct choice may paraphrase its fact (a why question's answer rarely copies the sentence), but at
# least this share of its character pairs must be in the fact's wording. Measured on the shipped bank:
# right choices that paraphrase their own fact share 0.58 or more; set against another fact of the same
# article, the median right choice shares 0 and 95% share under 0.34.
CHOICE_WORDING_SHARE = 0.5
WHY_HOW_BAR = 0.35  # issue 14: at least 35% of each article's published questions ask why or how

# ---------------------------------------------------------------- how the grader reads answers

# The check reads an answer the way the grader does (16亿 = 1.6e9, 韓 = 韩, ２ = 2): one normaliser for both.
# Remembered here (the grader's own calls are not): a fact's quote and restatement are folded again for
# every question and correct choice on it, and folding goes through OpenCC twice; load_content checks
# the whole bank against its 238 facts (0.15 → 0.09 s CPU of a fresh load of the shipped bank).
_folded = lru_cache(maxsize=2048)(normalise_text)

# ---------------------------------------------------------------- answer vs fact

# A run of digits or Chinese numerals, with magnitudes, a decimal point or thousands separators, and a
# percent sign: every amount the text states ("1亿", "211.9", "百分之十四", "二〇二四", "14%").
_FIGURE = re.compile(r"(?:百分之)?[0-9零〇一二两三四五六七八九十百千万亿点.,]+%?")


def _figures(text: str) -> list[str]:
    text = to_simplified(unicodedata.normalize("NFKC", text))
    found = []
    for run in _FIGURE.findall(text):
        found.append(run)
        # "10亿,211.9亿" is two amounts; "1,234" is one (kept whole above).
        found += [part for part in run.split(",") if part and part != run]
    return found


def states_amount(sources: Sequence[str], value: Decimal, unit: str = "", tolerance: Decimal | None = None) -> bool:
    """Does any of `sources` state `value` in `unit` (within `tolerance`), after unit conversion?

    Signs are ignored: an article writes a fall as 「下跌0.48%」 as often as 「-0.48%」."""
    tolerance = abs(tolerance or Decimal(0))
    for text in sources:
        for figure in _figures(text):
            amount = parse_number(figure, unit)
            if amount is not None and abs(abs(amount) - abs(value)) <= tolerance:
                return True
    return False


def states_text(sources: Sequence[str], answer: str) -> bool:
    """Does any of `sources` hold `answer`, whatever the script, width, spacing and punctuation, or,
    for an answer that is an amount ("1万", "一万"), state that amount?"""
    key = _folded(answer)
    if key and any(key in _folded(text) for text in sources):
        return True
    amount = parse_number(answer, "")
    return amount is not None and states_amount(sources, amount)


def shares_wording(sources: Sequence[str], answer: str, at_least: float = CHOICE_WORDING_SHARE) -> bool:
    """Are at least `at_least` of the answer's character pairs (script, width and punctuation folded)
    in one of `sources`? A paraphrase of the fact passes; a point taken from elsewhere does not."""
    key = _folded(answer)
    pairs = {key[i : i + 2] for i in range(len(key) - 1)} or {key}
    keys = [_folded(text) for text in sources]
    return sum(any(pair in k for k in keys) for pair in pairs) >= at_least * len(pairs)


def answer_problems(
    *,
    type: str,
    prompt: str,
    quote: str,
    restatement: str = "",
    choices: Sequence[ChoiceData] = (),
    accepted_answers: Sequence[str] = (),
    numeric_value: Decimal | None = None,
    numeric_unit: str = "",
    numeric_tolerance: Decimal | None = None,
    **_other_fields,
) -> list[str]:
    """Where the answer is not in the fact's quote or restatement; [] when it is, or for true/false.

    Takes the same keywords as validation.question_problems (others are ignored), plus the fact's text.
    """
    sources = [s for s in (quote, restatement) if s.strip()]
    found = []
    if type == QuestionType.NUMERIC and numeric_value is not None:
        if not states_amount(sources, Decimal(numeric_value), numeric_unit, numeric_tolerance):
            found.append(
                _("The answer %(answer)s is not a figure in the fact's quote or restatement.")
                % {"answer": format_number(numeric_value, numeric_unit)}
            )
    elif type == QuestionType.CLOZE:
        for number, answer in enumerate(cloze.answers(prompt), 1):
            if not states_text(sources, answer):
                found.append(
                    _("Blank c%(number)d, “%(answer)s”, is not in the fact's quote or restatement.")
                    % {"number": number, "answer": answer}
                )
    elif type == QuestionType.SHORT_ANSWER:
        first = next((str(a) for a in accepted_answers if str(a).strip()), "")
        if first and not states_text(sources, first):
            found.append(
                _("The first accepted answer, “%(answer)s”, is not in the fact's quote or restatement.")
                % {"answer": first}
            )
    elif type in Question.TYPES_WITH_CHOICES:
        for choice in choices:
            if choice.is_correct and not (states_text(sources, choice.text) or shares_wording(sources, choice.text)):
                found.append(
                    _("Most of the correct choice “%(answer)s” is not in the fact's quote or restatement.")
                    % {"answer": choice.text}
                )
    return found


def question_problems_in_fact(question: Question) -> list[str]:
    """answer_problems for a saved question: reads its fact and its choices (prefetch them for many)."""
    return answer_problems(
        type=question.type,
        prompt=question.prompt,
        quote=question.fact.quote,
        restatement=question.fact.restatement,
        choices=[ChoiceData(c.text, c.is_correct) for c in question.choices.all()],
        accepted_answers=question.accepted_answers,
        numeric_value=question.numeric_value,
        numeric_unit=question.numeric_unit,
        numeric_tolerance=question.numeric_tolerance,
    )


def problems_before_review(*, fact, status: str, check_override: str = "", **fields) -> list[str]:
    """What stops a question in `status` from going to review or being published: its answer is not in
    its fact (unless a written reason overrides the check) or its text cites internal file numbers. The
    admin form, its choices, the API and the bulk actions ask this; load_content reads the same checks.
    `fields` are validation.question_problems' keywords; a draft (or a question without a fact) passes."""
    if fact is None or not is_checked(status):
        return []
    return problems_on_fact(**fields, quote=fact.quote, restatement=fact.restatement, check_override=check_override)


def problems_on_fact(*, quote: str, restatement: str = "", check_override: str = "", **fields) -> list[str]:
    """What the checks find in a question on a fact with this quote and restatement, whatever its
    status: text citing internal file numbers, and an answer not in the fact unless a written reason
    overrides it. problems_before_review asks it for a saved fact; load_content for a fact in a file."""
    found = learner_text_problems(**fields)
    if not (check_override or "").strip():
        found += answer_problems(**fields, quote=quote, restatement=restatement)
    return found


def blocked(questions: QuerySet[Question]) -> dict[Question, list[str]]:
    """The questions that may not go to review or be published: their answer is not in their fact and
    no reason overrides the check. For bulk actions: `if found := blocked(queryset): refuse, listing them`."""
    rows = questions.exclude(type=QuestionType.TRUE_FALSE).select_related("fact").prefetch_related("choices")
    return {q: found for q in rows if not q.check_override.strip() and (found := question_problems_in_fact(q))}


def is_checked(status: str) -> bool:
    """Whether the check stops a question in `status` (a draft's problems are only warnings)."""
    return status in (Status.REVIEW, Status.PUBLISHED)


# ---------------------------------------------------------------- lint of learner-facing text

# How the bank names its own files: "000号专访", "002/003/004号文章", "003 号", "article 003", "文章003",
# "本题库另一篇文章". A learner sees titles, never these numbers.
_INTERNAL = re.compile(
    r"[0-9０-９]{3}\s*号|(?:article|文章)\s*#?\s*[0-9０-９]{3}(?![0-9０-９])|题库|[0-9]{3}_[0-9a-f]{16}",
    re.IGNORECASE,
)


def internal_references(text: str) -> list[str]:
    """The places in `text` that cite the bank's internal file numbers."""
    return _INTERNAL.findall(text)


def learner_text_problems(
    *, prompt: str, explanation: str, choices: Sequence[ChoiceData] = (), **_other_fields
) -> list[str]:
    """Learner-facing text (prompt, choices, their feedback, explanation) that cites internal file numbers."""
    texts = [(_("The prompt"), prompt), (_("The explanation"), explanation)]
    for n, choice in enumerate(choices, 1):
        texts += [
            (_("Choice %(n)d") % {"n": n}, choice.text),
            (_("Choice %(n)d's feedback") % {"n": n}, choice.feedback),
        ]
    return [
        _("%(field)s cites “%(reference)s”, an internal file number; name the article by its title.")
        % {"field": field, "reference": reference}
        for field, text in texts
        for reference in internal_references(text)
    ]


# ---------------------------------------------------------------- why/how share


def why_how_share(questions: Iterable[tuple[str, Iterable[str]]]) -> tuple[int, int]:
    """(why/how questions, all) among the published ones of (status, tags) pairs."""
    published = [set(tags) for status, tags in questions if status == Status.PUBLISHED]
    return sum(REASONS_TAG in tags for tags in published), len(published)
