from django.shortcuts import get_object_or_404, redirect
from django.views.generic import DetailView, ListView

from .models import Article, Section, SlugRedirect


class HomeView(ListView):
    template_name = "articles/article_list.html"
    paginate_by = 20

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


class SectionView(ListView):
    template_name = "articles/section_detail.html"
    paginate_by = 20

    def get_queryset(self):
        self.section = get_object_or_404(Section, slug=self.kwargs["slug"])
        return Article.objects.published().in_section(self.section).for_listing()

    def get_context_data(self, **kwargs):
        return super().get_context_data(section=self.section, **kwargs)
