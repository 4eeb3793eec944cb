"""The page cache's hit ratio over a simulated newsroom day.

Usage: python bench/newsroom_day.py [--articles 2000] [--hours 8] [--readers 8] [--redis URL]

A working day, in simulated time, on a seeded archive (`seed_articles`, SQLite under bench/results):
- 10 reporters each save their draft every 30 s;
- an editor edits a live story every minute (recent stories more often): most add an update to
  its body, the others rewrite its dek;
- a story is published every 5 minutes (a reporter's draft; they start another);
- readers (`--readers` requests per simulated second) spread over the site with a realistic skew:
  the home page, article pages by recency rank (Zipf), sections, tags and authors by popularity,
  feeds polled by feed readers, searches, archives and the sitemaps.

Every request goes through Django's full stack (test client) and every save through the ORM's
signals, exactly as in production; only the clock the cache reads (`time.time`) is simulated, so
a day takes minutes. The local-memory cache is used unless `--redis` is given (Redis keeps its own
clock for expiry, so with Redis only purges, not lifetimes, are exercised faithfully).
Prints the hit ratio overall and per kind of page.
"""

import argparse
import bisect
import itertools
import os
import random
import secrets
import subprocess
import sys
import time
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
RESULTS = ROOT / "bench" / "results"

REPORTERS = 10
DRAFT_EVERY = 30
EDIT_EVERY = 60
# Share of live edits that add to a story's body (an update to a developing story, six words of
# the seeded vocabulary, which every search here uses); the others rewrite its dek.
BODY_EDITS = 0.7
PUBLISH_EVERY = 300
# Share of reader requests by kind of page.
MIX = {
    "home": 25,
    "article": 45,
    "section": 8,
    "tag": 4,
    "author": 3,
    "feed": 8,
    "search": 2,
    "archive": 3,
    "sitemap": 2,
}
SEARCHES = ["council", "budget", "river", "school", "housing", "election", "storm", "museum"]


class Clock:
    """Simulated seconds since the epoch, read by the cache through `time.time`."""

    def __init__(self):
        self.now = time.time()

    def __call__(self):
        return self.now


def zipf_picker(count, rng, exponent=1.1):
    """A function returning 0..count-1, rank r with probability proportional to 1/(r+1)^s."""
    weights = list(itertools.accumulate(1 / (rank + 1) ** exponent for rank in range(count)))
    total = weights[-1]
    return lambda: bisect.bisect_left(weights, rng.random() * total)


def prepare(articles):
    RESULTS.mkdir(parents=True, exist_ok=True)
    database = RESULTS / f"day-{articles}.sqlite3"
    # DEBUG off as the simulation runs: collectstatic then writes the manifest pages link.
    env = os.environ | {
        "DATABASE_URL": f"sqlite:///{database}",
        "DEBUG": "0",
        "SECRET_KEY": secrets.token_urlsafe(40),
    }
    for args in (
        ["migrate", "--noinput", "-v0"],
        ["seed_articles", "--articles", str(articles)],
        ["collectstatic", "--noinput", "-v0"],
    ):
        subprocess.run([sys.executable, "manage.py", *args], cwd=ROOT, env=env, check=True)
    return database


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--articles", type=int, default=2000)
    parser.add_argument("--hours", type=float, default=8)
    parser.add_argument("--readers", type=float, default=8, help="requests per simulated second")
    parser.add_argument("--redis", help="REDIS_URL to use instead of local memory")
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--zipf", type=float, default=1.1, help="skew of article popularity")
    options = parser.parse_args()

    database = prepare(options.articles)
    os.environ.update(
        {
            "DEBUG": "0",
            "SECRET_KEY": secrets.token_urlsafe(40),
            "ALLOWED_HOSTS": "testserver",
            "SECURE_SSL_REDIRECT": "0",
            "DATABASE_URL": f"sqlite:///{database}",
            "REDIS_URL": options.redis or "",
            "DJANGO_SETTINGS_MODULE": "newsroom.settings",
            "LOG_LEVEL": "ERROR",
        }
    )
    sys.path.insert(0, str(ROOT))
    clock = Clock()
    time.time = clock  # the cache's lifetimes run on simulated time

    import django

    django.setup()
    from django.db import connection

    # The bench measures the cache, not the disk: no fsync per save.
    connection.settings_dict["OPTIONS"]["init_command"] = "PRAGMA synchronous=OFF"
    from django.conf import settings
    from django.core.cache import cache
    from django.test import Client
    from django.utils import timezone
    from taggit.models import Tag

    from articles.management.commands.seed_articles import WORDS
    from articles.models import Article, Byline, Section
    from authors.models import Author

    if not options.redis:
        # Generous for local memory: the bench measures purging and lifetimes, not eviction.
        settings.CACHES["default"].setdefault("OPTIONS", {})["MAX_ENTRIES"] = 1_000_000
    cache.clear()
    rng = random.Random(options.seed)
    client = Client()

    authors = list(Author.objects.order_by("pk"))
    sections = list(Section.objects.order_by("position"))
    tags = list(Tag.objects.order_by("pk"))
    pick_author = zipf_picker(len(authors), rng, 0.8)
    pick_tag = zipf_picker(len(tags), rng, 1.0)
    drafts = []
    for n in range(REPORTERS):
        draft = Article.objects.create(
            headline=f"Draft of reporter {n}", body="<p>Notes.</p>", section=sections[n % 8]
        )
        Byline.objects.create(article=draft, author=authors[n])
        draft.tags.add(tags[n].name)
        drafts.append(draft)

    def live_paths():
        return [
            a.get_absolute_url() for a in Article.objects.published().only("slug", "publish_at")
        ]

    paths = live_paths()
    pick_article = zipf_picker(len(paths) + 500, rng, options.zipf)
    # "/2026/12/" of the newest stories, newest first.
    months = sorted({p[:9] for p in paths[:2000]}, reverse=True)

    def reader_path():
        kind = rng.choices(list(MIX), weights=list(MIX.values()))[0]
        if kind == "home":
            return kind, rng.choices(["/", "/?page=2", "/?page=3"], [90, 7, 3])[0]
        if kind == "article":
            return kind, paths[min(pick_article(), len(paths) - 1)]
        if kind == "section":
            page = rng.choices(["", "?page=2"], [92, 8])[0]
            return kind, f"/sections/{rng.choice(sections).slug}/{page}"
        if kind == "tag":
            return kind, f"/tags/{tags[pick_tag()].slug}/"
        if kind == "author":
            return kind, f"/authors/{authors[pick_author()].slug}/"
        if kind == "feed":
            return kind, rng.choices(
                [
                    "/feed/",
                    "/feed.json",
                    "/feed/atom/",
                    f"/sections/{rng.choice(sections).slug}/feed/",
                ],
                [60, 15, 10, 15],
            )[0]
        if kind == "search":
            return kind, f"/search/?q={SEARCHES[zipf_picker(len(SEARCHES), rng)()]}"
        if kind == "archive":
            return kind, rng.choice([months[0][:6], months[0], months[min(1, len(months) - 1)]])
        return kind, rng.choice(["/sitemap.xml", "/news-sitemap.xml", "/sitemap-articles.xml"])

    # Events in simulated seconds: (when, order, what).
    day = int(options.hours * 3600)
    events = []
    for n in range(REPORTERS):
        events += [(t, 1, ("draft", n)) for t in range(n * 3, day, DRAFT_EVERY)]
    events += [(t, 2, ("edit", None)) for t in range(30, day, EDIT_EVERY)]
    events += [(t, 3, ("publish", None)) for t in range(150, day, PUBLISH_EVERY)]
    reads = int(day * options.readers)
    events += [(rng.uniform(0, day), 4, ("read", None)) for _ in range(reads)]
    events.sort()

    outcomes, per_kind = Counter(), {kind: Counter() for kind in MIX}
    # Addresses requested before: a first request is a miss no cache can avoid.
    seen = set()
    saves = Counter()
    start_real, start_sim = time.perf_counter(), clock.now
    publisher = itertools.cycle(range(REPORTERS))
    hour = 0
    for when, _, (what, who) in events:
        clock.now = start_sim + when
        if when >= (hour + 1) * 3600:
            hour += 1
            done = sum(outcomes.values())
            print(f"  hour {hour}: hit ratio so far {outcomes['hit'] / done:.1%}", flush=True)
        if what == "read":
            kind, path = reader_path()
            response = client.get(path)
            outcome = response.get("X-Page-Cache") or "uncached"
            if response.status_code != 200:
                outcome = f"status {response.status_code}"
            elif path not in seen:
                outcome = "first request"
            seen.add(path)
            outcomes[outcome] += 1
            per_kind[kind][outcome] += 1
        elif what == "draft":
            draft = drafts[who]
            draft.body = f"<p>Notes, revision {saves['draft']}.</p>"
            draft.save()
            saves["draft"] += 1
        elif what == "edit":
            story = Article.objects.published().order_by("-publish_at")[min(pick_article(), 200)]
            if rng.random() < BODY_EDITS:
                words = " ".join(rng.sample(WORDS, 6))
                story.body += f"<p>Update {saves['edit']}: {words}.</p>"
            else:
                story.dek = f"Updated at {when} s."
            story.save()
            saves["edit"] += 1
        else:
            n = next(publisher)
            story = drafts[n]
            story.status, story.publish_at = Article.Status.PUBLISHED, timezone.now()
            story.save()
            saves["publish"] += 1
            fresh = Article.objects.create(
                headline=f"Draft {saves['publish']} of reporter {n}",
                body="<p>Notes.</p>",
                section=sections[n % 8],
            )
            Byline.objects.create(article=fresh, author=authors[n])
            drafts[n] = fresh
            paths.insert(0, story.get_absolute_url())

    hits = outcomes["hit"]
    total = sum(outcomes.values())
    again = total - outcomes["first request"]
    print(
        f"simulated {options.hours:g} h on {options.articles:,} articles "
        f"({'Redis' if options.redis else 'local memory'}, PAGE_CACHE_SECONDS="
        f"{settings.PAGE_CACHE_SECONDS}) in {time.perf_counter() - start_real:.0f} s of real time"
    )
    print(
        f"saves: {saves['draft']} draft, {saves['edit']} live edits, "
        f"{saves['publish']} publications"
    )
    print(f"reader requests: {total:,}; hit ratio {hits / total:.1%}; {dict(outcomes)}")
    print(
        f"hit ratio of requests for an address asked before (what purges and lifetimes cost): "
        f"{hits / again:.1%}"
    )
    for kind, counts in per_kind.items():
        n = sum(counts.values())
        if n:
            again = n - counts["first request"]
            print(
                f"  {kind:8} {n:7,} requests, hit ratio {counts['hit'] / n:6.1%}, "
                f"asked before {counts['hit'] / max(again, 1):6.1%}"
            )


if __name__ == "__main__":
    main()
