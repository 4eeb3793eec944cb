"""Load the demo newsroom: a small, hand-written set of stories. Safe to run again."""

from datetime import timedelta

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand
from django.db import transaction
from django.utils import timezone

from articles import demo_images
from articles.images import create_photo
from articles.models import (
    Article,
    Byline,
    Correction,
    Page,
    Photo,
    RelatedArticle,
    Section,
)
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
        "location": "Alder Falls",
        "bio": (
            "María González is a journalist from Caracas, Venezuela, who covers migration, "
            "work and the valley's Spanish-speaking community.\n\n"
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
        "location": "Alder Falls",
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
        "location": "Alder Falls",
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
        "location": "Alder Falls",
        "bio": (
            "Lucas Pereira, who grew up in São Paulo, Brazil, turns public records into "
            "stories, with a focus on housing and transit.\n\n"
            "He teaches a data-journalism workshop at the community college."
        ),
        "website": "https://example.org/lucas",
    },
]

# Each story: slug, section, headline, dek, bylines, tags, days before now (None: a draft;
# negative: scheduled), the caption of its drawn cover picture, and its body paragraphs.
ARTICLES = [
    {
        "slug": "river-bridge-reopens",
        "section": "news",
        "headline": "Harbor Street bridge reopens after two years of repairs",
        "dek": "Commuters get back a crossing that carried 30,000 cars a day.",
        "bylines": ["tom-becker"],
        "tags": ["transport", "infrastructure", "city"],
        "days_ago": 0.2,
        "caption": "The Harbor Street bridge from the east bank, drawn by our graphics desk.",
        "body": [
            "Traffic crossed the Harbor Street bridge at 6 a.m. on Tuesday for the first time "
            "since the spring of 2024, when inspectors found corroded steel under the deck.",
            "The $27 million repair replaced both approach spans and widened the sidewalk to "
            "three metres. A protected bike lane runs in each direction.",
            "“My commute went from fifty minutes back to twenty,” said Rosa Delgado, who drives "
            "from the west side to the hospital where she works nights.",
            "The city's public works director, Mark Ellison, said crews would return for two "
            "weekends in May to finish the railings. Lanes will stay open during that work.",
        ],
    },
    {
        "slug": "council-approves-budget",
        "section": "politics",
        "headline": "Council approves a $412 million budget after a long night",
        "dek": "The vote was 7-2, with cuts to parks and more money for road repairs.",
        "bylines": ["tom-becker", "lucas-pereira"],
        "tags": ["budget", "city council", "parks"],
        "days_ago": 0.5,
        "caption": "City hall after the council's budget session, drawn by our graphics desk.",
        "body": [
            "After nearly four hours of public comment, the city council passed next year's "
            "budget shortly before 1 a.m. on Wednesday.",
            "Road repairs get $18 million, up from $11 million. The parks department loses "
            "$2.4 million, which will close two of the city's five public pools in August.",
            "“This is not the budget anyone wanted, but it is the one we can pay for,” Mayor "
            "Janet Okoro said before the vote.",
            "Council members Luis Ortega and Priya Nair voted against. Ortega said the pool "
            "closures would fall hardest on families without air conditioning.",
            "The budget takes effect on July 1. Property tax rates stay the same.",
        ],
    },
    {
        "slug": "migrants-find-work-in-farms",
        "section": "news",
        "headline": "Venezuelan migrants find seasonal work on valley farms",
        "dek": "Growers say they could not bring in the harvest without them.",
        "bylines": ["maria-gonzalez"],
        "tags": ["migration", "labour", "agriculture"],
        "days_ago": 1,
        "caption": "Apple orchards in the upper valley, drawn by our graphics desk.",
        "body": [
            "At Hollis Orchards, 22 of the 31 pickers this season came from Venezuela. Most "
            "arrived in the valley in the last two years.",
            "“I was an accountant in Maracay,” said Jesús Paredes, 44, who climbs ladders from "
            "7 a.m. to 4 p.m. “Here I count apples. It is honest work, and my daughter is in "
            "school.”",
            "Growers pay $17.50 an hour on average, according to the county farm bureau, and "
            "many provide housing on the farm during the harvest.",
            "The bureau estimates that a quarter of the valley's seasonal workers are now "
            "Venezuelan, up from almost none five years ago.",
        ],
    },
    {
        "slug": "jazz-festival-returns",
        "section": "culture",
        "headline": "Jazz festival returns to the old market hall",
        "dek": "Five nights, forty musicians and a brass band from New Orleans.",
        "bylines": ["aisha-rahman"],
        "tags": ["music", "festivals"],
        "days_ago": 1.5,
        "caption": "The old market hall on Front Street, drawn by our graphics desk.",
        "body": [
            "The Alder Falls Jazz Festival is back in the market hall on Front Street for the "
            "first time since the building's roof was replaced.",
            "The room was full long before the opening set on Friday, with people standing "
            "along the walls and sitting on the stairs.",
            "“Music is how this neighbourhood talks to itself,” said the festival's organiser, "
            "Daniel Okafor, who has run it as a volunteer for eleven years.",
            "Tickets for the remaining four nights sold out within an hour, but the Sunday "
            "afternoon concert in Riverside Park is free.",
        ],
    },
    {
        "slug": "rents-rise-fastest-downtown",
        "section": "news",
        "headline": "Rents rise fastest downtown, records show",
        "dek": "An analysis of 12,000 leases finds a 14% rise in two years.",
        "bylines": ["lucas-pereira"],
        "tags": ["housing", "data"],
        "days_ago": 2,
        "caption": "Apartment blocks on Mill Street, drawn by our graphics desk.",
        "body": [
            "The median rent for a one-bedroom apartment downtown rose from $1,180 to $1,345 a "
            "month between 2023 and 2025, according to leases filed with the county.",
            "Outside downtown, rents rose 6% over the same period.",
            "The newsroom analysed 12,000 leases from the county's rental registry. The data "
            "and our method are published with this story.",
            "“Every time a building changes hands, the rents jump,” said Carla Mendes of the "
            "Alder Falls Tenants Union. Eleven downtown buildings were sold in the period.",
        ],
    },
    {
        "slug": "school-board-election",
        "section": "politics",
        "headline": "Three newcomers win school board seats",
        "dek": "Turnout was the highest in a decade.",
        "bylines": ["tom-becker"],
        "tags": ["elections", "education"],
        "days_ago": 3,
        "caption": "Voters outside the Lincoln school gym, drawn by our graphics desk.",
        "body": [
            "Three candidates who had never held office won seats on the school board on "
            "Tuesday, unseating two incumbents.",
            "Turnout reached 31% of registered voters, the highest for a school board race "
            "since 2015, according to the county clerk.",
            "The winners, Hannah Lee, Marcus Bell and Teresa Ruiz, all campaigned on smaller "
            "class sizes and later start times for the high school.",
            "The new board members will be sworn in on January 8.",
        ],
    },
    {
        "slug": "remittances-keep-families-afloat",
        "section": "news",
        "headline": "Remittances keep families afloat back home",
        "dek": "Money sent from abroad now pays for food, school fees and medicine.",
        "bylines": ["maria-gonzalez", "lucas-pereira"],
        "tags": ["migration", "economy"],
        "days_ago": 4,
        "caption": "A money-transfer counter on Main Street, drawn by our graphics desk.",
        "body": [
            "Every other Friday, Yolanda Pérez sends $150 to her mother in Barquisimeto. It "
            "pays for insulin, groceries and her nephew's school uniform.",
            "The three money-transfer counters on Main Street handle about 900 transfers a "
            "week, their managers said. Most are under $200.",
            "“Without this money my mother would have to choose between food and medicine,” "
            "Pérez said.",
            "Economists estimate that remittances now make up about 5% of Venezuela's "
            "economy, more than at any time since records began.",
        ],
    },
    {
        "slug": "night-market-food",
        "section": "culture",
        "headline": "At the night market, recipes travel from Caracas to Kyoto",
        "dek": "Twenty stalls, twenty stories about the dishes people brought with them.",
        "bylines": ["aisha-rahman", "maria-gonzalez"],
        "tags": ["food", "migration", "city"],
        "days_ago": 5,
        "caption": "Stalls at the Saturday night market, drawn by our graphics desk.",
        "body": [
            "The night market in the Front Street parking lot opens at 6 p.m. every Saturday "
            "from May to October, and the lines start forming at half past five.",
            "Carmen Rojas fries arepas from a recipe her grandmother used in Caracas. Two stalls "
            "down, Kenji Watanabe grills yakitori the way his uncle did in Kyoto.",
            "“People come for the food and stay to talk,” Rojas said. “Half my customers ask "
            "where I learned to cook.”",
            "The market started with six stalls in 2021. This year it has twenty, and a "
            "waiting list of fourteen more.",
        ],
    },
    {
        "slug": "bus-routes-redrawn",
        "section": "news",
        "headline": "Transit agency redraws eleven bus routes",
        "dek": "Riders on the east side gain frequent service; two routes disappear.",
        "bylines": ["lucas-pereira"],
        "tags": ["transport", "data"],
        "days_ago": 6,
        "caption": "A bus on the new Route 4, drawn by our graphics desk.",
        "body": [
            "Starting March 2, buses on four east-side routes will come every 12 minutes "
            "instead of every 30, the transit agency announced on Monday.",
            "To pay for the change, Routes 17 and 22 will be cut. Together they carried about "
            "400 riders a day, the agency's figures show.",
            "“We are putting buses where the riders are,” said the agency's planning director, "
            "Amira Haddad.",
            "Riders can comment on the plan at two public meetings next week, at the main "
            "library and at the East Side Community Center.",
        ],
    },
    {
        "slug": "library-expansion-vote",
        "section": "politics",
        "headline": "Library expansion heads to voters in March",
        "dek": "The $38 million bond would add a children's wing and longer hours.",
        "bylines": ["tom-becker"],
        "tags": ["elections", "libraries", "budget"],
        "days_ago": 7,
        "caption": "The main library on Elm Street, drawn by our graphics desk.",
        "body": [
            "The council voted 6-3 on Monday to put a $38 million library bond on the March "
            "ballot.",
            "The money would pay for a children's wing at the main library, new roofs at two "
            "branches and Sunday hours at all four.",
            "For the owner of a median-priced home, the bond would add about $48 a year to the "
            "property tax bill, the city's finance office estimates.",
            "“Our branches are full every afternoon,” said head librarian Grace Whitfield. "
            "“We are running out of room for the kids who come after school.”",
        ],
    },
    {
        "slug": "bookshop-turns-fifty",
        "section": "culture",
        "headline": "The corner bookshop turns fifty",
        "dek": "Three generations of one family have kept the lights on.",
        "bylines": ["aisha-rahman"],
        "tags": ["books", "small business"],
        "days_ago": 8,
        "caption": "Alder Books on the corner of Elm and Third, drawn by our graphics desk.",
        "body": [
            "Ruth Abrams opened Alder Books in 1976 with 800 secondhand paperbacks and a cash "
            "box. Her granddaughter, Naomi, runs it now.",
            "The shop survived two recessions, a flood and the arrival of online bookselling. "
            "It now stocks about 14,000 titles, a third of them used.",
            "“People keep telling us bookshops are finished,” Naomi Abrams said. “Then they "
            "come in on a Saturday and stay for an hour.”",
            "The shop celebrates with readings by local authors every evening this week.",
        ],
    },
    {
        "slug": "heat-wave-cooling-centres",
        "section": "news",
        "headline": "Cooling centres open as the heat wave lingers",
        "dek": "The city extended hours at six libraries and two community centres.",
        "bylines": ["tom-becker", "maria-gonzalez"],
        "tags": ["weather", "city", "libraries"],
        "days_ago": 9,
        "caption": "Riverside Park in the afternoon heat, drawn by our graphics desk.",
        "body": [
            "Temperatures reached 38 °C on Thursday, the fourth day in a row above 35, the "
            "National Weather Service said.",
            "Six libraries and two community centres will stay open until 10 p.m. through "
            "Sunday as cooling centres. Water and chairs are available at each.",
            "“Check on your neighbours, especially older people who live alone,” said the "
            "county health officer, Dr. Samuel Adeyemi.",
            "Buses to the cooling centres are free until the heat advisory ends.",
        ],
    },
    {
        "slug": "draft-water-rates",
        "section": "news",
        "headline": "Water rates: what the new tiers will cost households",
        "dek": "A draft still being reported.",
        "bylines": ["lucas-pereira"],
        "tags": ["utilities", "data"],
        "days_ago": None,
        "caption": "The water treatment plant, drawn by our graphics desk.",
        "body": ["Reporting in progress: waiting for the utility's figures for 2024."],
    },
    {
        "slug": "scheduled-election-guide",
        "section": "politics",
        "headline": "Your guide to the March ballot",
        "dek": "Every measure and candidate, explained.",
        "bylines": ["tom-becker"],
        "tags": ["elections"],
        "days_ago": -2,
        "caption": "A ballot drop box outside city hall, drawn by our graphics desk.",
        "body": [
            "Voters in Alder Falls will decide on a library bond, two council seats and a "
            "change to the city charter on March 3.",
            "Ballots will be mailed on February 10. Drop boxes open the same day.",
        ],
    },
]

RELATED = {
    "council-approves-budget": ["library-expansion-vote", "river-bridge-reopens"],
    "migrants-find-work-in-farms": ["remittances-keep-families-afloat", "night-market-food"],
    "jazz-festival-returns": ["bookshop-turns-fifty"],
    "rents-rise-fastest-downtown": ["bus-routes-redrawn"],
}

CORRECTION = (
    "council-approves-budget",
    "An earlier version of this story gave the wrong vote count. It was 7-2, not 6-3.",
)

# The newsroom's static pages, linked from the footer in this order.
PAGES = [
    (
        "about",
        "About us",
        "<p>The Newsroom is an independent, nonprofit newsroom covering Alder Falls and the "
        "upper valley. Our six reporters and editors live here.</p>"
        "<p>We are funded by our readers, two local foundations and advertising. No funder "
        "sees a story before it is published or has a say in what we cover.</p>",
    ),
    (
        "contact",
        "Contact",
        '<p>Send news tips to <a href="mailto:tips@newsroom.example">tips@newsroom.example'
        "</a> or call the newsroom at (555) 014-2200, weekdays from 9 a.m. to 6 p.m.</p>"
        "<p>Our office is at 120 Front Street, second floor.</p>",
    ),
    (
        "ethics",
        "Ethics policy",
        "<p>We verify before we publish, name our sources whenever we can and explain why "
        "when we cannot.</p><p>Our journalists do not accept gifts, travel or payment from the "
        "people and organisations they cover, and they disclose any conflict of interest to "
        "an editor.</p>",
    ),
    (
        "corrections-policy",
        "Corrections policy",
        "<p>When we get a fact wrong, we correct the story as soon as we know and add a dated "
        "note at its foot saying what changed. We do not quietly edit mistakes away.</p>"
        "<p>Every correction is listed on our corrections page. To report an error, write to "
        '<a href="mailto:corrections@newsroom.example">corrections@newsroom.example</a>.</p>',
    ),
]

DEMO_USERNAME = "admin"
DEMO_PASSWORD = "admin"  # noqa: S105 - local demo only; created only when DEBUG is on


class Command(BaseCommand):
    help = "Load the demo newsroom (sections, authors, photos, articles, pages). Idempotent."

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
        for index, story in enumerate(ARTICLES):
            articles[story["slug"]] = self.article(story, index, sections, authors)
        for slug, picks in RELATED.items():
            for position, pick in enumerate(picks):
                RelatedArticle.objects.get_or_create(
                    article=articles[slug], related=articles[pick], defaults={"position": position}
                )
        corrected, text = CORRECTION
        article = articles[corrected]
        Correction.objects.get_or_create(
            article=article,
            text=text,
            defaults={"corrected_at": article.publish_at + timedelta(hours=5)},
        )
        for position, (slug, title, body) in enumerate(PAGES):
            Page.objects.update_or_create(
                slug=slug,
                defaults={"title": title, "body": body, "is_in_footer": True, "position": position},
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

    def article(self, story, index, sections, authors):
        days_ago = story["days_ago"]
        if days_ago is None:
            status, publish_at = Article.Status.DRAFT, None
        else:
            status = Article.Status.PUBLISHED
            publish_at = timezone.now() - timedelta(days=days_ago)
        article, created = Article.objects.get_or_create(
            slug=story["slug"],
            defaults={
                "headline": story["headline"],
                "dek": story["dek"],
                "body": "".join(f"<p>{text}</p>" for text in story["body"]),
                "section": sections[story["section"]],
                "status": status,
                "publish_at": publish_at,
                "cover_photo": self.photo(story, index),
            },
        )
        if created:
            for position, author_slug in enumerate(story["bylines"]):
                Byline.objects.create(
                    article=article, author=authors[author_slug], position=position
                )
            article.tags.set(story["tags"])
            if publish_at is not None:
                # Written and published at once: nobody has edited these stories since, so
                # they must not say "Updated" (update() skips auto_now; the row is complete).
                Article.objects.filter(pk=article.pk).update(
                    created_at=min(publish_at, article.created_at), updated_at=publish_at
                )
                article.refresh_from_db()
        return article

    def photo(self, story, index):
        source_url = f"https://newsroom.example/demo/photos/{story['slug']}"
        photo = Photo.objects.filter(source_url=source_url).first()
        if photo is None:
            photo = create_photo(
                demo_images.landscape(index, name=f"{story['slug']}.jpg"),
                alt_text="Drawing of green hills under a pale sun and a coloured sky",
                caption=story["caption"],
                credit=settings.SITE_NAME,
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
