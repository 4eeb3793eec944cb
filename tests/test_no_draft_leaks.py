"""Drafts, articles in review and scheduled articles appear nowhere public (rule 1)."""

import pytest
from django.utils import timezone

from tests.factories import ArticleFactory, AuthorFactory, SectionFactory

pytestmark = pytest.mark.django_db

SECRET = "Zanzibarsecret"
STATES = [{"draft": True}, {"in_review": True}, {"scheduled": True}]


@pytest.fixture(params=STATES, ids=["draft", "in_review", "scheduled"])
def hidden(request):
    """A public article and an unpublished one sharing author, section, tag and month."""
    author = AuthorFactory(name="Ana Pérez")
    section = SectionFactory(name="Culture", slug="culture")
    visible = ArticleFactory(
        headline="Visible story", authors=[author], section=section, tag_names=["Water"]
    )
    secret = ArticleFactory(
        headline=f"{SECRET} headline",
        dek=SECRET,
        authors=[author],
        section=section,
        tag_names=["Water", "Hidden"],
        related_articles=[visible],
        **request.param,
    )
    # Give the hidden article today's date so it would fall in the same archives.
    secret.publish_at = secret.publish_at or timezone.now()
    secret.save()
    ArticleFactory(headline="Linker", related_articles=[secret], tag_names=["Water", "Hidden"])
    return secret


def public_paths():
    today = timezone.localtime()
    return [
        "/",
        "/sections/culture/",
        "/tags/water/",
        "/authors/ana-perez/",
        f"/{today:%Y}/",
        f"/{today:%Y/%m}/",
        f"/search/?q={SECRET}",
        "/sitemap.xml",
        "/sitemap-articles.xml",
        "/sitemap-sections.xml",
        "/sitemap-tags.xml",
        "/sitemap-authors.xml",
        "/news-sitemap.xml",
    ]


def test_unpublished_article_is_on_no_public_page(client, hidden):
    from articles.models import Article

    linker = Article.objects.get(headline="Linker")
    for path in [*public_paths(), linker.get_absolute_url()]:
        response = client.get(path)
        assert response.status_code == 200, path
        body = response.content.decode()
        assert hidden.headline not in body, path
        assert f'<p class="dek">{SECRET}' not in body, path
        assert hidden.slug not in body, path


def test_unpublished_article_url_is_404(client, hidden):
    assert client.get(hidden.get_absolute_url()).status_code == 404


def test_tag_carried_only_by_unpublished_articles_is_404_and_not_in_sitemap(client, hidden):
    from articles.models import Article

    Article.objects.filter(headline="Linker").delete()
    assert client.get("/tags/hidden/").status_code == 404
    assert "/tags/hidden/" not in client.get("/sitemap-tags.xml").content.decode()


def test_search_count_ignores_unpublished_articles(client, hidden):
    response = client.get("/search/", {"q": SECRET})
    assert "0 results" in response.content.decode()
