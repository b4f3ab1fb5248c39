"""Single-choice suggestions: a figure or a name taken out of its sentence, the distractors being
figures of the same kind and magnitude (or names of the same sort) — from the same article first,
then from the others — and a different set for each fact."""

from __future__ import annotations

from quizapp.library.models import QuestionType
from quizapp.library.suggest import words
from quizapp.library.suggest.base import BLANK, Draft, Suggestion, clause_around
from quizapp.library.suggest.figures import DATE, YEAR, Figure, figures

N_DISTRACTORS = 3
POOL = 6  # the nearest candidates a fact's three are picked from


def figure_pool(draft: Draft, f: Figure, sentence: str, corpus: list[tuple[Figure, str]]) -> list[Figure]:
    """Figures a reader could mistake for `f`, nearest first: same kind and unit base, same
    magnitude, possible, and not another way of writing `f` itself; the article's own first."""
    pool: list[Figure] = []
    for source in (draft.article.figures, corpus):
        found = {}
        for g, where in source:
            if (
                where != sentence
                and g.same_kind(f)
                and g.near(f)
                and g.possible(draft.article.latest)
                and (g.amount, g.high, g.month, g.day) != (f.amount, f.high, f.month, f.day)
                and g.text not in draft.fact.quote
                and all((g.amount, g.month, g.day) != (c.amount, c.month, c.day) for c in pool)
            ):
                found.setdefault((g.amount, g.high, g.month, g.day), g)
        pool += sorted(found.values(), key=lambda g: abs(float(g.amount) - float(f.amount)))[: POOL - len(pool)]
        if len(pool) >= POOL - 1:  # enough for a different set of three on each of ten facts
            break
    return pool


def suggestions(draft: Draft, corpus: list[tuple[Figure, str]]) -> list[Suggestion]:
    out = []
    for sentence in draft.sentences:
        text = sentence.text
        for f in sorted(figures(text), key=lambda f: f.kind in (YEAR, DATE)):  # amounts first, as numeric
            distractors = draft.pick(figure_pool(draft, f, text, corpus), key=lambda g: g.text)
            if len(distractors) >= 2 and f.possible(draft.article.latest):
                wrong = [(g.text, _source_note(draft, g, corpus)) for g in distractors]
                out += _choice(draft, text, f.start, f.end, f.kind, wrong)
                if out:
                    break
        if out:
            break
    for sentence in draft.sentences:
        for name in words.names(sentence.text, draft.article.names):
            if name.flag == words.TERM:
                continue  # a term's neighbours in the article are not things of its sort
            others = [
                w for w, flag in draft.article.names.items()
                if flag == name.flag and w not in draft.fact.quote and name.word not in w and w not in name.word
            ]  # fmt: skip
            wrong = [(w, draft.say("文章里的另一个名字。")) for w in draft.pick(draft.ranked(others)[:POOL])]
            if wrong:  # pick gives two or more, or none
                made = _choice(draft, sentence.text, name.start, name.end, "name", wrong)
                if made:
                    return out + made
    return out


def _source_note(draft: Draft, g: Figure, corpus: list[tuple[Figure, str]]) -> str:
    source = next((s for h, s in draft.article.figures if h is g), None)
    if source is not None:
        return draft.say("这个数字出自文章另一处：") + f"「{source}」"
    source = next((s for h, s in corpus if h is g), "")  # already 《title》「sentence」
    return draft.say("这个数字出自另一篇文章：") + source


def _choice(draft: Draft, text: str, start: int, end: int, label: str, wrong: list[tuple[str, str]]) -> list:
    before, after = clause_around(text, start, end)
    right = text[start:end]
    if right in before + after:
        return []  # the stem would give the answer away
    prompt = draft.say("选出填入括号的一项：") + f"{before}{BLANK}{after}"
    choices = [{"text": right, "is_correct": True, "feedback": draft.say("正确，见原文。")}]
    choices += [{"text": w, "is_correct": False, "feedback": note} for w, note in wrong]
    return [
        Suggestion(
            QuestionType.SINGLE_CHOICE,
            "choice",
            label,
            prompt,
            draft.explanation,
            choices=draft.ranked(choices, key=lambda c: c["text"]),
            answer=right,
        )  # fmt: skip
    ]
