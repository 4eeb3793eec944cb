"""Feed routes (DESIGN.md URL contract); included before `authors/` so author feeds resolve here."""

from django.urls import path, re_path

from newsroom.caching import cache_public_response

from . import feeds


def cached(feed_view):
    """Feeds read no query parameter: a request with one is served uncached."""
    return cache_public_response(feed_view, parameters={})


app_name = "feeds"

urlpatterns = [
    path("feed/", cached(feeds.ArticleFeed.as_view()), name="site"),
    path("feed/atom/", cached(feeds.AtomSiteFeed.as_view()), name="site_atom"),
    path("feed.json", cached(feeds.JsonSiteFeed.as_view()), name="site_json"),
    path("corrections/feed/", cached(feeds.CorrectionFeed.as_view()), name="corrections"),
    path("sections/<slug:slug>/feed/", cached(feeds.SectionFeed.as_view()), name="section"),
    path(
        "sections/<slug:slug>/feed/atom/",
        cached(feeds.AtomSectionFeed.as_view()),
        name="section_atom",
    ),
    # taggit's slugs keep non-ASCII letters, which the `slug` converter refuses; `str` would let
    # through characters (NUL) that PostgreSQL rejects with an error.
    re_path(r"^tags/(?P<slug>[-\w]+)/feed/$", cached(feeds.TagFeed.as_view()), name="tag"),
    re_path(
        r"^tags/(?P<slug>[-\w]+)/feed/atom/$", cached(feeds.AtomTagFeed.as_view()), name="tag_atom"
    ),
    path("authors/<slug:slug>/feed/", cached(feeds.AuthorFeed.as_view()), name="author"),
    path(
        "authors/<slug:slug>/feed/atom/", cached(feeds.AtomAuthorFeed.as_view()), name="author_atom"
    ),
]
