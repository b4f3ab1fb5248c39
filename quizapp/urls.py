from django.contrib import admin
from django.http import HttpResponse
from django.urls import include, path
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerSplitView


def healthz(request) -> HttpResponse:
    """Liveness for load balancers; touches no database (also the benchmarks' framework floor)."""
    return HttpResponse("ok", content_type="text/plain")


urlpatterns = [
    path("healthz", healthz, name="healthz"),
    path("", include("quizapp.library.urls")),
    path("", include("quizapp.quizzes.urls")),
    path("decks/", include("quizapp.decks.urls")),
    path("study/", include("quizapp.study.urls")),
    path("accounts/", include("quizapp.accounts.urls")),
    path("i18n/", include("django.conf.urls.i18n")),
    path("", include("quizapp.interop.urls")),  # before the admin: its import page lives under admin/
    path("admin/", admin.site.urls),
    path("api/v1/", include("quizapp.api.urls")),
    path("api/schema/", SpectacularAPIView.as_view(), name="schema"),
    path("api/docs/", SpectacularSwaggerSplitView.as_view(url_name="schema"), name="api-docs"),
]

handler400 = "quizapp.errors.bad_request"
handler500 = "quizapp.errors.server_error"
