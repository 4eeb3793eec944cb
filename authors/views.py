from django.views.generic import DetailView

from .models import Author


class AuthorDetailView(DetailView):
    queryset = Author.objects.filter(is_active=True)

    def get_context_data(self, **kwargs):
        articles = self.object.articles.published().for_listing()[:20]
        return super().get_context_data(articles=articles, **kwargs)
