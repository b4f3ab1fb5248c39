"""Multiple-response suggestions from enumerations (挂号缴费、疫苗预约、电子处方、送药上门): the
items the fact lists are the right answers, items the article lists elsewhere the wrong ones."""

from __future__ import annotations

from quizapp.library.models import QuestionType
from quizapp.library.suggest.base import BLANK, Draft, Suggestion, clause_around
from quizapp.library.suggest.enumerations import listings

MAX_RIGHT = 4
POOL = 6


def _latin(text: str) -> bool:
    return text.isascii()


def suggestions(draft: Draft) -> list[Suggestion]:
    quote = draft.fact.quote
    for sentence in draft.sentences:
        for listing in listings(sentence.text):
            right = list(listing.items[:MAX_RIGHT])
            before, after = clause_around(sentence.text, listing.start, listing.end)
            if any(item in before + after for item in right):
                continue  # the stem would name one of them
            wrong = draft.pick(_candidates(draft, right, quote))
            if not wrong:
                continue
            listed_here = draft.say("正确，原文列举了它。")
            choices = [{"text": item, "is_correct": True, "feedback": listed_here} for item in right]
            choices += [
                {"text": item, "is_correct": False, "feedback": draft.say("文章在别处列举了它，不在这一句里。")}
                for item in wrong
            ]
            return [
                Suggestion(
                    QuestionType.MULTIPLE_RESPONSE,
                    "multiple",
                    "list",
                    draft.say("选出括号处原文列举的所有项：") + before.lstrip("：:，, ") + BLANK + after,
                    draft.explanation,
                    choices=draft.ranked(choices, key=lambda c: c["text"]),
                    answer="、".join(right),
                )  # fmt: skip
            ]
    return []


def _candidates(draft: Draft, right: list[str], quote: str) -> list[str]:
    """Items the article lists elsewhere, not in this fact, of the same script and nearest in length."""
    size = sum(map(len, right)) / len(right)
    latin = sum(map(_latin, right)) > len(right) / 2
    seen = {}
    for listing in draft.article.lists:
        for item in listing.items:
            if item not in quote and all(item not in r and r not in item for r in right) and _latin(item) == latin:
                seen.setdefault(item, abs(len(item) - size))
    return sorted(seen, key=lambda item: (seen[item], item))[:POOL]
