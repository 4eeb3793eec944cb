"""`/healthz` and database timeouts: clear answers, on time, when the database or cache fails."""

import os
import socket
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest

from newsroom import health

ROOT = Path(__file__).resolve().parent.parent
# A loopback port of this branch's range (COORDINATION.md) for the server under test.
SERVER_PORT = 8181


class HungServer:
    """A TCP server on loopback that accepts connections and never answers a byte."""

    def __init__(self):
        self.listener = socket.create_server(("127.0.0.1", 0))
        self.port = self.listener.getsockname()[1]
        self.accepted = []
        threading.Thread(target=self._accept, daemon=True).start()

    def _accept(self):
        while True:
            try:
                self.accepted.append(self.listener.accept()[0])
            except OSError:
                return

    def close(self):
        self.listener.close()
        for connection in self.accepted:
            connection.close()


@pytest.fixture
def hung_server():
    server = HungServer()
    yield server
    server.close()
    # Let the probe stuck on this server see the closed socket before the next test probes.
    deadline = time.monotonic() + 5
    while (health.page_cache.running or health.database.running) and time.monotonic() < deadline:
        time.sleep(0.05)


def redis_cache_at(port):
    return {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": f"redis://127.0.0.1:{port}/0",
        }
    }


@pytest.mark.django_db
def test_healthz_reports_database_and_cache_ok(client):
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.json() == {"database": "ok", "cache": "ok"}
    assert "no-cache" in response["Cache-Control"]


@pytest.mark.django_db
def test_frozen_cache_is_degraded_and_healthz_stays_200_on_time(client, settings, hung_server):
    settings.CACHES = redis_cache_at(hung_server.port)
    started = time.monotonic()
    response = client.get("/healthz")
    assert time.monotonic() - started < health.CACHE_DEADLINE + 1
    assert response.status_code == 200
    assert response.json() == {"database": "ok", "cache": "degraded"}


@pytest.mark.django_db
def test_unreachable_cache_is_degraded(client, settings):
    with socket.create_server(("127.0.0.1", 0)) as reserved:
        closed_port = reserved.getsockname()[1]
    settings.CACHES = redis_cache_at(closed_port)
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.json()["cache"] == "degraded"


SERVER_SETTINGS = """
from tests.settings import *  # noqa: F403

# Production-like: the site's own 500 page, static files without a collectstatic manifest.
DEBUG = False
STORAGES = {
    **STORAGES,
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
"""


@pytest.fixture(scope="module")
def server_on_hung_database(tmp_path_factory):
    """gunicorn serving the site with PostgreSQL at an address that accepts and never answers."""
    database = HungServer()
    folder = tmp_path_factory.mktemp("hung-settings")
    (folder / "hung_database_settings.py").write_text(SERVER_SETTINGS)
    env = {
        **os.environ,
        "PYTHONPATH": f"{folder}{os.pathsep}{ROOT}",
        "DJANGO_SETTINGS_MODULE": "hung_database_settings",
        "DEBUG": "0",
        "SECRET_KEY": "test-only-secret-key-for-the-hung-database-server",
        "ALLOWED_HOSTS": "127.0.0.1",
        "SECURE_SSL_REDIRECT": "0",
        "PAGE_CACHE_SECONDS": "0",
        "DATABASE_URL": f"postgres://newsroom@127.0.0.1:{database.port}/newsroom",
        "REDIS_URL": "",
    }
    server = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "gunicorn",
            "newsroom.wsgi",
            "--workers",
            "1",
            "--timeout",
            "60",
            "--bind",
            f"127.0.0.1:{SERVER_PORT}",
        ],  # fmt: skip
        cwd=ROOT,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )
    deadline = time.monotonic() + 30
    while True:
        try:
            socket.create_connection(("127.0.0.1", SERVER_PORT), timeout=1).close()
            break
        except OSError:
            if server.poll() is not None or time.monotonic() > deadline:
                server.kill()
                pytest.fail(f"gunicorn did not start: {server.stderr.read().decode()[-2000:]}")
            time.sleep(0.2)
    url = f"http://127.0.0.1:{SERVER_PORT}"
    # A serving worker has imported the URL configuration and views; the first request does it.
    timed_get(f"{url}/no-such-page/")
    yield url
    server.terminate()
    server.wait(timeout=30)
    database.close()


def timed_get(url):
    """(seconds, status, body) of a GET, whatever its status."""
    started = time.monotonic()
    try:
        with urllib.request.urlopen(url, timeout=30) as response:
            status, body = response.status, response.read()
    except urllib.error.HTTPError as error:
        status, body = error.code, error.read()
    return time.monotonic() - started, status, body


def test_healthz_answers_503_within_5_seconds_when_the_database_hangs(server_on_hung_database):
    seconds, status, body = timed_get(f"{server_on_hung_database}/healthz")
    assert seconds < 5
    assert status == 503
    assert body == b'{"database": "down", "cache": "ok"}'


def test_page_fails_fast_with_the_500_page_when_the_database_hangs(server_on_hung_database):
    seconds, status, body = timed_get(f"{server_on_hung_database}/")
    assert seconds < 5
    assert status == 500
    assert b"Something went wrong on our side" in body
