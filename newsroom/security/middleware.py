from django.shortcuts import redirect
from django.urls import reverse
from django.utils.http import urlencode

from . import twofactor
from .audit import current_request


class AuditContextMiddleware:
    """Makes the request available to audit-log receivers that Django calls without it."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        token = current_request.set(request)
        try:
            return self.get_response(request)
        finally:
            current_request.reset(token)


class SecondFactorMiddleware:
    """A staff member who owes a second factor gets nothing from the admin until they give it:
    every admin URL, GET or POST, sends them to the second-factor page (or to set one up)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        gate = self.gate(request)
        return gate or self.get_response(request)

    def gate(self, request):
        user = request.user
        if not user.is_authenticated or not request.path.startswith(reverse("admin:index")):
            return None
        if user.is_verified() or request.path in self.open_paths():
            return None
        if not twofactor.is_required(user):
            return None
        target = "security:verify" if twofactor.is_enrolled(user) else "security:enrol"
        return redirect(f"{reverse(target)}?{urlencode({'next': request.get_full_path()})}")

    @staticmethod
    def open_paths():
        return {
            reverse("admin:logout"),
            reverse("admin:login"),
            reverse("security:verify"),
            reverse("security:enrol"),
        }
