"""Full-text search on PostgreSQL: a stored, weighted tsvector column and its GIN index.

PostgreSQL keeps `search_document` up to date itself (a generated column), so ranking reads a
stored vector instead of re-parsing every matching body. The column is deliberately not a model
field: SQLite has no full-text type, and there this migration does nothing (search falls back to
`icontains`). `articles.querysets.SearchDocument` reads the column.
"""

from django.db import migrations

ADD_COLUMN = """
ALTER TABLE articles_article ADD COLUMN search_document tsvector GENERATED ALWAYS AS (
    setweight(to_tsvector('english'::regconfig, coalesce(headline, '')), 'A')
    || setweight(to_tsvector('english'::regconfig, coalesce(dek, '')), 'B')
    || setweight(to_tsvector('english'::regconfig, coalesce(body, '')), 'C')
) STORED
"""
ADD_INDEX = "CREATE INDEX article_search_document ON articles_article USING gin (search_document)"
REMOVE = [
    "DROP INDEX IF EXISTS article_search_document",
    "ALTER TABLE articles_article DROP COLUMN IF EXISTS search_document",
]


def add_search_document(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(ADD_COLUMN)
        schema_editor.execute(ADD_INDEX)


def remove_search_document(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        for statement in REMOVE:
            schema_editor.execute(statement)


class Migration(migrations.Migration):
    dependencies = [("articles", "0003_editorial_roles")]

    operations = [
        migrations.RunPython(add_search_document, remove_search_document, elidable=False)
    ]
