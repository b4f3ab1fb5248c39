"""API v1: each app's api.py contributes its viewsets to one router."""

from rest_framework.routers import DefaultRouter

router = DefaultRouter()
app_name = "api"
urlpatterns = router.urls
