"""Content Security Policy helpers (the policy itself is CONTENT_SECURITY_POLICY in settings).

Only admin pages have inline script (django-prose-editor's import map), so only they ask for
the per-request nonce; public pages never touch it, so their cached copies carry no nonce.
"""

from js_asset import Media


def nonced_media(request, media):
    """`media` rendering its inline script (an import map) with this request's CSP nonce."""
    return Media.from_media(media, nonce=str(request.csp_nonce))
