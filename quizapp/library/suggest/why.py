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
    for sentence in draft.sentences:
        for found in reasons(sentence.text):
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
    """Other reasons from the article first, nearest in length; their sentences are not in this fact."""
    others = {}
    for r in draft.article.reasons:
        if r.sentence not in quote and r.reason not in quote and found.reason not in r.reason:
            others.setdefault(r.reason, r.sentence)
    same = [(w, s) for w, s in others.items() if 0.4 <= len(w) / len(found.reason) <= 2.5]
    return draft.pick(draft.ranked(same, key=lambda pair: pair[0])[:POOL], key=lambda pair: pair[0])
