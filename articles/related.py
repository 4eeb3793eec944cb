"""The "Don't Miss" box: the editor's picks first, then the stories sharing the most tags."""

from collections import Counter

from django.db import connection
from django.utils import timezone

from .models import Article, ArticleTag, RelatedArticle

DONT_MISS_SIZE = 4
# Stories sharing tags are looked for among each tag's newest published stories only, so the box
# costs the same with a thousand stories under a tag or a hundred thousand.
CANDIDATES_PER_TAG = 50
# Fields the box shows; the rest of each row (the body above all) is not read.
BOX_FIELDS = ["headline", "slug", "publish_at", "created_at", "cover_photo"]


def dont_miss(article, size=DONT_MISS_SIZE):
    """Up to `size` published articles to read next, in three small queries whatever the article.

    Editor's picks (in their order) come first; the rest are published articles sharing the
    most tags with `article` (among each tag's CANDIDATES_PER_TAG newest), newest first among
    equals. Reads `article.tag_list`, so the `for_listing()` prefetch saves a query.
    """
    pick_ids = list(
        RelatedArticle.objects.filter(article=article).values_list("related_id", flat=True)[:size]
    )
    ranked = [pk for pk in shared_tag_ranking(article) if pk not in pick_ids]
    wanted = pick_ids + ranked[:size]
    stories = Article.objects.published().filter(pk__in=wanted).select_related("cover_photo")
    found = {story.pk: story for story in stories.only(*BOX_FIELDS)}
    return [found[pk] for pk in wanted if pk in found][:size]


def shared_tag_ranking(article):
    """Ids of published articles sharing tags with `article`, most shared first, then newest.

    One query: for each tag, one range of the tag links' index (their copies of the published
    state, see `PublishedCopy`), rather than an IN over every published article. Written in
    SQL because the ORM cannot put LIMIT inside a UNION on SQLite.
    """
    tag_ids = [tag.pk for tag in article.tag_list]
    if not tag_ids:
        return []
    table = connection.ops.quote_name(ArticleTag._meta.db_table)
    newest = (
        f"SELECT * FROM (SELECT content_object_id, publish_at FROM {table}"
        " WHERE tag_id = %s AND status = %s AND publish_at <= %s AND content_object_id <> %s"
        " ORDER BY publish_at DESC, content_object_id DESC LIMIT %s) AS newest"
    )
    now = connection.ops.adapt_datetimefield_value(timezone.now())
    with connection.cursor() as cursor:
        cursor.execute(
            " UNION ALL ".join([newest] * len(tag_ids)),
            [
                value
                for tag_id in tag_ids
                for value in (tag_id, Article.Status.PUBLISHED, now, article.pk, CANDIDATES_PER_TAG)
            ],
        )
        rows = cursor.fetchall()
    shared = Counter(pk for pk, _ in rows)
    published_at = dict(rows)
    return sorted(shared, key=lambda pk: (shared[pk], published_at[pk], pk), reverse=True)
