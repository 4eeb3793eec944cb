"""Cache purging: a change purges the cache keys of exactly the public output it alters.

Changes are gathered per transaction and purged once it commits (an admin save writes the article,
then its bylines, tags, picks and corrections). For each story touched, its public footprint before
the first change (read before anything is written) is compared with the one after the commit:
- not public before nor after (a draft, a story in review or scheduled): nothing is purged;
- public before and after, at the same time (a live edit): its own key, which its page and the
  feeds and searches quoting it carry; its teaser key (listings, "Don't Miss" boxes) when what a
  teaser shows changed; the searches for the words it changed; its sitemap page; and the
  listings it entered or left;
- otherwise (publish, unpublish, delete, a new publication time): every listing it was or is in.
  When it is no longer public, the purge is hard: front-end caches must not keep it in grace.
Sections, tags, authors and photos purge when a field the public sees changes.
"""

import threading
from dataclasses import dataclass, field

from django.db import connection, transaction
from django.db.models import Q
from django.db.models.signals import m2m_changed, post_delete, post_save, pre_delete, pre_save
from django.utils import timezone
from taggit.models import Tag

from authors.models import Author
from newsroom import caching
from newsroom.caching import keys

from . import search, sitemaps
from .models import Article, ArticleTag, Byline, Correction, Page, Photo, RelatedArticle, Section

# Fields never shown to the public: changing only these purges nothing.
PRIVATE_FIELDS = {
    Author: {"email", "user_id"},
    Photo: {"uploaded_at"},
    Section: set(),
    Tag: set(),
}


@dataclass(frozen=True)
class Footprint:
    """Where and how a public story shows: its publication time, the listing keys it is in,
    what its teasers show and, read before a change, its search index row (what searches find,
    `search.indexed_terms`)."""

    publish_at: object
    listings: frozenset
    teaser: tuple
    indexed: object = None


def footprint(article_id, with_index=False):
    """The story's footprint as stored now, live or scheduled; None for a draft or a story in
    review. Three queries for a published story, one otherwise; `with_index` reads its search
    index row too (one more query, three on SQLite)."""
    row = (
        Article.objects.filter(pk=article_id, status=Article.Status.PUBLISHED)
        .values_list("publish_at", "section_id", "headline", "dek", "slug", "cover_photo_id")
        .first()
    )
    if row is None:
        return None
    publish_at, section_id, *shown = row
    local = timezone.localtime(publish_at)
    tag_ids = ArticleTag.objects.filter(content_object_id=article_id).values_list(
        "tag_id", flat=True
    )
    author_ids = tuple(
        Byline.objects.filter(article_id=article_id)
        .order_by("position")
        .values_list("author_id", flat=True)
    )
    listings = {
        keys.HOME,
        keys.FEED,
        keys.SEARCH,
        keys.SITEMAP,
        keys.archive(local.year),
        keys.archive(local.year, local.month),
        *(keys.tag(pk) for pk in tag_ids),
        *(keys.author(pk) for pk in author_ids),
    }
    if section_id is not None:
        listings.add(keys.section(section_id))
    teaser = (*shown, section_id, author_ids)
    indexed = search.indexed_terms(article_id) if with_index else None
    return Footprint(publish_at, frozenset(listings), teaser, indexed)


def live(found):
    """The footprint `found` if the public sees the story now (rule 1), else None."""
    return found if found is not None and found.publish_at <= timezone.now() else None


@dataclass
class Pending:
    """The changes of one transaction, purged when it commits."""

    articles: dict = field(default_factory=dict)
    # Keys to purge only if the story is public before or after (e.g. its corrections).
    article_extras: dict = field(default_factory=dict)
    keys: set = field(default_factory=set)
    photos: set = field(default_factory=set)
    authors: set = field(default_factory=set)
    tags: set = field(default_factory=set)
    fields: dict = field(default_factory=dict)
    done: bool = False

    def flush(self):
        self.done = True
        self.fields.clear()
        purged, hard = set(self.keys), False
        for article_id, was in self.articles.items():
            now = footprint(article_id)
            before, after = live(was), live(now)
            if now and not after and (was is None or was.publish_at != now.publish_at):
                # Newly (re)scheduled: the listings it will enter are read again, so that no copy
                # of them outlives its time (rule 2). Nothing shows it yet.
                purged.update(now.listings)
            if before is None and after is None:
                continue
            purged.add(keys.article(article_id))
            purged.update(self.article_extras.get(article_id, ()))
            if before and after and before.publish_at == after.publish_at:
                purged.update(edited(article_id, before, after), before.listings ^ after.listings)
            else:
                purged.add(keys.teaser(article_id))
                purged.update(before.listings if before else (), after.listings if after else ())
                hard = hard or after is None
        purged.update(showing(self.photos, self.authors, self.tags))
        if purged:
            caching.purge(purged | {keys.ANY_CHANGE}, hard=hard)


def edited(article_id, before, after):
    """Keys a live edit purges besides its story's own: its teasers if they change, the searches
    for the words it changed, the article sitemap page listing the story (its `lastmod`), and
    the news sitemap for a story of the last two days."""
    terms, text_changed = search.changed_terms(before.indexed, search.indexed_terms(article_id))
    found = {keys.search_term(term) for term in terms}
    if before.teaser != after.teaser:
        found.add(keys.teaser(article_id))
    if text_changed:
        found.add(keys.SEARCH_PHRASES)
    found.add(keys.sitemap_page(sitemaps.article_page(article_id)))
    if after.publish_at >= timezone.now() - sitemaps.NEWS_WINDOW:
        found.add(keys.NEWS_SITEMAP)
    return found


def showing(photos, authors, tags):
    """Keys of the public stories that show these photos, authors or tags, and of the authors'
    and tags' own listings. One query when there is anything to look for."""
    if not (photos or authors or tags):
        return set()
    shown = Q(cover_photo__in=photos) | Q(bylines__author__in=authors) | Q(tags__in=tags)
    for photo_id in photos:
        # Photos placed in a body (contract 1: <figure class="photo" data-photo-id="…">).
        shown |= Q(body__contains=f'data-photo-id="{photo_id}"')
    stories = list(
        Article.objects.published().filter(shown).values_list("pk", flat=True).distinct()
    )
    return {
        *(keys.article(pk) for pk in stories),
        *(keys.teaser(pk) for pk in stories),
        *(keys.author(pk) for pk in authors),
        *(keys.tag(pk) for pk in tags),
    }


_local = threading.local()


def pending():
    """The changes gathered in the current transaction (or, outside one, the current save)."""
    current = getattr(_local, "pending", None)
    if current is None or current.done:
        current = _local.pending = Pending()
    return current


def purge_on_commit(sender, **kwargs):
    """After a write: purge when the transaction commits (at once outside a transaction).

    Purging before the commit would let a reader render the old content after the purge and
    store it. A test case's own transaction around each test counts as none, as Django's durable
    atomic blocks treat it.
    """
    current = pending()
    if all(block._from_testcase for block in connection.atomic_blocks):
        current.flush()
    elif not any(callback == current.flush for _, callback, _ in connection.run_on_commit):
        transaction.on_commit(current.flush, robust=True)


def touch(article_id):
    """Note a change to a story, reading its footprint before the change is written."""
    if article_id is None:
        return
    changes = pending()
    if article_id not in changes.articles:
        changes.articles[article_id] = footprint(article_id, with_index=True)


def public_fields(instance):
    model = type(instance)
    hidden = PRIVATE_FIELDS[model]
    return {
        f.attname: getattr(instance, f.attname)
        for f in model._meta.concrete_fields
        if f.attname not in hidden
    }


# Receivers ---------------------------------------------------------------------------------


def article_changing(sender, instance, **kwargs):
    touch(instance.pk)


def article_saved(sender, instance, created, **kwargs):
    if created:
        pending().articles.setdefault(instance.pk, None)
    purge_on_commit(sender)


def part_changing(sender, instance, **kwargs):
    """A byline, pick or correction: part of the story it belongs to."""
    touch(instance.article_id)
    if sender is Correction:
        pending().article_extras.setdefault(instance.article_id, set()).add(keys.CORRECTIONS)


def tag_link_changing(sender, instance, **kwargs):
    touch(instance.content_object_id)


def tags_changing(sender, instance, action, **kwargs):
    """taggit's `article.tags.add/remove/set/clear` write links in bulk, sending m2m_changed."""
    if not isinstance(instance, Article):
        return
    if action.startswith("pre_"):
        touch(instance.pk)
    else:
        purge_on_commit(sender)


def thing_changing(sender, instance, **kwargs):
    """A section, tag, author or photo: remember what the public saw before the save."""
    if instance.pk is not None:
        stored = sender._default_manager.filter(pk=instance.pk).first()
        if stored is not None:
            pending().fields.setdefault((sender, instance.pk), public_fields(stored))


def thing_changed(sender, instance, created=False, **kwargs):
    changes = pending()
    before = changes.fields.pop((sender, instance.pk), None)
    deleted = kwargs["signal"] is post_delete
    if created and sender is Section:
        changes.keys.add(keys.SECTIONS)  # every page's navigation lists every section
    elif not created and (deleted or before != public_fields(instance)):
        if sender is Section:
            changes.keys.update({keys.SECTIONS, keys.section(instance.pk)})
        elif sender is Tag:
            changes.tags.add(instance.pk)
            changes.keys.add(keys.SITEMAP)  # its name and address in the tags sitemap
        elif sender is Author:
            changes.authors.add(instance.pk)
            changes.keys.add(keys.SITEMAP)
        elif sender is Photo:
            changes.photos.add(instance.pk)
    purge_on_commit(sender)


def page_changed(sender, **kwargs):
    """A static page: its own address, and the footer on every page that lists it."""
    pending().keys.update({keys.SECTIONS, keys.ANY_CHANGE})
    purge_on_commit(sender)


def connect():
    def both(signal, receiver, model, name):
        signal.connect(receiver, sender=model, dispatch_uid=f"purge-{name}-{model.__name__}")

    both(pre_save, article_changing, Article, "pre")
    both(post_save, article_saved, Article, "post")
    both(pre_delete, article_changing, Article, "pre-delete")
    both(post_delete, purge_on_commit, Article, "post-delete")
    for model in (Byline, RelatedArticle, Correction):
        both(pre_save, part_changing, model, "pre")
        both(pre_delete, part_changing, model, "pre-delete")
    for model in (Byline, RelatedArticle, Correction, ArticleTag):
        both(post_save, purge_on_commit, model, "post")
        both(post_delete, purge_on_commit, model, "post-delete")
    both(m2m_changed, tags_changing, ArticleTag, "m2m")
    both(pre_save, tag_link_changing, ArticleTag, "pre")
    both(pre_delete, tag_link_changing, ArticleTag, "pre-delete")
    both(post_save, page_changed, Page, "post")
    both(post_delete, page_changed, Page, "post-delete")
    for model in PRIVATE_FIELDS:
        both(pre_save, thing_changing, model, "pre")
        both(post_save, thing_changed, model, "post")
        both(pre_delete, thing_changing, model, "pre-delete")
        both(post_delete, thing_changed, model, "post-delete")
