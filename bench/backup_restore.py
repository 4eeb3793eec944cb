"""Time and peak memory of `manage.py backup` and `manage.py restore`, for the demo and for 100k.

    .venv/bin/python bench/backup_restore.py [--articles 100000] [--postgres URL]

For each data set (the demo newsroom from `load_demo`; `seed_articles --articles N`), on SQLite
and, with --postgres, on PostgreSQL: back up the install, then restore the archive into a new,
empty database and media folder. Each command runs in its own process; its wall time, CPU time
and peak resident set size (from wait4, so pg_dump and pg_restore, which it waits for, count
too) are printed with the archive's size. While the SQLite backup runs, a reader thread keeps
querying the database: the longest wait it saw shows whether the backup blocked readers.

SQLite databases and media live under bench/results/backup/ (kept between runs: seeding 100k
articles takes minutes). --postgres takes a URL naming a database; the script drops and creates
databases with that name plus "_demo", "_100000" and "_restore" suffixes.
"""

import argparse
import os
import sqlite3
import subprocess
import sys
import threading
import time
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

ROOT = Path(__file__).resolve().parent.parent
RESULTS = ROOT / "bench" / "results" / "backup"
PYTHON = sys.executable
# As on a server: DEBUG off (it keeps every SQL statement in memory).
PRODUCTION = {"DEBUG": "0", "SECRET_KEY": "bench-only-secret-key", "ALLOWED_HOSTS": "127.0.0.1"}


def manage(*args, env):
    """Run a manage.py command; return (wall s, CPU s, peak RSS MB), failing loudly."""
    started = time.perf_counter()
    process = subprocess.Popen(
        [PYTHON, "manage.py", *args],
        cwd=ROOT,
        env={**os.environ, **PRODUCTION, **env},
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )
    stderr = process.stderr.read()
    _, status, usage = os.wait4(process.pid, 0)
    process.returncode = os.waitstatus_to_exitcode(status)
    wall = time.perf_counter() - started
    if process.returncode != 0:
        raise SystemExit(f"manage.py {' '.join(args)} failed:\n{stderr.decode()[-3000:]}")
    return wall, usage.ru_utime + usage.ru_stime, usage.ru_maxrss / 1024


def sqlite_env(name):
    return {
        "DATABASE_URL": f"sqlite:///{RESULTS / name}.sqlite3",
        "MEDIA_ROOT": str(RESULTS / f"{name}-media"),
    }


def postgres_env(url, suffix=""):
    parts = urlsplit(url)
    return {
        "DATABASE_URL": urlunsplit(parts._replace(path=parts.path + suffix)),
        "MEDIA_ROOT": str(RESULTS / f"pg{suffix}-{parts.path.strip('/')}-media"),
    }


def psql(url, statement):
    parts = urlsplit(url)
    admin = urlunsplit(parts._replace(path="/postgres"))
    subprocess.run(["psql", "-q", admin, "-c", statement], check=True)


class Reader(threading.Thread):
    """Queries a SQLite database in a loop and records the longest wait for an answer."""

    def __init__(self, path):
        super().__init__(daemon=True)
        self.path, self.longest, self.queries, self.stop = path, 0.0, 0, threading.Event()

    def run(self):
        db = sqlite3.connect(self.path, timeout=60)
        while not self.stop.is_set():
            started = time.perf_counter()
            db.execute(
                "SELECT count(*) FROM articles_article WHERE status = 'published'"
            ).fetchone()
            self.longest = max(self.longest, time.perf_counter() - started)
            self.queries += 1
            time.sleep(0.02)
        db.close()


def measure(label, source, target, prepare_target, reader_path=None):
    archive = RESULTS / f"{label}.tar"
    archive.unlink(missing_ok=True)
    reader = Reader(reader_path) if reader_path else None
    if reader:
        reader.start()
    backup = manage("backup", str(archive), env=source)
    if reader:
        reader.stop.set()
        reader.join()
    prepare_target()
    restore = manage("restore", str(archive), env=target)
    size = archive.stat().st_size / 1e6
    line = f"{label}: archive {size:.1f} MB"
    for name, (wall, cpu, peak) in (("backup", backup), ("restore", restore)):
        line += f" | {name} {wall:.1f} s wall, {cpu:.1f} s CPU, peak {peak:.0f} MB"
    if reader:
        line += f" | reader: {reader.queries} queries, longest {reader.longest * 1000:.0f} ms"
    sys.stdout.write(line + "\n")
    sys.stdout.flush()


def fresh_sqlite(env):
    def prepare():
        Path(env["DATABASE_URL"].removeprefix("sqlite:///")).unlink(missing_ok=True)
        subprocess.run(["rm", "-rf", env["MEDIA_ROOT"]], check=True)

    return prepare


def fresh_postgres(url, env):
    def prepare():
        name = urlsplit(env["DATABASE_URL"]).path.strip("/")
        psql(url, f'DROP DATABASE IF EXISTS "{name}"')
        psql(url, f'CREATE DATABASE "{name}"')
        subprocess.run(["rm", "-rf", env["MEDIA_ROOT"]], check=True)

    return prepare


def seeded(env, articles, *, demo=False):
    """Migrate and fill the source once (kept between runs)."""
    manage("migrate", "--noinput", env=env)
    if demo:
        manage("load_demo", env=env)
    else:
        manage("seed_articles", "--articles", str(articles), env=env)


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--articles", type=int, default=100_000)
    parser.add_argument("--postgres", help="postgres:// URL of a database to use as the source")
    args = parser.parse_args()
    RESULTS.mkdir(parents=True, exist_ok=True)
    sys.stdout.write(f"{os.cpu_count()} CPUs\n")
    for label, demo in (("demo", True), (f"{args.articles}-articles", False)):
        source, target = sqlite_env(f"sqlite-{label}"), sqlite_env(f"sqlite-{label}-restored")
        seeded(source, args.articles, demo=demo)
        reader_path = source["DATABASE_URL"].removeprefix("sqlite:///")
        measure(f"SQLite {label}", source, target, fresh_sqlite(target), reader_path)
        if args.postgres:
            source = postgres_env(args.postgres, f"_{label.split('-')[0]}")
            target = postgres_env(args.postgres, f"_{label.split('-')[0]}_restore")
            fresh_postgres(args.postgres, source)()  # PostgreSQL sources are made anew each run
            seeded(source, args.articles, demo=demo)
            measure(f"PostgreSQL {label}", source, target, fresh_postgres(args.postgres, target))


if __name__ == "__main__":
    main()
