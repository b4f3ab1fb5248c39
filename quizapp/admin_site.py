"""The admin is the authoring tool: only Authors, Editors and superusers may enter it."""

from __future__ import annotations

from django.contrib import admin
from django.contrib.admin.apps import AdminConfig

from quizapp.accounts.roles import has_a_role


class QuizAdminSite(admin.AdminSite):
    site_header = "quizapp authoring"
    site_title = "quizapp authoring"
    index_title = "Articles, facts and questions"

    def has_permission(self, request) -> bool:
        user = request.user
        if not (user.is_active and user.is_staff):
            return False
        return user.is_superuser or has_a_role(user)


class QuizAdminConfig(AdminConfig):
    default_site = "quizapp.admin_site.QuizAdminSite"
