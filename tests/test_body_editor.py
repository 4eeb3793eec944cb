"""The body editor's helpers: the photo picker, uploads from the editor, the embed check."""

import pytest

from articles.models import Photo
from tests.factories import PhotoFactory, image_file, staff_user

pytestmark = pytest.mark.django_db

SEARCH = "/admin/articles/photo/body-search/"
UPLOAD = "/admin/articles/photo/body-upload/"
EMBED_CHECK = "/admin/articles/article/embed-check/"


def test_photo_picker_finds_library_photos_by_caption_or_credit(client, reporter):
    PhotoFactory(alt_text="Mayor at the podium", caption="City hall", credit="AP")
    PhotoFactory(alt_text="River at dawn", caption="The river", credit="Reuters")
    results = client.get(SEARCH, {"q": "reut"}).json()["results"]
    assert [photo["alt"] for photo in results] == ["River at dawn"]
    photo = results[0]
    assert photo["src"].endswith("w1200.jpg")
    assert photo["credit"] == "Reuters"


def test_photo_picker_lists_newest_first_when_nothing_is_typed(client, reporter):
    PhotoFactory(alt_text="Older")
    PhotoFactory(alt_text="Newer")
    assert [p["alt"] for p in client.get(SEARCH).json()["results"]] == ["Newer", "Older"]


def test_photo_picker_needs_a_staff_login(client):
    assert client.get(SEARCH).status_code == 302


def test_reporter_uploads_a_photo_from_the_body_editor(client, reporter):
    response = client.post(
        UPLOAD,
        {"image": image_file(), "alt_text": "A boat", "caption": "On the lake", "credit": "Ana"},
    )
    assert response.status_code == 201
    photo = Photo.objects.get()
    assert response.json()["id"] == photo.pk
    assert photo.has_renditions
    assert response.json()["src"].endswith(".jpg")


def test_upload_without_alt_text_names_the_problem(client, reporter):
    response = client.post(UPLOAD, {"image": image_file()})
    assert response.status_code == 400
    assert "alt_text" in response.json()["errors"]
    assert not Photo.objects.exists()


def test_upload_of_a_file_that_is_not_an_image_is_refused(client, reporter):
    from django.core.files.uploadedfile import SimpleUploadedFile

    bogus = SimpleUploadedFile("x.jpg", b"not an image", content_type="image/jpeg")
    response = client.post(UPLOAD, {"image": bogus, "alt_text": "x"})
    assert response.status_code == 400
    assert response.json()["errors"]["image"]


def test_upload_needs_post(client, reporter):
    assert client.get(UPLOAD).status_code == 405


def test_upload_needs_the_add_photo_permission(client):
    user = staff_user("Reporter", "nobody")
    user.groups.clear()
    user.user_permissions.clear()
    client.force_login(user)
    response = client.post(UPLOAD, {"image": image_file(), "alt_text": "x"})
    assert response.status_code == 403


@pytest.mark.parametrize(
    ("url", "provider"),
    [("https://youtu.be/dQw4w9WgXcQ", "youtube"), ("https://vimeo.com/76979871", "vimeo")],
)
def test_embed_check_names_the_provider(client, reporter, url, provider):
    assert client.get(EMBED_CHECK, {"url": url}).json()["provider"] == provider


def test_embed_check_explains_an_address_it_cannot_embed(client, reporter):
    answer = client.get(EMBED_CHECK, {"url": "https://example.org/video"}).json()
    assert "cannot be embedded" in answer["error"]
    assert "YouTube" in answer["error"]
