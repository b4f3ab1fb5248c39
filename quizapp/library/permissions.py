"""The authoring groups. Created after every migrate (idempotent), so a fresh database has them."""

from __future__ import annotations

from django.contrib.auth.models import Group, Permission

AUTHOR_PERMS = [
    "view_article", "view_tag", "add_tag",
    "view_fact", "add_fact", "change_fact",
    "view_question", "add_question", "change_question",
    "view_choice", "add_choice", "change_choice", "delete_choice",
    "view_quiz", "add_quiz", "change_quiz", "view_quizitem", "add_quizitem", "change_quizitem", "delete_quizitem",
]  # fmt: skip
EDITOR_PERMS = [*AUTHOR_PERMS, "change_article", "delete_fact", "delete_question", "publish_question", "delete_quiz"]


def ensure_authoring_groups(**kwargs) -> None:
    perms = {p.codename: p for p in Permission.objects.filter(content_type__app_label__in=["library", "quizzes"])}
    if "publish_question" not in perms or "add_quiz" not in perms:
        return  # permissions not created yet (first pass of a fresh migrate)
    for name, codenames in (("Authors", AUTHOR_PERMS), ("Editors", EDITOR_PERMS)):
        group, _ = Group.objects.get_or_create(name=name)
        group.permissions.add(*(perms[c] for c in codenames))
