"""Signed, expiring preview links for unpublished articles.

The token is the article's primary key signed with a timestamp (django.core.signing), so anyone
holding the link can read the draft until PREVIEW_MAX_AGE passes, and nobody can forge one.
"""

from django.conf import settings
from django.core import signing
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _

from .models import Article
from .views import article_page_context

SALT = "articles.preview"


def make_token(article):
    return signing.TimestampSigner(salt=SALT).sign(str(article.pk))


def preview_url(article):
    """Absolute URL, so editors can copy it into a message."""
    return settings.SITE_URL + reverse("articles:preview", kwargs={"token": make_token(article)})


def _refuse(request, status, reason):
    response = render(request, "articles/preview_invalid.html", {"reason": reason}, status=status)
    response["Cache-Control"] = "private, no-store"
    response["X-Robots-Tag"] = "noindex"
    return response


def preview(request, token):
    signer = signing.TimestampSigner(salt=SALT)
    try:
        pk = int(signer.unsign(token, max_age=settings.PREVIEW_MAX_AGE))
    except signing.SignatureExpired:
        return _refuse(request, 404, _("This preview link has expired. Ask for a new one."))
    except (signing.BadSignature, ValueError):
        return _refuse(
            request, 403, _("This preview link is not valid. Check that it was copied whole.")
        )
    article = Article.objects.for_listing().prefetch_related("corrections").filter(pk=pk).first()
    if article is None:
        return _refuse(request, 404, _("The article for this preview no longer exists."))
    if article.is_published:
        return redirect(article)
    response = render(
        request,
        "articles/article_detail.html",
        {**article_page_context(article), "object": article, "is_preview": True},
    )
    response["Cache-Control"] = "private, no-store"
    response["X-Robots-Tag"] = "noindex"
    return response
