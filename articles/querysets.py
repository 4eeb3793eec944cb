from django.contrib.postgres.search import SearchQuery, SearchRank, SearchVector
from django.db import connection, models
from django.db.models import Count, Prefetch, Q
from django.utils import timezone

# Text-search configuration for the PostgreSQL search vector and its GIN index (the migration
# `article_search_index` builds the same expression; change both together).
SEARCH_CONFIG = "english"
# Bounds the work one query string can cause on the SQLite fallback.
MAX_SEARCH_WORDS = 8


def search_vector():
    """Headline over dek over body: the weighted document that search ranks (PostgreSQL)."""
    return (
        SearchVector("headline", weight="A", config=SEARCH_CONFIG)
        + SearchVector("dek", weight="B", config=SEARCH_CONFIG)
        + SearchVector("body", weight="C", config=SEARCH_CONFIG)
    )


class ArticleQuerySet(models.QuerySet):
    def published(self):
        """What the public may see: status published and publish time reached (rule 1)."""
        return self.filter(status=self.model.Status.PUBLISHED, publish_at__lte=timezone.now())

    def for_listing(self):
        """Everything a listing or feed shows, in a fixed number of queries, newest first."""
        from .models import Byline

        return (
            self.select_related("section", "cover_photo")
            .prefetch_related(
                Prefetch("bylines", queryset=Byline.objects.select_related("author")),
                "tags",
            )
            .order_by("-publish_at", "-pk")
        )

    def in_section(self, section):
        return self.filter(section=section)

    def tagged(self, tag):
        return self.filter(tags=tag)

    def by_author(self, author):
        return self.filter(bylines__author=author)

    def scheduled(self):
        """Published status with a publish time still in the future."""
        return self.filter(status=self.model.Status.PUBLISHED, publish_at__gt=timezone.now())

    def search(self, query):
        """Articles matching the reader's `query`, best first; none for a blank query.

        On PostgreSQL: full-text search over the weighted vector (served by the GIN index),
        ranked, with search-engine syntax ("quoted phrases", -exclusions, or). Elsewhere: every
        word must appear in the headline, dek or body, newest first.
        """
        # PostgreSQL refuses NUL characters in strings: a reader's typo must not become a 500.
        query = " ".join(query.replace("\x00", " ").split())
        if not query:
            return self.none()
        if connection.vendor == "postgresql":
            search_query = SearchQuery(query, search_type="websearch", config=SEARCH_CONFIG)
            vector = search_vector()
            return (
                self.annotate(search_document=vector)
                .filter(search_document=search_query)
                .annotate(rank=SearchRank(vector, search_query))
                .order_by("-rank", "-publish_at", "-pk")
            )
        matches = Q()
        for word in query.split()[:MAX_SEARCH_WORDS]:
            word = word.strip("\"'")
            if word:
                matches &= (
                    Q(headline__icontains=word) | Q(dek__icontains=word) | Q(body__icontains=word)
                )
        return self.filter(matches).order_by("-publish_at", "-pk")

    def sharing_tags_with(self, article):
        """Other articles sharing tags with `article`, most shared tags first, in one query.

        Reads `article.tags.all()`, so a prefetch of the article's tags saves a query.
        """
        tag_ids = [tag.pk for tag in article.tags.all()]
        if not tag_ids:
            return self.none()
        return (
            self.filter(tags__in=tag_ids)
            .exclude(pk=article.pk)
            .annotate(shared_tags=Count("tags"))
            .order_by("-shared_tags", "-publish_at", "-pk")
        )
