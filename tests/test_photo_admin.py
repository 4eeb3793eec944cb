"""The photo admin: uploads, thumbnails, focal point, renditions and protected deletion."""

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from lxml import html
from PIL import Image

from articles.models import Photo
from tests.factories import ArticleFactory, PhotoFactory, image_file

pytestmark = pytest.mark.django_db

ADD_URL = "/admin/articles/photo/add/"


def change_url(photo):
    return f"/admin/articles/photo/{photo.pk}/change/"


def form_data(upload=None, **fields):
    data = {
        "alt_text": "Firefighters at the warehouse",
        "caption": "",
        "credit": "City Fire Department",
        "source_url": "",
        "licence": "",
        "focal_x": "0.5",
        "focal_y": "0.5",
        **fields,
    }
    if upload is not None:
        data["image"] = upload
    return data


def error_text(response):
    return " ".join(html.fromstring(response.content).xpath("//ul[@class='errorlist']//text()"))


def test_upload_through_the_admin_makes_renditions(admin_client):
    response = admin_client.post(ADD_URL, form_data(image_file(size=(1000, 700))))
    assert response.status_code == 302
    photo = Photo.objects.get()
    assert [r["width"] for r in photo.renditions_of("webp")] == [480, 800, 1000]
    assert (photo.width, photo.height) == (1000, 700)


def test_html_upload_gets_a_form_error_naming_it(admin_client):
    fake = SimpleUploadedFile("photo.jpg", b"<html><body>hi</body></html>", "image/jpeg")
    response = admin_client.post(ADD_URL, form_data(fake))
    assert response.status_code == 200
    assert "This file is an HTML page." in error_text(response)
    assert not Photo.objects.exists()


@pytest.mark.filterwarnings("ignore::PIL.Image.DecompressionBombWarning")
def test_decompression_bomb_upload_gets_a_form_error_not_a_500(admin_client):
    bomb = io.BytesIO()
    Image.new("1", (20_000, 20_000)).save(bomb, "PNG")
    upload = SimpleUploadedFile("bomb.png", bomb.getvalue(), "image/png")
    response = admin_client.post(ADD_URL, form_data(upload))
    assert response.status_code == 200
    assert "megapixels" in error_text(response)


def test_missing_alt_text_is_a_form_error(admin_client):
    response = admin_client.post(ADD_URL, form_data(image_file(), alt_text=""))
    assert response.status_code == 200
    assert not Photo.objects.exists()


def test_photo_list_shows_thumbnails(admin_client):
    photo = PhotoFactory()
    page = html.fromstring(admin_client.get("/admin/articles/photo/").content)
    assert page.xpath("//*[@class='field-thumbnail']//img/@src") == [photo.thumbnail_url]
    assert photo.thumbnail_url.endswith("/w480.jpg")


def test_photo_list_costs_no_query_per_photo(admin_client, django_assert_max_num_queries):
    for _ in range(6):
        ArticleFactory(cover_photo=PhotoFactory(process=False))
    with django_assert_max_num_queries(8):
        admin_client.get("/admin/articles/photo/")


def test_article_form_shows_the_cover_thumbnail(admin_client):
    article = ArticleFactory(cover_photo=PhotoFactory())
    page = html.fromstring(
        admin_client.get(f"/admin/articles/article/{article.pk}/change/").content
    )
    assert page.xpath("//div[contains(@class, 'field-cover_preview')]//img/@src") == [
        article.cover_photo.thumbnail_url
    ]


def test_change_form_offers_the_focal_point_picker_and_fields(admin_client):
    photo = PhotoFactory()
    page = html.fromstring(admin_client.get(change_url(photo)).content)
    assert page.xpath("//div[@class='focal-point-picker']/img/@src") == [photo.thumbnail_url]
    assert page.xpath("//input[@name='focal_x' and @type='number']")
    assert page.xpath("//script[contains(@src, 'articles/focal_point.js')]")


def test_changing_the_focal_point_regenerates_the_crops(admin_client):
    photo = PhotoFactory()
    old_square = photo.rendition_url("1x1")
    response = admin_client.post(change_url(photo), form_data(focal_x="0.1", focal_y="0.9"))
    assert response.status_code == 302
    photo.refresh_from_db()
    assert photo.renditions["focal"] == [0.1, 0.9]
    assert photo.rendition_url("1x1") != old_square


def test_editing_the_caption_keeps_the_renditions(admin_client):
    photo = PhotoFactory()
    renditions = photo.renditions
    admin_client.post(change_url(photo), form_data(caption="New caption"))
    photo.refresh_from_db()
    assert photo.caption == "New caption"
    assert photo.renditions == renditions


def test_focal_point_outside_the_photo_is_a_form_error(admin_client):
    photo = PhotoFactory()
    response = admin_client.post(change_url(photo), form_data(focal_x="1.5"))
    assert response.status_code == 200
    assert "less than or equal to 1.0" in error_text(response)


def test_deleting_a_photo_used_by_articles_names_them_and_is_refused(admin_client):
    photo = PhotoFactory()
    ArticleFactory(cover_photo=photo, headline="Warehouse fire contained")
    url = f"/admin/articles/photo/{photo.pk}/delete/"
    page = admin_client.get(url).content.decode()
    assert "cover photo of “Warehouse fire contained”" in page
    admin_client.post(url, {"post": "yes"})
    assert Photo.objects.filter(pk=photo.pk).exists()


def test_regenerate_action_rebuilds_renditions(admin_client):
    photo = PhotoFactory(process=False)
    response = admin_client.post(
        "/admin/articles/photo/",
        {"action": "regenerate_renditions", "_selected_action": [photo.pk]},
        follow=True,
    )
    assert "Renditions regenerated for 1 photo(s)." in response.content.decode()
    photo.refresh_from_db()
    assert photo.has_renditions


def test_regenerate_command_fills_missing_renditions():
    done, bare = PhotoFactory(), PhotoFactory(process=False)
    renditions = done.renditions
    out = io.StringIO()
    call_command("regenerate_renditions", "--missing", stdout=out)
    done.refresh_from_db()
    bare.refresh_from_db()
    assert bare.has_renditions
    assert done.renditions == renditions
    assert "Regenerated renditions for 1 photo(s); 0 failed." in out.getvalue()


def test_regenerate_command_reports_a_missing_file_and_goes_on():
    lost, kept = PhotoFactory(), PhotoFactory()
    lost.image.storage.delete(lost.image.name)
    out, err = io.StringIO(), io.StringIO()
    call_command("regenerate_renditions", stdout=out, stderr=err)
    assert f"photo {lost.pk}" in err.getvalue()
    assert "for 1 photo(s); 1 failed" in out.getvalue()
    kept.refresh_from_db()
    assert kept.has_renditions


def test_replacing_the_file_deletes_the_old_files_after_commit(
    admin_client, django_capture_on_commit_callbacks
):
    photo = PhotoFactory()
    old_files = [photo.image.name, photo.crop("1x1")["name"]]
    with django_capture_on_commit_callbacks(execute=True):
        admin_client.post(change_url(photo), form_data(image_file("new.jpg", size=(700, 500))))
    photo.refresh_from_db()
    assert photo.width == 700
    assert photo.image.storage.exists(photo.image.name)
    assert not any(photo.image.storage.exists(name) for name in old_files)


def test_deleting_an_unused_photo_deletes_its_files(
    admin_client, django_capture_on_commit_callbacks
):
    photo = PhotoFactory()
    files = [photo.image.name, photo.crop("social")["name"], photo.renditions_of("webp")[0]["name"]]
    with django_capture_on_commit_callbacks(execute=True):
        admin_client.post(f"/admin/articles/photo/{photo.pk}/delete/", {"post": "yes"})
    assert not Photo.objects.exists()
    assert not any(photo.image.storage.exists(name) for name in files)


def test_new_photo_form_offers_the_picker_for_the_chosen_file(client, reporter):
    page = client.get("/admin/articles/photo/add/?_popup=1").content.decode()
    assert 'data-file-input="id_image"' in page
    assert "Save the photo first" not in page
    assert 'name="focal_x"' in page


def test_reporter_sets_the_focal_point_when_adding_a_photo(client, reporter):
    from articles.models import Photo

    response = client.post(
        "/admin/articles/photo/add/",
        {"image": image_file(), "alt_text": "A boat", "focal_x": "0.2", "focal_y": "0.7"},
    )
    assert response.status_code == 302
    photo = Photo.objects.get()
    assert (photo.focal_x, photo.focal_y) == (0.2, 0.7)
    assert photo.renditions["focal"] == [0.2, 0.7]


def test_read_only_photo_page_marks_the_focal_point_and_asks_no_click(client, reporter):
    photo = PhotoFactory(focal_x=0.3, focal_y=0.6)
    page = client.get(f"/admin/articles/photo/{photo.pk}/change/").content.decode()
    assert 'data-x="0.3" data-y="0.6"' in page
    assert "Click on the subject" not in page
