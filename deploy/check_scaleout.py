"""Start Varnish and two gunicorn app servers on loopback, then check the cache holds.

    DATABASE_URL=postgres://… REDIS_URL=redis://… .venv/bin/python deploy/check_scaleout.py

Against the machine's PostgreSQL and Redis (from the environment) it checks that, through Varnish:
1. a story published through app server 1 is served within 1 s (home page and its own page);
2. a story unpublished through app server 2 is gone within 1 s (a takedown cannot wait for a TTL);
3. a story scheduled a few seconds ahead appears on time, and not before;
4. a cached article is served at >= 80% of the rate Varnish serves a static file of the same bytes
   (ApacheBench, keep-alive, gzip, medians of interleaved rounds);
5. with both app servers stopped, the last good page is served from grace, the unpublished story
   is not.
Ports: CHECK_PORT_BASE (default 8120) for Varnish, +1 and +2 for the app servers, +3 for
varnishadm. Prints the figures; exits 1 when a check fails.
"""

import gzip
import http.client
import os
import re
import secrets
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from datetime import timedelta
from pathlib import Path
from urllib.parse import quote_plus

ROOT = Path(__file__).resolve().parent.parent
BASE = int(os.environ.get("CHECK_PORT_BASE", "8120"))
VARNISH, APP1, APP2, ADMIN = BASE, BASE + 1, BASE + 2, BASE + 3
DEADLINE = 1.0
RATE_FLOOR = 0.8
STATIC_COPY = "check-scaleout/article-copy.html"

ENVIRONMENT = {
    "DEBUG": "0",
    # The check acts as an editor through a session it makes itself; sign-in and its second
    # factor are tested in the suite, not here.
    "TWO_FACTOR_REQUIRED": "0",
    "SECRET_KEY": secrets.token_urlsafe(40),
    "ALLOWED_HOSTS": "127.0.0.1,localhost,testserver",
    "SECURE_SSL_REDIRECT": "0",
    "SITE_URL": f"http://127.0.0.1:{VARNISH}",
    "FRONTEND_CACHES": f"http://127.0.0.1:{VARNISH}",
    "DATABASE_URL": os.environ.get("DATABASE_URL", "postgres://postgres@127.0.0.1:5432/newsroom"),
    "REDIS_URL": os.environ.get("REDIS_URL", "redis://127.0.0.1:6379/1"),
    "DJANGO_SETTINGS_MODULE": "newsroom.settings",
    "LOG_LEVEL": "ERROR",
    "PAGE_CACHE_SECONDS": "300",
}
os.environ.update(ENVIRONMENT)
sys.path.insert(0, str(ROOT))

import django  # noqa: E402  (the environment above configures it)

django.setup()

import lxml.html  # noqa: E402
from django.conf import settings  # noqa: E402
from django.contrib.auth.models import User  # noqa: E402
from django.test import Client  # noqa: E402
from django.utils import timezone  # noqa: E402

from articles.models import Article, Byline, Section  # noqa: E402
from authors.models import Author  # noqa: E402

results = []


def report(name, ok, figure):
    results.append(ok)
    print(f"{'PASS' if ok else 'FAIL'}  {name}: {figure}", flush=True)


def fetch(port, path, method="GET", headers=None, body=None):
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
    try:
        connection.request(
            method, path, body=body, headers={"Host": "127.0.0.1", **(headers or {})}
        )
        response = connection.getresponse()
        return response.status, dict(response.getheaders()), response.read()
    finally:
        connection.close()


def wait_for(condition, timeout, interval=0.02):
    """Seconds until `condition()` held, or None when it did not within `timeout`."""
    start = time.perf_counter()
    while time.perf_counter() - start < timeout:
        if condition():
            return time.perf_counter() - start
        time.sleep(interval)
    return None


def shows(path, text):
    status, _, body = fetch(VARNISH, path)
    return status == 200 and text.encode() in body


# Set-up --------------------------------------------------------------------------------------


def manage(*args):
    subprocess.run([sys.executable, "manage.py", *args], cwd=ROOT, check=True)


def newsroom():
    """An editor with a byline, a section, and a published story to measure."""
    editor, _ = User.objects.get_or_create(
        username="scaleout-editor", defaults={"is_staff": True, "is_superuser": True}
    )
    author, _ = Author.objects.get_or_create(slug="scaleout-check", defaults={"name": "Check Desk"})
    section, _ = Section.objects.get_or_create(slug="scaleout", defaults={"name": "Scale-out"})
    # Stories of earlier runs.
    Article.objects.filter(section=section).delete()
    body = "".join(f"<p>Paragraph {n} of the measured story. " * 8 + "</p>" for n in range(40))
    measured = story("measured", section, author, body=body)
    measured.status, measured.publish_at = Article.Status.PUBLISHED, timezone.now()
    measured.save()
    return editor, author, section, measured


def story(name, section, author, body="<p>Checked by deploy/check_scaleout.py.</p>"):
    article = Article.objects.create(
        headline=f"Scale-out check {name} {secrets.token_hex(4)}",
        dek="A story the scale-out check publishes and takes down.",
        body=body,
        section=section,
    )
    Byline.objects.create(article=article, author=author)
    article.tags.add("scale-out check")
    return article


def static_copy(path):
    """A static file of exactly the bytes of `path`'s page (with its gzip twin, as collectstatic
    makes them), for WhiteNoise to serve at startup."""
    page = Client().get(path, HTTP_HOST="127.0.0.1").content
    target = Path(settings.STATIC_ROOT) / STATIC_COPY
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_bytes(page)
    Path(f"{target}.gz").write_bytes(gzip.compress(page, compresslevel=9, mtime=0))
    return len(page)


def start(workdir):
    processes = []
    for port in (APP1, APP2):
        env = os.environ | {"GUNICORN_BIND": f"127.0.0.1:{port}", "WEB_CONCURRENCY": "2"}
        processes.append(
            subprocess.Popen(
                [
                    sys.executable,
                    "-m",
                    "gunicorn",
                    "newsroom.wsgi",
                    "-c",
                    "deploy/gunicorn.conf.py",
                ],
                cwd=ROOT,
                env=env,
            )
        )
    vcl = (ROOT / "deploy" / "newsroom.vcl").read_text()
    vcl = vcl.replace('"8001"', f'"{APP1}"').replace('"8002"', f'"{APP2}"')
    (workdir / "newsroom.vcl").write_text(vcl)
    processes.append(
        subprocess.Popen(
            [
                "varnishd", "-F", "-j", "none",
                "-a", f"127.0.0.1:{VARNISH}",
                "-T", f"127.0.0.1:{ADMIN}",
                "-f", str(workdir / "newsroom.vcl"),
                "-n", str(workdir / "varnish"),
                "-s", "malloc,128m",
                "-t", "0",
            ],
            stdout=subprocess.DEVNULL,
        )
    )  # fmt: skip
    for port in (APP1, APP2):
        if wait_for(lambda port=port: fetch_ok(port, "/healthz"), 30, 0.2) is None:
            raise SystemExit(f"app server on {port} did not start")
    # Varnish's probes need a couple of intervals to call the app servers healthy.
    if wait_for(lambda: fetch_ok(VARNISH, "/healthz"), 30, 0.2) is None:
        raise SystemExit("Varnish did not start")
    time.sleep(3)
    return processes


def fetch_ok(port, path):
    try:
        return fetch(port, path)[0] == 200
    except OSError:
        return False


# Editing through an app server, as an editor in a browser would -----------------------------


class Editor:
    def __init__(self, user):
        client = Client()
        client.force_login(user)
        self.cookies = {"sessionid": client.cookies[settings.SESSION_COOKIE_NAME].value}

    def cookie_header(self):
        return "; ".join(f"{name}={value}" for name, value in self.cookies.items())

    def act(self, port, article, action, **fields):
        """Press the workflow button `action` on the article's change form served by `port`."""
        path = f"/admin/articles/article/{article.pk}/change/"
        status, headers, page = fetch(port, path, headers={"Cookie": self.cookie_header()})
        assert status == 200, f"change form answered {status}"
        match = re.search(r"csrftoken=([^;]+)", headers.get("Set-Cookie", ""))
        if match:
            self.cookies["csrftoken"] = match[1]
        form = lxml.html.fromstring(page).get_element_by_id("article_form")
        values = [(k, v) for k, v in form.form_values() if k not in fields]
        values += list(fields.items()) + [("_workflow", action), ("publish_anyway", "on")]
        body = "&".join(f"{http_quote(k)}={http_quote(v)}" for k, v in values if v is not None)
        status, _, _ = fetch(
            port,
            path,
            method="POST",
            body=body,
            headers={
                "Cookie": self.cookie_header(),
                "Content-Type": "application/x-www-form-urlencoded",
            },
        )
        assert status == 302, f"{action} answered {status}"


def http_quote(value):
    return quote_plus(str(value))


# Checks -------------------------------------------------------------------------------------


def check_publish(editor, draft):
    fetch(VARNISH, "/")
    fetch(VARNISH, "/")
    editor.act(APP1, draft, "publish")
    draft.refresh_from_db()
    url = draft.get_absolute_url()
    seconds = wait_for(lambda: shows("/", draft.headline) and shows(url, draft.headline), 5)
    report(
        "published through app 1, served by Varnish",
        seconds is not None and seconds <= DEADLINE,
        f"{seconds:.3f} s" if seconds is not None else "not within 5 s",
    )
    return url


def check_unpublish(editor, article, url):
    for path in ("/", url, "/", url):
        fetch(VARNISH, path)
    cached = fetch(VARNISH, url)[1].get("X-Cache")
    editor.act(APP2, article, "unpublish")

    def gone():
        return fetch(VARNISH, url)[0] == 404 and not shows("/", article.headline)

    seconds = wait_for(gone, 5)
    report(
        "unpublished through app 2, gone from Varnish",
        seconds is not None and seconds <= DEADLINE,
        (f"{seconds:.3f} s" if seconds is not None else "not within 5 s")
        + f" (page was a Varnish {cached} before)",
    )


def check_schedule(editor, draft):
    due = timezone.localtime(timezone.now().replace(microsecond=0) + timedelta(seconds=8))
    editor.act(
        APP1,
        draft,
        "schedule",
        publish_at_0=due.strftime("%Y-%m-%d"),
        publish_at_1=due.strftime("%H:%M:%S"),
    )
    early, first_seen, shared_ages = False, None, []
    while time.time() < due.timestamp() + 3 and first_seen is None:
        status, headers, body = fetch(VARNISH, "/")
        now = time.time()
        if draft.headline.encode() in body:
            early = early or now < due.timestamp()
            first_seen = now
        elif "s-maxage=" in headers.get("Cache-Control", ""):
            shared_ages.append(int(headers["Cache-Control"].split("s-maxage=")[1].split(",")[0]))
        time.sleep(0.1)
    late = None if first_seen is None else first_seen - due.timestamp()
    report(
        "scheduled story appears on time through Varnish",
        late is not None and not early and late <= DEADLINE,
        f"{late:+.3f} s after its time (max s-maxage seen before: {max(shared_ages, default=0)})"
        if late is not None
        else "never appeared",
    )


def rate(url):
    """Requests per second ApacheBench gets from Varnish for `url` (keep-alive, gzip)."""
    out = subprocess.run(
        ["ab", "-k", "-q", "-n", "20000", "-c", "8", "-H", "Accept-Encoding: gzip", url],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    failed = int(re.search(r"Failed requests:\s+(\d+)", out)[1])
    non_2xx = re.search(r"Non-2xx responses:\s+(\d+)", out)
    assert failed == 0 and non_2xx is None, out
    return float(re.search(r"Requests per second:\s+([\d.]+)", out)[1])


def check_rate(article_path, size):
    static_path = settings.STATIC_URL.rstrip("/") + "/" + STATIC_COPY
    if not static_path.startswith("/"):
        static_path = "/" + static_path
    sizes = {}
    for path in (article_path, static_path):
        for _ in range(3):
            status, headers, body = fetch(VARNISH, path, headers={"Accept-Encoding": "gzip"})
        assert status == 200 and headers.get("X-Cache") == "HIT", (path, status, headers)
        sizes[path] = (len(gzip.decompress(body)), len(body))
    article_rates, static_rates = [], []
    for _ in range(3):
        article_rates.append(rate(f"http://127.0.0.1:{VARNISH}{article_path}"))
        static_rates.append(rate(f"http://127.0.0.1:{VARNISH}{static_path}"))
    ratio = statistics.median(article_rates) / statistics.median(static_rates)
    report(
        "cached article vs static file of the same bytes, through Varnish",
        ratio >= RATE_FLOOR,
        f"{ratio:.2f} ({statistics.median(article_rates):.0f} vs "
        f"{statistics.median(static_rates):.0f} req/s; bytes plain/gzip article "
        f"{sizes[article_path]}, static {sizes[static_path]}, page rendered {size})",
    )


def check_grace(processes, measured_path, unpublished_url):
    fetch(VARNISH, "/")
    for process in processes[:2]:
        process.terminate()
        process.wait(timeout=30)
    # Varnish notices through its probes (every second, 2 of 3 failing).
    time.sleep(4)
    fetch(VARNISH, "/", method="PURGE", headers={"xkey-softpurge": "home"})
    home = fetch(VARNISH, "/")[0]
    article = fetch(VARNISH, measured_path)[0]
    taken_down = fetch(VARNISH, unpublished_url)[0]
    report(
        "app servers down: last good pages from grace, never the unpublished story",
        home == 200 and article == 200 and taken_down != 200,
        f"home {home}, article {article}, unpublished story {taken_down}",
    )


def main():
    for tool in ("varnishd", "ab"):
        if shutil.which(tool) is None:
            raise SystemExit(
                f"{tool} is missing: apt-get install -y varnish varnish-modules apache2-utils"
            )
    manage("migrate", "--noinput", "-v0")
    manage("collectstatic", "--noinput", "-v0")
    editor_user, author, section, measured = newsroom()
    size = static_copy(measured.get_absolute_url())
    workdir = Path(tempfile.mkdtemp(prefix="newsroom-scaleout-"))
    processes = start(workdir)
    try:
        editor = Editor(editor_user)
        first = story("publish", section, author)
        url = check_publish(editor, first)
        check_unpublish(editor, first, url)
        check_schedule(editor, story("schedule", section, author))
        check_rate(measured.get_absolute_url(), size)
        check_grace(processes, measured.get_absolute_url(), url)
    finally:
        for process in processes:
            if process.poll() is None:
                process.terminate()
                process.wait(timeout=30)
        (Path(settings.STATIC_ROOT) / STATIC_COPY).unlink(missing_ok=True)
        Path(f"{Path(settings.STATIC_ROOT) / STATIC_COPY}.gz").unlink(missing_ok=True)
        shutil.rmtree(workdir, ignore_errors=True)
    print(f"{sum(results)} of {len(results)} checks passed")
    sys.exit(0 if all(results) and len(results) == 5 else 1)


if __name__ == "__main__":
    main()
