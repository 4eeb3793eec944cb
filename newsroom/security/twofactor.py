"""Who must give a second factor, and the devices that give it (django-otp).

Each person has at most one authenticator (a TOTP device) and one set of recovery codes (a
static device whose tokens are used up one by one).
"""

import segno
from django.conf import settings
from django.utils.safestring import mark_safe
from django_otp import user_has_device
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

PUBLISH_PERMISSION = "articles.publish_article"


def is_required(user):
    """Two-factor sign-in is owed by anyone who enrolled, and, when TWO_FACTOR_REQUIRED is on,
    by editors and superusers."""
    if not (user.is_authenticated and user.is_staff):
        return False
    if settings.TWO_FACTOR_REQUIRED and (user.is_superuser or user.has_perm(PUBLISH_PERMISSION)):
        return True
    return user_has_device(user, confirmed=True)


def is_enrolled(user):
    return TOTPDevice.objects.filter(user=user, confirmed=True).exists()


def pending_device(user):
    """The authenticator being set up (unconfirmed), made on first call."""
    device = TOTPDevice.objects.filter(user=user, confirmed=False).first()
    return device or TOTPDevice.objects.create(user=user, name="Authenticator app", confirmed=False)


def qr_code_svg(device):
    """The device's otpauth:// URL as an inline SVG QR code, made here: no third-party request."""
    svg = segno.make(device.config_url, error="m").svg_inline(scale=5, border=2)
    return mark_safe(svg)  # noqa: S308 - segno writes the markup; the URL is only module data


def confirm(device):
    """Make `device` the user's one authenticator."""
    TOTPDevice.objects.filter(user=device.user).exclude(pk=device.pk).delete()
    device.confirmed = True
    device.save()


def new_recovery_codes(user):
    """Replace the user's recovery codes with fresh ones; returns them (shown once)."""
    StaticDevice.objects.filter(user=user).delete()
    device = StaticDevice.objects.create(user=user, name="Recovery codes", confirmed=True)
    codes = [StaticToken.random_token() for _ in range(settings.TWO_FACTOR_RECOVERY_CODES)]
    StaticToken.objects.bulk_create(StaticToken(device=device, token=code) for code in codes)
    return codes


def remaining_recovery_codes(user):
    return StaticToken.objects.filter(device__user=user).count()


def remove(user):
    """Forget the user's authenticator and recovery codes."""
    TOTPDevice.objects.filter(user=user).delete()
    StaticDevice.objects.filter(user=user).delete()
