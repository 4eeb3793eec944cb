from django.shortcuts import get_object_or_404
from django.views.generic import ListView

from newsroom.caching import add_keys
from newsroom.caching import keys as cache_keys
from newsroom.pagination import UncountedPaginator

from .models import Author


class AuthorDetailView(ListView):
    """An author's bio, photo and links above their published articles, 20 a page."""

    template_name = "authors/author_detail.html"
    paginate_by = 20
    paginator_class = UncountedPaginator

    def get_queryset(self):
        self.author = get_object_or_404(Author, is_active=True, slug=self.kwargs["slug"])
        # `by_author` pages through the author's bylines index; `author.articles` would join
        # the bylines a second time.
        articles = self.author.articles.model.objects
        return articles.published().for_listing().by_author(self.author)

    def get_context_data(self, **kwargs):
        return super().get_context_data(author=self.author, **kwargs)

    def render_to_response(self, context, **response_kwargs):
        add_keys(
            self.request,
            cache_keys.SECTIONS,
            cache_keys.author(self.author.pk),
            *cache_keys.teasers(context["object_list"]),
        )
        return super().render_to_response(context, **response_kwargs)
