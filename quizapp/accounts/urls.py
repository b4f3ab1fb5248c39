from django.contrib.auth.views import LogoutView
from django.urls import path

from quizapp.accounts import views

app_name = "accounts"

urlpatterns = [
    path("signup/", views.signup, name="signup"),
    path("login/", views.ThrottledLoginView.as_view(), name="login"),
    path("logout/", LogoutView.as_view(), name="logout"),
    path("logout/everywhere/", views.logout_everywhere, name="logout-everywhere"),
]
