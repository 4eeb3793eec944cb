"""The database half of a backup: dump and load, streamed so memory stays flat at any size.

Two methods, chosen by the engine:

- **pg_dump** on PostgreSQL: the whole database (schema, data, migration history) in pg_dump's
  custom format, taken from a snapshot exported by our own read-only transaction, so the row
  counts recorded in the manifest describe exactly what was dumped. Restored with pg_restore
  in one transaction.
- **rows** elsewhere (SQLite): every table of every model, as JSON lines inside a gzip stream,
  read in one transaction (a consistent snapshot; readers are never blocked) and written with
  full precision (datetimes keep their microseconds, which `dumpdata` cuts to milliseconds).
  Loaded into an already migrated database with raw inserts (no `save()`, no signals, no
  `auto_now`), in one transaction.

A line of the rows format is either a table header `{"model": "app.model", "fields": [...]}` or
one row, a JSON list of the header's fields' values.
"""

import base64
import datetime
import gzip
import json
import os
import shutil
import subprocess
from decimal import Decimal
from pathlib import Path
from uuid import UUID

from django.apps import apps
from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.core.management.color import no_style
from django.db import connection, reset_queries, router, transaction
from django.db.backends.postgresql.client import DatabaseClient
from django.db.migrations.recorder import MigrationRecorder

ROWS_MEMBER = "database/rows.jsonl.gz"
PG_DUMP_MEMBER = "database/dump.pgcustom"
BATCH = 1000


class DumpError(Exception):
    """The database cannot be dumped or cannot take this dump; the message says why."""


def _microseconds(value):
    return value // datetime.timedelta(microseconds=1)


# Values JSON cannot carry as they are, by the field's internal type: (encode, decode).
CODECS = {
    "DateTimeField": (datetime.datetime.isoformat, datetime.datetime.fromisoformat),
    "DateField": (datetime.date.isoformat, datetime.date.fromisoformat),
    "TimeField": (datetime.time.isoformat, datetime.time.fromisoformat),
    "DurationField": (_microseconds, lambda value: datetime.timedelta(microseconds=value)),
    "DecimalField": (str, Decimal),
    "UUIDField": (str, UUID),
    "BinaryField": (lambda value: base64.b64encode(value).decode(), base64.b64decode),
}


def is_postgresql():
    return connection.vendor == "postgresql"


def dumped_models():
    """Every model with its own table in the default database, many-to-many tables included."""
    seen = set()
    for model in apps.get_models(include_auto_created=True):
        opts = model._meta
        if not opts.managed or opts.proxy or opts.db_table in seen:
            continue
        if not router.allow_migrate_model(connection.alias, model):
            continue
        seen.add(opts.db_table)
        yield model


def _fields(model):
    return [f for f in model._meta.concrete_fields if not getattr(f, "generated", False)]


def applied_migrations():
    """The applied migrations as sorted "app.name" strings: the schema a rows dump fits."""
    return sorted(
        f"{app}.{name}" for app, name in MigrationRecorder(connection).applied_migrations()
    )


def content_row_counts():
    """Rows per model, as {"app_label.model_name": count}."""
    return {model._meta.label_lower: model._base_manager.count() for model in dumped_models()}


# --- dumping ---------------------------------------------------------------------------------


def dump_rows(path):
    """Write every row to `path` (gzip JSON lines); return {model label: row count}."""
    counts = {}
    with gzip.open(path, "wt", encoding="utf-8", compresslevel=6) as out, transaction.atomic():
        if is_postgresql():
            with connection.cursor() as cursor:
                cursor.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY")
        for model in dumped_models():
            fields = _fields(model)
            encoders = [CODECS.get(f.get_internal_type(), (None, None))[0] for f in fields]
            out.write(
                json.dumps(
                    {"model": model._meta.label_lower, "fields": [f.attname for f in fields]}
                )
            )
            out.write("\n")
            count = 0
            rows = model._base_manager.order_by("pk").values_list(*[f.attname for f in fields])
            for row in rows.iterator(chunk_size=BATCH):
                values = [
                    value if encode is None or value is None else encode(value)
                    for encode, value in zip(encoders, row)
                ]
                out.write(json.dumps(values, ensure_ascii=False))
                out.write("\n")
                count += 1
            counts[model._meta.label_lower] = count
    return counts


def pg_command(program, *args):
    """(argv, env) to run a PostgreSQL client program against the default database."""
    settings_dict = connection.settings_dict
    _, env = DatabaseClient.settings_to_cmd_args_env(settings_dict, [])
    env = {**(env or {})}
    for variable, key in (("PGHOST", "HOST"), ("PGPORT", "PORT"), ("PGUSER", "USER")):
        if settings_dict.get(key):
            env[variable] = str(settings_dict[key])
    env["PGDATABASE"] = settings_dict["NAME"]
    connect_timeout = settings_dict.get("OPTIONS", {}).get("connect_timeout")
    if connect_timeout:
        env["PGCONNECT_TIMEOUT"] = str(connect_timeout)
    return [program, *args], env


def dump_postgresql(path):
    """pg_dump the database to `path` from a snapshot; return {model label: row count} in it."""
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY")
        cursor.execute("SELECT pg_export_snapshot()")
        (snapshot,) = cursor.fetchone()
        counts = content_row_counts()
        argv, env = pg_command(
            "pg_dump", "--format=custom", f"--snapshot={snapshot}", "--file", str(path)
        )
        _run(argv, env)
    return counts


def _run(argv, env, stdin=None):
    """Run a PostgreSQL client program, copying `stdin` (a binary stream) to it if given."""
    process = subprocess.Popen(
        argv,
        env={**os.environ, **env},
        stdin=subprocess.PIPE if stdin is not None else subprocess.DEVNULL,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )
    if stdin is not None:
        try:
            shutil.copyfileobj(stdin, process.stdin, 1024 * 1024)
        except BrokenPipeError:
            pass  # the program stopped reading: its exit status and message say why
        finally:
            process.stdin.close()
    errors = process.stderr.read().decode(errors="replace").strip()
    if process.wait() != 0:
        raise DumpError(f"{argv[0]} failed (exit {process.returncode}): {errors}")


# --- checking ----------------------------------------------------------------------------


def count_rows(stream):
    """Rows per model in a rows dump (a binary stream of the gzip member); raises on damage."""
    counts = {}
    current = None
    with gzip.open(stream, "rt", encoding="utf-8") as lines:
        for line in lines:
            item = json.loads(line)
            if isinstance(item, dict):
                current = item["model"]
                counts[current] = 0
            else:
                counts[current] += 1
    return counts


def has_content():
    """True when the database holds accounts or newsroom content (not what `migrate` makes)."""
    # The project's own apps sit at the top of BASE_DIR (installed packages sit deeper).
    base = Path(settings.BASE_DIR).resolve()
    models = [get_user_model()] + [
        model
        for model in dumped_models()
        if Path(apps.get_app_config(model._meta.app_label).path).resolve().parent == base
    ]
    tables = set(connection.introspection.table_names())
    return any(model._base_manager.exists() for model in models if model._meta.db_table in tables)


# --- loading -----------------------------------------------------------------------------


def load_rows(stream, migrations):
    """Replace every table's rows with those of a rows dump; all or nothing.

    `migrations` are those recorded with the dump: the schema must be the same, so rows fit.
    A database with no tables yet is migrated first.
    """
    if not applied_migrations():
        call_command("migrate", verbosity=0, interactive=False)
    if applied_migrations() != migrations:
        raise DumpError(
            "This archive was made by a version of the code whose migrations differ from this "
            "one's. Restore it with the same version of Newsroom it was made with, then upgrade."
        )
    by_label = {model._meta.label_lower: model for model in dumped_models()}
    tables = [model._meta.db_table for model in by_label.values()]
    with transaction.atomic():
        connection.ops.execute_sql_flush(
            connection.ops.sql_flush(no_style(), tables, allow_cascade=True)
        )
        model, fields, decoders, batch = None, [], [], []
        with gzip.open(stream, "rt", encoding="utf-8") as lines:
            for line in lines:
                item = json.loads(line)
                if isinstance(item, dict):
                    _insert(model, fields, batch)
                    model = by_label.get(item["model"])
                    if model is None:
                        raise DumpError(f"This code has no model {item['model']}.")
                    by_name = {f.attname: f for f in _fields(model)}
                    fields = [by_name[name] for name in item["fields"]]
                    decoders = [CODECS.get(f.get_internal_type(), (None, None))[1] for f in fields]
                    batch = []
                    continue
                batch.append(
                    model(
                        **{
                            field.attname: value
                            if decode is None or value is None
                            else decode(value)
                            for field, decode, value in zip(fields, decoders, item)
                        }
                    )
                )
                if len(batch) >= BATCH:
                    _insert(model, fields, batch)
                    batch = []
        _insert(model, fields, batch)
        connection.check_constraints(table_names=tables)
        reset = connection.ops.sequence_reset_sql(no_style(), list(by_label.values()))
        if reset:
            with connection.cursor() as cursor:
                for statement in reset:
                    cursor.execute(statement)


def _insert(model, fields, objs):
    """Insert `objs` as they are: raw, so `auto_now` and `pre_save` leave the values alone."""
    if not objs:
        return
    size = connection.ops.bulk_batch_size(fields, objs) or len(objs)
    for start in range(0, len(objs), size):
        model._base_manager._insert(
            objs[start : start + size], fields=fields, using=connection.alias, raw=True
        )
    # Under DEBUG every statement is kept with its values (up to 9,000): not these.
    reset_queries()


def load_postgresql(stream):
    """pg_restore a custom-format dump read from `stream`, dropping what it replaces."""
    argv, env = pg_command(
        "pg_restore",
        "--clean",
        "--if-exists",
        "--no-owner",
        "--no-privileges",
        "--single-transaction",
        "--exit-on-error",
        "--dbname",
        connection.settings_dict["NAME"],
    )
    connection.close()  # pg_restore drops tables: no session of ours may hold a lock on them
    _run(argv, env, stdin=stream)
