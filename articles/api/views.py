"""The API's endpoints: read-only views over published content, with HTTP caching done right.

Every successful answer carries an ETag (a hash of the body) and, for articles, a Last-Modified
(the newest change among the articles it shows), and answers a matching conditional request with
304. Its `max-age` is API_MAX_AGE cut short before the next scheduled story anywhere on the site,
as the pages' cache is. Whole responses are cached by `newsroom.caching.cache_public_response`
(see urls.py), which keeps them truthful across edits and scheduled publications.
"""

import hashlib

from django.conf import settings
from django.db.models import Exists, OuterRef
from django.http import JsonResponse
from django.urls import reverse
from django.utils.cache import get_conditional_response, patch_cache_control
from django.utils.http import http_date
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema, extend_schema_view
from rest_framework import viewsets
from rest_framework.negotiation import BaseContentNegotiation
from rest_framework.response import Response
from rest_framework.views import APIView
from taggit.models import Tag

from authors.models import Author
from newsroom.site_url import absolute_url

from ..models import Article, Section
from . import parameters, serializers
from .pagination import Pagination


def changed_at(article):
    """When `article` last changed as the public sees it: published, edited or corrected."""
    dates = [article.publish_at, article.updated_at, getattr(article, "last_corrected_at", None)]
    return max(date for date in dates if date)


class JSONOnly(BaseContentNegotiation):
    """JSON whatever the Accept header says: it is the only form, and a cached copy is served
    to every client alike."""

    def select_parser(self, request, parsers):
        return None

    def select_renderer(self, request, renderers, format_suffix=None):
        return renderers[0], renderers[0].media_type


class PublicAPIMixin:
    """Validated parameters first, then conditional and cacheable answers (module docstring)."""

    content_negotiation_class = JSONOnly
    parameters_class = parameters.Parameters
    http_method_names = ["get", "head", "options"]

    def initial(self, request, *args, **kwargs):
        super().initial(request, *args, **kwargs)  # throttling, before any other work
        self.parameters = self.get_parameters_class()(
            data=request.query_params,
            context={"serializer_class": getattr(self, "serializer_class", None)},
        )
        self.parameters.is_valid(raise_exception=True)

    def get_parameters_class(self):
        return self.parameters_class

    def last_modified(self):
        """The Last-Modified time of a successful answer; None to send none."""
        return None

    def finalize_response(self, request, response, *args, **kwargs):
        response = super().finalize_response(request, response, *args, **kwargs)
        if request.method not in ("GET", "HEAD") or response.status_code != 200:
            return response
        response.render()
        etag = f'"{hashlib.sha256(response.content).hexdigest()[:32]}"'
        response["ETag"] = etag
        last_modified = self.last_modified()
        timestamp = int(last_modified.timestamp()) if last_modified else None
        if timestamp is not None:
            response["Last-Modified"] = http_date(timestamp)
        max_age = Article.objects.seconds_until_next_publication(settings.API_MAX_AGE)
        patch_cache_control(response, public=True, max_age=max_age)
        return get_conditional_response(
            request, etag=etag, last_modified=timestamp, response=response
        )


class PublicViewSet(PublicAPIMixin, viewsets.ReadOnlyModelViewSet):
    """A list (cursor-paginated) and a detail endpoint of one kind of public content."""

    pagination_class = Pagination
    list_parameters_class = parameters.ListParameters
    parameters_class = parameters.FieldParameters
    lookup_field = "slug"
    # The pagination order; its first field places the cursor.
    ordering = ("name", "pk")

    def get_parameters_class(self):
        return self.list_parameters_class if self.action == "list" else self.parameters_class

    def get_serializer_context(self):
        fields = self.parameters.validated_data.get("fields")
        return super().get_serializer_context() | {"fields": fields}


@extend_schema_view(
    list=extend_schema(
        summary=_("List published articles"),
        description=_(
            "Newest first, 20 a page (page_size up to 100). Follow the next link for older "
            "stories; stories published meanwhile never repeat or push an item off a page."
        ),
        parameters=[parameters.ArticleListParameters],
    ),
    retrieve=extend_schema(
        summary=_("One published article"), parameters=[parameters.FieldParameters]
    ),
)
class ArticleViewSet(PublicViewSet):
    serializer_class = serializers.ArticleSerializer
    list_parameters_class = parameters.ArticleListParameters
    lookup_field = "pk"
    ordering = ("-publish_at", "-pk")

    def get_queryset(self):
        articles = Article.objects.published()
        if self.action == "list":
            articles = self.parameters.filter(articles)
        articles = articles.for_listing().with_last_correction()
        fields = self.parameters.validated_data.get("fields") or ["corrections", "dont_miss"]
        if "corrections" in fields:
            articles = articles.prefetch_related("corrections")
        if "dont_miss" in fields:
            articles = articles.with_published_picks()
        return articles

    def list(self, request, *args, **kwargs):
        response = super().list(request, *args, **kwargs)
        self.shown = self.paginator.page
        return response

    def retrieve(self, request, *args, **kwargs):
        article = self.get_object()
        self.shown = [article]
        return Response(self.get_serializer(article).data)

    def last_modified(self):
        shown = getattr(self, "shown", [])
        picks = [
            link.related for article in shown for link in getattr(article, "published_picks", [])
        ]
        return max(map(changed_at, [*shown, *picks]), default=None)


@extend_schema_view(
    list=extend_schema(
        summary=_("List sections"), description=_("In the site's navigation order.")
    ),
    retrieve=extend_schema(summary=_("One section")),
)
class SectionViewSet(PublicViewSet):
    serializer_class = serializers.SectionSerializer
    queryset = Section.objects.all()
    ordering = ("position", "name")


@extend_schema_view(
    list=extend_schema(
        summary=_("List tags"), description=_("Tags of published articles, by name.")
    ),
    retrieve=extend_schema(summary=_("One tag")),
)
class TagViewSet(PublicViewSet):
    serializer_class = serializers.TagSerializer

    def get_queryset(self):
        # A tag carried only by unpublished articles stays unknown to the public (rule 1).
        return Tag.objects.filter(Exists(Article.objects.published().filter(tags=OuterRef("pk"))))


@extend_schema_view(
    list=extend_schema(summary=_("List authors"), description=_("Active authors, by name.")),
    retrieve=extend_schema(summary=_("One author")),
)
class AuthorViewSet(PublicViewSet):
    serializer_class = serializers.AuthorSerializer
    queryset = Author.objects.filter(is_active=True)


class ApiRoot(PublicAPIMixin, APIView):
    """Where everything is: the endpoints, the schema and the documentation."""

    @extend_schema(exclude=True)
    def get(self, request):
        links = {
            plural: absolute_url(reverse(f"api:{plural[:-1]}-list"))
            for plural in ("articles", "sections", "tags", "authors")
        }
        links["schema"] = absolute_url(reverse("api:schema"))
        links["docs"] = absolute_url(reverse("api:docs"))
        return Response(links)


def not_found(request, *args, **kwargs):
    """Any other path under /api/: a JSON 404, as the endpoints answer."""
    return JsonResponse({"detail": gettext("Not found.")}, status=404)
