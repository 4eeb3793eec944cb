"""The editors' desk at scale: admin pages at 1,000 and 100,000 articles.

For each page (the article list and its filters, a search, the autocompletes, the dashboard,
the article editor): SQL queries, whether any COUNT ran over a whole table (no LIMIT), and the
CPU time of one request (process time, median of --runs) in this process, with the ratio
between the sizes measured in the same run.

Usage: python bench/admin_scale.py [--articles 1000,100000] [--runs 5]

Each size keeps its own SQLite database under bench/results/ (seeded once by seed_articles and
shared with bench/run.py); with DATABASE_URL set, that database is used instead (seed it first).
"""

import argparse
import json
import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
RESULTS = ROOT / "bench" / "results"
PYTHON = sys.executable

MEASURE = r"""
import json, re, statistics, sys, time, django
django.setup()
from django.contrib.auth.models import Group, User
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from articles.models import Article, Photo, Section
from articles.roles import sync_role_groups
from authors.models import Author
from django.contrib.auth.models import Permission
from taggit.models import Tag

runs = int(sys.argv[1])
sync_role_groups(Group, Permission)
editor, _ = User.objects.get_or_create(username="bench-editor", defaults={"is_staff": True})
editor.groups.add(Group.objects.get(name="Editor"))
author = Author.objects.order_by("pk").first()
if author.user_id is None:
    author.user = editor
    author.save()
client = Client()
client.force_login(editor)
article = Article.objects.order_by("-pk").first()
auto = "/admin/autocomplete/?app_label=articles&model_name={}&field_name={}&term={}"
paths = {
    "article list": "/admin/articles/article/",
    "list, page 3": "/admin/articles/article/?p=3",
    "list, state live": "/admin/articles/article/?state=live",
    "list, state draft": "/admin/articles/article/?state=draft",
    "list, section": f"/admin/articles/article/?section__id__exact={Section.objects.first().pk}",
    "list, byline": f"/admin/articles/article/?byline={author.pk}",
    "list, tag": f"/admin/articles/article/?tag={Tag.objects.order_by('pk').first().pk}",
    "list, search": "/admin/articles/article/?q=harbour",
    "autocomplete Don't Miss (empty)": auto.format("relatedarticle", "related", ""),
    "autocomplete Don't Miss 'river'": auto.format("relatedarticle", "related", "river"),
    "autocomplete byline": auto.format("byline", "author", "seed"),
    "autocomplete cover photo": auto.format("article", "cover_photo", ""),
    "autocomplete section": auto.format("article", "section", ""),
    "dashboard": "/admin/",
    "article editor": f"/admin/articles/article/{article.pk}/change/",
    "revisions": f"/admin/articles/article/{article.pk}/revisions/",
    "photo list": "/admin/articles/photo/",
    "tag suggestions": "/admin/articles/article/tag-suggestions/?q=tag 1",
}
# Django's count of a queryset over the articles table, not over a LIMITed subquery.
full_count = re.compile(r'SELECT COUNT\(\*\) AS "__count" FROM "articles_article"', re.I)
result = {}
for name, path in paths.items():
    client.get(path)  # warm up templates, connections and caches of compiled regexes
    cpu = []
    for _ in range(runs):
        start = time.process_time()
        with CaptureQueriesContext(connection) as queries:
            status = client.get(path).status_code
        cpu.append((time.process_time() - start) * 1000)
    sql = [q["sql"] for q in queries]
    result[name] = {
        "status": status,
        "queries": len(sql),
        "full_counts": sum(1 for s in sql if full_count.search(s) and " LIMIT " not in s.upper()),
        "cpu_ms": statistics.median(cpu),
    }
print(json.dumps(result))
"""


def environment(database):
    env = os.environ | {
        "DEBUG": "0",
        "SECRET_KEY": "bench-only-secret-key-not-for-production-0123456789",
        "ALLOWED_HOSTS": "testserver,127.0.0.1",
        "SECURE_SSL_REDIRECT": "0",
        "DJANGO_SETTINGS_MODULE": "newsroom.settings",
        "LOG_LEVEL": "ERROR",
        "PAGE_CACHE_SECONDS": "0",
    }
    if "DATABASE_URL" not in os.environ:
        env["DATABASE_URL"] = f"sqlite:///{database}"
    return env


def measure(articles, runs):
    RESULTS.mkdir(parents=True, exist_ok=True)
    env = environment(RESULTS / f"bench-{articles}.sqlite3")
    for command in (["migrate", "--noinput"], ["collectstatic", "--noinput"]):
        subprocess.run([PYTHON, "manage.py", *command, "-v0"], cwd=ROOT, env=env, check=True)
    subprocess.run(
        [PYTHON, "manage.py", "seed_articles", "--articles", str(articles)],
        cwd=ROOT,
        env=env,
        check=True,
        stdout=subprocess.DEVNULL,
    )
    done = subprocess.run(
        [PYTHON, "-c", MEASURE, str(runs)], cwd=ROOT, env=env, capture_output=True, text=True
    )
    if done.returncode:
        sys.exit(f"Measuring {articles} articles failed:\n{done.stderr}")
    return json.loads(done.stdout.strip().splitlines()[-1])


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--articles", default="1000,100000")
    parser.add_argument("--runs", type=int, default=5)
    options = parser.parse_args()
    sizes = [int(size) for size in options.articles.split(",")]
    results = {size: measure(size, options.runs) for size in sizes}
    small, large = sizes[0], sizes[-1]
    header = f"{'page':34} " + " ".join(f"{f'q@{s}':>8} {f'cpu ms@{s}':>12}" for s in sizes)
    print(header + f" {'cpu ratio':>9} {'full COUNT':>10}")
    for name in results[small]:
        row = " ".join(
            f"{results[s][name]['queries']:>8} {results[s][name]['cpu_ms']:>12.1f}" for s in sizes
        )
        ratio = results[large][name]["cpu_ms"] / max(results[small][name]["cpu_ms"], 0.01)
        counts = sum(results[s][name]["full_counts"] for s in sizes)
        bad = [s for s in sizes if results[s][name]["status"] != 200]
        note = f"  HTTP {[results[s][name]['status'] for s in bad]}" if bad else ""
        print(f"{name:34} {row} {ratio:>9.2f} {counts:>10}{note}")


if __name__ == "__main__":
    main()
