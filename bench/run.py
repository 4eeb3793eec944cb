"""Benchmark the public pages at 1k and 100k articles: requests/s, p50/p99 latency, SQL queries.

For each page: its SQL queries and the time of one uncached request (page cache off, measured in
process), then requests/s and latency under load as served (the page cache on).

Usage: python bench/run.py [--articles 1000,100000] [--seconds 10] [--concurrency 8]

Each size gets its own SQLite database under bench/results/ (kept between runs, topped up by
seed_articles), is served by gunicorn on 127.0.0.1 with DEBUG off, and is loaded from this process
with keep-alive-free HTTP/1.1 requests from a thread pool. Query counts come from Django's test
client in a subprocess, against the same database.
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
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
RESULTS = ROOT / "bench" / "results"
PYTHON = sys.executable

QUERY_COUNTER = r"""
import json, time, django
django.setup()
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from articles.models import Article
from articles.sitemaps import ArticleSitemap

article = Article.objects.published().for_listing().first()
tag = article.tags.all()[0]
author = article.byline_authors[0]
paths = {
    "home": "/",
    "home page 20": "/?page=20",
    "article": article.get_absolute_url(),
    "section": f"/sections/{article.section.slug}/",
    "tag": f"/tags/{tag.slug}/",
    "author": f"/authors/{author.slug}/",
    "year archive": f"/{article.publish_at.year}/",
    "search": "/search/?q=council+budget",
    "rss feed": "/feed/",
    "json feed": "/feed.json",
    "sitemap index": "/sitemap.xml",
    "sitemap page": f"/sitemap-articles.xml?p={ArticleSitemap().paginator.num_pages}",
}
client = Client()
result = {}
for name, path in paths.items():
    client.get(path, HTTP_HOST="127.0.0.1")  # warm up templates and connections
    start = time.perf_counter()
    with CaptureQueriesContext(connection) as queries:
        status = client.get(path, HTTP_HOST="127.0.0.1").status_code
    cold_ms = (time.perf_counter() - start) * 1000
    result[name] = {"path": path, "status": status, "queries": len(queries), "cold_ms": cold_ms}
print(json.dumps(result))
"""


def environment(database):
    return os.environ | {
        "DEBUG": "0",
        "SECRET_KEY": secrets.token_urlsafe(40),
        "ALLOWED_HOSTS": "127.0.0.1",
        "SECURE_SSL_REDIRECT": "0",
        "DATABASE_URL": f"sqlite:///{database}",
        "DJANGO_SETTINGS_MODULE": "newsroom.settings",
        "LOG_LEVEL": "ERROR",
    }


def manage(env, *args):
    subprocess.run([PYTHON, "manage.py", *args], cwd=ROOT, env=env, check=True)


def free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def load(port, path, seconds, concurrency):
    """Hammer one path; return (requests per second, latencies in ms, non-200 count)."""
    latencies, errors, lock = [], [0], threading.Lock()
    deadline = time.perf_counter() + seconds

    def worker():
        mine, failed = [], 0
        while time.perf_counter() < deadline:
            start = time.perf_counter()
            connection = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
            connection.request("GET", path, headers={"Host": "127.0.0.1"})
            response = connection.getresponse()
            response.read()
            connection.close()
            mine.append((time.perf_counter() - start) * 1000)
            failed += response.status != 200
        with lock:
            latencies.extend(mine)
            errors[0] += failed

    threads = [threading.Thread(target=worker) for _ in range(concurrency)]
    began = time.perf_counter()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return len(latencies) / (time.perf_counter() - began), sorted(latencies), errors[0]


def percentile(values, fraction):
    return values[min(len(values) - 1, int(len(values) * fraction))]


def bench_size(articles, seconds, concurrency):
    RESULTS.mkdir(parents=True, exist_ok=True)
    database = RESULTS / f"bench-{articles}.sqlite3"
    env = environment(database)
    manage(env, "migrate", "--noinput", "-v0")
    manage(env, "seed_articles", "--articles", str(articles))
    manage(env, "collectstatic", "--noinput", "-v0")
    # Queries and time of one uncached request per page, with the page cache off.
    counts = json.loads(
        subprocess.run(
            [PYTHON, "-c", QUERY_COUNTER],
            cwd=ROOT,
            env=env | {"PAGE_CACHE_SECONDS": "0"},
            check=True,
            capture_output=True,
        ).stdout
    )
    port = free_port()
    server = subprocess.Popen(
        [
            PYTHON,
            "-m",
            "gunicorn",
            "newsroom.wsgi",
            "--bind",
            f"127.0.0.1:{port}",
            "--workers",
            "2",
            "--log-level",
            "warning",
        ],
        cwd=ROOT,
        env=env,
    )
    try:
        for _ in range(100):
            try:
                socket.create_connection(("127.0.0.1", port), timeout=1).close()
                break
            except OSError:
                time.sleep(0.1)
        print(
            f"\n## {articles:,} articles (gunicorn, 2 workers, {concurrency} clients, {seconds}s)"
        )
        print("uncached: one request with the page cache off; load: cached, as served")
        print(
            f"{'page':<14} {'status':>6} {'queries':>7} {'uncached ms':>11} "
            f"{'req/s':>8} {'p50 ms':>8} {'p99 ms':>8}"
        )
        for name, row in counts.items():
            if row["status"] != 200:
                sys.exit(f"{name}: {row['path']} answered {row['status']}, not 200")
            rate, latencies, errors = load(port, row["path"], seconds, concurrency)
            print(
                f"{name:<14} {row['status']:>6} {row['queries']:>7} {row['cold_ms']:>11.0f} "
                f"{rate:>8.1f} "
                f"{statistics.median(latencies):>8.1f} {percentile(latencies, 0.99):>8.1f}"
                + (f"  ({errors} non-200)" if errors else "")
            )
    finally:
        server.terminate()
        server.wait()


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--articles", default="1000,100000")
    parser.add_argument("--seconds", type=float, default=10)
    parser.add_argument("--concurrency", type=int, default=8)
    options = parser.parse_args()
    for size in options.articles.split(","):
        bench_size(int(size), options.seconds, options.concurrency)


if __name__ == "__main__":
    main()
