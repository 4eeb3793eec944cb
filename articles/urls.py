from django.contrib.sitemaps import views as sitemap_views
from django.urls import path, re_path, register_converter
from django.views.generic import TemplateView

from newsroom.caching import cache_public_response, page_number
from newsroom.caching import keys as cache_keys

from . import preview, views
from .sitemaps import NEWS_SITEMAPS, sitemap_index, sitemap_section
from .wordpress.views import legacy_query_redirect

app_name = "articles"


class FixedDigits:
    """Exactly `digits` digits, so /2026/ is an archive and /26/ or /2026/1/ are 404s."""

    digits = 2

    def __init__(self):
        self.regex = rf"[0-9]{{{self.digits}}}"

    def to_python(self, value):
        return int(value)

    def to_url(self, value):
        return f"{int(value):0{self.digits}d}"


class Year(FixedDigits):
    digits = 4


register_converter(Year, "yyyy")
register_converter(FixedDigits, "nn")

cached = cache_public_response
SITEMAP_KEYS = [cache_keys.SITEMAP, cache_keys.SECTIONS]

urlpatterns = [
    path("", legacy_query_redirect(cached(views.HomeView.as_view())), name="home"),
    path("<yyyy:year>/", cached(views.YearArchive.as_view()), name="archive_year"),
    path("<yyyy:year>/<nn:month>/", cached(views.MonthArchive.as_view()), name="archive_month"),
    path(
        "<yyyy:year>/<nn:month>/<nn:day>/<slug:slug>/",
        # An article page cannot show a story published later, bar the "Don't Miss" box's
        # fill of stories sharing tags: it keeps its copy past scheduled publications.
        cached(views.ArticleDetailView.as_view(), until_next_publication=False),
        name="detail",
    ),
    path("sections/<slug:slug>/", cached(views.SectionView.as_view()), name="section"),
    # taggit keeps non-ASCII letters in slugs, which the `slug` converter refuses.
    re_path(r"^tags/(?P<slug>[-\w]+)/$", cached(views.TagView.as_view()), name="tag"),
    path(
        "search/",
        cached(
            views.SearchView.as_view(),
            parameters={"q": views.search_terms, "page": page_number, "sort": views.sort_order},
        ),
        name="search",
    ),
    path("pages/<slug:slug>/", cached(views.PageView.as_view()), name="page"),
    path("corrections/", cached(views.CorrectionListView.as_view()), name="corrections"),
    path("sitemap.xml", cached(sitemap_index, keys=SITEMAP_KEYS), name="sitemap"),
    path(
        "sitemap-<section>.xml",
        # Django's sitemap view pages with `?p=`.
        cached(sitemap_section, parameters={"p": page_number}, keys=SITEMAP_KEYS),
        name="sitemap_section",
    ),
    path(
        "news-sitemap.xml",
        cached(
            sitemap_views.sitemap,
            parameters={},
            keys=[*SITEMAP_KEYS, cache_keys.NEWS_SITEMAP],
        ),
        {"sitemaps": NEWS_SITEMAPS, "template_name": "articles/news_sitemap.xml"},
        name="news_sitemap",
    ),
    path(
        "robots.txt",
        TemplateView.as_view(template_name="articles/robots.txt", content_type="text/plain"),
        name="robots",
    ),
    path("preview/<str:token>/", preview.preview, name="preview"),
]
