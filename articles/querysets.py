from django.db import models
from django.db.models import Exists, Min, OuterRef, Prefetch, Q, Subquery, Value
from django.db.models.functions import Lower
from django.utils import timezone

# The one definition of "published" (DESIGN.md, rule 1), for articles and for the copies of their
# state on bylines and tag links (`articles.models.PublishedCopy`).
PUBLISHED = "published"


def published_rule(prefix=""):
    """Status published and publish time reached, on the fields under `prefix`."""
    return Q(**{f"{prefix}status": PUBLISHED, f"{prefix}publish_at__lte": timezone.now()})


class PublicationQuerySet(models.QuerySet):
    """Rows with a `status` and a `publish_at`: articles, and the copies of their state."""

    def published(self):
        """What the public may see: status published and publish time reached (rule 1)."""
        return self.filter(published_rule())

    def scheduled(self):
        """Published status with a publish time still in the future."""
        return self.filter(status=PUBLISHED, publish_at__gt=timezone.now())

    def seconds_until_next_publication(self, longest):
        """Seconds until the first of these scheduled for later goes live, at most `longest`:
        how long anything showing them may be cached (rule 2). One query."""
        next_at = self.scheduled().aggregate(next_at=Min("publish_at"))["next_at"]
        if next_at is None:
            return longest
        return max(0, min(longest, int((next_at - timezone.now()).total_seconds())))


class PublishedCopyQuerySet(PublicationQuerySet):
    """Bylines and tag links, read through their copies of the article's published state."""


class ArticleQuerySet(PublicationQuerySet):
    def for_listing(self):
        """Everything a listing or feed shows, in a fixed number of queries.

        Newest first by the model's ordering, unless a scope (`tagged`, `by_author`) ordered it.
        """
        from .models import ArticleTag, Byline

        return self.select_related("section", "cover_photo").prefetch_related(
            Prefetch("bylines", queryset=Byline.objects.select_related("author")),
            Prefetch("tag_links", queryset=ArticleTag.objects.select_related("tag")),
        )

    def in_section(self, section):
        return self.filter(section=section)

    def tagged(self, tag):
        """Published articles carrying `tag`, newest first.

        The published rule is read from the tag links' copies of it, so the page is one range of
        the index (tag, status, publish_at) on the links, whatever the size of the archive.
        """
        return self.filter(published_rule("tag_links__"), tag_links__tag=tag).order_by(
            "-tag_links__publish_at", "-tag_links__content_object_id"
        )

    def by_author(self, author):
        """Published articles with a byline of `author`, newest first (as `tagged`, through
        the index (author, status, publish_at) on bylines)."""
        return self.filter(published_rule("bylines__"), bylines__author=author).order_by(
            "-bylines__publish_at", "-bylines__article_id"
        )

    def with_headline(self, headline):
        """Articles whose headline is `headline`, ignoring case (index article_headline_lower)."""
        return self.alias(headline_key=Lower("headline")).filter(
            headline_key=Lower(Value((headline or "").strip()))
        )

    def headline_duplicates(self):
        """Primary keys of articles whose headline (ignoring case) another article also has,
        among those sharing a headline with these; one query."""
        keys = self.values(key=Lower("headline"))
        holders = {}
        rows = self.model.objects.alias(key=Lower("headline")).filter(key__in=keys)
        for pk, key in rows.values_list("pk", Lower("headline")):
            holders.setdefault(key, []).append(pk)
        return {pk for pks in holders.values() if len(pks) > 1 for pk in pks}

    def next_publication_at(self):
        """When the first of these articles scheduled for later goes live; None if none is.
        One query."""
        return self.scheduled().aggregate(next_at=Min("publish_at"))["next_at"]

    def seconds_until_next_publication(self, longest):
        """Seconds until the first of these articles scheduled for later goes live, at most
        `longest`: how long anything showing them may be cached (rule 2). One query."""
        next_at = self.next_publication_at()
        if next_at is None:
            return longest
        return max(0, min(longest, int((next_at - timezone.now()).total_seconds())))

    def search(self, query, window=None):
        """Articles matching the reader's `query`, best first; none for a blank query.

        Annotates `search_rank` and `search_snippet`; see articles/search.py (`window`: its
        `window_of(query)`, when already read).
        """
        # A real cycle: articles.search imports the models, which import this module.
        from . import search

        return search.search(self, query, window)

    def with_last_correction(self):
        """Annotate `last_corrected_at`: when the newest correction was made, or None."""
        from .models import Correction

        newest = Correction.objects.filter(article=OuterRef("pk")).order_by("-corrected_at")
        return self.annotate(last_corrected_at=Subquery(newest.values("corrected_at")[:1]))

    def changed_after(self, when):
        """Articles published, edited or corrected after `when`: what a syncing client missed.

        Publication counts, so a scheduled story saved long ago shows once its time comes.
        """
        from .models import Correction  # models.py imports this module

        corrected = Correction.objects.filter(article=OuterRef("pk"), corrected_at__gt=when)
        return self.filter(Q(publish_at__gt=when) | Q(updated_at__gt=when) | Exists(corrected))

    def with_published_picks(self):
        """Prefetch `published_picks`: the editor's "Don't Miss" links whose story is published,
        in the editor's order, each with its story; one query for any number of articles."""
        from .models import RelatedArticle  # models.py imports this module

        visible = self.model.objects.published().filter(pk=OuterRef("related_id"))
        links = RelatedArticle.objects.filter(Exists(visible)).select_related("related")
        return self.prefetch_related(
            Prefetch("related_links", queryset=links, to_attr="published_picks")
        )
