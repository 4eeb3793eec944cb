"""The search index (articles/search.py): FTS5 on SQLite, tsvector + unaccent on PostgreSQL.

`SearchIndex` is an unmanaged model: the table is made here, differently on each database, and
filled from the articles that exist. PostgreSQL's former `search_document` column on the article
table (migration 0004) only held headline, dek and body markup; the index replaces it.
"""

import html
import re

import django.db.models.deletion
from django.contrib.postgres.operations import UnaccentExtension
from django.db import migrations, models

import articles.models

SQLITE_CREATE = [
    "CREATE VIRTUAL TABLE articles_searchindex USING fts5("
    "headline, dek, body, people, tags, section, "
    "tokenize = 'porter unicode61 remove_diacritics 2')"
]
POSTGRESQL_CREATE = [
    "CREATE TEXT SEARCH CONFIGURATION newsroom_search (COPY = pg_catalog.english)",
    "ALTER TEXT SEARCH CONFIGURATION newsroom_search "
    "ALTER MAPPING FOR hword, hword_part, word WITH unaccent, english_stem",
    """CREATE TABLE articles_searchindex (
        rowid bigint PRIMARY KEY,
        headline text NOT NULL DEFAULT '',
        dek text NOT NULL DEFAULT '',
        body text NOT NULL DEFAULT '',
        people text NOT NULL DEFAULT '',
        tags text NOT NULL DEFAULT '',
        section text NOT NULL DEFAULT '',
        articles_searchindex tsvector GENERATED ALWAYS AS (
            setweight(to_tsvector('newsroom_search'::regconfig, headline), 'A')
            || setweight(to_tsvector('newsroom_search'::regconfig, people), 'B')
            || setweight(to_tsvector('newsroom_search'::regconfig, tags), 'B')
            || setweight(to_tsvector('newsroom_search'::regconfig, dek), 'B')
            || setweight(to_tsvector('newsroom_search'::regconfig, section), 'C')
            || setweight(to_tsvector('newsroom_search'::regconfig, body), 'D')
        ) STORED
    )""",
    "CREATE INDEX articles_searchindex_document ON articles_searchindex "
    "USING gin (articles_searchindex)",
    "DROP INDEX IF EXISTS article_search_document",
    "ALTER TABLE articles_article DROP COLUMN IF EXISTS search_document",
]
DROP = {
    "sqlite": ["DROP TABLE IF EXISTS articles_searchindex"],
    "postgresql": [
        "DROP TABLE IF EXISTS articles_searchindex",
        "DROP TEXT SEARCH CONFIGURATION IF EXISTS newsroom_search",
        # Migration 0004's column, as that migration made it.
        """ALTER TABLE articles_article ADD COLUMN search_document tsvector GENERATED ALWAYS AS (
            setweight(to_tsvector('english'::regconfig, coalesce(headline, '')), 'A')
            || setweight(to_tsvector('english'::regconfig, coalesce(dek, '')), 'B')
            || setweight(to_tsvector('english'::regconfig, coalesce(body, '')), 'C')
        ) STORED""",
        "CREATE INDEX article_search_document ON articles_article USING gin (search_document)",
    ],
}
# A copy of articles.search.body_text as it was when this migration was written.
BLOCK_TAG = re.compile(
    r"</?(?:p|br|h[1-6]|li|ul|ol|blockquote|figure|figcaption|pre|hr|div)\b[^>]*>", re.I
)
TAG = re.compile(r"<[^>]*>")
INSERT = (
    "INSERT INTO articles_searchindex (rowid, headline, dek, body, people, tags, section) "
    "VALUES (%s, %s, %s, %s, %s, %s, %s)"
)


def body_text(markup):
    return " ".join(html.unescape(TAG.sub("", BLOCK_TAG.sub(" ", markup or ""))).split())


def names_by_article(cursor, sql):
    names = {}
    cursor.execute(sql)
    for article_id, name in cursor.fetchall():
        names.setdefault(article_id, []).append(name)
    return names


def create_and_fill(apps, schema_editor):
    vendor = schema_editor.connection.vendor
    if vendor not in ("sqlite", "postgresql"):
        return
    for statement in SQLITE_CREATE if vendor == "sqlite" else POSTGRESQL_CREATE:
        schema_editor.execute(statement)
    with schema_editor.connection.cursor() as cursor:
        people = names_by_article(
            cursor,
            "SELECT b.article_id, a.name FROM articles_byline b "
            "JOIN authors_author a ON a.id = b.author_id ORDER BY b.position, b.id",
        )
        # Migration 0010_i10a moves the articles' tags from taggit's generic links to
        # articles_articletag; this one may run before or after it.
        if "articles_articletag" in schema_editor.connection.introspection.table_names(cursor):
            tag_links = (
                "SELECT i.content_object_id, t.name FROM articles_articletag i "
                "JOIN taggit_tag t ON t.id = i.tag_id ORDER BY t.name"
            )
        else:
            tag_links = (
                "SELECT i.object_id, t.name FROM taggit_taggeditem i "
                "JOIN taggit_tag t ON t.id = i.tag_id "
                "JOIN django_content_type c ON c.id = i.content_type_id "
                "WHERE c.app_label = 'articles' AND c.model = 'article' ORDER BY t.name"
            )
        tags = names_by_article(cursor, tag_links)
        cursor.execute(
            "SELECT a.id, a.headline, a.dek, a.body, coalesce(s.name, '') "
            "FROM articles_article a LEFT JOIN articles_section s ON s.id = a.section_id"
        )
        rows = [
            (pk, headline, dek, body_text(body), " ".join(people.get(pk, [])),
             " ".join(tags.get(pk, [])), section)
            for pk, headline, dek, body, section in cursor.fetchall()
        ]
        cursor.executemany(INSERT, rows)


def drop(apps, schema_editor):
    for statement in DROP.get(schema_editor.connection.vendor, []):
        schema_editor.execute(statement)


class Migration(migrations.Migration):

    dependencies = [
        ('articles', '0011_i11_desk_indexes'),
        ('authors', '0002_author_photo_square'),
        ('taggit', '0006_rename_taggeditem_content_type_object_id_taggit_tagg_content_8fc721_idx'),
        ('contenttypes', '0002_remove_content_type_name'),
    ]

    operations = [
        UnaccentExtension(),
        migrations.CreateModel(
            name='SearchIndex',
            fields=[
                ('article', models.OneToOneField(db_column='rowid', db_constraint=False, on_delete=django.db.models.deletion.DO_NOTHING, primary_key=True, related_name='search_index', serialize=False, to='articles.article')),
                ('headline', models.TextField()),
                ('dek', models.TextField()),
                ('body', models.TextField()),
                ('people', models.TextField()),
                ('tags', models.TextField()),
                ('section', models.TextField()),
                ('document', articles.models.SearchDocumentField(db_column='articles_searchindex')),
            ],
            options={
                'db_table': 'articles_searchindex',
                'managed': False,
            },
        ),
        migrations.RunPython(create_and_fill, drop, elidable=False),
    ]
