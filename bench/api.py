"""Benchmark the content API: server CPU time per request, uncached and cached, beside the pages.

Usage: python bench/api.py [--articles 1000] [--requests 200]

Uses the seeded SQLite database of `bench/run.py` (bench/results/bench-N.sqlite3, topped up by
seed_articles) with DEBUG off. Requests go straight to Django's WSGI handler in one process, the
whole middleware stack included, and each figure is `time.process_time()` spent per request:
the server's CPU, with no client or network in it. "uncached" turns the page cache off
(PAGE_CACHE_SECONDS=0); "cached" is a warm page cache, as a repeated request meets it. The HTML
home and article pages are timed in the same run, so the ratios compare like with like.
"""

import argparse
import json
import subprocess
import sys
from pathlib import Path

from run import PYTHON, RESULTS, ROOT, environment, manage

TIMER = r"""
import io, json, sys, time, django
django.setup()
from django.conf import settings
from django.core.handlers.wsgi import WSGIHandler
from django.db import connection
from articles.models import Article

requests = int(sys.argv[1])
handler = WSGIHandler()
article = Article.objects.published().order_by("-publish_at").first()
paths = {
    "api list (20 articles)": "/api/v1/articles/",
    "api article": f"/api/v1/articles/{article.pk}/",
    "home page (html)": "/",
    "article page (html)": article.get_absolute_url(),
}


def get(path):
    statuses = []
    environ = {
        "REQUEST_METHOD": "GET",
        "PATH_INFO": path,
        "QUERY_STRING": "",
        "SERVER_NAME": "127.0.0.1",
        "SERVER_PORT": "80",
        "HTTP_HOST": "127.0.0.1",
        "REMOTE_ADDR": "127.0.0.1",
        "wsgi.url_scheme": "http",
        "wsgi.input": io.BytesIO(),
        "wsgi.errors": sys.stderr,
    }
    body = b"".join(handler(environ, lambda status, headers: statuses.append(status)))
    return statuses[0], body


result = {}
for mode, seconds in (("uncached", 0), ("cached", 300)):
    settings.PAGE_CACHE_SECONDS = seconds
    for name, path in paths.items():
        for _ in range(5):  # warm up templates, connections and (when on) the cache
            status, body = get(path)
        if not status.startswith("200"):
            sys.exit(f"{name}: {path} answered {status}")
        # Counted by a wrapper: Django empties its query log when a request starts.
        queries = []

        def count(execute, sql, *args):
            queries.append(sql)
            return execute(sql, *args)

        with connection.execute_wrapper(count):
            get(path)
        start = time.process_time()
        for _ in range(requests):
            get(path)
        cpu_ms = (time.process_time() - start) * 1000 / requests
        result.setdefault(name, {"path": path, "bytes": len(body)})[mode] = {
            "cpu_ms": cpu_ms,
            "queries": len(queries),
        }
print(json.dumps(result))
"""


def bench(articles, requests):
    RESULTS.mkdir(parents=True, exist_ok=True)
    env = environment(RESULTS / f"bench-{articles}.sqlite3")
    # The rate limit would answer 429 long before the run ends.
    env |= {"API_RATE_LIMIT": "100000000/minute"}
    manage(env, "migrate", "--noinput", "-v0")
    manage(env, "seed_articles", "--articles", str(articles))
    manage(env, "collectstatic", "--noinput", "-v0")
    timer = subprocess.run(
        [PYTHON, "-c", TIMER, str(requests)], cwd=ROOT, env=env, stdout=subprocess.PIPE
    )
    if timer.returncode:
        sys.exit("the timing process failed (its error is above)")
    figures = json.loads(timer.stdout)
    print(f"\n## {articles:,} articles, {requests} requests each, server CPU ms per request")
    print(
        f"{'endpoint':<24} {'bytes':>8} {'queries':>7} {'uncached ms':>11} "
        f"{'cached ms':>9} {'uncached/cached':>15}"
    )
    for name, row in figures.items():
        uncached, cached = row["uncached"], row["cached"]
        print(
            f"{name:<24} {row['bytes']:>8} {uncached['queries']:>7} {uncached['cpu_ms']:>11.2f} "
            f"{cached['cpu_ms']:>9.2f} {uncached['cpu_ms'] / cached['cpu_ms']:>14.1f}×"
        )
    for api, page in (
        ("api list (20 articles)", "home page (html)"),
        ("api article", "article page (html)"),
    ):
        ratio = figures[api]["uncached"]["cpu_ms"] / figures[page]["uncached"]["cpu_ms"]
        print(f"{api} / {page}, uncached: {ratio:.2f}×")


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--articles", default="1000")
    parser.add_argument("--requests", type=int, default=200)
    options = parser.parse_args()
    for size in options.articles.split(","):
        bench(int(size), options.requests)


if __name__ == "__main__":
    sys.path.insert(0, str(Path(__file__).resolve().parent))
    main()
