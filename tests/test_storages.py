"""Media through Django's STORAGES: an S3-compatible store several app servers can share.

The store is moto's S3 server on loopback (a dev dependency), reached through django-storages
exactly as a production bucket would be.
"""

import io
import uuid
from unittest import mock

import boto3
import pytest
from botocore.client import BaseClient
from django.core.cache import cache
from django.core.management import call_command

from tests.factories import ArticleFactory, PhotoFactory
from tests.test_settings import run_manage

# A loopback port of this branch's range (COORDINATION.md).
S3_PORT = 8182
CREDENTIALS = {"aws_access_key_id": "test", "aws_secret_access_key": "test"}


@pytest.fixture(scope="module")
def s3_endpoint():
    moto_server = pytest.importorskip("moto.server")
    server = moto_server.ThreadedMotoServer(ip_address="127.0.0.1", port=S3_PORT, verbose=False)
    server.start()
    yield f"http://127.0.0.1:{S3_PORT}"
    server.stop()


def new_bucket(endpoint, settings):
    """Create an empty bucket and make it the default storage; returns (client, bucket name)."""
    client = boto3.client("s3", endpoint_url=endpoint, region_name="us-east-1", **CREDENTIALS)
    bucket = f"media-{uuid.uuid4().hex[:12]}"
    client.create_bucket(Bucket=bucket)
    settings.STORAGES = {
        **settings.STORAGES,
        "default": {
            "BACKEND": "storages.backends.s3.S3Storage",
            "OPTIONS": {
                "bucket_name": bucket,
                "endpoint_url": endpoint,
                "region_name": "us-east-1",
                "access_key": CREDENTIALS["aws_access_key_id"],
                "secret_key": CREDENTIALS["aws_secret_access_key"],
                "querystring_auth": False,
                "file_overwrite": False,
            },
        },
    }
    return client, bucket


def objects(client, bucket):
    """{key: bytes} of every object in the bucket."""
    keys = [o["Key"] for o in client.list_objects_v2(Bucket=bucket).get("Contents", [])]
    return {key: client.get_object(Bucket=bucket, Key=key)["Body"].read() for key in keys}


@pytest.mark.django_db
def test_photo_original_and_renditions_go_to_the_bucket(s3_endpoint, settings):
    client, bucket = new_bucket(s3_endpoint, settings)
    photo = PhotoFactory()
    keys = set(objects(client, bucket))
    assert photo.image.name in keys
    rendition_keys = {r["name"] for kind in photo.renditions["widths"].values() for r in kind}
    rendition_keys |= {r["name"] for r in photo.renditions["crops"].values()}
    assert len(rendition_keys) == 12
    assert rendition_keys <= keys


@pytest.mark.django_db
def test_pages_and_feeds_link_the_bucket_without_asking_it_anything(client, s3_endpoint, settings):
    _, bucket = new_bucket(s3_endpoint, settings)
    article = ArticleFactory(cover_photo=PhotoFactory())
    cache.clear()
    paths = [article.get_absolute_url(), "/", "/feed/", "/feed/atom/", "/feed.json"]
    with mock.patch.object(BaseClient, "_make_api_call") as store_calls:
        responses = {path: client.get(path) for path in paths}
    assert store_calls.call_count == 0
    for path, response in responses.items():
        assert response.status_code == 200, path
        assert f"{s3_endpoint}/{bucket}/renditions/photos/".encode() in response.content, path


@pytest.mark.django_db(transaction=True)
def test_backup_and_restore_carry_the_bucket_over(s3_endpoint, settings, tmp_path):
    old_client, old_bucket = new_bucket(s3_endpoint, settings)
    PhotoFactory()
    archive = tmp_path / "b.tar"
    call_command("backup", str(archive), stdout=io.StringIO())
    call_command("flush", interactive=False, verbosity=0)
    new_client, new_bucket_name = new_bucket(s3_endpoint, settings)

    call_command("restore", str(archive), stdout=io.StringIO())

    assert objects(new_client, new_bucket_name) == objects(old_client, old_bucket)


def test_naming_a_bucket_puts_media_on_s3():
    result = run_manage(
        "shell",
        "--no-imports",
        "-c",
        "from django.core.files.storage import storages; s = storages['default']; "
        "print(type(s).__name__, s.bucket_name, s.endpoint_url, s.querystring_auth)",
        DEBUG="1",
        MEDIA_S3_BUCKET="newsroom-media",
        MEDIA_S3_ENDPOINT_URL="http://127.0.0.1:9000",
    )
    assert result.stdout.split() == [
        "S3Storage",
        "newsroom-media",
        "http://127.0.0.1:9000",
        "False",
    ]
