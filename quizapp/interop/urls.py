from __future__ import annotations

from django.urls import path

from quizapp.interop import views

app_name = "interop"

urlpatterns = [
    path("export/<str:fmt>", views.download, name="export"),
    path("admin/import/", views.import_questions, name="import"),
    path("admin/import/<str:job>/", views.import_job, name="import-job"),
]
