from django.db import models
from django.db.models import Count, Min, OuterRef, Prefetch, Subquery
from django.utils import timezone
from taggit.models import TaggedItem


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

    def seconds_until_next_publication(self, longest):
        """Seconds until the first of these articles scheduled for later goes live, at most
        `longest`: how long anything showing them may be cached (rule 2). One query."""
        next_at = self.scheduled().aggregate(next_at=Min("publish_at"))["next_at"]
        if next_at is None:
            return longest
        return max(0, min(longest, int((next_at - timezone.now()).total_seconds())))

    def search(self, query):
        """Articles matching the reader's `query`, best first; none for a blank query.

        Annotates `search_rank` and `search_snippet`; see articles/search.py.
        """
        # A real cycle: articles.search imports the models, which import this module.
        from . import search

        return search.search(self, query)

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
