"""Benchmark the public pages uncached at 1k and 100k articles: server CPU, queries, query plans.

For every page, feed and sitemap: the server's CPU time per request (p50 and p99, from the
`Server-Timing` header of bench/wsgi.py, so the load other programs put on the machine hardly
moves it), its SQL queries, and the ratio of its cost at the largest size to the smallest,
measured in the same run, the sizes taking turns page by page in every round. Then the CPU
figures at 2,000 articles against issue 10's targets, and the query plans of the slowest queries.

Usage: python bench/run.py [--articles 1000,100000] [--cpu-at 2000] [--rounds 5] [--requests 4]

SQLite by default: one database per size under bench/results/ (kept between runs, topped up by
seed_articles). With DATABASE_URL set to a PostgreSQL database, one database per size beside it
(`<name>_bench_<size>`), created when missing. Each size is served by its own gunicorn (one
worker, page cache off but its shared navigation and footer fragments on, as on a page-cache
miss; DEBUG off) on 127.0.0.1. On PostgreSQL the database's CPU is spent in
its own processes, so the wall time the server saw is printed too.
"""

import argparse
import http.client
import json
import os
import secrets
import socket
import statistics
import subprocess
import sys
import time
from pathlib import Path

import dj_database_url

ROOT = Path(__file__).resolve().parent.parent
RESULTS = ROOT / "bench" / "results"
PYTHON = sys.executable
FIRST_PORT = 8110
# Fewer authors and tags than seed_articles' defaults, so that at 1,000 articles every tag and
# author holds a full page and a full feed, and pages compare like with like across sizes.
SEED_OPTIONS = ["--authors", "15", "--tags", "30"]
# Pages whose size grows with the archive (a sitemap page holds up to 5,000 URLs, the news
# sitemap the last two days): their ratio is per item shown.
PER_ITEM = {"sitemap page", "news sitemap"}
# Issue 10, part 2: server CPU per uncached request at 2,000 articles.
CPU_TARGETS = {"article": 8, "home": 20, "section": 20, "tag": 20, "rss feed": 40}

PAGES_SCRIPT = r"""
import json, re, sys, django
django.setup()
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from articles.models import Article

published = Article.objects.published().for_listing()
article = published[min(100, published.count() - 1)]
tag = article.tag_list[0]
author = article.byline_authors[0]
last_year = timezone.localdate().year - 1
paths = {
    "home": "/",
    "home page 5": "/?page=5",
    "article": article.get_absolute_url(),
    "section": article.section.get_absolute_url(),
    "tag": f"/tags/{tag.slug}/",
    "author": author.get_absolute_url(),
    "year archive": f"/{last_year}/",
    "month archive": f"/{last_year}/06/",
    "search (13)": "/search/?q=council",
    "rss feed": "/feed/",
    "json feed": "/feed.json",
    "tag feed": f"/tags/{tag.slug}/feed/",
    "author feed": f"{author.get_absolute_url()}feed/",
    "sitemap index": "/sitemap.xml",
    "sitemap page": "/sitemap-articles.xml",
    "sitemap tags": "/sitemap-tags.xml",
    "news sitemap": "/news-sitemap.xml",
}
explain = "EXPLAIN QUERY PLAN " if connection.vendor == "sqlite" else "EXPLAIN "
client = Client()
result = {}
for name, path in paths.items():
    client.get(path, HTTP_HOST="127.0.0.1")  # warm up templates and connections
    with CaptureQueriesContext(connection) as queries:
        response = client.get(path, HTTP_HOST="127.0.0.1")
    body = response.content.decode()
    items = len(re.findall(r"<url>|<item>|<entry>|class=\"teaser|class=\"lead-story\"", body))
    if path.endswith(".json"):
        items = len(json.loads(body)["items"])
    slowest = sorted(queries.captured_queries, key=lambda q: -float(q["time"]))[:2]
    plans = []
    for query in slowest:
        with connection.cursor() as cursor:
            cursor.execute(explain + query["sql"])
            plan = [" ".join(str(part) for part in row[-1:]) for row in cursor.fetchall()]
        plans.append({"ms": float(query["time"]) * 1000, "sql": query["sql"], "plan": plan})
    result[name] = {
        "path": path, "status": response.status_code, "queries": len(queries),
        "items": items, "slowest": plans,
    }
print(json.dumps(result))
"""


def environment(database_url):
    return os.environ | {
        "DEBUG": "0",
        "SECRET_KEY": secrets.token_urlsafe(40),
        "ALLOWED_HOSTS": "127.0.0.1",
        "SECURE_SSL_REDIRECT": "0",
        "DATABASE_URL": database_url,
        "DJANGO_SETTINGS_MODULE": "newsroom.settings",
        "PAGE_CACHE_SECONDS": "0",
        "LOG_LEVEL": "ERROR",
    }


def database_url(size):
    """A database of its own for `size` articles: a SQLite file, or a PostgreSQL database
    beside the one DATABASE_URL names (created when missing)."""
    base = os.environ.get("DATABASE_URL", "")
    if not base.startswith(("postgres://", "postgresql://")):
        RESULTS.mkdir(parents=True, exist_ok=True)
        return f"sqlite:///{RESULTS / f'bench-{size}.sqlite3'}"
    import psycopg  # only needed on PostgreSQL
    from psycopg import sql

    config = dj_database_url.parse(base)
    name = f"{config['NAME']}_bench_{size}"
    params = {
        "host": config["HOST"] or "127.0.0.1",
        "port": config["PORT"] or 5432,
        "user": config["USER"] or "postgres",
        "password": config["PASSWORD"] or None,
    }
    with psycopg.connect(dbname="postgres", autocommit=True, **params) as connection:
        exists = connection.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name])
        if not exists.fetchone():
            connection.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))
    return base.rsplit("/", 1)[0] + "/" + name


def manage(env, *args):
    # Progress goes to stderr: stdout holds only the figures.
    subprocess.run([PYTHON, "manage.py", *args], cwd=ROOT, env=env, check=True, stdout=sys.stderr)


def prepare(size):
    env = environment(database_url(size))
    manage(env, "migrate", "--noinput", "-v0")
    started = time.perf_counter()
    manage(env, "seed_articles", "--articles", str(size), *SEED_OPTIONS)
    print(f"seeded {size:,} articles in {time.perf_counter() - started:.0f} s", file=sys.stderr)
    pages = json.loads(
        subprocess.run(
            [PYTHON, "-c", PAGES_SCRIPT], cwd=ROOT, env=env, check=True, capture_output=True
        ).stdout
    )
    for name, page in pages.items():
        if page["status"] != 200:
            sys.exit(f"{size}: {name} ({page['path']}) answered {page['status']}, not 200")
    return env, pages


def port_is_free(port):
    with socket.socket() as sock:
        return sock.connect_ex(("127.0.0.1", port)) != 0


def serve(env, port):
    server = subprocess.Popen(
        [PYTHON, "-m", "gunicorn", "bench.wsgi:application", "--bind", f"127.0.0.1:{port}"]
        + ["--workers", "1", "--log-level", "warning"],
        cwd=ROOT,
        env=env,
    )
    for _ in range(200):
        if not port_is_free(port):
            return server
        time.sleep(0.1)
    server.terminate()
    sys.exit(f"gunicorn did not start on port {port}")


def timed_get(port, path):
    """(server CPU ms, server wall ms) of one request, from its Server-Timing header."""
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
    connection.request("GET", path, headers={"Host": "127.0.0.1"})
    response = connection.getresponse()
    response.read()
    connection.close()
    if response.status != 200:
        sys.exit(f"{path} answered {response.status} on port {port}")
    timing = dict(
        part.strip().split(";dur=") for part in response.getheader("Server-Timing").split(",")
    )
    return float(timing["cpu"]), float(timing["wall"])


def percentile(values, fraction):
    values = sorted(values)
    return values[min(len(values) - 1, int(len(values) * fraction))]


def measure(servers, pages, rounds, requests):
    """{size: {page: [(cpu, wall), …]}}: in each round, `requests` requests to each page of each
    size in turn, so that a change in the machine's load reaches every size alike."""
    samples = {size: {name: [] for name in pages[size]} for size in servers}
    for _ in range(rounds):
        for name in pages[next(iter(servers))]:
            for size, port in servers.items():
                for _ in range(requests):
                    samples[size][name].append(timed_get(port, pages[size][name]["path"]))
    return samples


def summary(timings):
    cpu, wall = [t[0] for t in timings], [t[1] for t in timings]
    return statistics.median(cpu), percentile(cpu, 0.99), statistics.median(wall)


def print_ratios(small, large, pages, samples):
    print(f"\n## Uncached cost, {small:,} and {large:,} articles (server CPU ms per request)")
    print(f"{'page':<14} {'queries':>9} {'p50':>15} {'p99':>15} {'wall p50':>15} {'ratio':>6}")
    worst = []
    for name in pages[small]:
        a, b = summary(samples[small][name]), summary(samples[large][name])
        items = pages[small][name]["items"], pages[large][name]["items"]
        ratio = b[0] / a[0]
        note = ""
        if name in PER_ITEM:
            note = f"  per item ({items[0]} and {items[1]} items)"
            ratio = (b[0] / items[1]) / (a[0] / items[0]) if all(items) else None
        else:
            worst.append((ratio, name))
        print(
            f"{name:<14} {pages[small][name]['queries']:>4} {pages[large][name]['queries']:>4} "
            f"{a[0]:>7.1f} {b[0]:>7.1f} {a[1]:>7.1f} {b[1]:>7.1f} {a[2]:>7.1f} {b[2]:>7.1f} "
            + (f"{ratio:>5.2f}x" if ratio else "    —")
            + note
        )
    ratio, name = max(worst)
    print(f"highest ratio: {ratio:.2f}x ({name}); the target is at most 1.3x")


def print_cpu(size, samples):
    print(f"\n## CPU at {size:,} articles against issue 10's targets (ms, p50)")
    for name, target in CPU_TARGETS.items():
        p50 = summary(samples[size][name])[0]
        verdict = "ok" if p50 <= target else "OVER"
        print(f"{name:<14} {p50:>7.1f}  target {target:>3}  {verdict}")


def print_plans(size, pages):
    print(f"\n## The slowest queries at {size:,} articles, with their plans")
    queries = [(q["ms"], name, q) for name, page in pages[size].items() for q in page["slowest"]]
    for ms, name, query in sorted(queries, key=lambda row: -row[0])[:6]:
        sql = query["sql"] if len(query["sql"]) <= 300 else query["sql"][:300] + "…"
        print(f"\n{name}: {ms:.1f} ms  {sql}")
        for line in query["plan"]:
            print(f"    {line}")


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--articles", default="1000,100000", help="two sizes to compare")
    parser.add_argument("--cpu-at", type=int, default=2000, help="size for the CPU targets")
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--requests", type=int, default=4, help="per page, size and round")
    options = parser.parse_args()
    small, large = (int(size) for size in options.articles.split(","))
    sizes = list(dict.fromkeys([small, large, options.cpu_at]))
    # Pages name their static files through the manifest, which must exist before any is read.
    manage(environment("sqlite://:memory:"), "collectstatic", "--noinput", "-v0")
    prepared = {size: prepare(size) for size in sizes}
    pages = {size: prepared[size][1] for size in sizes}
    ports = [port for port in range(FIRST_PORT, FIRST_PORT + 10) if port_is_free(port)]
    servers, processes = {}, []
    try:
        for size, port in zip(sizes, ports):
            processes.append(serve(prepared[size][0], port))
            servers[size] = port
        for size, port in servers.items():  # warm up each worker
            for page in pages[size].values():
                timed_get(port, page["path"])
        samples = measure(servers, pages, options.rounds, options.requests)
    finally:
        for process in processes:
            process.terminate()
            process.wait()
    vendor = "PostgreSQL" if "postgres" in prepared[small][0]["DATABASE_URL"] else "SQLite"
    print(
        f"# Newsroom bench: {vendor}, page cache off, {options.rounds} rounds × "
        f"{options.requests} requests per page and size, sizes taking turns"
    )
    print_ratios(small, large, pages, samples)
    print_cpu(options.cpu_at, samples)
    print_plans(large, pages)


if __name__ == "__main__":
    main()
