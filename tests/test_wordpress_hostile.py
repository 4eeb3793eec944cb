"""Exports and uploads from another system are hostile until proven otherwise."""

import io

import pytest
from django.core.management import CommandError
from PIL import Image

from articles.models import Article, Photo
from articles.wordpress.importer import Importer
from tests.wordpress import UPLOADS, edited_export, run_import

pytestmark = pytest.mark.django_db

BILLION_LAUGHS = """<?xml version="1.0"?>
<!DOCTYPE rss [
 <!ENTITY lol "lol">
 <!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">
 <!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">
 <!ENTITY lol4 "&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;">
]>
<rss version="2.0" xmlns:wp="http://wordpress.org/export/1.2/"><channel>
<wp:wxr_version>1.2</wp:wxr_version><title>&lol4;</title></channel></rss>
"""
XXE = """<?xml version="1.0"?>
<!DOCTYPE rss [<!ENTITY secret SYSTEM "file:///etc/passwd">]>
<rss version="2.0" xmlns:wp="http://wordpress.org/export/1.2/"><channel>
<wp:wxr_version>1.2</wp:wxr_version><item><title>&secret;</title>
<wp:post_id>1</wp:post_id><wp:post_type>post</wp:post_type><wp:status>publish</wp:status>
</item></channel></rss>
"""
PLAIN_RSS = """<?xml version="1.0"?>
<rss version="2.0"><channel><title>A feed</title><item><title>x</title></item></channel></rss>
"""


def refused(tmp_path, text, name="hostile.xml"):
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    with pytest.raises(CommandError) as error:
        run_import(tmp_path, path)
    message = str(error.value)
    assert "\n" not in message
    assert "is not a WordPress export" in message
    return message


def test_billion_laughs_is_refused_in_one_line(tmp_path):
    assert "DOCTYPE" in refused(tmp_path, BILLION_LAUGHS)
    assert not Article.objects.exists()


def test_external_entity_is_refused_and_never_read(tmp_path):
    refused(tmp_path, XXE)
    assert not Article.objects.exists()


@pytest.mark.parametrize(
    "text",
    [
        PLAIN_RSS,
        "<html><body>Not a feed</body></html>",
        "just some text",
        '<?xml version="1.0"?><rss xmlns:wp="http://wordpress.org/export/1.2/"><channel>'
        "<item><title>x",
    ],
    ids=["rss", "html", "text", "truncated"],
)
def test_files_that_are_not_wxr_are_refused_in_one_line(tmp_path, text):
    refused(tmp_path, text)


def test_attachment_path_leaving_the_uploads_folder_is_refused(tmp_path):
    uploads = tmp_path / "uploads"
    (uploads / "2024" / "03").mkdir(parents=True)
    outside = tmp_path / "secret.jpg"
    buffer = io.BytesIO()
    Image.new("RGB", (300, 200), (1, 2, 3)).save(buffer, "JPEG")
    outside.write_bytes(buffer.getvalue())
    export = edited_export(
        tmp_path,
        ("<![CDATA[2024/03/protest.jpg]]>", "<![CDATA[../secret.jpg]]>"),
    )
    _, report = run_import(tmp_path, export, uploads=uploads)
    assert "leads outside the uploads folder" in report
    assert not Photo.objects.filter(alt_text="Marchers fill Avenida Urdaneta").exists()


def test_file_that_is_not_an_image_is_refused_like_an_upload(tmp_path):
    uploads = tmp_path / "uploads"
    (uploads / "2024" / "03").mkdir(parents=True)
    (uploads / "2024" / "03" / "protest.jpg").write_bytes(b"<html><script>x</script></html>")
    _, report = run_import(tmp_path, uploads=uploads)
    assert "This file is an HTML page" in report


def test_post_with_a_bad_date_is_reported_and_skipped(tmp_path):
    export = edited_export(
        tmp_path,
        (
            "<wp:post_date_gmt><![CDATA[2024-03-05 00:15:00]]></wp:post_date_gmt>",
            "<wp:post_date_gmt><![CDATA[yesterday-ish]]></wp:post_date_gmt>",
        ),
    )
    _, report = run_import(tmp_path, export)
    assert "“Council approves the water plan”: skipped: its date 'yesterday-ish'" in report
    assert not Article.objects.filter(headline="Council approves the water plan").exists()
    assert Article.objects.filter(headline="Prices rise again in Caracas").exists()


def test_post_failing_halfway_leaves_no_half_article(tmp_path, monkeypatch):
    original = Importer._tags

    def failing(self, item, section_slug):
        if item.wp_id == 5:
            raise ValueError("tags exploded")
        return original(self, item, section_slug)

    monkeypatch.setattr(Importer, "_tags", failing)
    _, report = run_import(tmp_path)
    assert "skipped: tags exploded" in report
    assert not Article.objects.filter(headline="Prices rise again in Caracas").exists()
    assert Article.objects.filter(headline="Thousands march for water").exists()


def test_uploads_argument_must_be_a_folder(tmp_path):
    with pytest.raises(CommandError, match="is not a folder"):
        run_import(tmp_path, uploads=UPLOADS / "2024" / "03" / "market.jpg")
