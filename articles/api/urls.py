"""Routes of the content API (DESIGN.md URL contract: /api/v1/…, /api/v1/schema/, /api/docs/).

Every route is served through the page cache; any other path under /api/ is a JSON 404.
"""

from django.urls import path, re_path, register_converter
from drf_spectacular.views import SpectacularJSONAPIView

from newsroom.caching import cache_public_response as cached

from . import docs, views

app_name = "api"


class ArticleId:
    """A primary key that fits the database's 64-bit integer; a longer number is a 404."""

    regex = "[0-9]{1,18}"

    def to_python(self, value):
        return int(value)

    def to_url(self, value):
        return str(value)


register_converter(ArticleId, "article_id")

articles = views.ArticleViewSet
sections = views.SectionViewSet
tags = views.TagViewSet
authors = views.AuthorViewSet
LIST, DETAIL = {"get": "list"}, {"get": "retrieve"}

urlpatterns = [
    path("v1/", cached(views.ApiRoot.as_view()), name="root"),
    path("v1/articles/", cached(articles.as_view(LIST)), name="article-list"),
    path("v1/articles/<article_id:pk>/", cached(articles.as_view(DETAIL)), name="article-detail"),
    path("v1/sections/", cached(sections.as_view(LIST)), name="section-list"),
    path("v1/sections/<slug:slug>/", cached(sections.as_view(DETAIL)), name="section-detail"),
    path("v1/tags/", cached(tags.as_view(LIST)), name="tag-list"),
    # taggit keeps non-ASCII letters in slugs, as the tag pages do.
    re_path(r"^v1/tags/(?P<slug>[-\w]+)/$", cached(tags.as_view(DETAIL)), name="tag-detail"),
    path("v1/authors/", cached(authors.as_view(LIST)), name="author-list"),
    path("v1/authors/<slug:slug>/", cached(authors.as_view(DETAIL)), name="author-detail"),
    path("v1/schema/", cached(SpectacularJSONAPIView.as_view()), name="schema"),
    path("docs/", cached(docs.docs), name="docs"),
    # Ends in a slash, so a path without one is first redirected here by APPEND_SLASH.
    re_path(r"^.*/$", views.not_found),
]
