"""The "Don't Miss" box: the editor's picks first, then the stories sharing the most tags."""

from django.db.models import Count, OuterRef, Q, Subquery

from .models import Article, ArticleTag, RelatedArticle

DONT_MISS_SIZE = 4
# Stories sharing tags are looked for among each tag's newest published stories only, so the box
# costs the same with a thousand stories under a tag or a hundred thousand.
CANDIDATES_PER_TAG = 50


def dont_miss(article, size=DONT_MISS_SIZE):
    """Up to `size` published articles to read next, in two queries whatever the article.

    Editor's picks (in their order) come first; the rest are published articles sharing the
    most tags with `article` (among each tag's CANDIDATES_PER_TAG newest), newest first among
    equals. Reads `article.tag_list`, so the `for_listing()` prefetch saves a query.
    """
    positions = RelatedArticle.objects.filter(article=article, related=OuterRef("pk"))
    picks = list(
        Article.objects.published()
        .filter(pk__in=RelatedArticle.objects.filter(article=article).values("related_id"))
        .annotate(position=Subquery(positions.values("position")[:1]))
        .select_related("cover_photo")
        .order_by("position", "pk")[:size]
    )
    missing = size - len(picks)
    tag_ids = [tag.pk for tag in article.tag_list]
    if missing <= 0 or not tag_ids:
        return picks
    # One index range per tag (the links' copies of the published state, see PublishedCopy),
    # rather than an IN over every published article.
    candidates = Q()
    for tag_id in tag_ids:
        newest = (
            ArticleTag.objects.published()
            .filter(tag_id=tag_id)
            .order_by("-publish_at", "-content_object_id")
            .values("pk")[:CANDIDATES_PER_TAG]
        )
        candidates |= Q(pk__in=newest)
    fill = (
        Article.objects.published()
        .filter(tag_links__in=ArticleTag.objects.filter(candidates))
        .exclude(pk__in=[article.pk, *(pick.pk for pick in picks)])
        .annotate(shared_tags=Count("tag_links"))
        .select_related("cover_photo")
        .order_by("-shared_tags", "-publish_at", "-pk")[:missing]
    )
    return picks + list(fill)
