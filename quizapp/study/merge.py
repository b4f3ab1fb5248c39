"""Moving an anonymous learner's cards and reviews to their account on log-in."""

from __future__ import annotations

from datetime import UTC, datetime

from quizapp.accounts.learners import register_merger
from quizapp.accounts.models import Learner
from quizapp.study.models import CardState, ReviewLog

_NEVER = datetime.min.replace(tzinfo=UTC)


@register_merger
def move_cards(source: Learner, target: Learner) -> None:
    """Runs inside merge_learner's transaction. Where both studied a question, the state
    reviewed last wins; every review log is kept, from both."""
    studied_by_target = CardState.objects.filter(learner=target).values("question")
    mine = {s.question_id: s for s in CardState.objects.filter(learner=source, question__in=studied_by_target)}
    drop_target, drop_source = [], []
    for other in CardState.objects.filter(learner=target, question_id__in=list(mine)):
        state = mine[other.question_id]
        if (state.last_review or _NEVER) > (other.last_review or _NEVER):
            drop_target.append(other.pk)
        else:
            drop_source.append(state.pk)
    CardState.objects.filter(pk__in=drop_target + drop_source).delete()
    CardState.objects.filter(learner=source).update(learner=target)
    ReviewLog.objects.filter(learner=source).update(learner=target)
