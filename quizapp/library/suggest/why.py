"""Why/how suggestions from causal and purpose sentences: the stated reason is the key, other
reasons the article gives (or, failing those, other claims it makes) are the distractors."""

from __future__ import annotations

from quizapp.library.checks import REASONS_TAG
from quizapp.library.models import QuestionType
from quizapp.library.suggest.base import Draft, Suggestion
from quizapp.library.suggest.reasons import BEHIND, MEANS, WHAT_FOR, WHY, Reason, reasons

POOL = 6
ASK = {
    WHY: "据文章，「{event}」的原因是什么？",
    WHAT_FOR: "据文章，「{event}」是为了什么？",
    MEANS: "据文章，「{event}」意味着什么？",
    BEHIND: "据文章，「{event}」背后是什么？",
}


def suggestions(draft: Draft) -> list[Suggestion]:
    quote = draft.fact.quote
    for previous, sentence in zip(["", *(s.text for s in draft.sentences)], draft.sentences, strict=False):
        for found in reasons(sentence.text, previous):
            wrong = _distractors(draft, found, quote)
            if len(wrong) < 2:
                continue
            template = draft.say(ASK[found.relation])
            before, after = template.split("{event}")
            choices = [{"text": found.reason, "is_correct": True, "feedback": draft.say("正确，见原文。")}]
            choices += [
                {
                    "text": w,
                    "is_correct": False,
                    "feedback": draft.say("文章确实这样说过，但说的是另一件事：") + f"「{s}」",
                }
                for w, s in wrong
            ]
            return [
                Suggestion(
                    QuestionType.SINGLE_CHOICE,
                    "why",
                    found.relation,
                    before + found.event + after,
                    draft.explanation,
                    choices=draft.ranked(choices, key=lambda c: c["text"]),
                    tags=[REASONS_TAG],
                    answer=found.reason,
                )  # fmt: skip
            ]
    return []


def _distractors(draft: Draft, found: Reason, quote: str) -> list[tuple[str, str]]:
    """Other reasons from the article, then (while fewer than three) other claims it makes, nearest
    in length first; none of them from this fact's sentences."""
    pools: list[list[tuple[str, str]]] = []
    for source in ((r.reason, r.sentence) for r in draft.article.reasons), draft.article.claims:
        others = {}
        for text, sentence in source:
            if sentence not in quote and text not in quote and found.reason not in text and text not in found.reason:
                others.setdefault(text, sentence)
        same = [(w, s) for w, s in others.items() if 0.4 <= len(w) / len(found.reason) <= 2.5]
        pools.append(sorted(same, key=lambda pair: (abs(len(pair[0]) - len(found.reason)), pair[0])))
    reasons_first = draft.ranked(pools[0], key=lambda pair: pair[0])[:POOL]
    if len(reasons_first) < 3:
        reasons_first += [p for p in pools[1] if p not in reasons_first][: POOL - len(reasons_first)]
    return draft.pick(reasons_first, key=lambda pair: pair[0])
