import contextlib
import os
import re
import shutil
from pathlib import Path

import pytest
from django.contrib.sites.models import Site
from django.core.cache import cache

from tests.factories import staff_user

CHROMIUM = os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--no-first-run",
]
ARTIFACTS = Path(__file__).resolve().parent.parent / "test-artifacts"


@pytest.fixture(autouse=True)
def _isolated_media(settings, tmp_path):
    """Uploaded files go to a per-test folder; a fast hasher keeps logins cheap."""
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture(autouse=True)
def _current_site_cached(request, _django_clear_site_cache):
    """django.contrib.sites (needed by django.contrib.redirects) reads the current Site once per
    process; pytest-django empties that cache before every test. Fill it again for database
    tests, so query budgets count what a request costs on a running server."""
    if request.node.get_closest_marker("django_db"):
        with contextlib.suppress(Site.DoesNotExist):
            Site.objects.get_current()


@pytest.fixture(autouse=True)
def _empty_cache():
    """Each test starts with no cached pages (the cache outlives the test database)."""
    cache.clear()


@pytest.fixture
def editor(client):
    """The test client, signed in as a member of the Editor group."""
    user = staff_user("Editor", "eddie")
    client.force_login(user)
    return user


@pytest.fixture
def reporter(client):
    """The test client, signed in as a member of the Reporter group, with their own byline."""
    user = staff_user("Reporter", "rita")
    client.force_login(user)
    return user


@pytest.fixture(scope="session")
def browser():
    """Debian's Chromium driven by Playwright; skipped with a reason where it is missing."""
    if not shutil.which(CHROMIUM):
        pytest.skip(
            f"no Chromium at {CHROMIUM}: `apt-get install -y chromium` enables browser tests"
        )
    from playwright.sync_api import sync_playwright

    # Playwright's sync API runs an event loop in this thread; the ORM calls the tests make
    # around it are still synchronous and safe.
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


@pytest.fixture
def page(browser, request):
    """A fresh browser page that records console errors and leaves a screenshot behind."""
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    page = context.new_page()
    page.console_errors = []
    page.on("console", lambda msg: msg.type == "error" and page.console_errors.append(msg.text))
    page.on("pageerror", lambda exc: page.console_errors.append(str(exc)))
    yield page
    ARTIFACTS.mkdir(exist_ok=True)
    name = re.sub(r"[^A-Za-z0-9_.-]+", "_", request.node.nodeid)
    page.screenshot(path=str(ARTIFACTS / f"{name}.png"), full_page=True)
    context.close()


@pytest.fixture
def frontend_cache(settings):
    """A stand-in Varnish on loopback: records the PURGE requests the app sends it.

    `frontend_cache.purges` lists ("hard" | "soft", {keys}) in the order they arrived.
    """
    import http.server
    import threading

    purges = []

    class Handler(http.server.BaseHTTPRequestHandler):
        def do_PURGE(self):
            hard = self.headers.get("xkey-purge")
            soft = self.headers.get("xkey-softpurge")
            purges.append(("hard", set(hard.split())) if hard else ("soft", set(soft.split())))
            self.send_response(200)
            self.send_header("Content-Length", "0")
            self.end_headers()

        def log_message(self, *args):
            pass

    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    settings.FRONTEND_CACHES = [f"http://127.0.0.1:{server.server_port}"]
    settings.FRONTEND_PURGE_REPEAT = 0
    server.purges = purges
    yield server
    server.shutdown()
    server.server_close()
