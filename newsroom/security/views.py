from django.conf import settings
from django.contrib import admin, messages
from django.contrib.auth import views as auth_views
from django.shortcuts import redirect, render
from django.urls import reverse, reverse_lazy
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST
from django_otp import login as otp_login
from django_otp import match_token

from . import twofactor
from .audit import client_ip, record
from .forms import TokenForm
from .models import AuditEvent
from .throttling import reset_allowed

Kind = AuditEvent.Kind


def lockout(request, original_response=None, credentials=None):
    """django-axes' answer to a locked-out sign-in: the same words whether or not the account
    exists, so the page reveals nothing about it."""
    minutes = int(settings.AXES_COOLOFF_TIME.total_seconds() // 60)
    response = render(
        request,
        "security/locked_out.html",
        {**admin.site.each_context(request), "title": _("Too many attempts"), "minutes": minutes},
        status=429,
    )
    response["Cache-Control"] = "private, no-store"
    return response


def _next_url(request):
    target = request.POST.get("next") or request.GET.get("next") or ""
    if url_has_allowed_host_and_scheme(target, {request.get_host()}, request.is_secure()):
        return target
    return reverse("admin:index")


def _page(request, template, title, **context):
    response = render(
        request,
        template,
        {**admin.site.each_context(request), "title": title, "next": _next_url(request), **context},
    )
    response["Cache-Control"] = "private, no-store"
    return response


def _staff_only(view):
    def wrapped(request, *args, **kwargs):
        if not (request.user.is_authenticated and request.user.is_staff):
            return redirect(f"{reverse('admin:login')}?next={request.path}")
        return view(request, *args, **kwargs)

    return never_cache(wrapped)


@_staff_only
def verify(request):
    """The second step of signing in: a code from the authenticator, or a recovery code."""
    user = request.user
    if user.is_verified() or not twofactor.is_enrolled(user):
        return redirect(_next_url(request))
    form = TokenForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        device = match_token(user, form.cleaned_data["token"])
        if device is not None:
            otp_login(request, device)
            record(Kind.SECOND_FACTOR_PASSED, request=request, detail=device.name)
            return redirect(_next_url(request))
        record(Kind.SECOND_FACTOR_FAILED, request=request)
        form.add_error(
            "token",
            _("That code is not valid. Codes change every 30 seconds, and each works only once."),
        )
    return _page(request, "security/verify.html", _("Two-factor sign-in"), form=form)


@_staff_only
def enrol(request):
    """Set up an authenticator app: scan the QR code, type one code to prove it works."""
    user = request.user
    if twofactor.is_enrolled(user) and not user.is_verified():
        return redirect(f"{reverse('security:verify')}?next={reverse('security:enrol')}")
    device = twofactor.pending_device(user)
    form = TokenForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        if device.verify_token(form.cleaned_data["token"]):
            twofactor.confirm(device)
            codes = twofactor.new_recovery_codes(user)
            otp_login(request, device)
            record(Kind.RECOVERY_CODES_ISSUED, request=request, subject=f"user {user}")
            return _page(
                request, "security/recovery_codes.html", _("Your recovery codes"), codes=codes
            )
        form.add_error(
            "token", _("That code did not match. Check the time on your phone and try again.")
        )
    return _page(
        request,
        "security/enrol.html",
        _("Set up two-factor sign-in"),
        form=form,
        qr_code=twofactor.qr_code_svg(device),
        secret=device.config_url.split("secret=")[1].split("&")[0],
    )


@_staff_only
def manage(request):
    user = request.user
    return _page(
        request,
        "security/manage.html",
        _("Two-factor sign-in"),
        enrolled=twofactor.is_enrolled(user),
        required=twofactor.is_required(user),
        remaining=twofactor.remaining_recovery_codes(user),
    )


@require_POST
@_staff_only
def regenerate_codes(request):
    user = request.user
    if not (twofactor.is_enrolled(user) and user.is_verified()):
        return redirect("security:manage")
    codes = twofactor.new_recovery_codes(user)
    record(Kind.RECOVERY_CODES_ISSUED, request=request, subject=f"user {user}")
    return _page(request, "security/recovery_codes.html", _("Your recovery codes"), codes=codes)


@require_POST
@_staff_only
def remove(request):
    user = request.user
    if twofactor.is_enrolled(user) and user.is_verified():
        twofactor.remove(user)
        messages.success(request, _("Two-factor sign-in is off for your account."))
    return redirect("security:manage")


class ThrottledPasswordResetView(auth_views.PasswordResetView):
    """Django's reset view (which never says whether the address has an account), refusing
    more than PASSWORD_RESET_LIMIT requests per address or per e-mail within the cool-off."""

    success_url = reverse_lazy("password_reset_done")
    extra_context = {"site_header": admin.site.site_header}

    def post(self, request, *args, **kwargs):
        if not reset_allowed(client_ip(request), request.POST.get("email", "")):
            return lockout(request)
        record(Kind.PASSWORD_RESET_REQUESTED, request=request, detail=request.POST.get("email", ""))
        return super().post(request, *args, **kwargs)
