"""Cloze suggestions: one blank per learning point (a figure, a date, a name), the stem being the
sentence that holds it, the blank always whole words."""

from __future__ import annotations

from quizapp.library.models import QuestionType
from quizapp.library.suggest import words
from quizapp.library.suggest.base import Draft, Suggestion
from quizapp.library.suggest.figures import DATE, figures

MAX_FIGURES, MAX_NAMES = 3, 2
MAX_WIDENING = 2  # characters a blank may grow by to reach word boundaries


def cloze(text: str, start: int, end: int) -> str:
    return f"{text[:start]}{{{{c1::{text[start:end]}}}}}{text[end:]}"


def blank_span(text: str, start: int, end: int) -> tuple[int, int] | None:
    """text[start:end] widened to whole words; None when that would hide much more than asked."""
    wide = words.widened(text, start, end)
    if (wide[1] - wide[0]) - (end - start) > MAX_WIDENING:
        return None
    return wide


def suggestions(draft: Draft) -> list[Suggestion]:
    out: list[Suggestion] = []
    seen: set[str] = set()
    n_figures = n_names = 0
    for sentence in draft.sentences:
        text = sentence.text
        for f in figures(text):
            if n_figures >= MAX_FIGURES:
                break
            # A date is hidden whole; an amount only its number, so its unit stays as a hint and
            # 10 or 十 both count as right.
            end = f.end if f.kind == DATE or f.is_range else f.start + len(f.number_text)
            made = _one(draft, text, f.start, end, f.kind, seen)
            if made:
                out.append(made)
                n_figures += 1
        for name in words.names(text, draft.article.names):
            if n_names >= MAX_NAMES:
                break
            made = _one(draft, text, name.start, name.end, "name", seen)
            if made:
                out.append(made)
                n_names += 1
    return out


def _one(draft: Draft, text: str, start: int, end: int, label: str, seen: set[str]) -> Suggestion | None:
    span = blank_span(text, start, end)
    if span is None:
        return None
    answer = text[span[0] : span[1]].strip()
    rest = text[: span[0]] + text[span[1] :]
    if not answer or answer in seen or answer in rest:
        return None  # asked already, or the stem would give it away
    seen.add(answer)
    return Suggestion(QuestionType.CLOZE, "cloze", label, cloze(text, *span), draft.explanation, answer=answer)
