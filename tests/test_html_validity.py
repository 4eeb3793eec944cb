"""Zero Nu HTML Checker errors on every public page type and on the admin article form."""

import pytest
from django.utils import timezone
from django_otp.plugins.otp_totp.models import TOTPDevice

from tests.factories import (
    ArticleFactory,
    AuthorFactory,
    CorrectionFactory,
    PhotoFactory,
    SectionFactory,
    staff_user,
)
from tests.htmlcheck import html_errors
from tests.test_preview import preview_path

pytestmark = pytest.mark.django_db


def page(client, path, status=200):
    response = client.get(path)
    assert response.status_code == status, path
    return response.content.decode()


def test_every_public_page_type_has_no_html_errors(client, settings):
    author = AuthorFactory(name="Ana Pérez", slug="ana", website="https://ana.example")
    section = SectionFactory(name="Politics", slug="politics")
    other = ArticleFactory(cover_photo=PhotoFactory(), section=section, headline="Other story")
    story = ArticleFactory(
        section=section,
        authors=[author],
        cover_photo=PhotoFactory(),
        tag_names=["budget", "city council"],
        related_articles=[other],
        publish_at=timezone.now().replace(microsecond=123456) - timezone.timedelta(days=1),
    )
    CorrectionFactory(article=story)
    year, month = story.publish_at.year, f"{timezone.localtime(story.publish_at).month:02d}"
    pages = {
        "home": page(client, "/"),
        "article": page(client, story.get_absolute_url()),
        "section": page(client, "/sections/politics/"),
        "tag": page(client, "/tags/budget/"),
        "author": page(client, "/authors/ana/"),
        "year archive": page(client, f"/{year}/"),
        "month archive": page(client, f"/{year}/{month}/"),
        "search": page(client, "/search/?q=council"),
        "empty search": page(client, "/search/?q=nothing-matches"),
        "search form": page(client, "/search/"),
        "preview": page(client, preview_path(ArticleFactory(draft=True, authors=[author]))),
        "bad preview": page(client, "/preview/nonsense/", status=403),
    }
    settings.DEBUG = False
    pages["not found"] = page(client, "/sections/missing/", status=404)
    assert html_errors(pages) == {}


def test_admin_article_form_has_no_html_errors(client, editor):
    story = ArticleFactory(
        draft=True, cover_photo=PhotoFactory(), tag_names=["budget"], authors=[AuthorFactory()]
    )
    CorrectionFactory(article=story)
    pages = {
        "add form": page(client, "/admin/articles/article/add/"),
        "change form": page(client, f"/admin/articles/article/{story.pk}/change/"),
    }
    assert html_errors(pages) == {}


def test_sign_in_security_pages_have_no_html_errors(client, settings):
    settings.TWO_FACTOR_REQUIRED = True
    staff_user("Editor", "eddie")
    client.post("/admin/login/", {"username": "eddie", "password": "pw"})
    pages = {"set-up": page(client, "/admin/two-factor/set-up/")}
    TOTPDevice.objects.update(confirmed=True)
    pages["verify"] = page(client, "/admin/two-factor/verify/")
    client.logout()
    pages["password reset"] = page(client, "/admin/password-reset/")
    for _ in range(6):
        response = client.post("/admin/login/", {"username": "eddie", "password": "wrong"})
    assert response.status_code == 429
    pages["locked out"] = response.content.decode()
    assert html_errors(pages) == {}
