"""Throttling for what django-axes does not see: password-reset requests.

Counted in the cache, which is Redis shared by every app server in production, per address and
per e-mail address, for the same cool-off as sign-in lockouts.
"""

import hashlib

from django.conf import settings
from django.core.cache import cache


def _key(kind, value):
    digest = hashlib.sha256(value.encode()).hexdigest()[:32]
    return f"security:reset:{kind}:{digest}"


def reset_allowed(ip_address, email):
    """Count one reset request; False once the address or the e-mail is over the limit."""
    timeout = int(settings.AXES_COOLOFF_TIME.total_seconds())
    allowed = True
    for key in (_key("ip", ip_address or "-"), _key("email", email.strip().lower())):
        cache.add(key, 0, timeout)
        try:
            count = cache.incr(key)
        except ValueError:  # expired between add and incr
            cache.set(key, 1, timeout)
            count = 1
        allowed = allowed and count <= settings.PASSWORD_RESET_LIMIT
    return allowed
