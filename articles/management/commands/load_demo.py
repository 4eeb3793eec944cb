"""Load the demo newsroom: a small, hand-written set of stories. Safe to run again."""

from datetime import timedelta

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand
from django.db import transaction
from django.utils import timezone

from articles import demo_images
from articles.images import create_photo
from articles.models import Article, Byline, Correction, Photo, RelatedArticle, Section
from authors.images import process_author_photo
from authors.models import Author

SECTIONS = [
    ("news", "News", "What happened today in the city and the region."),
    ("politics", "Politics", "Councils, courts and campaigns."),
    ("culture", "Culture", "Music, books, food and the people who make them."),
]

AUTHORS = [
    {
        "slug": "maria-gonzalez",
        "name": "María González",
        "job_title": "Journalist",
        "location": "Caracas, Venezuela",
        "bio": (
            "María González is a journalist from Caracas, Venezuela, who covers migration, "
            "labour and the economy of the Andean region.\n\n"
            "Before joining the newsroom she reported for regional radio for eight years. "
            "She studied social communication at the Universidad Central de Venezuela."
        ),
        "website": "https://example.org/maria",
        "x_handle": "mariagonzalez",
    },
    {
        "slug": "tom-becker",
        "name": "Tom Becker",
        "job_title": "City Hall Reporter",
        "location": "Springfield",
        "bio": (
            "Tom Becker has covered city hall since 2016, from zoning fights to budget nights.\n\n"
            "He reads every council agenda so you don't have to."
        ),
        "bluesky": "tombecker.bsky.social",
    },
    {
        "slug": "aisha-rahman",
        "name": "Aisha Rahman",
        "job_title": "Culture Editor",
        "location": "Springfield",
        "bio": (
            "Aisha Rahman edits the culture desk and writes about music and food.\n\n"
            "She ran a record shop for a decade before turning to journalism."
        ),
        "mastodon": "@aisha@mastodon.social",
    },
    {
        "slug": "lucas-pereira",
        "name": "Lucas Pereira",
        "job_title": "Data Reporter",
        "location": "São Paulo, Brazil",
        "bio": (
            "Lucas Pereira turns public records into stories, with a focus on housing "
            "and transit.\n\n"
            "He teaches a data-journalism workshop at the community college."
        ),
        "website": "https://example.org/lucas",
    },
]

PARAGRAPHS = {
    "news": [
        "Residents began lining up before dawn, many carrying folders of paperwork.",
        "“We have waited three years for this,” said Elena Ruiz, a nurse who lives nearby.",
        "City officials said the work would be finished by spring, weather permitting.",
    ],
    "politics": [
        "The council debated for nearly four hours before the vote.",
        "“This is not the budget anyone wanted, but it is the one we can pay for,” the mayor said.",
        "Opponents said they would bring the question back at the next session.",
    ],
    "culture": [
        "The room was full long before the first set, with people standing along the walls.",
        "“Music is how this neighbourhood talks to itself,” said organiser Daniel Okafor.",
        "Tickets for the remaining nights sold out within an hour.",
    ],
}

# (slug, section, headline, dek, author slugs, tags, days ago or None)
ARTICLES = [
    (
        "river-bridge-reopens",
        "news",
        "River bridge reopens after two years of repairs",
        "Commuters get back a crossing that carried 30,000 cars a day.",
        ["tom-becker"],
        ["transport", "infrastructure", "city"],
        0.2,
    ),
    (
        "council-approves-budget",
        "politics",
        "Council approves a $412 million budget after a long night",
        "The vote was 7-2, with cuts to parks and more money for road repairs.",
        ["tom-becker", "lucas-pereira"],
        ["budget", "city council", "parks"],
        0.5,
    ),
    (
        "migrants-find-work-in-farms",
        "news",
        "Venezuelan migrants find seasonal work on valley farms",
        "Growers say they could not bring in the harvest without them.",
        ["maria-gonzalez"],
        ["migration", "labour", "agriculture"],
        1,
    ),
    (
        "jazz-festival-returns",
        "culture",
        "Jazz festival returns to the old market hall",
        "Five nights, forty musicians and a brass band from New Orleans.",
        ["aisha-rahman"],
        ["music", "festivals"],
        1.5,
    ),
    (
        "rents-rise-fastest-downtown",
        "news",
        "Rents rise fastest downtown, records show",
        "An analysis of 12,000 leases finds a 14% rise in two years.",
        ["lucas-pereira"],
        ["housing", "data"],
        2,
    ),
    (
        "school-board-election",
        "politics",
        "Three newcomers win school board seats",
        "Turnout was the highest in a decade.",
        ["tom-becker"],
        ["elections", "education"],
        3,
    ),
    (
        "remittances-keep-families-afloat",
        "news",
        "Remittances keep families afloat back home",
        "Money sent from abroad now pays for food, school fees and medicine.",
        ["maria-gonzalez", "lucas-pereira"],
        ["migration", "economy"],
        4,
    ),
    (
        "night-market-food",
        "culture",
        "At the night market, recipes travel from Caracas to Kyoto",
        "Twenty stalls, twenty stories about the dishes people brought with them.",
        ["aisha-rahman", "maria-gonzalez"],
        ["food", "migration", "city"],
        5,
    ),
    (
        "bus-routes-redrawn",
        "news",
        "Transit agency redraws eleven bus routes",
        "Riders on the east side gain frequent service; two routes disappear.",
        ["lucas-pereira"],
        ["transport", "data"],
        6,
    ),
    (
        "library-expansion-vote",
        "politics",
        "Library expansion heads to voters in March",
        "The $38 million bond would add a children's wing and longer hours.",
        ["tom-becker"],
        ["elections", "libraries", "budget"],
        7,
    ),
    (
        "bookshop-turns-fifty",
        "culture",
        "The corner bookshop turns fifty",
        "Three generations of one family have kept the lights on.",
        ["aisha-rahman"],
        ["books", "small business"],
        8,
    ),
    (
        "heat-wave-cooling-centres",
        "news",
        "Cooling centres open as the heat wave lingers",
        "The city extended hours at six libraries and two community centres.",
        ["tom-becker", "maria-gonzalez"],
        ["weather", "city", "libraries"],
        9,
    ),
    (
        "draft-water-rates",
        "news",
        "Water rates: what the new tiers will cost households",
        "A draft still being reported.",
        ["lucas-pereira"],
        ["utilities", "data"],
        None,
    ),
    (
        "scheduled-election-guide",
        "politics",
        "Your guide to the March ballot",
        "Every measure and candidate, explained.",
        ["tom-becker"],
        ["elections"],
        -2,
    ),
]

RELATED = {
    "council-approves-budget": ["library-expansion-vote", "river-bridge-reopens"],
    "migrants-find-work-in-farms": ["remittances-keep-families-afloat", "night-market-food"],
    "jazz-festival-returns": ["bookshop-turns-fifty"],
    "rents-rise-fastest-downtown": ["bus-routes-redrawn"],
}

CREDITS = ["Wikimedia Commons", "Newsroom staff", "City of Springfield", "Unsplash"]

DEMO_USERNAME = "admin"
DEMO_PASSWORD = "admin"  # noqa: S105 - local demo only; created only when DEBUG is on


class Command(BaseCommand):
    help = "Load the demo newsroom (sections, authors, photos, articles). Idempotent."

    @transaction.atomic
    def handle(self, *args, **options):
        sections = {
            slug: Section.objects.update_or_create(
                slug=slug, defaults={"name": name, "description": text, "position": position}
            )[0]
            for position, (slug, name, text) in enumerate(SECTIONS)
        }
        authors = {data["slug"]: self.author(data, index) for index, data in enumerate(AUTHORS)}
        articles = {}
        for index, row in enumerate(ARTICLES):
            articles[row[0]] = self.article(row, index, sections, authors)
        for slug, picks in RELATED.items():
            for position, pick in enumerate(picks):
                RelatedArticle.objects.get_or_create(
                    article=articles[slug], related=articles[pick], defaults={"position": position}
                )
        Correction.objects.get_or_create(
            article=articles["council-approves-budget"],
            text="An earlier version of this story gave the wrong vote count. It was 7-2, not 6-3.",
        )
        self.stdout.write(self.style.SUCCESS(f"Demo newsroom ready: {len(articles)} articles."))
        self.sign_in_hint()

    def author(self, data, index):
        author, _ = Author.objects.update_or_create(
            slug=data["slug"],
            defaults={key: value for key, value in data.items() if key != "slug"}
            | {"email": f"{data['slug']}@newsroom.example"},
        )
        if not author.photo:
            author.photo = demo_images.portrait(index, name=f"{author.slug}.jpg")
            process_author_photo(author)
        return author

    def article(self, row, index, sections, authors):
        slug, section, headline, dek, byline_slugs, tags, days_ago = row
        now = timezone.now()
        if days_ago is None:
            status, publish_at = Article.Status.DRAFT, None
        else:
            status, publish_at = Article.Status.PUBLISHED, now - timedelta(days=days_ago)
        body = "".join(f"<p>{text}</p>" for text in PARAGRAPHS[section])
        article, created = Article.objects.get_or_create(
            slug=slug,
            defaults={
                "headline": headline,
                "dek": dek,
                "body": f"<p>{dek}</p>{body}",
                "section": sections[section],
                "status": status,
                "publish_at": publish_at,
                "cover_photo": self.photo(slug, headline, index),
            },
        )
        if created:
            for position, author_slug in enumerate(byline_slugs):
                Byline.objects.create(
                    article=article, author=authors[author_slug], position=position
                )
            article.tags.set(tags)
        return article

    def photo(self, slug, headline, index):
        source_url = f"https://newsroom.example/demo/photos/{slug}"
        photo = Photo.objects.filter(source_url=source_url).first()
        if photo is None:
            photo = create_photo(
                demo_images.landscape(index, name=f"{slug}.jpg"),
                alt_text=f"Illustration: a landscape at dusk, for “{headline}”",
                caption=f"A scene related to the story “{headline}”.",
                credit=CREDITS[index % len(CREDITS)],
                licence="CC BY-SA 4.0",
                source_url=source_url,
            )
        return photo

    def sign_in_hint(self):
        if not settings.DEBUG:
            return
        user_model = get_user_model()
        if not user_model.objects.filter(username=DEMO_USERNAME).exists():
            user_model.objects.create_superuser(
                DEMO_USERNAME, f"{DEMO_USERNAME}@newsroom.example", DEMO_PASSWORD
            )
        self.stdout.write(
            f"Sign in to the admin at {settings.SITE_URL}/admin/ "
            f"as {DEMO_USERNAME} / {DEMO_PASSWORD} (demo account, DEBUG only)."
        )
