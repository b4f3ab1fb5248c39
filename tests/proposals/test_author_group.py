"""Authors hold no quiz permission once migrated: the post-migrate hook sets each role's group to
exactly its permissions, so a group made by an earlier release loses what authors no longer have."""

from __future__ import annotations

import pytest
from django.contrib.auth.models import Group, Permission
from django.core.management import call_command

from quizapp.accounts.roles import Role

pytestmark = pytest.mark.django_db

QUIZ_WRITES = {"add_quiz", "change_quiz", "add_quizitem", "change_quizitem", "delete_quizitem"}


def codenames(role: Role) -> set[str]:
    return set(Group.objects.get(name=role.value).permissions.values_list("codename", flat=True))


def test_migrate_takes_the_quiz_permissions_from_existing_author_groups():
    authors = Group.objects.get(name=Role.AUTHOR.value)
    authors.permissions.add(*Permission.objects.filter(codename__in=QUIZ_WRITES))  # as earlier releases granted
    assert codenames(Role.AUTHOR) >= QUIZ_WRITES
    call_command("migrate", verbosity=0)
    assert not QUIZ_WRITES & codenames(Role.AUTHOR)
    assert {"view_quiz", "change_question", "change_fact"} <= codenames(Role.AUTHOR)
    assert codenames(Role.EDITOR) >= QUIZ_WRITES
