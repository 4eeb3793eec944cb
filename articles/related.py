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
    """Up to `size` published articles to read next, in two queries whatever the article.

    Editor's picks (in their order) come first; the rest are published articles sharing the
    most tags with `article` (among each tag's CANDIDATES_PER_TAG newest), newest first among
    equals. Reads `article.tag_list`, so the `for_listing()` prefetch saves a query.
    """
    pick_ids, ranked = picks_and_ranking(article, size)
    wanted = pick_ids + [pk for pk in ranked if pk not in pick_ids][:size]
    stories = Article.objects.published().filter(pk__in=wanted).select_related("cover_photo")
    found = {story.pk: story for story in stories.only(*BOX_FIELDS)}
    return [found[pk] for pk in wanted if pk in found][:size]


def picks_and_ranking(article, size):
    """(ids of the editor's picks in their order, ids of published articles sharing tags with
    `article`, most shared first, then newest), in one query.

    For each tag, one range of the tag links' index (their copies of the published state, see
    `PublishedCopy`) rather than an IN over every published article. Written in SQL because the
    ORM cannot put LIMIT inside a UNION on SQLite; the picks ride along, a query saved.
    """
    quote = connection.ops.quote_name
    # Rows: (article id, publication time, pick position, pick id); PostgreSQL needs the
    # NULLs typed to unite the two kinds of row.
    newest = (
        "SELECT * FROM (SELECT content_object_id, publish_at,"
        " CAST(NULL AS INTEGER) AS position, CAST(NULL AS BIGINT) AS id"
        f" FROM {quote(ArticleTag._meta.db_table)}"
        " WHERE tag_id = %s AND status = %s AND publish_at <= %s AND content_object_id <> %s"
        " ORDER BY publish_at DESC, content_object_id DESC LIMIT %s) AS newest"
    )
    picks = (
        "SELECT * FROM (SELECT related_id, CAST(NULL AS TIMESTAMP) AS publish_at, position, id"
        f" FROM {quote(RelatedArticle._meta.db_table)}"
        " WHERE article_id = %s ORDER BY position, id LIMIT %s) AS picks"
    )
    tag_ids = [tag.pk for tag in article.tag_list]
    now = connection.ops.adapt_datetimefield_value(timezone.now())
    params = []
    for tag_id in tag_ids:
        params += [tag_id, Article.Status.PUBLISHED, now, article.pk, CANDIDATES_PER_TAG]
    with connection.cursor() as cursor:
        cursor.execute(
            " UNION ALL ".join([newest] * len(tag_ids) + [picks]), [*params, article.pk, size]
        )
        rows = cursor.fetchall()
    pick_rows = sorted((position, link, pk) for pk, _, position, link in rows if link is not None)
    shared = Counter(pk for pk, _, _, link in rows if link is None)
    published_at = {pk: when for pk, when, _, link in rows if link is None}
    ranked = sorted(shared, key=lambda pk: (shared[pk], published_at[pk], pk), reverse=True)
    return [pk for _, _, pk in pick_rows], ranked
