"""How each kind of content looks in the API. Every URL is absolute on SITE_URL, so a response
reads the same whichever host served it (and a cached copy is right for every client)."""

import mimetypes
from functools import lru_cache

from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers
from taggit.models import Tag

from authors.models import Author
from newsroom.site_url import absolute_url

from ..feeds import absolutize_links
from ..images import CROPS
from ..models import Article, Correction, Photo, Section


@lru_cache(maxsize=4096)
def path_to(view_name, **kwargs):
    """`reverse()`, remembered: a list repeats the same sections, tags and authors, and the
    URLconf does not change while the process runs."""
    return reverse(view_name, kwargs=kwargs)


@extend_schema_field(OpenApiTypes.URI)
class LinkField(serializers.Field):
    """The absolute URL of the named view for the object's `lookup` attribute (remembered, see
    `path_to`), or of the object's `get_absolute_url()` when no view is named."""

    def __init__(self, view_name=None, lookup="slug", **kwargs):
        self.view_name, self.lookup = view_name, lookup
        kwargs.setdefault("source", "*")
        super().__init__(read_only=True, **kwargs)

    def to_representation(self, obj):
        if self.view_name is None:
            return absolute_url(obj.get_absolute_url())
        return absolute_url(path_to(self.view_name, **{self.lookup: getattr(obj, self.lookup)}))


@extend_schema_field(OpenApiTypes.URI)
class ListingLinkField(serializers.Field):
    """The API's article list filtered on this object: `/api/v1/articles/?<parameter>=<slug>`."""

    def __init__(self, parameter, **kwargs):
        self.parameter = parameter
        super().__init__(source="*", read_only=True, **kwargs)

    def to_representation(self, obj):
        return absolute_url(f"{path_to('api:article-list')}?{self.parameter}={obj.slug}")


# Formats times as every DateTimeField of the API does (ISO 8601 in TIME_ZONE).
TIME = serializers.DateTimeField()


class TrimmableMixin:
    """Keeps only the fields named in the context's `fields` (the `?fields=` parameter)."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        wanted = self.context.get("fields")
        if wanted:
            for name in set(self.fields) - set(wanted):
                self.fields.pop(name)


class ImageSerializer(serializers.Serializer):
    """One image file; documents what `image()` returns."""

    url = serializers.URLField(help_text=_("Absolute URL of the image file."))
    width = serializers.IntegerField(allow_null=True, help_text=_("Width in pixels."))
    height = serializers.IntegerField(allow_null=True, help_text=_("Height in pixels."))
    type = serializers.CharField(help_text=_("MIME type, e.g. image/webp."))


def image(record):
    """A rendition record (`articles.images`) as the API shows it (see ImageSerializer).

    A plain function rather than a serializer per image: a list of 20 articles has hundreds.
    """
    return {
        "url": absolute_url(record["url"]),
        "width": record["width"],
        "height": record["height"],
        "type": record["mime"],
    }


def original_record(file, width, height):
    """An image record for a stored original: what pages show before renditions exist."""
    return {
        "url": file.url,
        "width": width,
        "height": height,
        "mime": mimetypes.guess_type(file.name)[0] or "application/octet-stream",
    }


class CropsSerializer(serializers.Serializer):
    """The photo's named crops, centred on its focal point; a crop is null before it is made."""

    def get_fields(self):
        return {
            name: ImageSerializer(
                allow_null=True, help_text=_("Cropped to %(ratio)s.") % {"ratio": name}
            )
            for name in CROPS
        }

    def to_representation(self, photo):
        return {name: image(record) if (record := photo.crop(name)) else None for name in CROPS}


class PhotoSerializer(serializers.ModelSerializer):
    alt = serializers.CharField(source="alt_text", help_text=_("Text for readers who cannot see."))
    renditions = serializers.SerializerMethodField(
        help_text=_(
            "Every full-frame size, JPEG then WebP, narrowest first; the original until the "
            "renditions are made."
        )
    )
    crops = CropsSerializer(source="*")

    class Meta:
        model = Photo
        fields = [
            "alt",
            "caption",
            "credit",
            "licence",
            "source_url",
            "width",
            "height",
            "renditions",
            "crops",
        ]
        extra_kwargs = {
            "caption": {"help_text": _("What the photo shows, as the page's caption says.")},
            "credit": {"help_text": _("Who made the photo or where it comes from.")},
            "licence": {"help_text": _("The photo's licence, e.g. CC BY-SA 4.0; may be blank.")},
            "source_url": {"help_text": _("Where the photo was found; may be blank.")},
            "width": {"help_text": _("Width of the stored original, in pixels.")},
            "height": {"help_text": _("Height of the stored original, in pixels.")},
        }

    @extend_schema_field(ImageSerializer(many=True))
    def get_renditions(self, photo):
        records = photo.renditions_of("jpeg") + photo.renditions_of("webp")
        if not records:
            records = [original_record(photo.image, photo.width, photo.height)]
        return [image(record) for record in records]


class SectionSummarySerializer(serializers.ModelSerializer):
    url = LinkField("articles:section", help_text=_("The section page."))
    api_url = LinkField("api:section-detail", help_text=_("This section in the API."))

    class Meta:
        model = Section
        fields = ["name", "slug", "url", "api_url"]


class TagSummarySerializer(serializers.ModelSerializer):
    url = LinkField("articles:tag", help_text=_("The tag page."))
    api_url = LinkField("api:tag-detail", help_text=_("This tag in the API."))

    class Meta:
        model = Tag
        fields = ["name", "slug", "url", "api_url"]


class AuthorSummarySerializer(serializers.ModelSerializer):
    url = LinkField("authors:detail", help_text=_("The author page."))
    api_url = LinkField("api:author-detail", help_text=_("This author in the API."))

    class Meta:
        model = Author
        fields = ["name", "slug", "job_title", "url", "api_url"]


class DontMissSerializer(serializers.Serializer):
    """A "Don't Miss" pick, shown as the story it points to."""

    id = serializers.IntegerField(source="related.id")
    headline = serializers.CharField(source="related.headline")
    url = LinkField(source="related", help_text=_("The article's canonical page."))
    api_url = LinkField(
        "api:article-detail", lookup="pk", source="related", help_text=_("This article in the API.")
    )
    published_at = serializers.DateTimeField(source="related.publish_at")


class CorrectionSerializer(serializers.ModelSerializer):
    class Meta:
        model = Correction
        fields = ["text", "corrected_at"]


class ArticleSerializer(TrimmableMixin, serializers.ModelSerializer):
    """A published article with everything its page shows.

    Reads what `ArticleViewSet.get_queryset()` loads: bylines, tags, picks, corrections and the
    newest correction's time; it runs no query of its own.
    """

    url = LinkField(help_text=_("The article's canonical page."))
    api_url = LinkField("api:article-detail", lookup="pk", help_text=_("This article in the API."))
    body_html = serializers.SerializerMethodField(
        help_text=_("The sanitised body HTML, every link and image source absolute.")
    )
    published_at = serializers.DateTimeField(
        source="publish_at", help_text=_("When the story went live (ISO 8601).")
    )
    updated_at = serializers.SerializerMethodField(
        help_text=_(
            "When the story last changed after publication (an edit or a correction), as the "
            "page's “Updated” line says; null when it never did."
        )
    )
    section = SectionSummarySerializer(allow_null=True, help_text=_("Null when it has none."))
    authors = AuthorSummarySerializer(
        source="byline_authors", many=True, help_text=_("The bylines, in order.")
    )
    tags = TagSummarySerializer(source="tag_list", many=True, help_text=_("In name order."))
    dont_miss = DontMissSerializer(
        source="published_picks",
        many=True,
        help_text=_("The editor's “Don't Miss” picks that are published, in the editor's order."),
    )
    corrections = CorrectionSerializer(many=True, help_text=_("Oldest first."))
    cover_photo = PhotoSerializer(allow_null=True, help_text=_("Null when it has none."))

    class Meta:
        model = Article
        fields = [
            "id",
            "headline",
            "dek",
            "slug",
            "url",
            "api_url",
            "body_html",
            "published_at",
            "updated_at",
            "section",
            "authors",
            "tags",
            "dont_miss",
            "corrections",
            "cover_photo",
        ]
        extra_kwargs = {
            "id": {"help_text": _("The article's number: its detail is /api/v1/articles/<id>/.")},
            "dek": {"help_text": _("The standfirst under the headline; may be blank.")},
            "slug": {"help_text": _("The last part of the article's URL.")},
        }

    @extend_schema_field(OpenApiTypes.STR)
    def get_body_html(self, article):
        return absolutize_links(article.body, absolute_url(article.get_absolute_url()))

    @extend_schema_field(serializers.DateTimeField(allow_null=True))
    def get_updated_at(self, article):
        updated = article.last_update(article.last_corrected_at)
        return TIME.to_representation(updated) if updated else None


class SectionSerializer(TrimmableMixin, serializers.ModelSerializer):
    url = LinkField("articles:section", help_text=_("The section page."))
    api_url = LinkField("api:section-detail", help_text=_("This section in the API."))
    articles = ListingLinkField("section", help_text=_("The section's articles in the API."))

    class Meta:
        model = Section
        fields = ["name", "slug", "description", "url", "api_url", "articles"]


class TagSerializer(TrimmableMixin, serializers.ModelSerializer):
    url = LinkField("articles:tag", help_text=_("The tag page."))
    api_url = LinkField("api:tag-detail", help_text=_("This tag in the API."))
    articles = ListingLinkField("tag", help_text=_("The tag's articles in the API."))

    class Meta:
        model = Tag
        fields = ["name", "slug", "url", "api_url", "articles"]


class LinkSerializer(serializers.Serializer):
    label = serializers.CharField()
    url = serializers.URLField()


class AuthorSerializer(TrimmableMixin, serializers.ModelSerializer):
    """An author's public profile; the private email and the login are never part of it."""

    url = LinkField("authors:detail", help_text=_("The author page."))
    api_url = LinkField("api:author-detail", help_text=_("This author in the API."))
    photo = serializers.SerializerMethodField(help_text=_("The square portrait, or null."))
    links = serializers.SerializerMethodField(help_text=_("Website and social profiles."))
    articles = ListingLinkField("author", help_text=_("The author's articles in the API."))

    class Meta:
        model = Author
        fields = [
            "name",
            "slug",
            "job_title",
            "location",
            "bio",
            "photo",
            "links",
            "url",
            "api_url",
            "articles",
        ]

    @extend_schema_field(ImageSerializer(allow_null=True))
    def get_photo(self, author):
        if not author.photo:
            return None
        return image(author.photo_square or original_record(author.photo, None, None))

    @extend_schema_field(LinkSerializer(many=True))
    def get_links(self, author):
        return [{"label": label, "url": url} for label, url in author.public_links]
