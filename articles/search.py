"""Full-text search over articles: FTS5 on SQLite, tsvector + unaccent on PostgreSQL.

Every article (whatever its status: public code reaches it through `published()` first) has one
row in the search index, `articles_searchindex` (`models.SearchIndex`, created by migration
0008): its headline, dek, body text without markup, byline names, tags and section.

- SQLite: an FTS5 table tokenised with `porter unicode61 remove_diacritics 2`, so "gonzalez"
  finds "González" and "bridges" finds "bridge"; ranked with bm25 and per-column weights.
- PostgreSQL: a table with a generated tsvector column in the `newsroom_search` configuration
  (English stemming and stop words, after `unaccent`), weighted A–D and GIN-indexed; queries
  go through `websearch_to_tsquery` and rank with `ts_rank`.

Only the WINDOW (1,000) newest stories matching a query are ranked, so that a common word costs
the same at any archive size; the page says when more match.

Both accept a search engine's syntax: every word is required, "quoted phrases", -exclusions and
`or`. The rows are written here, by `reindex()`, which the receivers at the end of this module
call whenever something an index row holds changes: an article's save or delete, a byline, a
tag added or removed, and the rename of an author, tag or section. Writes that bypass signals
(`QuerySet.update()`, `bulk_create()`) must call `reindex()` themselves, or
`manage.py rebuild_search_index` afterwards.
"""

import re
import threading
from contextlib import contextmanager

from django.db import connections, router, transaction
from django.db.backends.signals import connection_created
from django.db.models import F, FloatField, Func, Lookup, TextField, Value
from django.db.models.signals import post_delete, post_save, pre_save
from taggit.models import Tag

from authors.models import Author

from . import richtext
from .models import Article, ArticleTag, Byline, SearchDocumentField, SearchIndex, Section

TABLE = SearchIndex._meta.db_table
COLUMNS = ["headline", "dek", "body", "people", "tags", "section"]
# PostgreSQL text search configuration made by migration 0008: english after unaccent.
PG_CONFIG = "newsroom_search"
# bm25 weight of each column in COLUMNS order: a headline or a byline says most about a story.
FTS5_WEIGHTS = (10.0, 4.0, 1.0, 8.0, 6.0, 3.0)
# Snippets mark matches with private-use characters, escaped and turned into <mark> on display
# (templatetags/search_tags.py), so that text of the story can never become markup.
MARK_START, MARK_END = "\ue000", "\ue001"
SNIPPET_WORDS = 30
# Bound the work one query string can cause: words kept, and terms of an FTS5 query.
MAX_WORDS = 32
MAX_TERMS = 12
# Rows written per statement batch when reindexing many articles.
BATCH = 500
# A search ranks the WINDOW newest stories that match it (newest by id: the order stories were
# written in), so that a word found in every story costs the same in an archive of 100,000 as of
# 1,000. Rarer words, or more of them, reach further back.
WINDOW = 1000

# Stop words dropped from SQLite queries (PostgreSQL's english configuration drops its own): in
# English and Spanish, the site's two languages. "a" alone no longer matches every story.
STOP_WORDS = frozenset(
    """
    a about an and are as at be but by for from has have he her his i in is it its of on or
    our she that the their they this to was we were what when where which who will with you
    al como con de del el en es esta este la las lo los mas para pero por que se sin su sus
    un una uno unos unas y ya
    """.split()  # noqa: SIM905 - a list of words reads best as text
)
# A query term: an optional minus, then a "quoted phrase" (closing quote optional) or a word.
QUERY_TERM = re.compile(r'(-?)(?:"([^"]*)"?|([^\s"]+))')
WORD = re.compile(r"\w+")


class Match(Lookup):
    """`search_index__document__match=query`: the row matches the full-text query."""

    lookup_name = "match"

    def _sides(self, compiler, connection):
        lhs, lhs_params = self.process_lhs(compiler, connection)
        rhs, rhs_params = self.process_rhs(compiler, connection)
        return lhs, rhs, [*lhs_params, *rhs_params]

    def as_sqlite(self, compiler, connection):
        lhs, rhs, params = self._sides(compiler, connection)
        return f"{lhs} MATCH {rhs}", params

    def as_postgresql(self, compiler, connection):
        lhs, rhs, params = self._sides(compiler, connection)
        return f"{lhs} @@ websearch_to_tsquery('{PG_CONFIG}'::regconfig, {rhs})", params


SearchDocumentField.register_lookup(Match)


class WebSearchQuery(Func):
    function = "websearch_to_tsquery"
    template = f"%(function)s('{PG_CONFIG}'::regconfig, %(expressions)s)"
    output_field = TextField()


def clean_query(text):
    """The reader's query without NULs (PostgreSQL refuses them), extra spaces or words past
    MAX_WORDS."""
    return " ".join((text or "").replace("\x00", " ").split()[:MAX_WORDS])


def fts5_query(text):
    """`text` as an FTS5 query, in the spirit of PostgreSQL's websearch_to_tsquery.

    Words are required and quoted (so FTS5 syntax in them is plain text), stop words are
    dropped outside phrases, "phrases" stay phrases, -term excludes and `or` separates
    alternatives. Returns "" when nothing searchable is left.
    """
    alternatives, excluded, terms = [[]], [], 0
    for minus, phrase, word in QUERY_TERM.findall(text):
        if not minus and not phrase and word.lower() == "or":
            if alternatives[-1]:
                alternatives.append([])
            continue
        words = WORD.findall(phrase or word)
        if not phrase:
            words = [w for w in words if w.lower() not in STOP_WORDS]
        if not words or terms >= MAX_TERMS:
            continue
        terms += 1
        term = '"' + " ".join(words) + '"'
        (excluded if minus else alternatives[-1]).append(term)
    required = " OR ".join(f"({' AND '.join(group)})" for group in alternatives if group)
    if not required:
        return ""
    return " NOT ".join([f"({required})", *excluded])


def search(queryset, query, window=None):
    """`queryset` narrowed to articles matching `query`, best first (see module docstring).

    Only the WINDOW newest matching stories are ranked (`window`, read here unless given).
    Each article is annotated with `search_rank` (higher is better) and `search_snippet`: a
    passage of the body with the matches between MARK_START and MARK_END.
    """
    term = match_term(query, connections[queryset.db].vendor)
    if not term:
        return queryset.none()
    start, _ = window or window_of(query)
    matching = queryset.filter(search_index__document__match=term)
    if start:
        # On both tables, so that sorting by date also reads only the window's range.
        matching = matching.filter(pk__gte=start, search_index__pk__gte=start)
    document = F("search_index__document")
    if connections[queryset.db].vendor == "postgresql":
        tsquery = WebSearchQuery(Value(term))
        rank = Func(document, tsquery, function="ts_rank", output_field=FloatField())
        options = f"StartSel={MARK_START}, StopSel={MARK_END}, MaxWords={SNIPPET_WORDS}, "
        options += "MinWords=12, MaxFragments=2"
        snippet = Func(
            F("search_index__body"),
            tsquery,
            Value(options),
            function="ts_headline",
            template=f"%(function)s('{PG_CONFIG}'::regconfig, %(expressions)s)",
            output_field=TextField(),
        )
    else:
        weights = ", ".join(str(weight) for weight in FTS5_WEIGHTS)
        # bm25 is lower for better matches; negated, higher is better on both databases.
        rank = Func(
            document, template=f"-bm25(%(expressions)s, {weights})", output_field=FloatField()
        )
        snippet = Func(
            document,
            Value(COLUMNS.index("body")),
            Value(MARK_START),
            Value(MARK_END),
            Value("…"),
            Value(SNIPPET_WORDS),
            function="snippet",
            output_field=TextField(),
        )
    return matching.annotate(search_rank=rank, search_snippet=snippet).order_by(
        "-search_rank", "-publish_at", "-pk"
    )


def match_term(query, vendor):
    """The reader's query as the database matches it ("" when nothing searchable is left)."""
    query = clean_query(query)
    return query if vendor == "postgresql" else fts5_query(query)


def window_of(query):
    """(the id of the WINDOW-th newest story, of any status, matching `query`, or 0 when fewer
    match; whether more than WINDOW match). One query reading ids newest first, which stops
    there; `search` then filters on the id as a constant, so that PostgreSQL plans a range of
    the index rather than a scan of every match."""
    term = match_term(query, connections[SearchIndex.objects.db].vendor)
    if not term:
        return 0, False
    newest = SearchIndex.objects.filter(document__match=term).order_by("-pk")
    ids = list(newest.values_list("pk", flat=True)[WINDOW - 1 : WINDOW + 1])
    return (ids[0] if ids else 0), len(ids) > 1


# Which searches an edit can change: a search page is keyed by the terms of its query, and a live
# edit purges the terms whose place or count in the story's row changed (articles/signals.py).
# On SQLite, text is turned into index terms by writing it to a scratch FTS5 table, tokenised as
# the index is, in each connection's temp schema, and reading its vocabulary back.
TOKENIZE = "porter unicode61 remove_diacritics 2"  # as migration 0012 made the index
SCRATCH_CREATE = [
    f"CREATE VIRTUAL TABLE IF NOT EXISTS temp.search_scratch USING fts5("
    f"{', '.join(COLUMNS)}, tokenize = '{TOKENIZE}')",
    "CREATE VIRTUAL TABLE IF NOT EXISTS temp.search_scratch_terms "
    "USING fts5vocab(temp, search_scratch, col)",
]


def _sqlite_terms(cursor, texts):
    """{term: ((column, count), …)} of `texts` (in COLUMNS order) as FTS5 indexes them."""
    # One row, replaced each time: the vocabulary is that of `texts` alone.
    columns, values = ", ".join(COLUMNS), ", ".join(["%s"] * len(COLUMNS))
    cursor.execute(
        f"INSERT OR REPLACE INTO temp.search_scratch (rowid, {columns}) VALUES (1, {values})",
        texts,
    )
    cursor.execute("SELECT term, col, cnt FROM temp.search_scratch_terms ORDER BY term, col")
    terms = {}
    for term, column, count in cursor.fetchall():
        terms[term] = (*terms.get(term, ()), (column, count))
    return terms


def indexed_terms(article_id):
    """The story's index row as searches see it: (its texts, {term: where and how often it
    occurs}), or None when it has no row. Two terms with the same places rank the same."""
    using = router.db_for_write(Article)
    with connections[using].cursor() as cursor:
        if connections[using].vendor == "postgresql":
            cursor.execute(
                # A lexeme's weights, one letter per occurrence: its columns and its counts.
                f"SELECT {', '.join(COLUMNS)}, (SELECT array_agg(ARRAY[lexeme, "
                f"array_to_string(weights, '')]) FROM unnest(s.{TABLE})) "
                f"FROM {TABLE} s WHERE rowid = %s",
                [article_id],
            )
            row = cursor.fetchone()
            if row is None:
                return None
            *texts, terms = row
            return tuple(texts), dict(terms or ())
        cursor.execute(f"SELECT {', '.join(COLUMNS)} FROM {TABLE} WHERE rowid = %s", [article_id])
        row = cursor.fetchone()
        return None if row is None else (tuple(row), _sqlite_terms(cursor, row))


def changed_terms(before, after):
    """The terms whose searches an edit from index row `before` to `after` can change, and
    whether phrase searches can change (any change to the text); see `indexed_terms`."""
    if before == after:
        return set(), False
    (_, was), (_, now) = before or ((), {}), after or ((), {})
    return {term for term in was.keys() | now.keys() if was.get(term) != now.get(term)}, True


def query_terms(query):
    """The index terms of the words in `query`: an edit changing none of them cannot change
    what the search finds (phrases aside)."""
    query = clean_query(query)
    using = router.db_for_write(Article)
    with connections[using].cursor() as cursor:
        if connections[using].vendor == "postgresql":
            cursor.execute(
                f"SELECT tsvector_to_array(to_tsvector('{PG_CONFIG}'::regconfig, %s))", [query]
            )
            return set(cursor.fetchone()[0])
        return set(_sqlite_terms(cursor, [query] + [""] * (len(COLUMNS) - 1)))


def index_row(article):
    """The index row of `article`, loaded with `for_listing()`, in (rowid, *COLUMNS) order."""
    return (
        article.pk,
        article.headline,
        article.dek,
        richtext.text_of(article.body),
        " ".join(author.name for author in article.byline_authors),
        " ".join(tag.name for tag in article.tag_list),
        article.section.name if article.section else "",
    )


_deferred = threading.local()


@contextmanager
def indexing_deferred():
    """Index the articles changed inside the block once, when it ends, instead of on every save
    of an article, its bylines and its tags (for bulk writers such as the WordPress importer).
    Nothing is indexed when the block raises: its transaction is being rolled back."""
    if getattr(_deferred, "ids", None) is not None:
        yield
        return
    _deferred.ids = set()
    try:
        yield
        ids = _deferred.ids
    finally:
        _deferred.ids = None
    reindex(ids)


def reindex(article_ids):
    """Rewrite the index rows of these articles; ids of deleted articles lose their row."""
    pending = getattr(_deferred, "ids", None)
    if pending is not None:
        pending.update(article_ids)
        return
    ids = sorted(set(article_ids))
    using = router.db_for_write(Article)
    insert = (
        f"INSERT INTO {TABLE} (rowid, {', '.join(COLUMNS)}) "
        f"VALUES ({', '.join(['%s'] * (len(COLUMNS) + 1))})"
    )
    with transaction.atomic(using=using), connections[using].cursor() as cursor:
        for start in range(0, len(ids), BATCH):
            chunk = ids[start : start + BATCH]
            rows = [
                index_row(a)
                for a in Article.objects.using(using).filter(pk__in=chunk).for_listing()
            ]
            cursor.execute(
                f"DELETE FROM {TABLE} WHERE rowid IN ({', '.join(['%s'] * len(chunk))})", chunk
            )
            cursor.executemany(insert, rows)


def rebuild():
    """Empty the index and index every article again; returns how many were indexed."""
    using = router.db_for_write(Article)
    ids = list(Article.objects.using(using).values_list("pk", flat=True))
    with transaction.atomic(using=using):
        with connections[using].cursor() as cursor:
            cursor.execute(f"DELETE FROM {TABLE}")
        reindex(ids)
    return len(ids)


# Keeping the index right. Signals, because author, tag and section renames happen in other apps'
# admin pages (and `authors` must not import `articles`), and taggit adds and removes tags itself.


def _article_saved(sender, instance, raw=False, **kwargs):
    if not raw:
        reindex([instance.pk])


def _article_deleted(sender, instance, **kwargs):
    reindex([instance.pk])


def _byline_changed(sender, instance, raw=False, **kwargs):
    if not raw:
        reindex([instance.article_id])


def _tag_link_changed(sender, instance, raw=False, **kwargs):
    if not raw:
        reindex([instance.content_object_id])


# For each model whose name an index row copies: how to find the articles that copy it.
NAMED = {
    Author: lambda author: Byline.objects.filter(author=author).values_list("article_id"),
    Tag: lambda tag: ArticleTag.objects.filter(tag=tag).values_list("content_object_id"),
    Section: lambda section: Article.objects.filter(section=section).values_list("pk"),
}


def _remember_old_name(sender, instance, raw=False, **kwargs):
    instance._indexed_name = (
        None
        if raw or instance.pk is None
        else sender.objects.filter(pk=instance.pk).values_list("name", flat=True).first()
    )


def _name_saved(sender, instance, created, raw=False, **kwargs):
    old_name = getattr(instance, "_indexed_name", None)
    if not raw and not created and old_name is not None and old_name != instance.name:
        reindex(pk for (pk,) in NAMED[sender](instance))


def _make_scratch_table(sender, connection, **kwargs):
    if connection.vendor == "sqlite":
        with connection.cursor() as cursor:
            for statement in SCRATCH_CREATE:
                cursor.execute(statement)


def connect():
    connection_created.connect(_make_scratch_table, dispatch_uid="search-scratch")
    post_save.connect(_article_saved, sender=Article, dispatch_uid="search-article")
    post_delete.connect(_article_deleted, sender=Article, dispatch_uid="search-article-d")
    for signal, name in [(post_save, "save"), (post_delete, "delete")]:
        signal.connect(_byline_changed, sender=Byline, dispatch_uid=f"search-byline-{name}")
        signal.connect(_tag_link_changed, sender=ArticleTag, dispatch_uid=f"search-tag-{name}")
    for model in NAMED:
        uid = f"search-name-{model.__name__}"
        pre_save.connect(_remember_old_name, sender=model, dispatch_uid=f"{uid}-pre")
        post_save.connect(_name_saved, sender=model, dispatch_uid=uid)
