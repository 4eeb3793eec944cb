"""The "Don't Miss" box: the editor's picks first, then the stories sharing the most tags."""

from .models import Article, RelatedArticle

DONT_MISS_SIZE = 4


def dont_miss(article, size=DONT_MISS_SIZE):
    """Up to `size` published articles to read next, in two queries whatever the article.

    Editor's picks (in their order) come first; the rest are published articles sharing the
    most tags with `article`, newest first among equals.
    """
    picks = [
        link.related
        for link in RelatedArticle.objects.filter(
            article=article, related__in=Article.objects.published()
        ).select_related("related__cover_photo")[:size]
    ]
    missing = size - len(picks)
    if missing <= 0:
        return picks
    fill = (
        Article.objects.published()
        .sharing_tags_with(article)
        .exclude(pk__in=[pick.pk for pick in picks])
        .select_related("cover_photo")[:missing]
    )
    return picks + list(fill)
