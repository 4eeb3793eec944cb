"""What readers see on each public page, and how pages answer bad input."""

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from django.utils import timezone
from django.views.defaults import server_error

from articles.models import SlugRedirect
from authors.images import process_author_photo
from tests.factories import (
    ArticleFactory,
    AuthorFactory,
    CorrectionFactory,
    PhotoFactory,
    SectionFactory,
    image_file,
)

pytestmark = pytest.mark.django_db

NEW_YORK = ZoneInfo("America/New_York")


def test_home_shows_lead_story_with_its_photo_then_latest(client):
    ArticleFactory(headline="Older story", publish_at=timezone.now() - timedelta(days=2))
    ArticleFactory(headline="Lead story", cover_photo=PhotoFactory(alt_text="A bridge at night"))
    html = client.get("/").content.decode()
    lead = html.index('class="lead-story"')
    assert lead < html.index("Lead story") < html.index("Older story")
    assert 'alt="A bridge at night"' in html


def test_home_lists_sections_in_navigation(client):
    SectionFactory(name="Culture", slug="culture")
    html = client.get("/").content.decode()
    assert '<nav class="section-nav" aria-label="Sections">' in html
    assert 'href="/sections/culture/"' in html


def test_home_paginates_twenty_a_page(client):
    for n in range(21):
        ArticleFactory(headline=f"Story {n:02d}", publish_at=timezone.now() - timedelta(hours=n))
    first = client.get("/").content.decode()
    second = client.get("/?page=2").content.decode()
    assert "Story 19" in first and "Story 20" not in first
    assert "Story 20" in second and 'rel="prev"' in second


@pytest.mark.parametrize("page", ["0", "3", "abc", "-1", "1.5", ""])
def test_bad_page_number_is_404(client, page):
    ArticleFactory()
    assert client.get("/", {"page": page}).status_code == (200 if page == "" else 404)


def test_page_last_shows_the_last_page(client):
    for n in range(21):
        ArticleFactory(headline=f"Story {n:02d}", publish_at=timezone.now() - timedelta(hours=n))
    response = client.get("/?page=last")
    assert response.status_code == 200
    assert response.context["page_obj"].number == 2


def test_article_page_shows_everything_a_reader_needs(client):
    author = AuthorFactory(name="Ana Pérez", job_title="Journalist", location="Caracas, Venezuela")
    article = ArticleFactory(
        headline="Water returns to Petare",
        dek="After six days without supply.",
        authors=[author],
        tag_names=["Water"],
        cover_photo=PhotoFactory(caption="A tanker in Petare.", credit="Wikimedia Commons"),
    )
    CorrectionFactory(article=article, text="An earlier version gave the wrong date.")
    html = client.get(article.get_absolute_url()).content.decode()
    assert "<h1 " in html and "Water returns to Petare</h1>" in html
    assert "After six days without supply." in html
    assert f'<a href="{author.get_absolute_url()}">Ana Pérez</a>' in html
    published = timezone.localtime(article.publish_at).replace(microsecond=0)
    assert f'<time datetime="{published.isoformat()}">' in html
    assert "Photo: Wikimedia Commons" in html and "A tanker in Petare." in html
    assert "An earlier version gave the wrong date." in html
    assert 'href="/tags/water/" rel="tag"' in html
    assert 'class="author-box"' in html and "Journalist · Caracas, Venezuela" in html


def test_article_page_has_an_author_box_per_byline(client):
    authors = [AuthorFactory(name=name) for name in ("Ana", "Luis", "Marta")]
    article = ArticleFactory(authors=authors)
    html = client.get(article.get_absolute_url()).content.decode()
    assert html.count('class="author-box"') == 3
    assert (
        html.index(">Ana</a></h2>") < html.index(">Luis</a></h2>") < html.index(">Marta</a></h2>")
    )


def test_article_page_shows_updated_time_only_after_a_later_edit(client):
    article = ArticleFactory(publish_at=timezone.now())
    assert "Updated" not in client.get(article.get_absolute_url()).content.decode()
    article.publish_at = timezone.now() - timedelta(days=1)
    article.save()
    assert "Updated <time" in client.get(article.get_absolute_url()).content.decode()


def test_article_url_date_is_in_new_york_time(client):
    # 02:30 UTC on 1 March is still 28 February in New York.
    article = ArticleFactory(publish_at=datetime(2026, 3, 1, 2, 30, tzinfo=ZoneInfo("UTC")))
    assert article.get_absolute_url() == f"/2026/02/28/{article.slug}/"
    assert client.get(article.get_absolute_url()).status_code == 200


def test_article_with_wrong_date_in_url_redirects_to_its_url(client):
    article = ArticleFactory(publish_at=datetime(2026, 3, 5, 12, tzinfo=NEW_YORK))
    response = client.get(f"/2026/03/06/{article.slug}/")
    assert response.status_code == 301
    assert response["Location"] == article.get_absolute_url()


def test_old_slug_redirects_permanently_to_current_url(client):
    article = ArticleFactory(slug="new-slug")
    SlugRedirect.objects.create(old_slug="old-slug", article=article)
    when = timezone.localtime(article.publish_at)
    response = client.get(f"/{when:%Y/%m/%d}/old-slug/")
    assert response.status_code == 301
    assert response["Location"] == article.get_absolute_url()


def test_unknown_article_slug_is_404(client):
    assert client.get("/2026/03/05/no-such-story/").status_code == 404


@pytest.mark.parametrize(
    "path",
    [
        "/26/",
        "/2026/3/",
        "/2026/13/",
        "/2026/00/",
        "/0000/",
        "/0000/00/",
        "/2026/03/5/slug/",
        "/20266/",
    ],
)
def test_malformed_dates_are_404(client, path):
    ArticleFactory(publish_at=datetime(2026, 3, 5, 12, tzinfo=NEW_YORK))
    assert client.get(path).status_code == 404


def test_section_page_lists_only_its_articles(client):
    culture = SectionFactory(name="Culture", slug="culture", description="Arts and books.")
    ArticleFactory(headline="A new opera", section=culture)
    ArticleFactory(headline="Council vote")
    html = client.get("/sections/culture/").content.decode()
    assert "A new opera" in html and "Council vote" not in html
    assert "Arts and books." in html


def test_unknown_section_is_404(client):
    assert client.get("/sections/nowhere/").status_code == 404


def test_tag_page_lists_tagged_articles(client):
    ArticleFactory(headline="Rain floods Petare", tag_names=["Weather"])
    ArticleFactory(headline="Council vote", tag_names=["Politics"])
    html = client.get("/tags/weather/").content.decode()
    assert "Rain floods Petare" in html and "Council vote" not in html
    assert "<h1>Weather</h1>" in html


def test_unknown_tag_is_404(client):
    assert client.get("/tags/nothing/").status_code == 404


def test_author_page_shows_full_bio_links_and_articles(client):
    author = AuthorFactory(
        name="Ana Pérez",
        bio="Ana is a journalist from Caracas, Venezuela.\n\nShe covers water and power.",
        website="https://ana.example",
    )
    ArticleFactory(headline="Water returns", authors=[author])
    ArticleFactory(headline="Someone else's story")
    html = client.get(author.get_absolute_url()).content.decode()
    assert "Ana is a journalist from Caracas, Venezuela." in html
    assert "She covers water and power." in html
    assert 'href="https://ana.example"' in html
    assert "Water returns" in html and "Someone else" not in html
    assert author.email not in html


def test_inactive_author_page_is_404(client):
    author = AuthorFactory(is_active=False)
    assert client.get(author.get_absolute_url()).status_code == 404


def test_year_archive_lists_that_years_articles(client):
    ArticleFactory(headline="In 2025", publish_at=datetime(2025, 6, 1, 12, tzinfo=NEW_YORK))
    ArticleFactory(headline="In 2024", publish_at=datetime(2024, 6, 1, 12, tzinfo=NEW_YORK))
    html = client.get("/2025/").content.decode()
    assert "In 2025" in html and "In 2024" not in html
    assert 'href="/2025/06/"' in html


def test_month_archive_uses_new_york_dates(client):
    # 03:00 UTC on 1 July is 30 June in New York: a June story.
    ArticleFactory(headline="Late June", publish_at=datetime(2025, 7, 1, 3, tzinfo=ZoneInfo("UTC")))
    assert "Late June" in client.get("/2025/06/").content.decode()
    assert client.get("/2025/07/").status_code == 404


def test_empty_year_archive_is_404(client):
    assert client.get("/1999/").status_code == 404


def test_not_found_page_is_in_site_style(client):
    response = client.get("/no/such/page/")
    assert response.status_code == 404
    html = response.content.decode()
    assert "We couldn’t find that page" in html and 'class="site-header"' in html


def test_server_error_page_renders_without_request_context(rf):
    response = server_error(rf.get("/"))
    assert response.status_code == 500
    assert "Something went wrong on our side" in response.content.decode()


def test_pages_send_etag_and_answer_304(client):
    article = ArticleFactory()
    for path in ("/", article.get_absolute_url()):
        response = client.get(path)
        assert response.has_header("ETag")
        again = client.get(path, headers={"if-none-match": response["ETag"]})
        assert again.status_code == 304


def test_author_box_shows_the_author_photo(client):
    author = AuthorFactory(name="Ana Pérez", photo=image_file("ana.jpg", size=(200, 200)))
    process_author_photo(author)
    article = ArticleFactory(authors=[author])
    html = client.get(article.get_absolute_url()).content.decode()
    assert f'src="{author.photo_square["url"]}" alt="Ana Pérez"' in html


def test_year_archive_links_to_neighbouring_years_with_stories(client):
    ArticleFactory(publish_at=datetime(2023, 6, 1, 12, tzinfo=NEW_YORK))
    ArticleFactory(publish_at=datetime(2025, 6, 1, 12, tzinfo=NEW_YORK))
    ArticleFactory(publish_at=datetime(2026, 1, 1, 12, tzinfo=NEW_YORK))
    html = client.get("/2025/").content.decode()
    assert 'href="/2023/"' in html and 'href="/2026/"' in html
