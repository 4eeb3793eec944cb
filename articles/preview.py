"""Preview links for unpublished articles: listed per article, revocable, expiring.

Each link is a `PreviewLink` row holding a random token, so an editor can see who shared which
link and withdraw one without touching the others (a signed token could only be withdrawn by
rotating SECRET_KEY). A link stops showing the draft when it expires, when it is revoked, and
when the article is published (it then leads to the public page).
"""

from datetime import timedelta

from django.conf import settings
from django.contrib import messages
from django.shortcuts import redirect, render
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from .models import Article, PreviewLink
from .views import article_page_context


def create_link(article, user):
    return PreviewLink.objects.create(
        article=article,
        created_by=user,
        expires_at=timezone.now() + timedelta(seconds=settings.PREVIEW_MAX_AGE),
    )


def link_url(link):
    """Absolute URL, so editors can copy it into a message."""
    return settings.SITE_URL + reverse("articles:preview", kwargs={"token": link.token})


def active_links(article):
    return article.preview_links.filter(revoked_at=None, expires_at__gt=timezone.now())


def _refuse(request, status, reason):
    response = render(request, "articles/preview_invalid.html", {"reason": reason}, status=status)
    response["Cache-Control"] = "private, no-store"
    response["X-Robots-Tag"] = "noindex"
    return response


def preview(request, token):
    link = PreviewLink.objects.filter(token=token[:64]).first()
    if link is None:
        return _refuse(
            request, 403, _("This preview link is not valid. Check that it was copied whole.")
        )
    if link.revoked_at is not None:
        return _refuse(request, 404, _("This preview link has been withdrawn. Ask for a new one."))
    if link.expires_at <= timezone.now():
        return _refuse(request, 404, _("This preview link has expired. Ask for a new one."))
    article = Article.objects.for_listing().prefetch_related("corrections").get(pk=link.article_id)
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


def manage_links(model_admin, request, article):
    """The admin page listing an article's preview links; POST makes or revokes one."""
    if request.method == "POST":
        if request.POST.get("action") == "create":
            if article.is_published:
                messages.error(request, _("This story is live: share its public address."))
            else:
                create_link(article, request.user)
                messages.success(request, _("New preview link made."))
        elif request.POST.get("action") == "revoke":
            link_id = request.POST.get("link", "")
            revoked = article.preview_links.filter(
                pk=int(link_id) if link_id.isdigit() else 0, revoked_at=None
            ).update(revoked_at=timezone.now())
            if revoked:
                messages.success(request, _("The preview link was withdrawn; it no longer works."))
        return redirect(request.path)
    links = list(article.preview_links.select_related("created_by"))
    context = {
        **model_admin.admin_site.each_context(request),
        "opts": model_admin.model._meta,
        "original": article,
        "title": _("Preview links of “%(headline)s”") % {"headline": article.headline},
        "links": [(link, link_url(link)) for link in links],
        "hours": settings.PREVIEW_MAX_AGE // 3600,
    }
    return TemplateResponse(request, "admin/articles/article/preview_links.html", context)
