from django.shortcuts import get_object_or_404, redirect
from django.views.generic import DetailView, ListView, MonthArchiveView, YearArchiveView
from taggit.models import Tag

from . import embeds
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


class HomeView(ListView):
    """The lead story and the latest articles; the lead is the first story of page one."""

    template_name = "articles/article_list.html"
    paginate_by = PAGE_SIZE

    def get_queryset(self):
        return Article.objects.published().for_listing()


class ArticleDetailView(DetailView):
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


class SectionView(ListView):
    template_name = "articles/section_detail.html"
    paginate_by = PAGE_SIZE

    def get_queryset(self):
        self.section = get_object_or_404(Section, slug=self.kwargs["slug"])
        return Article.objects.published().in_section(self.section).for_listing()

    def get_context_data(self, **kwargs):
        return super().get_context_data(section=self.section, **kwargs)


class TagView(ListView):
    """A tag's published articles; a tag no published article carries is a 404."""

    template_name = "articles/tag_detail.html"
    paginate_by = PAGE_SIZE
    allow_empty = False

    def get_queryset(self):
        self.tag = get_object_or_404(Tag, slug=self.kwargs["slug"])
        return Article.objects.published().tagged(self.tag).for_listing()

    def get_context_data(self, **kwargs):
        return super().get_context_data(tag=self.tag, **kwargs)


class ArchiveMixin:
    """Shared settings of the year and month archives (dates in TIME_ZONE, via USE_TZ)."""

    date_field = "publish_at"
    make_object_list = True
    paginate_by = PAGE_SIZE

    def get_queryset(self):
        return Article.objects.published().for_listing()


class YearArchive(ArchiveMixin, YearArchiveView):
    template_name = "articles/article_archive_year.html"


class MonthArchive(ArchiveMixin, MonthArchiveView):
    template_name = "articles/article_archive_month.html"
    month_format = "%m"


class SearchView(ListView):
    """Published articles matching `?q=`, best first or, with `?sort=date`, newest first; a
    blank query shows the form and no results."""

    template_name = "articles/search.html"
    paginate_by = PAGE_SIZE

    def get_queryset(self):
        self.query = self.request.GET.get("q", "").strip()[:MAX_QUERY_LENGTH]
        self.by_date = self.request.GET.get("sort") == "date"
        results = Article.objects.published().for_listing().search(self.query)
        return results.order_by("-publish_at", "-pk") if self.by_date else results

    def get_context_data(self, **kwargs):
        return super().get_context_data(query=self.query, by_date=self.by_date, **kwargs)


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
