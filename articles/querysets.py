from django.db import models
from django.db.models import OuterRef, Prefetch, Subquery
from django.utils import timezone


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

    def with_last_correction(self):
        """Annotate `last_corrected_at`: when the newest correction was made, or None."""
        from .models import Correction

        newest = Correction.objects.filter(article=OuterRef("pk")).order_by("-corrected_at")
        return self.annotate(last_corrected_at=Subquery(newest.values("corrected_at")[:1]))
