"""The staff roles: who writes and who publishes, as groups with their permission codenames.

Everything that names a group or a permission takes it from here, so renaming a role or
granting one more permission is one edit.
"""

from __future__ import annotations

from enum import StrEnum

from django.db import models


class Perm(StrEnum):
    """Permissions the code checks by name: `user.has_perm(Perm.PUBLISH_QUESTION)`."""

    VIEW_QUESTION = "library.view_question"
    ADD_QUESTION = "library.add_question"
    CHANGE_QUESTION = "library.change_question"
    CHANGE_FACT = "library.change_fact"
    PUBLISH_QUESTION = "library.publish_question"
    DELETE_QUESTION = "library.delete_question"


# Codenames of the library, quizzes and decks apps (unique across them), granted to each role's group.
AUTHOR_CODENAMES = (
    "view_article", "view_tag", "add_tag",
    "view_fact", "add_fact", "change_fact",
    "view_question", "add_question", "change_question",
    "view_choice", "add_choice", "change_choice", "delete_choice",
    "view_quiz", "view_quizitem",  # a quiz's settings reach learners at once: authors read them only
)  # fmt: skip
EDITOR_CODENAMES = (
    *AUTHOR_CODENAMES, "add_article", "change_article", "delete_fact", "delete_question", "publish_question",
    "add_quiz", "change_quiz", "delete_quiz", "add_quizitem", "change_quizitem", "delete_quizitem",
    "view_deck",  # editors see the decks and export them to Anki
)  # fmt: skip
ROLE_APP_LABELS = ("library", "quizzes", "decks")


class Role(models.TextChoices):
    """A staff role; its value is the name of its group."""

    AUTHOR = "Authors"  # write drafts and send them to review
    EDITOR = "Editors"  # also publish, unpublish and delete

    @property
    def codenames(self) -> tuple[str, ...]:
        return EDITOR_CODENAMES if self is Role.EDITOR else AUTHOR_CODENAMES


def has_a_role(user) -> bool:
    """Whether `user` belongs to an authoring group (one query)."""
    return user.groups.filter(name__in=Role.values).exists()


def ensure_authoring_groups(**kwargs) -> None:
    """Create each role's group with exactly its role's permissions. Connected to post_migrate
    (idempotent): a fresh database gets the groups, and an existing one loses what a role no longer
    grants (authors once held the quiz codenames)."""
    from django.contrib.auth.models import Group, Permission

    perms = {p.codename: p for p in Permission.objects.filter(content_type__app_label__in=ROLE_APP_LABELS)}
    if not set(EDITOR_CODENAMES) <= perms.keys():
        return  # permissions not created yet (an early pass of a fresh migrate)
    for role in Role:
        group, _created = Group.objects.get_or_create(name=role.value)
        group.permissions.set([perms[c] for c in role.codenames])
