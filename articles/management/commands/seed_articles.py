"""Deterministic synthetic content for benchmarks: `seed_articles --articles 100000`."""

import random
from datetime import timedelta

from django.core.management.base import BaseCommand, CommandError
from django.db import connection, transaction
from django.utils import timezone
from taggit.models import Tag

from articles import demo_images, search
from articles.images import create_photo
from articles.models import Article, ArticleTag, Byline, Photo, Section
from authors.models import Author

WORDS = [
    "council",
    "budget",
    "river",
    "bridge",
    "school",
    "market",
    "housing",
    "transit",
    "election",
    "library",
    "harbour",
    "festival",
    "court",
    "police",
    "hospital",
    "museum",
    "factory",
    "farm",
    "water",
    "storm",
    "heat",
    "road",
    "park",
]
SECTION_NAMES = ["News", "Politics", "Business", "Culture", "Sport", "Science", "Opinion", "World"]
BATCH = 2000


class Command(BaseCommand):
    help = "Create N synthetic articles (plus authors, sections, tags, a shared photo pool)."

    def add_arguments(self, parser):
        parser.add_argument("--articles", type=int, default=1000, help="articles to end up with")
        parser.add_argument("--seed", type=int, default=42)
        parser.add_argument("--authors", type=int, default=60)
        parser.add_argument("--tags", type=int, default=300)
        parser.add_argument("--photos", type=int, default=12)

    def handle(self, *args, **options):
        if options["articles"] < 0:
            raise CommandError("--articles must be zero or more.")
        rng = random.Random(options["seed"])
        with transaction.atomic():
            sections = self.sections()
            authors = self.authors(options["authors"])
            tags = self.tags(options["tags"])
            photos = self.photos(options["photos"])
        existing = Article.objects.filter(slug__startswith="seed-").count()
        # Skip the random draws of articles made by an earlier run, so reruns stay deterministic.
        for number in range(existing):
            self.draw(rng, number, sections, authors, tags, photos)
        now = timezone.now()
        created = 0
        for start in range(existing, options["articles"], BATCH):
            stop = min(start + BATCH, options["articles"])
            rows = [self.draw(rng, n, sections, authors, tags, photos) for n in range(start, stop)]
            with transaction.atomic():
                self.insert(rows, now)
            created += len(rows)
            self.stdout.write(f"  {stop} articles", ending="\r")
        # Fresh planner statistics: without them SQLite picks poor join orders on large tables.
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")
        self.stdout.write(self.style.SUCCESS(f"Created {created} articles ({existing} existed)."))

    def draw(self, rng, number, sections, authors, tags, photos):
        headline_words = rng.sample(WORDS, 5)
        roll = rng.random()
        status = (
            Article.Status.DRAFT
            if roll < 0.04
            else Article.Status.REVIEW
            if roll < 0.06
            else Article.Status.PUBLISHED
        )
        minutes_ago = (
            rng.randint(-3 * 24 * 60, 3 * 365 * 24 * 60)
            if roll > 0.07
            else -rng.randint(60, 10_000)
        )
        return {
            "number": number,
            "headline": " ".join(headline_words).capitalize() + f" ({number})",
            "section": rng.choice(sections),
            "status": status,
            "minutes_ago": minutes_ago,
            "photo": rng.choice(photos) if rng.random() < 0.8 else None,
            "authors": rng.sample(authors, rng.choice([1, 1, 1, 2, 3])),
            "tags": rng.sample(tags, rng.randint(1, 5)),
            "paragraphs": [" ".join(rng.choices(WORDS, k=40)).capitalize() + "." for _ in range(6)],
        }

    def insert(self, rows, now):
        articles = Article.objects.bulk_create(
            [
                Article(
                    headline=row["headline"],
                    slug=f"seed-{row['number']:07d}",
                    dek=row["paragraphs"][0][:140],
                    body="".join(f"<p>{text}</p>" for text in row["paragraphs"]),
                    section=row["section"],
                    cover_photo=row["photo"],
                    status=row["status"],
                    publish_at=(
                        None
                        if row["status"] != Article.Status.PUBLISHED
                        else now - timedelta(minutes=row["minutes_ago"])
                    ),
                )
                for row in rows
            ]
        )
        # bulk_create skips save(), so the links get their copies of the article's state here.
        state = {"status": "status", "publish_at": "publish_at"}
        Byline.objects.bulk_create(
            Byline(
                article=article,
                author=author,
                position=position,
                **{copy: getattr(article, field) for copy, field in state.items()},
            )
            for article, row in zip(articles, rows)
            for position, author in enumerate(row["authors"])
        )
        ArticleTag.objects.bulk_create(
            ArticleTag(
                tag=tag,
                content_object=article,
                **{copy: getattr(article, field) for copy, field in state.items()},
            )
            for article, row in zip(articles, rows)
            for tag in row["tags"]
        )
        # bulk_create sends no signals: index the new articles for search here.
        search.reindex(article.pk for article in articles)

    def sections(self):
        return [
            Section.objects.get_or_create(
                slug=name.lower(), defaults={"name": name, "position": position}
            )[0]
            for position, name in enumerate(SECTION_NAMES)
        ]

    def authors(self, count):
        return [
            Author.objects.get_or_create(
                slug=f"seed-author-{n}",
                defaults={
                    "name": f"Seed Author {n}",
                    "job_title": "Journalist",
                    "bio": "Covers the synthetic beat.\n\nWrites deterministic prose.",
                },
            )[0]
            for n in range(count)
        ]

    def tags(self, count):
        return [
            Tag.objects.get_or_create(slug=f"seed-tag-{n}", defaults={"name": f"seed tag {n}"})[0]
            for n in range(count)
        ]

    def photos(self, count):
        photos = []
        for n in range(count):
            source_url = f"https://newsroom.example/seed/photos/{n}"
            photo = Photo.objects.filter(source_url=source_url).first() or create_photo(
                demo_images.landscape(1000 + n, size=(1200, 675), name=f"seed-{n}.jpg"),
                alt_text=f"Synthetic landscape number {n}",
                caption="A generated picture used by synthetic articles.",
                credit="Newsroom seed data",
                source_url=source_url,
            )
            photos.append(photo)
        return photos
