"""The article admin's revision pages: the history, a comparison, and restoring with a check.

ArticleAdmin wires these in its `get_urls`; they take the ModelAdmin so that its object lookup
(and with it whatever rows a user may see) and its permissions apply.
"""

from django.contrib import messages
from django.contrib.admin.utils import unquote
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.utils import timezone
from django.utils.translation import gettext as _

from . import revisions, workflow

# The history page lists this many of the newest revisions (bounded queries, readable page).
REVISIONS_SHOWN = 50


def article_or_404(model_admin, request, object_id):
    article = model_admin.get_object(request, unquote(object_id))
    if article is None:
        raise Http404(_("No such article."))
    if not model_admin.has_view_or_change_permission(request, article):
        raise PermissionDenied
    return article


def _context(model_admin, request, article, **extra):
    return {
        **model_admin.admin_site.each_context(request),
        "opts": model_admin.model._meta,
        "original": article,
        **extra,
    }


def revisions_view(request, object_id, model_admin):
    """Newest first: when (to the second), who, the story's state, what changed; compare two."""
    article = article_or_404(model_admin, request, object_id)
    # One more than shown, so the oldest shown revision has something to be compared with.
    versions = list(revisions.versions_of(article)[: REVISIONS_SHOWN + 1])
    texts = revisions.snapshots(versions)
    rows = [
        {
            "version": version,
            "when": revisions.format_time(version.revision.date_created),
            "state": text["status"],
            "summary": revisions.summary(
                texts[index + 1] if index + 1 < len(texts) else None, text
            ),
        }
        for index, (version, text) in enumerate(zip(versions, texts))
    ][:REVISIONS_SHOWN]
    comparison = older = newer = None
    chosen = [request.GET.get("a", ""), request.GET.get("b", "")]
    if all(value.isdigit() for value in chosen):
        picked = list(revisions.versions_of(article).filter(pk__in=chosen).order_by("pk"))
        if len(picked) == 2:
            older, newer = picked
            comparison = revisions.diff(older, newer)
    context = _context(
        model_admin,
        request,
        article,
        title=_("Revisions of “%(article)s”") % {"article": article},
        rows=rows,
        older=older,
        newer=newer,
        older_when=older and revisions.describe(older),
        newer_when=newer and revisions.describe(newer),
        comparison=comparison,
        can_restore=workflow.can_publish(request.user),
    )
    return TemplateResponse(request, "admin/articles/article/revisions.html", context)


def restore_view(request, object_id, version_id, model_admin):
    """GET: what restoring would change, and a button; POST: restore."""
    article = article_or_404(model_admin, request, object_id)
    # Restoring changes a story that may be live, so it is an editor's decision.
    if not workflow.can_publish(request.user):
        raise PermissionDenied
    version = get_object_or_404(revisions.versions_of(article), pk=version_id)
    if request.method == "POST":
        try:
            revisions.restore(version, request.user)
        except revisions.RestoreError as error:
            messages.error(request, str(error))
            return redirect("admin:articles_article_revisions", article.pk)
        messages.success(
            request,
            _(
                "Restored the text of the revision of %(what)s. The status and publication "
                "time did not change."
            )
            % {"what": revisions.describe(version)},
        )
        return redirect("admin:articles_article_change", article.pk)
    latest = revisions.versions_of(article).first()
    current, target = revisions.snapshots([latest, version])
    context = _context(
        model_admin,
        request,
        article,
        title=_("Restore this revision?"),
        version=version,
        version_when=revisions.describe(version),
        changes=revisions.changes(current, target, revisions.RESTORED_FIELDS),
        current_state=revisions.state_label(
            {"status": article.status, "publish_at": article.publish_at}, timezone.now()
        ),
        current_publish_at=article.publish_at and revisions.format_time(article.publish_at),
    )
    return TemplateResponse(request, "admin/articles/article/revision_restore.html", context)
