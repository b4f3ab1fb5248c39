"""How a question reads: the right answer in words, a response in words, cloze pieces, 对/错, numbers.

The one home for these, used by the quiz pages, the results, the API, the flashcards and the Anki
export; template filters and serializers wrap it. Plain text only: templates and the Anki writer escape.
"""

from __future__ import annotations

from collections.abc import Iterable
from decimal import Context, Decimal, localcontext

from django.utils.translation import gettext as _

from quizapp.library import cloze
from quizapp.library.models import Question, QuestionType

TRUE_LABEL, FALSE_LABEL = "对", "错"
SEPARATOR = " / "  # between the parts of one answer: several right choices, blanks, accepted answers
NOTHING = "—"  # no answer at all
BLANK = "［＿＿＿］"

# Wide enough for any amount a learner can type (normalise caps answers at 100 characters).
NUMBER_CONTEXT = Context(prec=400, Emax=10_000, Emin=-10_000)


def truth_label(value: bool | None) -> str:
    """True/false in words: 对 or 错 (— when the statement's truth is not set)."""
    if value is None:
        return NOTHING
    return TRUE_LABEL if value else FALSE_LABEL


def glossed(gloss: str, text: str) -> str:
    """Chinese text with its meaning in the interface language first, unless that says the same
    ("True · 对" in English, just "对" in Chinese)."""
    return text if gloss == text else f"{gloss} · {text}"


def truth_choices() -> tuple[tuple[str, str], ...]:
    """The options of a true/false answer form: the posted value and its label."""
    return ("true", glossed(_("True"), TRUE_LABEL)), ("false", glossed(_("False"), FALSE_LABEL))


def joined(parts: Iterable[str]) -> str:
    return SEPARATOR.join(parts) or NOTHING


def tidy_decimal(value: Decimal) -> Decimal:
    """The same number without trailing zeros or an exponent: Decimal("2E+3") → 2000, "211.900" → 211.9."""
    if not value.is_finite():
        return value
    if value == 0:
        return Decimal(0)
    if value == value.to_integral_value():
        return value.quantize(Decimal(1))
    return value.normalize()


def format_number(value: Decimal | int | str | None, unit: str = "") -> str:
    """A number as a learner would write it: "211.9亿元", "14%", "2000年", but "3.5 km" (a space
    only before a Latin word)."""
    if value is None:
        return ""
    with localcontext(NUMBER_CONTEXT):
        text = format(tidy_decimal(Decimal(value)), "f")
    unit = unit.strip()
    if not unit:
        return text
    return f"{text} {unit}" if unit[0].isascii() and unit[0].isalpha() else f"{text}{unit}"


def expected_answer(question: Question) -> str:
    """The right answer in words. Reads question.choices.all(): prefetch them for lists."""
    match question.type:
        case QuestionType.CLOZE:
            return joined(cloze.answers(question.prompt))
        case QuestionType.SINGLE_CHOICE | QuestionType.MULTIPLE_RESPONSE:
            return joined(c.text for c in question.choices.all() if c.is_correct)
        case QuestionType.TRUE_FALSE:
            return truth_label(question.answer_bool)
        case QuestionType.NUMERIC:
            return format_number(question.numeric_value, question.numeric_unit) or NOTHING
        case _:  # short answer: every accepted answer, so a learner sees which spellings count
            return joined(str(a) for a in question.accepted_answers if str(a).strip())


def response_text(question: Question, response) -> str:
    """A learner's response (shaped as grading expects) in words; — for no response."""
    if response is None:
        return NOTHING
    match question.type:
        case QuestionType.SINGLE_CHOICE | QuestionType.MULTIPLE_RESPONSE:
            picked = set(response if isinstance(response, list) else [response])
            return joined(c.text for c in question.choices.all() if c.pk in picked)
        case QuestionType.TRUE_FALSE:
            return truth_label(response)
        case QuestionType.CLOZE:
            return joined(response)
    return str(response) or NOTHING


def cloze_segments(prompt: str) -> list[dict]:
    """A cloze prompt as text pieces and blanks to fill ({"blank": number, "hint": …}); a deletion
    number seen before shares the first one's blank, so it shows as a plain gap."""
    parts, cursor, seen = [], 0, set()
    for m in cloze.DELETION.finditer(prompt):
        parts.append({"text": prompt[cursor : m.start()]})
        number = int(m[1])
        if number in seen:
            parts.append({"text": BLANK})
        else:
            seen.add(number)
            parts.append({"blank": number, "hint": m[3] or ""})
        cursor = m.end()
    parts.append({"text": prompt[cursor:]})
    return [p for p in parts if p.get("text") != ""]


def revealed_parts(prompt: str) -> tuple[tuple[str, bool], ...]:
    """A cloze prompt with the answers in place, in pieces (text, is_answer), so they can be highlighted."""
    parts, last = [], 0
    for match in cloze.DELETION.finditer(prompt):
        parts += [(prompt[last : match.start()], False), (match[2], True)]
        last = match.end()
    parts.append((prompt[last:], False))
    return tuple(p for p in parts if p[0])
