"""The learner's history: accuracy per article over time (server-drawn SVG) and weakest facts."""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import Count, Q
from django.shortcuts import render
from django.views.decorators.http import require_GET

from quizapp.accounts.learners import current_learner
from quizapp.quizzes.models import Answer, Attempt
from quizapp.stats.learner import weakest_facts

WIDTH, HEIGHT, PAD = 320, 120, 18


@dataclass
class Series:
    title: str
    points: list[tuple[str, int]]  # (date label, accuracy %)

    @property
    def svg_points(self) -> str:
        n = len(self.points)
        step = (WIDTH - 2 * PAD) / max(n - 1, 1)
        coords = []
        for i, (_label, pct) in enumerate(self.points):
            x = PAD + i * step if n > 1 else WIDTH / 2
            y = HEIGHT - PAD - (HEIGHT - 2 * PAD) * pct / 100
            coords.append((round(x, 1), round(y, 1), pct, _label))
        return coords

    @property
    def polyline(self) -> str:
        return " ".join(f"{x},{y}" for x, y, _p, _l in self.svg_points)

    @property
    def latest(self) -> int:
        return self.points[-1][1] if self.points else 0


@require_GET
def dashboard(request):
    learner = current_learner(request)
    attempts = list(Attempt.objects.owned_by(learner).select_related("quiz").annotate(answered=Count("answers"))[:50])
    # Accuracy per article per day, from the answers themselves (retries and mixed quizzes included).
    rows = (
        Answer.objects.filter(attempt__learner=learner)
        .values("question__fact__article_id", "question__fact__article__title", "answered_at__date")
        .annotate(n=Count("id"), right=Count("id", filter=Q(is_correct=True)))
        .order_by("question__fact__article_id", "answered_at__date")
        if learner
        else []
    )
    series: dict[int, Series] = {}
    for r in rows:
        s = series.setdefault(r["question__fact__article_id"], Series(r["question__fact__article__title"], []))
        s.points.append((r["answered_at__date"].isoformat(), round(100 * r["right"] / r["n"])))
    weakest = weakest_facts(learner)  # judged as the item statistics judge questions
    context = {
        "attempts": attempts,
        "series": list(series.values()),
        "weakest": weakest,
        "chart": {"width": WIDTH, "height": HEIGHT, "pad": PAD, "mid": HEIGHT / 2, "bottom": HEIGHT - PAD},
    }
    return render(request, "quizzes/dashboard.html", context)
