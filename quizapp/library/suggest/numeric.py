"""Numeric suggestions: the clause that states a figure, rewritten as its question
("…研发投入高达多少亿元？"), with the figure's own unit."""

from __future__ import annotations

from quizapp.library.models import QuestionType
from quizapp.library.reading import format_number
from quizapp.library.suggest.base import Draft, Suggestion, clause_around
from quizapp.library.suggest.figures import DATE, YEAR, Figure, figures

MAX_NUMERIC = 2


def question(draft: Draft, text: str, f: Figure) -> str | None:
    """The clause holding `f`, asking for it; None when the stem would still state the number."""
    before, after = clause_around(text, f.start, f.end)
    asked = draft.say("哪一年") if f.kind == YEAR else draft.say("多少") + f.unit
    stem = f"{before}{asked}{after}".strip()
    if f.number_text in stem:
        return None
    return stem + "？"


def suggestions(draft: Draft) -> list[Suggestion]:
    out = []
    for sentence in draft.sentences:
        # Amounts before years: "how much" is what a figure teaches, "which year" what a date does.
        for f in sorted(figures(sentence.text), key=lambda f: f.kind == YEAR):
            if len(out) >= MAX_NUMERIC:
                return out
            if f.kind == DATE or f.is_range or not f.text[0].isdigit():  # 十年: cloze and choices only
                continue
            stem = question(draft, sentence.text, f)
            if stem is None:
                continue
            unit = "年" if f.kind == YEAR else f.unit
            out.append(
                Suggestion(
                    QuestionType.NUMERIC,
                    "numeric",
                    f.kind,
                    stem,
                    draft.explanation,
                    numeric_value=format_number(f.value),
                    numeric_unit=unit,
                    answer=f.text,
                )  # fmt: skip
            )
    return out
