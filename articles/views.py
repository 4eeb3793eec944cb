from datetime import date

from django.db.models import Exists
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect
from django.utils import timezone
from django.utils.formats import number_format
from django.utils.translation import gettext as _
from django.views.generic import DetailView, ListView, MonthArchiveView, YearArchiveView
from taggit.models import Tag

from newsroom.caching import add_keys, do_not_store, is_storing
from newsroom.caching import keys as cache_keys
from newsroom.pagination import UncountedPaginator

from . import embeds, search
from .models import Article, Correction, Page, Photo, Section, SlugRedirect
from .related import dont_miss

PAGE_SIZE = 20
# Longer queries are cut: nobody types them, and they only cost database time.
MAX_QUERY_LENGTH = 200


def article_page_context(article):
    """Context the article template needs beyond the article itself (also used by previews)."""
    newest_correction = max((c.corrected_at for c in article.corrections.all()), default=None)
    updated_at = article.last_update(newest_correction)
    # Body photos in one query, and none when the body has no library photo.
    photos = Photo.objects.in_bulk(embeds.photo_ids(article.body))
    return {
        "article": article,
        "body_html": embeds.page_html(article.body, photos),
        "has_embeds": embeds.has_embeds(article.body),
        "dont_miss": dont_miss(article),
        "is_updated": updated_at is not None,
        "modified_at": updated_at or article.publish_at or article.created_at,
    }


def search_terms(text):
    """A reader's query as the search reads it: single spaces, at most MAX_QUERY_LENGTH; also the
    normaliser of `q` in the page cache's address, so two spellings share one cached page."""
    return " ".join(text.split())[:MAX_QUERY_LENGTH]


def sort_order(value):
    """The search's `?sort=` as the page cache keys it: "date", or "" for relevance."""
    return "date" if value == "date" else ""


class CacheKeysMixin:
    """Tags the response with the cache keys of what it shows (`newsroom.caching`): the page's
    own listing keys, every story listed, and the section names of the navigation."""

    def cache_keys(self, context):
        return []

    def render_to_response(self, context, **response_kwargs):
        if is_storing(self.request):
            add_keys(
                self.request,
                cache_keys.SECTIONS,
                *self.cache_keys(context),
                *self.story_keys(context.get("object_list") or ()),
            )
        return super().render_to_response(context, **response_kwargs)

    def story_keys(self, stories):
        """Listings show their stories as teasers."""
        return cache_keys.teasers(stories)


class HomeView(CacheKeysMixin, ListView):
    """The lead story and the latest articles; the lead is the first story of page one."""

    template_name = "articles/article_list.html"
    paginate_by = PAGE_SIZE
    paginator_class = UncountedPaginator

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
        return [cache_keys.article(self.object.pk), *cache_keys.teasers(context["dont_miss"])]


class SectionView(CacheKeysMixin, ListView):
    template_name = "articles/section_detail.html"
    paginate_by = PAGE_SIZE
    paginator_class = UncountedPaginator

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
    paginator_class = UncountedPaginator
    allow_empty = False

    def get_queryset(self):
        self.tag = get_object_or_404(Tag, slug=self.kwargs["slug"])
        return Article.objects.published().for_listing().tagged(self.tag)

    def get_context_data(self, **kwargs):
        return super().get_context_data(tag=self.tag, **kwargs)

    def cache_keys(self, context):
        return [cache_keys.tag(self.tag.pk)]


class ArchiveMixin(CacheKeysMixin):
    """Shared settings of the year and month archives (dates in TIME_ZONE, via USE_TZ).

    Every query puts the period's bounds before the published rule: SQLite walks an index from
    the first upper bound it is given, and `publish_at <= now` first would make it walk every
    story published since the period (the whole archive for an old year).
    """

    date_field = "publish_at"
    make_object_list = True
    paginate_by = PAGE_SIZE
    paginator_class = UncountedPaginator

    def in_period(self, **bounds):
        return Article.objects.filter(**bounds).published()

    def get_queryset(self):
        return Article.objects.published().for_listing()

    def get_dated_queryset(self, **bounds):
        articles = self.in_period(**bounds).for_listing()
        if not articles.exists():
            raise Http404(_("No stories were published in this period."))
        return articles

    def previous_start(self, since):
        """When the newest story before `since` was published, in local time; or None."""
        newest = self.in_period(publish_at__lt=since).order_by("-publish_at")
        when = newest.values_list("publish_at", flat=True).first()
        return timezone.localtime(when) if when else None


class YearArchive(ArchiveMixin, YearArchiveView):
    template_name = "articles/article_archive_year.html"

    def get_previous_year(self, date):
        when = self.previous_start(self._make_date_lookup_arg(date))
        return when and when.date().replace(month=1, day=1)

    def get_date_list(self, queryset, date_type=None, ordering="ASC"):
        """The months of the year with stories: one range lookup per month, in one query,
        rather than truncating the date of every story of the year (Django's way)."""
        year = int(self.get_year())
        starts = [self._make_date_lookup_arg(date(year, month, 1)) for month in range(1, 13)]
        starts.append(self._make_date_lookup_arg(date(year + 1, 1, 1)))
        months = {
            f"m{month}": Exists(
                self.in_period(publish_at__gte=starts[month - 1], publish_at__lt=starts[month])
            )
            for month in range(1, 13)
        }
        # One row of the year (if any) carries the twelve answers.
        row = next(iter(queryset.order_by().annotate(**months).values(*months)[:1]), {})
        return [date(year, month, 1) for month in range(1, 13) if row.get(f"m{month}")]

    def cache_keys(self, context):
        return [cache_keys.archive(int(self.get_year()))]


class MonthArchive(ArchiveMixin, MonthArchiveView):
    template_name = "articles/article_archive_month.html"
    month_format = "%m"

    def get_previous_month(self, date):
        when = self.previous_start(self._make_date_lookup_arg(date))
        return when and when.date().replace(day=1)

    def get_date_list(self, queryset, date_type=None, ordering="ASC"):
        # The page lists no days, and an empty month is already a 404 (`get_dated_queryset`);
        # Django would truncate the date of every story of the month to list them.
        return None

    def cache_keys(self, context):
        return [cache_keys.archive(int(self.get_year()), int(self.get_month()))]


class SearchView(CacheKeysMixin, ListView):
    """Published articles matching `?q=`, best first or, with `?sort=date`, newest first; a
    blank query shows the form and no results."""

    template_name = "articles/search.html"
    paginate_by = PAGE_SIZE

    def get_queryset(self):
        self.query = search_terms(self.request.GET.get("q", ""))
        self.by_date = sort_order(self.request.GET.get("sort", "")) == "date"
        self.window = search.window_of(self.query)
        results = Article.objects.published().for_listing().search(self.query, self.window)
        return results.order_by("-publish_at", "-pk") if self.by_date else results

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            query=self.query,
            by_date=self.by_date,
            beyond_window=self.window[1],
            window=number_format(search.WINDOW, force_grouping=True),  # 1,000 / 1.000
            **kwargs,
        )

    def cache_keys(self, context):
        if not self.query:
            return [cache_keys.SEARCH]
        if not context["object_list"]:
            do_not_store(self.request)
            return []
        if '"' in self.query:
            # Whether a phrase matches depends on the order of words, not only on which occur.
            return [cache_keys.SEARCH, cache_keys.SEARCH_PHRASES]
        terms = search.query_terms(self.query)
        return [cache_keys.SEARCH, *(cache_keys.search_term(term) for term in terms)]

    def story_keys(self, stories):
        """Results quote their story's body."""
        return cache_keys.articles(stories)


class PageView(DetailView):
    """A static page: About, Contact, Ethics policy…"""

    model = Page
    template_name = "articles/page_detail.html"


def public_corrections():
    """Corrections to published articles, newest first, with their article loaded."""
    return (
        Correction.objects.filter(article__in=Article.objects.published())
        .select_related("article")
        .order_by("-corrected_at", "-pk")
    )


class CorrectionListView(ListView):
    """Every correction to a published story, newest first, each linking its story."""

    template_name = "articles/correction_list.html"
    paginate_by = 50

    def get_queryset(self):
        return public_corrections()
