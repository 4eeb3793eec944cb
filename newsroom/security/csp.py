"""Content Security Policy: the middleware and helpers (the policy is in settings).

Only admin pages have inline script (django-prose-editor's import map), so only they ask for
the per-request nonce; public pages never touch it, so their cached copies carry no nonce.
"""

import csp.middleware
from csp.constants import UNSAFE_INLINE
from js_asset import Media

ADMIN_PREFIX = "/admin/"


def nonced_media(request, media):
    """`media` rendering its inline script (an import map) with this request's CSP nonce."""
    return Media.from_media(media, nonce=str(request.csp_nonce))


class CSPMiddleware(csp.middleware.CSPMiddleware):
    """django-csp's middleware, allowing inline style attributes on admin pages only.

    Django's admin and its widgets write `style="…"` attributes; the public site writes none,
    so it keeps the strict `style-src 'self'`. Inline script stays forbidden everywhere.
    """

    def get_policy_parts(self, request, response, report_only=False):
        parts = super().get_policy_parts(request, response, report_only)
        if not report_only and request.path_info.startswith(ADMIN_PREFIX):
            parts.update = {**(parts.update or {}), "style-src": [UNSAFE_INLINE]}
        return parts
