"""The navigation and footer every page shares are rendered once and kept until a change purges
them (`newsroom.caching.cached_fragment`), also for pages rendered afresh."""

import pytest
from django.utils import translation

from tests.factories import ArticleFactory, SectionFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def uncached_pages(settings):
    """Pages rendered for every request, as on a page-cache miss."""
    settings.PAGE_CACHE_SECONDS = 0


def test_a_second_page_reuses_the_navigation_and_footer(
    client, uncached_pages, django_assert_max_num_queries
):
    story = ArticleFactory()
    client.get("/")
    # The article, its bylines, tags, corrections and the two Don't Miss queries: no sections,
    # footer pages or latest publication.
    with django_assert_max_num_queries(6):
        assert client.get(story.get_absolute_url()).status_code == 200


def test_each_section_page_marks_itself_in_the_navigation(client, uncached_pages):
    news = ArticleFactory(section=SectionFactory(name="News", slug="news")).section
    culture = ArticleFactory(section=SectionFactory(name="Culture", slug="culture")).section
    for current, other in [(news, culture), (culture, news)]:
        page = client.get(current.get_absolute_url()).content.decode()
        assert f'href="{current.get_absolute_url()}" aria-current="page"' in page
        assert f'href="{other.get_absolute_url()}" aria-current' not in page


def test_renaming_a_section_renames_it_in_every_navigation(client, uncached_pages):
    story = ArticleFactory()
    client.get("/")
    section = story.section
    section.name = "Local news"
    section.save()
    page = client.get(story.get_absolute_url()).content.decode()
    assert '<nav class="section-nav"' in page
    assert ">Local news</a>" in page


def test_a_site_in_another_language_gets_its_own_navigation(client, uncached_pages, settings):
    ArticleFactory()
    assert 'aria-label="Sections"' in client.get("/").content.decode()
    settings.LANGUAGE_CODE = "es"
    with translation.override("es"):
        assert 'aria-label="Secciones"' in client.get("/").content.decode()


def test_fragments_can_be_turned_off(client, uncached_pages, settings):
    settings.FRAGMENT_CACHE_SECONDS = 0
    ArticleFactory()
    client.get("/")
    section = SectionFactory(name="Weather", slug="weather")  # in a transaction of its own: no
    # purge in a test, so only rendering afresh shows it
    assert f'href="{section.get_absolute_url()}"' in client.get("/").content.decode()
