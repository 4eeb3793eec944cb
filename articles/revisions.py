"""Revision history with django-reversion.

django-reversion rather than django-simple-history: one reversion *revision* holds the article
together with the rows that hang off it (bylines, taggit's tagged items and their tags,
corrections, Don't Miss links), and `revision.revert()` puts them all back at once.
simple-history keeps a separate history table per model with no grouping, and does not follow
taggit's generic relation.
"""

import difflib
import re

import reversion
from django.contrib.contenttypes.models import ContentType
from django.db import connection
from django.dispatch import Signal
from django.utils import timezone
from reversion.models import Version
from taggit.models import Tag

from authors.models import Author

from .models import Article, ArticleTag, Byline, Correction, Photo, RelatedArticle, Section
from .workflow import remember_old_slug

reversion.register(Tag)
reversion.register(ArticleTag, follow=["tag"])
reversion.register(Byline)
reversion.register(Correction)
reversion.register(RelatedArticle)
# Tag links through `tag_links_with_tags`: following `tag` then reads the loaded tag, not one
# query per link.
reversion.register(
    Article, follow=["bylines", "tag_links_with_tags", "corrections", "related_links"]
)

# Sent after a revision is restored, with `article` and `version` (the audit log listens).
article_restored = Signal()

RESTORED_TABLES = [
    model._meta.db_table for model in (Article, Byline, Correction, RelatedArticle, ArticleTag)
]
COMPARED_FIELDS = [
    ("headline", "Headline"),
    ("slug", "Slug"),
    ("dek", "Dek"),
    ("body", "Body"),
    ("bylines", "Bylines"),
    ("tags", "Tags"),
    ("cover_photo", "Cover photo"),
    ("section", "Section"),
    ("status", "Status"),
    ("publish_at", "Publication time"),
]
BLOCK_END = re.compile(r"(</(?:p|h2|h3|h4|li|blockquote|ul|ol)>|<br>)")


def versions_of(article):
    """The article's revisions, newest first, with who saved them."""
    return Version.objects.get_for_object(article).select_related("revision__user")


def last_editor(article):
    """(user, when) of the latest revision, or (None, None) when there is none."""
    version = versions_of(article).first()
    if version is None:
        return None, None
    return version.revision.user, version.revision.date_created


def snapshot(version):
    """The compared fields of one revision as plain text, one line per paragraph."""
    fields = version.field_dict
    related = list(version.revision.version_set.select_related("content_type"))
    article_id = int(version.object_id)

    def related_rows(model):
        content_type = ContentType.objects.get_for_model(model)
        return [v.field_dict for v in related if v.content_type_id == content_type.pk]

    bylines = sorted(
        (row for row in related_rows(Byline) if row["article_id"] == article_id),
        key=lambda row: row["position"],
    )
    authors = Author.objects.in_bulk([row["author_id"] for row in bylines])
    tag_ids = [
        row["tag_id"] for row in related_rows(ArticleTag) if row["content_object_id"] == article_id
    ]
    tag_names = {row["id"]: row["name"] for row in related_rows(Tag)}
    photo = Photo.objects.filter(pk=fields["cover_photo_id"]).first()
    section = Section.objects.filter(pk=fields["section_id"]).first()
    publish_at = fields["publish_at"]
    return {
        "headline": fields["headline"],
        "slug": fields["slug"],
        "dek": fields["dek"],
        "body": BLOCK_END.sub(r"\1\n", fields["body"]),
        "bylines": "\n".join(
            str(authors.get(row["author_id"], f"author #{row['author_id']}")) for row in bylines
        ),
        "tags": "\n".join(sorted(tag_names.get(tag_id, f"tag #{tag_id}") for tag_id in tag_ids)),
        "cover_photo": str(photo) if photo else "",
        "section": str(section) if section else "",
        "status": Article.Status(fields["status"]).label,
        "publish_at": timezone.localtime(publish_at).strftime("%Y-%m-%d %H:%M")
        if publish_at
        else "",
    }


def diff(old, new):
    """[(label, HTML table)] for each field that differs between two versions, in form order.

    difflib escapes the text it puts in the table, so the tables are safe to mark safe.
    """
    before, after = snapshot(old), snapshot(new)
    html_diff = difflib.HtmlDiff(wrapcolumn=90)
    return [
        (
            label,
            html_diff.make_table(
                before[name].splitlines(),
                after[name].splitlines(),
                _describe(old),
                _describe(new),
            ),
        )
        for name, label in COMPARED_FIELDS
        if before[name] != after[name]
    ]


def _describe(version):
    when = timezone.localtime(version.revision.date_created).strftime("%Y-%m-%d %H:%M:%S")
    return f"{when} by {version.revision.user or 'unknown'}"


def restore(version, user):
    """Put the article and its related rows back as they were; the result is a new revision.

    Raises IntegrityError, changing nothing, when the revision refers to rows deleted since.
    """
    before = Article.objects.get(pk=version.object_id)
    with reversion.create_revision():
        version.revision.revert(delete=True)
        # revert() saves raw rows; a normal save sets updated_at (edit-conflict checks rely on it).
        article = Article.objects.get(pk=version.object_id)
        article.save()
        remember_old_slug(article, before.slug, before.is_published)
        # Foreign keys are checked at commit; check now so a revision pointing at a since
        # deleted photo, author or section fails here, inside this block, and rolls back.
        connection.check_constraints(table_names=RESTORED_TABLES)
        reversion.set_user(user)
        reversion.set_comment(f"Restored the revision of {_describe(version)}.")
    article_restored.send(sender=Article, article=article, version=version)
    return article
