from __future__ import annotations

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.management.base import BaseCommand, CommandError

from quizapp.accounts.roles import Role

DEMO = [
    ("author", Role.AUTHOR, "an author: writes drafts, sends them to review"),
    ("editor", Role.EDITOR, "an editor: also reviews and publishes"),
    ("learner", None, "a learner: takes quizzes and studies"),
]


class Command(BaseCommand):
    help = "Create demo accounts (password = username). Refuses unless DEBUG is on."

    def handle(self, *args, **options):
        if not settings.DEBUG:
            raise CommandError("Demo accounts exist only for development; DEBUG is off.")
        User = get_user_model()
        for username, group, role in DEMO:
            user, created = User.objects.get_or_create(username=username, defaults={"is_staff": group is not None})
            if created:
                user.set_password(username)
                user.save()
            if group:
                user.groups.add(Group.objects.get(name=group))
            state = "created" if created else "exists"
            self.stdout.write(f"{state:<8} {username} / {username} — {role}")
