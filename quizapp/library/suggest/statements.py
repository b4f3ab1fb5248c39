"""True/false suggestions, both ways: a true statement (the restatement, or the quote's own
sentence) and a false one made by a plausible change — a figure of the same kind and magnitude
stated elsewhere in the article, or another name of the same sort from it. Never an impossible
value: no share above 100%, no reversed range, no date after the article."""

from __future__ import annotations

from quizapp.library.models import QuestionType
from quizapp.library.suggest import words
from quizapp.library.suggest.base import Draft, Suggestion
from quizapp.library.suggest.choices import figure_pool
from quizapp.library.suggest.figures import figures

MAX_TRUE_LENGTH = 90


def suggestions(draft: Draft) -> list[Suggestion]:
    restatement = draft.fact.restatement.strip()
    base = restatement or next((s.text for s in draft.sentences if len(s.text) <= MAX_TRUE_LENGTH), "")
    if not base:
        return []
    out = [
        Suggestion(
            QuestionType.TRUE_FALSE,
            "true_false",
            "true",
            base,
            draft.say("正确。") + "\n" + draft.explanation,
            answer_bool=True,
            answer=draft.say("对"),
        )  # fmt: skip
    ]
    false = _changed_figure(draft, base) or _swapped_name(draft, base)
    if false:
        statement, label, was, now = false
        out.append(
            Suggestion(
                QuestionType.TRUE_FALSE,
                "true_false",
                label,
                statement,
                draft.say("错误：文章说的是") + f"{was}" + draft.say("，不是") + f"{now}。\n" + draft.explanation,
                answer_bool=False,
                answer=draft.say("错"),
            )  # fmt: skip
        )
    return out


def _changed_figure(draft: Draft, text: str) -> tuple[str, str, str, str] | None:
    for f in figures(text):
        if not f.possible(draft.article.latest):
            continue
        for g in figure_pool(draft, f, text, corpus=[])[:1]:
            return text[: f.start] + g.text + text[f.end :], f.kind, f.text, g.text
    return None


def _swapped_name(draft: Draft, text: str) -> tuple[str, str, str, str] | None:
    for name in words.names(text, draft.article.names):
        if name.flag == words.TERM:
            continue  # a term's neighbours in the article are not things of its sort
        others = [
            w for w, flag in draft.article.names.items()
            if flag == name.flag and w not in text and name.word not in w and w not in name.word
        ]  # fmt: skip
        for other in draft.ranked(others)[:1]:
            return text[: name.start] + other + text[name.end :], "name", name.word, other
    return None
