from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class AuditEvent(models.Model):
    """One security-relevant event: who did what, when and from where. Written, never edited."""

    class Kind(models.TextChoices):
        SIGN_IN = "sign_in", _("Signed in (password)")
        SIGN_IN_FAILED = "sign_in_failed", _("Failed sign-in")
        LOCKOUT = "lockout", _("Locked out")
        SECOND_FACTOR_PASSED = "2fa_passed", _("Second factor accepted")
        SECOND_FACTOR_FAILED = "2fa_failed", _("Second factor refused")
        TWO_FACTOR_ENABLED = "2fa_enabled", _("Two-factor sign-in turned on")
        TWO_FACTOR_REMOVED = "2fa_removed", _("Two-factor device removed")
        RECOVERY_CODES_ISSUED = "recovery_codes", _("Recovery codes issued")
        PASSWORD_RESET_REQUESTED = "password_reset", _("Password reset requested")
        ROLE_CHANGED = "role_changed", _("Role changed")
        PERMISSIONS_CHANGED = "permissions_changed", _("Permissions changed")
        PUBLISHED = "published", _("Published")
        SCHEDULED = "scheduled", _("Scheduled")
        UNPUBLISHED = "unpublished", _("Unpublished")
        RESTORED = "restored", _("Revision restored")
        DELETED = "deleted", _("Deleted")

    created_at = models.DateTimeField(_("when"), auto_now_add=True, db_index=True)
    kind = models.CharField(_("event"), max_length=24, choices=Kind.choices, db_index=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("who"),
    )
    # Kept as text: the login may be renamed or deleted, or may never have existed.
    actor_name = models.CharField(_("username"), max_length=150, blank=True)
    ip_address = models.GenericIPAddressField(_("from address"), null=True, blank=True)
    user_agent = models.CharField(_("browser"), max_length=300, blank=True)
    subject = models.CharField(_("subject"), max_length=300, blank=True)
    detail = models.CharField(_("detail"), max_length=500, blank=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("audit event")
        verbose_name_plural = _("audit log")

    def __str__(self):
        return f"{self.get_kind_display()} · {self.actor_name or '—'} · {self.subject}"
