"""Revision history with django-reversion: what each revision held, how two differ, restoring.

django-reversion rather than django-simple-history: one reversion *revision* holds the article
together with the rows that hang off it (bylines, taggit's tagged items and their tags,
corrections, Don't Miss links). simple-history keeps a separate history table per model with no
grouping, and does not follow taggit's generic relation.

Restoring brings back the *content* of a revision (headline, dek, body, section, cover photo,
bylines, tags, Don't Miss picks) and nothing else: the status, the publication times, the slug
(the story's URL) and the corrections stay as they are, so a restore never takes a live story
down, reschedules it, moves it, or removes a published correction.
"""

import difflib
import html
import re
from dataclasses import dataclass, field
from datetime import timedelta

import reversion
from django.contrib.contenttypes.models import ContentType
from django.db import transaction
from django.dispatch import Signal
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.html import escape, strip_tags
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from reversion.models import Version
from taggit.models import Tag

from authors.models import Author

from .models import Article, ArticleTag, Byline, Correction, Photo, RelatedArticle, Section

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

# Sent with `article`, `user` and `version` after a revision's content is restored (the
# audit log listens).
article_restored = Signal()

# Article columns a restore brings back, and the compared fields it changes.
CONTENT_FIELDS = ["headline", "dek", "body", "section_id", "cover_photo_id"]
RESTORED_FIELDS = [
    "headline",
    "dek",
    "body",
    "bylines",
    "tags",
    "cover_photo",
    "section",
    "related",
]
COMPARED_FIELDS = [
    ("headline", gettext_lazy("Headline")),
    ("slug", gettext_lazy("Slug")),
    ("dek", gettext_lazy("Dek")),
    ("body", gettext_lazy("Body")),
    ("bylines", gettext_lazy("Bylines")),
    ("tags", gettext_lazy("Tags")),
    ("cover_photo", gettext_lazy("Cover photo")),
    ("section", gettext_lazy("Section")),
    ("related", gettext_lazy("Don't Miss")),
    ("status", gettext_lazy("Status")),
    ("publish_at", gettext_lazy("Publication time")),
]
BLOCK_END = re.compile(r"(</(?:p|h2|h3|h4|li|blockquote|ul|ol|figure|figcaption)>|<br>)")
SAVE_DURATION = timedelta(minutes=1)
# Words, and the runs of spaces and line breaks between them.
TOKEN = re.compile(r"\s+|\S+")


class RestoreError(Exception):
    """The revision cannot be restored (it refers to rows deleted since); says why."""


@dataclass
class Contents:
    """One revision of an article: its own columns and the rows hanging off it."""

    fields: dict
    # (author id, position), in byline order.
    bylines: list = field(default_factory=list)
    tag_names: list = field(default_factory=list)
    # (article id, position), in the editor's order.
    related: list = field(default_factory=list)


def versions_of(article):
    """The article's revisions, newest first, with who saved them."""
    return Version.objects.get_for_object(article).select_related("revision__user")


def last_editor(article):
    """(user, when) of the latest revision, or (None, None) when there is none."""
    version = versions_of(article).first()
    if version is None:
        return None, None
    return version.revision.user, version.revision.date_created


def contents(versions):
    """The Contents of each of the article's `versions`, in two queries whatever their number."""
    versions = list(versions)
    types = ContentType.objects.get_for_models(Byline, ArticleTag, Tag, RelatedArticle)
    siblings = {}
    for sibling in Version.objects.filter(
        revision_id__in={version.revision_id for version in versions},
        content_type__in=[types[Byline], types[ArticleTag], types[Tag], types[RelatedArticle]],
    ):
        siblings.setdefault(sibling.revision_id, []).append(sibling)
    result = []
    for version in versions:
        article_id = int(version.object_id)
        rows = {}
        for sibling in siblings.get(version.revision_id, []):
            rows.setdefault(sibling.content_type_id, []).append(sibling.field_dict)
        tag_names = {row["id"]: row["name"] for row in rows.get(types[Tag].pk, [])}
        result.append(
            Contents(
                fields=version.field_dict,
                bylines=[
                    (row["author_id"], row["position"])
                    for row in sorted(
                        rows.get(types[Byline].pk, []), key=lambda row: (row["position"], row["id"])
                    )
                    if row["article_id"] == article_id
                ],
                tag_names=sorted(
                    tag_names.get(row["tag_id"], f"#{row['tag_id']}")
                    for row in rows.get(types[ArticleTag].pk, [])
                    if row["content_object_id"] == article_id
                ),
                related=[
                    (row["related_id"], row["position"])
                    for row in sorted(
                        rows.get(types[RelatedArticle].pk, []),
                        key=lambda row: (row["position"], row["id"]),
                    )
                    if row["article_id"] == article_id
                ],
            )
        )
    return result


def state_label(fields, at):
    """The article's state as the newsroom says it, as it was at time `at`."""
    status, publish_at = fields["status"], fields["publish_at"]
    # A revision is dated when its save began, a moment before "publish now" stamped the time.
    if status == Article.Status.PUBLISHED and publish_at and publish_at > at + SAVE_DURATION:
        return _("Scheduled")
    return Article.Status(status).label


def body_text(body):
    """The body as plain text, a blank line between blocks, for reading and comparing."""
    text = html.unescape(strip_tags(BLOCK_END.sub(r"\1\n\n", body or "")))
    return re.sub(r"\n{3,}", "\n\n", text).strip()


def snapshots(versions):
    """The compared fields of each version as plain text, in a fixed number of queries."""
    versions = list(versions)
    all_contents = contents(versions)
    authors = Author.objects.in_bulk(
        {author_id for c in all_contents for author_id, _position in c.bylines}
    )
    photos = Photo.objects.in_bulk({c.fields["cover_photo_id"] for c in all_contents} - {None})
    sections = Section.objects.in_bulk({c.fields["section_id"] for c in all_contents} - {None})
    headlines = dict(
        Article.objects.filter(
            pk__in={pk for c in all_contents for pk, _position in c.related}
        ).values_list("pk", "headline")
    )
    result = []
    for version, content in zip(versions, all_contents):
        fields = content.fields
        publish_at = fields["publish_at"]
        photo = photos.get(fields["cover_photo_id"])
        section = sections.get(fields["section_id"])
        result.append(
            {
                "headline": fields["headline"],
                "slug": fields["slug"],
                "dek": fields["dek"],
                "body": body_text(fields["body"]),
                "bylines": "\n".join(
                    str(authors.get(author_id, f"#{author_id}"))
                    for author_id, _position in content.bylines
                ),
                "tags": "\n".join(content.tag_names),
                "cover_photo": str(photo) if photo else "",
                "section": str(section) if section else "",
                "related": "\n".join(headlines.get(pk, f"#{pk}") for pk, _p in content.related),
                "status": state_label(fields, version.revision.date_created),
                "publish_at": format_time(publish_at) if publish_at else "",
            }
        )
    return result


def snapshot(version):
    return snapshots([version])[0]


def format_time(moment):
    """A time to the second in the newsroom's time zone, with the zone named."""
    return date_format(timezone.localtime(moment), _("D j M Y, H:i:s T"))


def word_diff(before, after):
    """`before` and `after` as one text, removed words in <del> and added ones in <ins>."""
    old, new = TOKEN.findall(before), TOKEN.findall(after)
    parts = []
    matcher = difflib.SequenceMatcher(None, old, new, autojunk=False)
    for operation, i1, i2, j1, j2 in matcher.get_opcodes():
        if operation == "equal":
            parts.append(escape("".join(old[i1:i2])))
            continue
        if i2 > i1:
            parts.append(f"<del>{escape(''.join(old[i1:i2]))}</del>")
        if j2 > j1:
            parts.append(f"<ins>{escape(''.join(new[j1:j2]))}</ins>")
    return mark_safe("".join(parts))


def changes(before, after, names=None):
    """[(label, word diff)] for each compared field (of `names`) that differs, in form order."""
    return [
        (label, word_diff(before[name], after[name]))
        for name, label in COMPARED_FIELDS
        if before[name] != after[name] and (names is None or name in names)
    ]


def diff(old, new):
    """[(label, word diff)] between two versions."""
    before, after = snapshots([old, new])
    return changes(before, after)


def summary(before, after):
    """What changed from `before` to `after` in a few words: "Headline; body (+12 −3 words)"."""
    if before is None:
        return _("First revision")
    parts = []
    for name, label in COMPARED_FIELDS:
        if before[name] == after[name]:
            continue
        if name == "body":
            old, new = before[name].split(), after[name].split()
            added = removed = 0
            matcher = difflib.SequenceMatcher(None, old, new, autojunk=False)
            for operation, i1, i2, j1, j2 in matcher.get_opcodes():
                if operation != "equal":
                    removed += i2 - i1
                    added += j2 - j1
            parts.append(
                _("body (+%(added)d −%(removed)d words)") % {"added": added, "removed": removed}
            )
        else:
            parts.append(str(label).lower() if parts else str(label))
    if not parts:
        return _("No change to the text")
    text = "; ".join(parts)
    return text[0].upper() + text[1:]


def describe(version):
    user = version.revision.user
    who = (user.get_full_name() or user.get_username()) if user else _("unknown")
    return _("%(when)s by %(who)s") % {
        "when": format_time(version.revision.date_created),
        "who": who,
    }


def restore(version, user):
    """Bring back the content of `version` as a new revision; returns the article.

    Status, publication times, slug and corrections are left as they are (module docstring).
    Raises RestoreError, changing nothing, when the revision refers to a photo, section or
    author deleted since; Don't Miss picks deleted since are left out.
    """
    content = contents([version])[0]
    fields = content.fields
    with transaction.atomic(), reversion.create_revision():
        article = Article.objects.select_for_update().get(pk=version.object_id)
        author_ids = {author_id for author_id, _position in content.bylines}
        if (
            (fields["section_id"] and not Section.objects.filter(pk=fields["section_id"]).exists())
            or (
                fields["cover_photo_id"]
                and not Photo.objects.filter(pk=fields["cover_photo_id"]).exists()
            )
            or Author.objects.filter(pk__in=author_ids).count() != len(author_ids)
        ):
            raise RestoreError(
                _(
                    "This revision uses a photo, author or section that has since been deleted, "
                    "so it cannot be restored. Nothing was changed."
                )
            )
        for name in CONTENT_FIELDS:
            setattr(article, name, fields[name])
        article.save()
        article.bylines.all().delete()
        Byline.objects.bulk_create(
            # bulk_create skips Byline.save(), so each gets its copy of the article's state.
            Byline(
                article=article,
                author_id=author_id,
                position=position,
                status=article.status,
                publish_at=article.publish_at,
            )
            for author_id, position in content.bylines
        )
        article.tags.set(content.tag_names)
        article.related_links.all().delete()
        still_there = set(
            Article.objects.filter(pk__in=[pk for pk, _position in content.related])
            .exclude(pk=article.pk)
            .values_list("pk", flat=True)
        )
        RelatedArticle.objects.bulk_create(
            RelatedArticle(article=article, related_id=pk, position=position)
            for pk, position in content.related
            if pk in still_there
        )
        # Record the article again now that its bylines, tags and picks are back.
        reversion.add_to_revision(article)
        reversion.set_user(user)
        reversion.set_comment(_("Restored the revision of %(what)s.") % {"what": describe(version)})
    article_restored.send(sender=Article, article=article, user=user, version=version)
    return article
