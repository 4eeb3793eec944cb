"""The audit log: what is recorded, and the signal receivers that record it.

Receivers rather than calls sprinkled through views, so every path (admin form, bulk action,
shell, API) is covered: sign-ins from django.contrib.auth's signals, lockouts from django-axes,
two-factor changes from django-otp's device rows, role and permission changes from the auth
tables, publication changes from the article's status before and after each save.
"""

import contextvars
import ipaddress

from axes.signals import user_locked_out
from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group, Permission
from django.contrib.auth.signals import user_logged_in, user_login_failed
from django.db.models.signals import m2m_changed, post_delete, post_init, post_save
from django.utils import timezone
from django_otp.plugins.otp_totp.models import TOTPDevice

from articles.models import Article
from articles.revisions import article_restored

from .models import AuditEvent

Kind = AuditEvent.Kind

# The request being served, so receivers called without one (model signals) know who and where.
current_request = contextvars.ContextVar("current_request", default=None)


def client_ip(request):
    """The client's address: the connection's own, or TRUSTED_PROXY_COUNT hops into
    X-Forwarded-For when that many proxies we run stand in front (a client can forge the rest)."""
    address = request.META.get("REMOTE_ADDR", "")
    hops = settings.TRUSTED_PROXY_COUNT
    if hops:
        forwarded = [
            part.strip() for part in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")
        ]
        forwarded = [part for part in forwarded if part]
        if len(forwarded) >= hops:
            address = forwarded[-hops]
    try:
        return str(ipaddress.ip_address(address))
    except ValueError:
        return None


def record(kind, *, request=None, actor=None, actor_name="", subject="", detail=""):
    """Write one audit event; the request (given or current) supplies who and where."""
    request = request or current_request.get()
    if actor is None and request is not None:
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated:
            actor = user
    AuditEvent.objects.create(
        kind=kind,
        actor=actor,
        actor_name=_text(actor.get_username() if actor is not None else actor_name, 150),
        ip_address=client_ip(request) if request is not None else None,
        user_agent=_text(request.META.get("HTTP_USER_AGENT", ""), 300) if request else "",
        subject=_text(subject, 300),
        detail=_text(detail, 500),
    )


def _text(value, limit):
    # What was typed or sent may hold NUL, which PostgreSQL cannot store.
    return str(value).replace("\x00", "")[:limit]


def describe_article(article):
    return f"article #{article.pk} “{article.headline}”"


# Sign-in ------------------------------------------------------------------------------------


def _signed_in(sender, request, user, **kwargs):
    record(Kind.SIGN_IN, request=request, actor=user, subject=f"user {user.get_username()}")


def _sign_in_failed(sender, credentials, request=None, **kwargs):
    username = str(credentials.get(get_user_model().USERNAME_FIELD, ""))[:150]
    record(Kind.SIGN_IN_FAILED, request=request, actor_name=username, subject=f"user {username}")


def _locked_out(sender, request, username, ip_address, **kwargs):
    record(
        Kind.LOCKOUT,
        request=request,
        actor_name=username or "",
        subject=f"user {username}",
        detail=f"address {ip_address}",
    )


# Two-factor devices -------------------------------------------------------------------------


def _totp_saved(sender, instance, created, raw=False, **kwargs):
    was_confirmed = instance.__dict__.get("_audit_confirmed", False)
    if instance.confirmed and not was_confirmed and not raw:
        record(Kind.TWO_FACTOR_ENABLED, subject=f"user {instance.user.get_username()}")
    instance._audit_confirmed = instance.confirmed


def _totp_loaded(sender, instance, **kwargs):
    instance._audit_confirmed = instance.__dict__.get("confirmed", False)


def _totp_deleted(sender, instance, **kwargs):
    if instance.confirmed:
        record(Kind.TWO_FACTOR_REMOVED, subject=f"user {instance.user.get_username()}")


# Roles and permissions ----------------------------------------------------------------------

FLAGS = ("is_staff", "is_superuser", "is_active")


def _user_loaded(sender, instance, **kwargs):
    # Read the loaded values only: touching a deferred field here would query per row.
    instance._audit_flags = {flag: instance.__dict__.get(flag) for flag in FLAGS}


def _user_saved(sender, instance, created, raw=False, **kwargs):
    before = instance.__dict__.get("_audit_flags") or {}
    changes = [
        f"{flag}: {'on' if getattr(instance, flag) else 'off'}"
        for flag in FLAGS
        if (created and flag != "is_active" and getattr(instance, flag))
        or (not created and flag in before and before[flag] != getattr(instance, flag))
    ]
    if changes and not raw:
        record(
            Kind.PERMISSIONS_CHANGED,
            subject=f"user {instance.get_username()}",
            detail=", ".join(changes),
        )
    _user_loaded(sender, instance)


def _user_deleted(sender, instance, **kwargs):
    record(Kind.DELETED, subject=f"user {instance.get_username()}")


def _groups_changed(sender, instance, action, reverse, model, pk_set, **kwargs):
    if action not in {"post_add", "post_remove", "post_clear"}:
        return
    if action != "post_clear" and not pk_set:
        return
    verb = {"post_add": "added", "post_remove": "removed", "post_clear": "all removed"}[action]
    names = ", ".join(sorted(str(obj) for obj in model.objects.filter(pk__in=pk_set or [])))
    if reverse:  # group.user_set changed
        subject, detail = f"role {instance}", f"users {verb}: {names}"
    else:
        subject, detail = f"user {instance.get_username()}", f"roles {verb}: {names}"
    record(Kind.ROLE_CHANGED, subject=subject, detail=detail.rstrip(": "))


def _permissions_changed(sender, instance, action, reverse, model, pk_set, **kwargs):
    if action not in {"post_add", "post_remove", "post_clear"}:
        return
    if action != "post_clear" and not pk_set:
        return
    verb = {"post_add": "granted", "post_remove": "withdrawn", "post_clear": "all withdrawn"}[
        action
    ]
    if reverse:  # permission.user_set or permission.group_set changed
        names = ", ".join(sorted(str(obj) for obj in model.objects.filter(pk__in=pk_set or [])))
        record(
            Kind.PERMISSIONS_CHANGED,
            subject=f"permission {instance.content_type.app_label}.{instance.codename}",
            detail=f"{verb} to: {names}",
        )
        return
    codenames = ", ".join(
        sorted(
            f"{app_label}.{codename}"
            for app_label, codename in Permission.objects.filter(pk__in=pk_set or []).values_list(
                "content_type__app_label", "codename"
            )
        )
    )
    if isinstance(instance, Group):
        subject = f"role {instance}"
    else:
        subject = f"user {instance.get_username()}"
    record(Kind.PERMISSIONS_CHANGED, subject=subject, detail=f"{verb}: {codenames}".rstrip(": "))


# Publication --------------------------------------------------------------------------------


def _article_loaded(sender, instance, **kwargs):
    instance._audit_status = instance.__dict__.get("status")


def _article_saved(sender, instance, created, raw=False, **kwargs):
    if raw:  # a revision being reverted; restore() records its own event
        return
    published = sender.Status.PUBLISHED
    before = None if created else instance.__dict__.get("_audit_status")
    if instance.status == published and before != published:
        scheduled = instance.publish_at and instance.publish_at > timezone.now()
        record(
            Kind.SCHEDULED if scheduled else Kind.PUBLISHED,
            subject=describe_article(instance),
            detail=f"publication time {instance.publish_at.isoformat()}",
        )
    elif before == published and instance.status != published:
        record(Kind.UNPUBLISHED, subject=describe_article(instance))
    instance._audit_status = instance.status


def _article_deleted(sender, instance, **kwargs):
    record(Kind.DELETED, subject=describe_article(instance))


def _article_restored(sender, article, version, **kwargs):
    record(Kind.RESTORED, subject=describe_article(article), detail=f"revision #{version.pk}")


def connect():
    User = get_user_model()
    user_logged_in.connect(_signed_in, dispatch_uid="audit-sign-in")
    user_login_failed.connect(_sign_in_failed, dispatch_uid="audit-sign-in-failed")
    user_locked_out.connect(_locked_out, dispatch_uid="audit-lockout")
    post_init.connect(_totp_loaded, sender=TOTPDevice, dispatch_uid="audit-totp-init")
    post_save.connect(_totp_saved, sender=TOTPDevice, dispatch_uid="audit-totp-save")
    post_delete.connect(_totp_deleted, sender=TOTPDevice, dispatch_uid="audit-totp-delete")
    post_init.connect(_user_loaded, sender=User, dispatch_uid="audit-user-init")
    post_save.connect(_user_saved, sender=User, dispatch_uid="audit-user-save")
    post_delete.connect(_user_deleted, sender=User, dispatch_uid="audit-user-delete")
    m2m_changed.connect(_groups_changed, sender=User.groups.through, dispatch_uid="audit-roles")
    m2m_changed.connect(
        _permissions_changed, sender=User.user_permissions.through, dispatch_uid="audit-perms"
    )
    m2m_changed.connect(
        _permissions_changed, sender=Group.permissions.through, dispatch_uid="audit-role-perms"
    )
    post_init.connect(_article_loaded, sender=Article, dispatch_uid="audit-article-init")
    post_save.connect(_article_saved, sender=Article, dispatch_uid="audit-article-save")
    post_delete.connect(_article_deleted, sender=Article, dispatch_uid="audit-article-delete")
    article_restored.connect(_article_restored, dispatch_uid="audit-article-restored")
