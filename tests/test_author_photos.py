"""Author photos get the same checks and a square crop, through code authors may import."""

import ast
import io
from pathlib import Path

import pytest
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import SimpleUploadedFile
from lxml import html
from PIL import Image

from authors.images import process_author_photo
from authors.models import Author
from tests.factories import AuthorFactory, image_file

pytestmark = pytest.mark.django_db

AUTHORS_APP = Path(__file__).resolve().parent.parent / "authors"


def author_form(upload):
    return {
        "name": "Ana Reyes",
        "slug": "ana-reyes",
        "job_title": "",
        "location": "",
        "bio": "",
        "website": "",
        "x_handle": "",
        "mastodon": "",
        "bluesky": "",
        "email": "",
        "is_active": "on",
        "photo": upload,
    }


def test_author_photo_gets_a_square_crop_without_exif():
    exif = Image.Exif()
    exif.get_ifd(0x8825)[2] = (10.0, 30.0, 0.0)
    author = AuthorFactory(photo=image_file("ana.jpg", size=(900, 600), exif=exif))
    process_author_photo(author)
    square = author.photo_square
    assert (square["width"], square["height"]) == (400, 400)
    for name in (square["name"], author.photo.name):
        with default_storage.open(name, "rb") as stored:
            assert not Image.open(io.BytesIO(stored.read())).getexif()


def test_removing_an_author_photo_deletes_every_stored_file(django_capture_on_commit_callbacks):
    author = AuthorFactory(photo=image_file("ana.jpg", size=(600, 600)))
    process_author_photo(author)
    stored = [author.photo.name, author.photo_square["name"]]
    author.photo = None
    with django_capture_on_commit_callbacks(execute=True):
        process_author_photo(author)
    assert not any(default_storage.exists(name) for name in stored)


def test_author_admin_upload_makes_the_square_and_the_page_shows_it(admin_client, client):
    response = admin_client.post(
        "/admin/authors/author/add/", author_form(image_file(size=(600, 800)))
    )
    assert response.status_code == 302
    author = Author.objects.get()
    page = html.fromstring(client.get(author.get_absolute_url()).content)
    assert page.xpath("//img[@class='author-box__photo']/@src") == [author.photo_square["url"]]


def test_author_admin_refuses_an_svg_photo(admin_client):
    svg = SimpleUploadedFile(
        "me.svg", b"<svg xmlns='http://www.w3.org/2000/svg'/>", "image/svg+xml"
    )
    response = admin_client.post("/admin/authors/author/add/", author_form(svg))
    assert response.status_code == 200
    assert not Author.objects.exists()


def test_authors_app_never_imports_articles():
    for path in AUTHORS_APP.rglob("*.py"):
        tree = ast.parse(path.read_text())
        for node in ast.walk(tree):
            if isinstance(node, ast.Import):
                names = [alias.name for alias in node.names]
            elif isinstance(node, ast.ImportFrom):
                names = [node.module or ""]
            else:
                continue
            assert not any(name.split(".")[0] == "articles" for name in names), path
