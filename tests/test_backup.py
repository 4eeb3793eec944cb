"""`manage.py backup` and `manage.py restore`: a restored install serves exactly the same site."""

import html
import io
import json
import re
import tarfile
from datetime import UTC, datetime
from pathlib import Path

import pytest
from django.conf import settings
from django.core.cache import cache
from django.core.management import CommandError, call_command

from articles.models import Article
from tests.factories import ArticleFactory, PhotoFactory

# pg_dump reads the database from another process: the test's rows must be committed.
pytestmark = pytest.mark.django_db(transaction=True)

START = ["/", "/feed/", "/feed/atom/", "/feed.json", "/sitemap.xml", "/news-sitemap.xml"]
START += ["/robots.txt", "/corrections/", "/corrections/feed/", "/search/?q=council"]
LINK = re.compile(r'(?:href|src)="([^"]+)"|<loc>([^<]+)</loc>|"url": "([^"]+)"')
NOT_PUBLIC = ("/admin/", "/media/", "/static/", "/preview/")


def crawl(client):
    """{path: (status, bytes)} of every public page and feed reachable from the front doors."""
    pages = {}
    queue = list(START)
    while queue:
        path = queue.pop()
        if path in pages:
            continue
        response = client.get(path)
        body = b"".join(response.streaming_content) if response.streaming else response.content
        pages[path] = (response.status_code, body)
        for groups in LINK.findall(body.decode(errors="replace")):
            link = html.unescape(next(group for group in groups if group)).split("#")[0]
            link = link.removeprefix(settings.SITE_URL)
            if link.startswith("/") and not link.startswith(("//", *NOT_PUBLIC)):
                queue.append(link)
    return pages


def media_files(root):
    """{relative path: bytes} of every file under a media folder."""
    root = Path(root)
    return {str(p.relative_to(root)): p.read_bytes() for p in root.rglob("*") if p.is_file()}


def backup(path):
    call_command("backup", str(path), stdout=io.StringIO())
    return path


def restore(path, *args):
    call_command("restore", str(path), *args, stdout=io.StringIO())


def empty_install(settings, tmp_path):
    """Turn this install into a fresh one: no rows, a new empty media folder, no cached pages."""
    call_command("flush", interactive=False, verbosity=0)
    settings.MEDIA_ROOT = tmp_path / "fresh-media"
    cache.clear()


def test_restored_demo_serves_every_page_and_feed_byte_for_byte(client, settings, tmp_path):
    call_command("load_demo", stdout=io.StringIO())
    before = crawl(client)
    photos_before = media_files(settings.MEDIA_ROOT)
    archive = backup(tmp_path / "demo.tar")

    empty_install(settings, tmp_path)
    restore(archive)

    after = crawl(client)
    assert sum(status == 200 for status, _ in before.values()) > 50
    assert sorted(after) == sorted(before)
    for path, (status, body) in before.items():
        assert after[path] == (status, body), path
    assert media_files(settings.MEDIA_ROOT) == photos_before


def test_datetimes_keep_their_microseconds(settings, tmp_path):
    moment = datetime(2026, 3, 4, 5, 6, 7, 891234, tzinfo=UTC)
    article = ArticleFactory(publish_at=moment)
    Article.objects.filter(pk=article.pk).update(updated_at=moment)
    archive = backup(tmp_path / "b.tar")
    empty_install(settings, tmp_path)
    restore(archive)
    restored = Article.objects.get(pk=article.pk)
    assert (restored.publish_at, restored.updated_at) == (moment, moment)


def test_manifest_records_rows_files_and_checksums(tmp_path):
    ArticleFactory.create_batch(3)
    PhotoFactory()
    archive = backup(tmp_path / "b.tar")
    with tarfile.open(archive) as tar:
        names = tar.getnames()
        manifest = json.load(tar.extractfile("manifest.json"))
    assert manifest["database"]["rows"]["articles.article"] == 3
    assert manifest["database"]["rows"]["articles.photo"] == 1
    photo_files = [name for name in names if name.startswith("media/")]
    assert len(photo_files) == manifest["media"]["files"] > 10
    assert set(manifest["members"]) == set(names) - {"manifest.json"}
    assert all(len(record["sha256"]) == 64 for record in manifest["members"].values())


def test_backup_into_a_folder_gets_a_dated_file(tmp_path):
    call_command("backup", str(tmp_path / "backups") + "/", stdout=(out := io.StringIO()))
    (archive,) = (tmp_path / "backups").iterdir()
    assert re.fullmatch(r"newsroom-\d{8}T\d{6}Z\.tar", archive.name)
    assert str(archive) in out.getvalue()


def test_failed_backup_leaves_no_file_behind(tmp_path, monkeypatch):
    PhotoFactory()

    def unreadable(storage):
        raise OSError("media storage unreachable")

    monkeypatch.setattr("newsroom.backup.storage_files", unreadable)
    with pytest.raises(CommandError, match="media storage unreachable"):
        call_command("backup", str(tmp_path / "backups") + "/", stdout=io.StringIO())
    assert list((tmp_path / "backups").iterdir()) == []


def test_restore_refuses_a_database_with_content(tmp_path):
    ArticleFactory(headline="Still here")
    archive = backup(tmp_path / "b.tar")
    with pytest.raises(CommandError, match="already holds content.*--force"):
        restore(archive)


def test_restore_with_force_replaces_the_content(settings, tmp_path):
    kept = ArticleFactory(headline="In the backup")
    archive = backup(tmp_path / "b.tar")
    ArticleFactory(headline="Written after the backup")
    settings.MEDIA_ROOT = tmp_path / "fresh-media"
    restore(archive, "--force")
    assert list(Article.objects.values_list("pk", "headline")) == [(kept.pk, "In the backup")]


def test_restore_purges_every_cached_page_from_the_front_ends_too(
    settings, tmp_path, frontend_cache
):
    ArticleFactory(headline="In the backup")
    archive = backup(tmp_path / "b.tar")
    settings.MEDIA_ROOT = tmp_path / "fresh-media"
    frontend_cache.purges.clear()
    restore(archive, "--force")
    assert ("hard", {"all"}) in frontend_cache.purges


def test_restore_refuses_a_truncated_archive_before_writing_anything(settings, tmp_path):
    PhotoFactory()
    archive = backup(tmp_path / "b.tar")
    truncated = tmp_path / "truncated.tar"
    truncated.write_bytes(archive.read_bytes()[: archive.stat().st_size // 2])
    empty_install(settings, tmp_path)
    with pytest.raises(CommandError, match="truncated or corrupt.*nothing was restored"):
        restore(truncated)
    assert not Article.objects.exists()
    assert not Path(settings.MEDIA_ROOT).exists()


def test_restore_refuses_an_archive_with_a_changed_file(settings, tmp_path):
    PhotoFactory()
    archive = backup(tmp_path / "b.tar")
    with tarfile.open(archive) as tar:
        member = next(m for m in tar.getmembers() if m.name.startswith("media/photos/"))
    data = bytearray(archive.read_bytes())
    data[member.offset_data + 100] ^= 0xFF
    archive.write_bytes(bytes(data))
    empty_install(settings, tmp_path)
    with pytest.raises(CommandError, match=f"{member.name} does not match its checksum"):
        restore(archive)
    assert not Path(settings.MEDIA_ROOT).exists()


def test_restore_refuses_a_file_that_is_not_a_backup(tmp_path):
    other = tmp_path / "notes.tar"
    with tarfile.open(other, "w") as tar:
        tar.add(__file__, arcname="notes.txt")
    with pytest.raises(CommandError, match="no manifest"):
        restore(other)
