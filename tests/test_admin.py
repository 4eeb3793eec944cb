import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from articles.models import Article, Photo
from tests.factories import (
    ArticleFactory,
    AuthorFactory,
    CorrectionFactory,
    PhotoFactory,
    SectionFactory,
    image_file,
)

pytestmark = pytest.mark.django_db

MODELS = [
    ("articles", "article", ArticleFactory),
    ("articles", "section", SectionFactory),
    ("articles", "photo", PhotoFactory),
    ("authors", "author", AuthorFactory),
]


@pytest.mark.parametrize("app, model, factory", MODELS)
def test_changelist_add_and_change_pages_load(admin_client, app, model, factory):
    obj = factory()
    for url in (
        reverse(f"admin:{app}_{model}_changelist"),
        reverse(f"admin:{app}_{model}_add"),
        reverse(f"admin:{app}_{model}_change", args=[obj.pk]),
    ):
        assert admin_client.get(url).status_code == 200, url


def test_article_list_shows_section_bylines_and_state(admin_client):
    ArticleFactory(
        headline="Ferry strike ends",
        authors=[AuthorFactory(name="Ana Silva"), AuthorFactory(name="Ben Ode")],
        cover_photo=PhotoFactory(),
    )
    ArticleFactory(headline="Tomorrow's story", scheduled=True)
    page = admin_client.get(reverse("admin:articles_article_changelist")).content.decode()
    assert "News · Ana Silva · Ben Ode" in page
    assert "Scheduled" in page


def test_article_list_filters_and_search_load(admin_client):
    article = ArticleFactory(headline="Ferry strike ends", tag_names=["ferries"])
    url = reverse("admin:articles_article_changelist")
    for query in (
        {"status__exact": "published"},
        {"section__id__exact": article.section_id},
        {"q": "ferry"},
        {"tag": article.tags.get().pk},
    ):
        response = admin_client.get(url, query)
        assert response.status_code == 200
        assert "Ferry strike ends" in response.content.decode()


def test_article_with_many_corrections_and_bylines_loads(admin_client):
    article = ArticleFactory(authors=[AuthorFactory() for _ in range(3)])
    CorrectionFactory.create_batch(3, article=article)
    response = admin_client.get(reverse("admin:articles_article_change", args=[article.pk]))
    assert response.status_code == 200


def article_form_data(**overrides):
    data = {
        "headline": "New headline",
        "slug": "",
        "dek": "",
        "body": "<p>Text</p>",
        "section": "",
        "tags": "",
        "cover_photo": "",
        "status": "draft",
        "publish_at_0": "",
        "publish_at_1": "",
    }
    for prefix in ("bylines", "related_links", "corrections"):
        data |= {
            f"{prefix}-TOTAL_FORMS": "0",
            f"{prefix}-INITIAL_FORMS": "0",
            f"{prefix}-MIN_NUM_FORMS": "0",
            f"{prefix}-MAX_NUM_FORMS": "1000",
        }
    return data | overrides


def test_duplicate_slug_is_a_form_error_and_saves_nothing(admin_client):
    ArticleFactory(slug="taken")
    response = admin_client.post(
        reverse("admin:articles_article_add"), article_form_data(slug="taken")
    )
    assert response.status_code == 200
    assert "Article with this Slug already exists." in response.content.decode()
    assert Article.objects.count() == 1


def test_adding_an_article_from_the_admin_sanitises_the_body(admin_client):
    response = admin_client.post(
        reverse("admin:articles_article_add"),
        article_form_data(body='<p onclick="x()">Hi<script>alert(1)</script></p>'),
    )
    assert response.status_code == 302
    assert Article.objects.get().body == "<p>Hi</p>"


def test_photo_without_alt_text_is_a_form_error(admin_client):
    response = admin_client.post(
        reverse("admin:articles_photo_add"), {"image": image_file(), "alt_text": ""}
    )
    assert response.status_code == 200
    assert "This field is required." in response.content.decode()
    assert not Photo.objects.exists()


def test_a_file_that_is_not_an_image_is_a_form_error(admin_client):
    fake = SimpleUploadedFile("photo.jpg", b"<html>not an image</html>", content_type="image/jpeg")
    response = admin_client.post(
        reverse("admin:articles_photo_add"), {"image": fake, "alt_text": "A photo"}
    )
    assert response.status_code == 200
    assert "an HTML page" in response.content.decode()
    assert not Photo.objects.exists()


def test_uploading_a_photo_records_its_size(admin_client):
    response = admin_client.post(
        reverse("admin:articles_photo_add"),
        {
            "image": image_file(size=(640, 360)),
            "alt_text": "A bridge",
            "credit": "Staff",
            "focal_x": "0.5",
            "focal_y": "0.5",
        },
    )
    assert response.status_code == 302
    photo = Photo.objects.get()
    assert (photo.width, photo.height) == (640, 360)
