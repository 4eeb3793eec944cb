from django.shortcuts import get_object_or_404, redirect
from django.views.generic import DetailView, ListView, MonthArchiveView, YearArchiveView
from taggit.models import Tag

from newsroom.caching import add_keys, do_not_store
from newsroom.caching import keys as cache_keys

from .models import Article, Section, SlugRedirect
from .related import dont_miss

PAGE_SIZE = 20
# Longer queries are cut: nobody types them, and they only cost database time.
MAX_QUERY_LENGTH = 200


def article_page_context(article):
    """Context the article template needs beyond the article itself (also used by previews)."""
    newest_correction = max((c.corrected_at for c in article.corrections.all()), default=None)
    updated_at = article.last_update(newest_correction)
    return {
        "article": article,
        "dont_miss": dont_miss(article),
        "is_updated": updated_at is not None,
        "modified_at": updated_at or article.publish_at or article.created_at,
    }


def search_terms(text):
    """A reader's query as the search reads it: single spaces, at most MAX_QUERY_LENGTH; also the
    normaliser of `q` in the page cache's address, so two spellings share one cached page."""
    return " ".join(text.split())[:MAX_QUERY_LENGTH]


class CacheKeysMixin:
    """Tags the response with the cache keys of what it shows (`newsroom.caching`): the page's
    own listing keys, every story listed, and the section names of the navigation."""

    def cache_keys(self, context):
        return []

    def render_to_response(self, context, **response_kwargs):
        add_keys(
            self.request,
            cache_keys.SECTIONS,
            *self.cache_keys(context),
            *cache_keys.articles(context.get("object_list") or ()),
        )
        return super().render_to_response(context, **response_kwargs)


class HomeView(CacheKeysMixin, ListView):
    """The lead story and the latest articles; the lead is the first story of page one."""

    template_name = "articles/article_list.html"
    paginate_by = PAGE_SIZE

    def get_queryset(self):
        return Article.objects.published().for_listing()

    def cache_keys(self, context):
        return [cache_keys.HOME]


class ArticleDetailView(CacheKeysMixin, DetailView):
    def get_queryset(self):
        return Article.objects.published().for_listing().prefetch_related("corrections")

    def get(self, request, *args, **kwargs):
        slug = kwargs["slug"]
        article = self.get_queryset().filter(slug=slug).first()
        if article is None:
            moved = get_object_or_404(SlugRedirect.objects.select_related("article"), old_slug=slug)
            article = get_object_or_404(self.get_queryset(), pk=moved.article_id)
            return redirect(article, permanent=True)
        if request.path != article.get_absolute_url():
            return redirect(article, permanent=True)
        self.object = article
        return self.render_to_response(self.get_context_data(object=article))

    def get_context_data(self, **kwargs):
        return super().get_context_data(**article_page_context(self.object), **kwargs)

    def cache_keys(self, context):
        return cache_keys.articles([self.object, *context["dont_miss"]])


class SectionView(CacheKeysMixin, ListView):
    template_name = "articles/section_detail.html"
    paginate_by = PAGE_SIZE

    def get_queryset(self):
        self.section = get_object_or_404(Section, slug=self.kwargs["slug"])
        return Article.objects.published().in_section(self.section).for_listing()

    def get_context_data(self, **kwargs):
        return super().get_context_data(section=self.section, **kwargs)

    def cache_keys(self, context):
        return [cache_keys.section(self.section.pk)]


class TagView(CacheKeysMixin, ListView):
    """A tag's published articles; a tag no published article carries is a 404."""

    template_name = "articles/tag_detail.html"
    paginate_by = PAGE_SIZE
    allow_empty = False

    def get_queryset(self):
        self.tag = get_object_or_404(Tag, slug=self.kwargs["slug"])
        return Article.objects.published().tagged(self.tag).for_listing()

    def get_context_data(self, **kwargs):
        return super().get_context_data(tag=self.tag, **kwargs)

    def cache_keys(self, context):
        return [cache_keys.tag(self.tag.pk)]


class ArchiveMixin(CacheKeysMixin):
    """Shared settings of the year and month archives (dates in TIME_ZONE, via USE_TZ)."""

    date_field = "publish_at"
    make_object_list = True
    paginate_by = PAGE_SIZE

    def get_queryset(self):
        return Article.objects.published().for_listing()


class YearArchive(ArchiveMixin, YearArchiveView):
    template_name = "articles/article_archive_year.html"

    def cache_keys(self, context):
        return [cache_keys.archive(int(self.get_year()))]


class MonthArchive(ArchiveMixin, MonthArchiveView):
    template_name = "articles/article_archive_month.html"
    month_format = "%m"

    def cache_keys(self, context):
        return [cache_keys.archive(int(self.get_year()), int(self.get_month()))]


class SearchView(CacheKeysMixin, ListView):
    """Published articles matching `?q=`; a blank query shows the form and no results."""

    template_name = "articles/search.html"
    paginate_by = PAGE_SIZE

    def get_queryset(self):
        self.query = search_terms(self.request.GET.get("q", ""))
        return Article.objects.published().for_listing().search(self.query)

    def get_context_data(self, **kwargs):
        return super().get_context_data(query=self.query, **kwargs)

    def cache_keys(self, context):
        if self.query and not context["object_list"]:
            do_not_store(self.request)
        return [cache_keys.SEARCH]
