"""`{% proposals_panel original %}`: the proposals box on a question's or a fact's admin page, so
the library's templates show it without the library importing this app."""

from __future__ import annotations

from django import template

from quizapp.proposals.admin import panel

register = template.Library()


@register.simple_tag(takes_context=True)
def proposals_panel(context, target) -> str:
    if target is None or getattr(target, "pk", None) is None or "request" not in context:
        return ""
    return panel(context["request"], target)
