"""The "Don't Miss" box: the editor's picks first, then the stories sharing the most tags."""

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
    `PublishedCopy`) rather than an IN over every published article; the database counts the
    shared tags and returns only the best 2 × `size` (enough whatever the picks take). Written in
    SQL because the ORM cannot put LIMIT inside a UNION on SQLite; the picks ride along, a query
    saved.
    """
    quote = connection.ops.quote_name
    newest = (
        "SELECT * FROM (SELECT content_object_id, publish_at"
        f" FROM {quote(ArticleTag._meta.db_table)}"
        " WHERE tag_id = %s AND status = %s AND publish_at <= %s AND content_object_id <> %s"
        " ORDER BY publish_at DESC, content_object_id DESC LIMIT %s) AS newest"
    )
    # Rows: (article id, tags shared, newest publication, pick position, pick id); PostgreSQL
    # needs the NULLs typed to unite the two kinds of row.
    sharing = (
        "SELECT * FROM (SELECT content_object_id, COUNT(*) AS shared, MAX(publish_at) AS newest,"
        " CAST(NULL AS INTEGER) AS position, CAST(NULL AS BIGINT) AS id FROM ({}) AS candidates"
        " GROUP BY content_object_id ORDER BY shared DESC, newest DESC, content_object_id DESC"
        " LIMIT %s) AS ranked"
    )
    picks = (
        "SELECT * FROM (SELECT related_id, CAST(NULL AS BIGINT) AS shared,"
        " CAST(NULL AS TIMESTAMP) AS newest, position, id"
        f" FROM {quote(RelatedArticle._meta.db_table)}"
        " WHERE article_id = %s ORDER BY position, id LIMIT %s) AS picks"
    )
    tag_ids = [tag.pk for tag in article.tag_list]
    now = connection.ops.adapt_datetimefield_value(timezone.now())
    sql, params = picks, [article.pk, size]
    if tag_ids:
        sql = sharing.format(" UNION ALL ".join([newest] * len(tag_ids))) + " UNION ALL " + sql
        candidates = []
        for tag_id in tag_ids:
            candidates += [tag_id, Article.Status.PUBLISHED, now, article.pk, CANDIDATES_PER_TAG]
        params = [*candidates, 2 * size, *params]
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        rows = cursor.fetchall()
    picked = sorted((position, link, pk) for pk, _, _, position, link in rows if link is not None)
    # The database's order does not survive the UNION: most shared, then newest, then highest id.
    ranked = sorted((shared, when, pk) for pk, shared, when, _, link in rows if link is None)
    return [pk for _, _, pk in picked], [pk for _, _, pk in reversed(ranked)]
