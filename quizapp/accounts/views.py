from __future__ import annotations

from django.contrib import messages
from django.contrib.auth import login, logout
from django.contrib.auth.decorators import login_required
from django.contrib.auth.forms import UserCreationForm
from django.contrib.auth.views import LoginView
from django.db import transaction
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from quizapp.accounts.sessions import end_sessions
from quizapp.accounts.throttle import client_address, endpoint_wait, give_back, take_guess, wait_message
from quizapp.errors import too_many_requests


class ThrottledLoginView(LoginView):
    """Log-in that slows guessing (see throttle.py): the try is counted before the password is checked."""

    template_name = "registration/login.html"
    redirect_authenticated_user = True

    def post(self, request, *args, **kwargs):
        self.guess = take_guess(client_address(request), request.POST.get("username") or "")
        if not self.guess.allowed:
            # Unbound: validating the posted form would check the password this refusal is about.
            form = self.get_form_class()(request, initial={"username": request.POST.get("username", "")})
            form.cleaned_data = {}  # what add_error expects of a form that was never validated
            form.add_error(None, _("Too many failed log-ins. Wait 15 minutes and try again."))
            return self.render_to_response(self.get_context_data(form=form), status=429)
        return super().post(request, *args, **kwargs)

    def form_valid(self, form):
        give_back(self.guess)
        return super().form_valid(form)


@require_http_methods(["GET", "POST"])
def signup(request):
    if request.user.is_authenticated:
        return redirect("quizzes:home")
    if request.method == "POST" and (wait := endpoint_wait(request, "signup", per_account=False)):
        return too_many_requests(wait, wait_message(wait))
    form = UserCreationForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        user = form.save()
        login(request, user)  # fires user_logged_in: anonymous work moves to the new account
        messages.success(request, _("Welcome! Your progress so far is saved to your account."))
        return redirect("quizzes:home")
    return render(request, "registration/signup.html", {"form": form}, status=422 if form.errors else 200)


@require_POST
@login_required
def logout_everywhere(request):
    """End every session of this account, on every device, and revoke its API tokens."""
    user = request.user
    with transaction.atomic():  # the cache unreachable: a 503 and every session still on, to try again
        logout(request)
        end_sessions(user)
    messages.success(request, _("You are logged out on every device."))
    return redirect("quizzes:home")
