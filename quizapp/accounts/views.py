from __future__ import annotations

from django.contrib import messages
from django.contrib.auth import login
from django.contrib.auth.forms import UserCreationForm
from django.contrib.auth.views import LoginView
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from quizapp.accounts.throttle import count_failure, failure_keys, forgive, is_blocked


def _throttle_keys(request) -> list[str]:
    return failure_keys(request.META.get("REMOTE_ADDR", ""), request.POST.get("username") or "")


class ThrottledLoginView(LoginView):
    """Log-in that slows guessing: after 5 failures for an account or an address, wait 15 minutes."""

    template_name = "registration/login.html"
    redirect_authenticated_user = True

    def post(self, request, *args, **kwargs):
        if is_blocked(_throttle_keys(request)):
            form = self.get_form()
            form.add_error(None, _("Too many failed log-ins. Wait 15 minutes and try again."))
            return self.render_to_response(self.get_context_data(form=form), status=429)
        return super().post(request, *args, **kwargs)

    def form_invalid(self, form):
        count_failure(_throttle_keys(self.request))
        return super().form_invalid(form)

    def form_valid(self, form):
        forgive(_throttle_keys(self.request))
        return super().form_valid(form)


@require_http_methods(["GET", "POST"])
def signup(request):
    if request.user.is_authenticated:
        return redirect("quizzes:home")
    form = UserCreationForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        user = form.save()
        login(request, user)  # fires user_logged_in: anonymous work moves to the new account
        messages.success(request, _("Welcome! Your progress so far is saved to your account."))
        return redirect("quizzes:home")
    return render(request, "registration/signup.html", {"form": form}, status=422 if form.errors else 200)
