"""The query parameters each endpoint reads, validated before any work is done.

A parameter an endpoint does not read, or a value it cannot use, is a 400 naming the parameter:
a client learns of its typo at once, and made-up parameters cannot spread the cache thin. Messages
never repeat the value they refuse.
"""

from datetime import UTC

from django.db.models import Exists, OuterRef
from django.utils.translation import gettext_lazy as _
from rest_framework import serializers
from taggit.models import Tag

from authors.models import Author

from ..models import Article, Section
from ..views import MAX_QUERY_LENGTH

MAX_PAGE_SIZE = 100
# Longer than any cursor this API makes; refused before it is decoded.
MAX_CURSOR_LENGTH = 200


class DateTimeParameter(serializers.DateTimeField):
    """An ISO 8601 time; one that only exists in some time zones (year 9999 at UTC-12) is
    refused here rather than overflowing when the database turns it into UTC."""

    def to_internal_value(self, value):
        value = super().to_internal_value(value)
        try:
            value.astimezone(UTC)
        except OverflowError:
            self.fail("overflow")
        return value


class Parameters(serializers.Serializer):
    """Validates `request.query_params`: none is read unless a subclass declares it."""

    def to_internal_value(self, data):
        unknown = sorted(set(data) - set(self.fields))
        if unknown:
            accepted = ", ".join(sorted(self.fields)) or _("nothing")
            message = _("Unknown parameter. This endpoint reads: %(accepted)s.") % {
                "accepted": accepted
            }
            # Only the first few: a thousand made-up names need not come back.
            raise serializers.ValidationError({name[:50]: [message] for name in unknown[:5]})
        return super().to_internal_value(data)


class FieldParameters(Parameters):
    """`?fields=`; the endpoint's serializer class comes in the context."""

    fields = serializers.CharField(
        required=False,
        max_length=1000,
        help_text=_("Comma-separated names of the fields to return; all of them when absent."),
    )

    def validate_fields(self, value):
        names = [name.strip() for name in value.split(",") if name.strip()]
        known = list(self.context["serializer_class"]().fields)
        if not names or any(name not in known for name in names):
            raise serializers.ValidationError(
                _("Name one or more of: %(known)s.") % {"known": ", ".join(known)}
            )
        return names


class ListParameters(FieldParameters):
    cursor = serializers.CharField(
        required=False,
        max_length=MAX_CURSOR_LENGTH,
        help_text=_("Where the page starts: copy it from a response's next or previous link."),
    )
    page_size = serializers.IntegerField(
        required=False,
        min_value=1,
        max_value=MAX_PAGE_SIZE,
        help_text=_("Items per page (1–100)."),
    )


class ArticleListParameters(ListParameters):
    section = serializers.SlugField(
        required=False, max_length=80, help_text=_("Only articles in this section (its slug).")
    )
    tag = serializers.RegexField(
        r"^[-\w]+\Z",
        required=False,
        max_length=100,
        help_text=_("Only articles with this tag (its slug)."),
    )
    author = serializers.SlugField(
        required=False, max_length=140, help_text=_("Only articles by this author (their slug).")
    )
    published_after = DateTimeParameter(
        required=False, help_text=_("Only articles published after this time (ISO 8601).")
    )
    published_before = DateTimeParameter(
        required=False, help_text=_("Only articles published before this time (ISO 8601).")
    )
    updated_after = DateTimeParameter(
        required=False,
        help_text=_(
            "Only articles published, edited or corrected after this time (ISO 8601): what a "
            "client syncing the archive has not seen yet."
        ),
    )
    search = serializers.CharField(
        required=False,
        max_length=MAX_QUERY_LENGTH,
        help_text=_("Only articles matching these words, as the site's search finds them."),
    )

    def validate_section(self, slug):
        section = Section.objects.filter(slug=slug).first()
        if section is None:
            raise serializers.ValidationError(_("There is no section with this slug."))
        return section

    def validate_tag(self, slug):
        # A tag carried only by unpublished articles is as unknown as one that does not exist.
        published = Article.objects.published().filter(tags=OuterRef("pk"))
        tag = Tag.objects.filter(Exists(published), slug=slug).first()
        if tag is None:
            raise serializers.ValidationError(_("No published article has this tag."))
        return tag

    def validate_author(self, slug):
        author = Author.objects.filter(slug=slug, is_active=True).first()
        if author is None:
            raise serializers.ValidationError(_("There is no author with this slug."))
        return author

    def filter(self, articles):
        """`articles` narrowed by the validated parameters."""
        values = self.validated_data
        if "section" in values:
            articles = articles.in_section(values["section"])
        if "tag" in values:
            articles = articles.tagged(values["tag"])
        if "author" in values:
            articles = articles.by_author(values["author"])
        if "published_after" in values:
            articles = articles.filter(publish_at__gt=values["published_after"])
        if "published_before" in values:
            articles = articles.filter(publish_at__lt=values["published_before"])
        if "updated_after" in values:
            articles = articles.changed_after(values["updated_after"])
        if "search" in values:
            articles = articles.search(values["search"])
        return articles
