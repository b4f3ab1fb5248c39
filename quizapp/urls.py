from django.contrib import admin
from django.urls import include, path
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerView

urlpatterns = [
    path("", include("quizapp.library.urls")),
    path("", include("quizapp.quizzes.urls")),
    path("decks/", include("quizapp.decks.urls")),
    path("study/", include("quizapp.study.urls")),
    path("accounts/", include("quizapp.accounts.urls")),
    path("i18n/", include("django.conf.urls.i18n")),
    path("admin/", admin.site.urls),
    path("api/v1/", include("quizapp.api_urls")),
    path("api/schema/", SpectacularAPIView.as_view(), name="schema"),
    path("api/docs/", SpectacularSwaggerView.as_view(url_name="schema"), name="api-docs"),
]
