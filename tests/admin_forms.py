"""Builds the POST data the article change form sends, for tests that submit it."""

from django.utils import timezone

INLINES = {"bylines": ["author", "position"], "related_links": ["related", "position"]}


def change_url(article):
    return f"/admin/articles/article/{article.pk}/change/"


def article_post_data(article=None, action="save", publish_at=None, **fields):
    """Form data as the browser sends it for `article` (or a new one), pressing `action`."""
    data = {
        "headline": article.headline if article else "Bridge reopens after repairs",
        "slug": article.slug if article else "",
        "dek": article.dek if article else "Repairs took a year.",
        "body": article.body if article else "<p>The bridge is open again.</p>",
        "section": (article.section_id or "") if article else "",
        "tags": ", ".join(t.name for t in article.tags.all()) if article else "transport",
        "cover_photo": (article.cover_photo_id or "") if article else "",
        "loaded_version": article.updated_at.isoformat() if article else "",
        "_workflow": action,
    }
    if publish_at is None and article is not None and article.status == "published":
        # The editor's form shows the current publication time; the browser sends it back.
        publish_at = article.publish_at
    if publish_at is not None:
        local = timezone.localtime(publish_at)
        data["publish_at_0"] = local.strftime("%Y-%m-%d")
        data["publish_at_1"] = local.strftime("%H:%M:%S")
    bylines = list(article.bylines.all()) if article else []
    data.update(_management("bylines", len(bylines)))
    for index, byline in enumerate(bylines):
        data.update(
            {
                f"bylines-{index}-id": byline.pk,
                f"bylines-{index}-article": article.pk,
                f"bylines-{index}-author": byline.author_id,
                f"bylines-{index}-position": byline.position,
            }
        )
    data.update(_management("related_links", 0))
    data.update(_management("corrections", 0))
    data.update(fields)
    return data


def add_byline(data, author, index=None):
    """Add a new byline row to form data built by article_post_data."""
    index = int(data["bylines-TOTAL_FORMS"]) if index is None else index
    data[f"bylines-{index}-author"] = author.pk
    data[f"bylines-{index}-position"] = index
    data["bylines-TOTAL_FORMS"] = index + 1
    return data


def _management(prefix, initial):
    return {
        f"{prefix}-TOTAL_FORMS": initial,
        f"{prefix}-INITIAL_FORMS": initial,
        f"{prefix}-MIN_NUM_FORMS": 0,
        f"{prefix}-MAX_NUM_FORMS": 1000,
    }
