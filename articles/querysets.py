from django.contrib.postgres.search import SearchQuery, SearchRank, SearchVectorField
from django.db import connection, models
from django.db.models import Count, Expression, Min, OuterRef, Prefetch, Q, Subquery
from django.utils import timezone
from taggit.models import TaggedItem

# Must match the configuration of the `search_document` column (migration 0002).
SEARCH_CONFIG = "english"
# Bounds the work one query string can cause on the SQLite fallback.
MAX_SEARCH_WORDS = 8


class SearchDocument(Expression):
    """The article's stored search vector: headline (A) over dek (B) over body (C).

    A PostgreSQL generated column with a GIN index, created by migration 0002 and not a model
    field, because SQLite cannot hold it.
    """

    output_field = SearchVectorField()

    def as_sql(self, compiler, connection):
        table = compiler.quote_name_unless_alias(compiler.query.get_initial_alias())
        return f"{table}.search_document", []


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
                Prefetch("tag_links", queryset=TaggedItem.objects.select_related("tag")),
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

    def search(self, query):
        """Articles matching the reader's `query`, best first; none for a blank query.

        On PostgreSQL: full-text search over the stored weighted vector (GIN-indexed),
        ranked, with search-engine syntax ("quoted phrases", -exclusions, or). Elsewhere: every
        word must appear in the headline, dek or body, newest first.
        """
        # PostgreSQL refuses NUL characters in strings: a reader's typo must not become a 500.
        query = " ".join(query.replace("\x00", " ").split())
        if not query:
            return self.none()
        if connection.vendor == "postgresql":
            search_query = SearchQuery(query, search_type="websearch", config=SEARCH_CONFIG)
            return (
                self.alias(search_document=SearchDocument())
                .filter(search_document=search_query)
                .annotate(rank=SearchRank(SearchDocument(), search_query))
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

        Reads `article.tag_list`, so the `for_listing()` prefetch saves a query.
        """
        tag_ids = [tag.pk for tag in article.tag_list]
        if not tag_ids:
            return self.none()
        return (
            self.filter(tags__in=tag_ids)
            .exclude(pk=article.pk)
            .annotate(shared_tags=Count("tags"))
            .order_by("-shared_tags", "-publish_at", "-pk")
        )

    def with_last_correction(self):
        """Annotate `last_corrected_at`: when the newest correction was made, or None."""
        from .models import Correction

        newest = Correction.objects.filter(article=OuterRef("pk")).order_by("-corrected_at")
        return self.annotate(last_corrected_at=Subquery(newest.values("corrected_at")[:1]))
