"""`{% proposals_panel original %}`: the proposals box on a question's or a fact's admin page, and
`{% pending_proposals %}`: how many wait (the admin index) — so the library's
templates show them without the library importing this app."""

from __future__ import annotations

from django import template
from django.urls import reverse
from django.utils.html import format_html
from django.utils.translation import ngettext

from quizapp.library.permissions import may_publish
from quizapp.proposals.admin import panel
from quizapp.proposals.models import Proposal

register = template.Library()


@register.simple_tag(takes_context=True)
def proposals_panel(context, target) -> str:
    if target is None or getattr(target, "pk", None) is None or "request" not in context:
        return ""
    return panel(context["request"], target)


@register.simple_tag(takes_context=True)
def pending_proposals(context) -> str:
    """A link to the pending proposals an editor may decide (or, for an author, their own), if any."""
    request = context.get("request")
    if request is None or not request.user.is_authenticated:
        return ""
    editor = may_publish(request.user)
    waiting = Proposal.objects.pending().visible_to(request.user, editor=editor).count()
    if not waiting:
        return ""
    if editor:
        text = ngettext(
            "%(n)d change proposal waits for an editor", "%(n)d change proposals wait for an editor", waiting
        )
    else:
        text = ngettext("%(n)d of your change proposals waits", "%(n)d of your change proposals wait", waiting)
    url = reverse("admin:proposals_proposal_changelist")
    return format_html('<p class="pending-proposals"><a href="{}">{}</a></p>', url, text % {"n": waiting})
