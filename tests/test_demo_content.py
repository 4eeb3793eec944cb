import pytest
from django.core.management import call_command
from taggit.models import Tag

from articles import copydesk
from articles.models import Article, Correction, Page, Photo, RelatedArticle, Section
from authors.models import Author

pytestmark = pytest.mark.django_db


def counts():
    return {
        model.__name__: model.objects.count()
        for model in (Article, Author, Section, Photo, Correction, RelatedArticle, Tag)
    }


def test_load_demo_builds_the_demo_newsroom(settings):
    settings.DEBUG = True
    call_command("load_demo", stdout=None)
    assert Article.objects.published().count() >= 12
    assert Section.objects.count() == 3
    assert Author.objects.exclude(bio="").exclude(photo="").count() == 4
    assert Tag.objects.count() >= 15
    assert Correction.objects.count() == 1
    assert RelatedArticle.objects.exists()
    assert Article.objects.filter(status=Article.Status.DRAFT).count() == 1
    assert Article.objects.scheduled().count() == 1
    assert not Photo.objects.filter(credit="").exists()
    assert not Photo.objects.filter(width__isnull=True).exists()


def test_load_demo_twice_duplicates_nothing(settings):
    settings.DEBUG = True
    call_command("load_demo")
    before = counts()
    call_command("load_demo")
    assert counts() == before


def test_seed_articles_is_deterministic_and_tops_up():
    call_command("seed_articles", articles=50, photos=2, authors=5, tags=10)
    first = list(Article.objects.order_by("slug").values_list("headline", "status"))
    Article.objects.filter(slug__startswith="seed-").delete()
    call_command("seed_articles", articles=30, photos=2, authors=5, tags=10)
    call_command("seed_articles", articles=50, photos=2, authors=5, tags=10)
    assert list(Article.objects.order_by("slug").values_list("headline", "status")) == first
    assert Article.objects.count() == 50


def test_demo_reads_like_a_local_paper(settings, client):
    settings.DEBUG = True
    call_command("load_demo", stdout=None)
    published = Article.objects.published().with_last_correction()
    updated = [a.slug for a in published if a.last_update(a.last_corrected_at)]
    # Only the corrected story says "Updated"; nobody edited the others after publication.
    assert updated == ["council-approves-budget"]
    for article in published:
        assert article.dek not in article.body, article.slug
        assert article.body.count("<p>") >= 4, article.slug
        assert not copydesk.review(copydesk.Copy.from_article(article)), article.slug
    assert not Photo.objects.filter(caption__icontains="related to the story").exists()
    assert set(Photo.objects.values_list("credit", "licence")) == {(settings.SITE_NAME, "")}
    assert list(Page.objects.filter(is_in_footer=True).values_list("slug", flat=True)) == [
        "about",
        "contact",
        "ethics",
        "corrections-policy",
    ]
    assert 'href="/pages/ethics/">Ethics policy</a>' in client.get("/").content.decode()


def test_demo_search_finds_a_reporter_by_name_without_accents(settings):
    settings.DEBUG = True
    call_command("load_demo", stdout=None)
    assert Article.objects.published().search("gonzalez").count() == 4
