"""The audit log: security-relevant events with who, when and from where; read-only."""

import pytest
from django.contrib.auth.models import Group, User
from reversion.models import Version

from articles.models import Article
from newsroom.security.models import AuditEvent
from tests.admin_forms import article_post_data, change_url
from tests.factories import ArticleFactory, staff_user

pytestmark = pytest.mark.django_db

Kind = AuditEvent.Kind


def events(kind):
    return list(AuditEvent.objects.filter(kind=kind))


def test_sign_in_is_recorded_with_the_address_and_browser(client):
    staff_user("Reporter", "rita")
    client.post(
        "/admin/login/",
        {"username": "rita", "password": "pw"},
        REMOTE_ADDR="192.0.2.10",
        HTTP_USER_AGENT="TestBrowser/1.0",
    )
    (event,) = events(Kind.SIGN_IN)
    assert event.actor.username == "rita"
    assert event.ip_address == "192.0.2.10"
    assert event.user_agent == "TestBrowser/1.0"


def test_address_comes_from_the_trusted_proxy_hop_only(client, settings):
    settings.TRUSTED_PROXY_COUNT = 1
    staff_user("Reporter", "rita")
    client.post(
        "/admin/login/",
        {"username": "rita", "password": "pw"},
        REMOTE_ADDR="10.0.0.1",
        HTTP_X_FORWARDED_FOR="6.6.6.6, 192.0.2.44",
    )
    assert events(Kind.SIGN_IN)[0].ip_address == "192.0.2.44"


def test_publishing_through_the_form_is_recorded_with_the_editor(client, editor):
    article = ArticleFactory(draft=True, headline="Budget passes")
    client.post(
        change_url(article), article_post_data(article, action="publish", publish_anyway="on")
    )
    (event,) = events(Kind.PUBLISHED)
    assert event.actor == editor
    assert "Budget passes" in event.subject
    assert event.ip_address == "127.0.0.1"


def test_scheduling_and_unpublishing_are_recorded(client, editor):
    article = ArticleFactory(scheduled=True)
    client.post(change_url(article), article_post_data(article, action="unpublish"))
    assert len(events(Kind.UNPUBLISHED)) == 1
    assert events(Kind.UNPUBLISHED)[0].actor == editor


def test_bulk_unpublish_is_recorded_per_article(client, editor):
    first, second = ArticleFactory(), ArticleFactory()
    client.post(
        "/admin/articles/article/",
        {"action": "unpublish_selected", "_selected_action": [first.pk, second.pk]},
    )
    assert len(events(Kind.UNPUBLISHED)) == 2


def test_saving_a_draft_records_nothing(client, editor):
    article = ArticleFactory(draft=True)
    client.post(change_url(article), article_post_data(article, headline="New words"))
    assert not AuditEvent.objects.filter(subject__contains="article").exists()


def test_deleting_an_article_is_recorded(client, editor):
    article = ArticleFactory(headline="Gone story")
    client.post(f"/admin/articles/article/{article.pk}/delete/", {"post": "yes"})
    assert not Article.objects.exists()
    (event,) = events(Kind.DELETED)
    assert "Gone story" in event.subject
    assert event.actor == editor


def test_restoring_a_revision_is_recorded(client, editor):
    article = ArticleFactory(draft=True)
    client.post(change_url(article), article_post_data(article, headline="One"))
    article.refresh_from_db()
    client.post(change_url(article), article_post_data(article, headline="Two"))
    version = Version.objects.get_for_object(article).order_by("pk").first()
    client.post(f"/admin/articles/article/{article.pk}/revisions/{version.pk}/restore/")
    (event,) = events(Kind.RESTORED)
    assert event.actor == editor


def test_role_and_staff_changes_are_recorded(client):
    staff_user("Reporter", "rita")
    boss = User.objects.create_superuser("boss", "boss@newsroom.example", "pw")
    client.force_login(boss)
    rita = User.objects.get(username="rita")
    AuditEvent.objects.all().delete()
    data = {
        "username": "rita",
        "first_name": "",
        "last_name": "",
        "email": "",
        "is_active": "on",
        "is_staff": "on",
        "is_superuser": "on",
        "groups": [Group.objects.get(name="Editor").pk],
        "last_login_0": "",
        "last_login_1": "",
        "date_joined_0": "2026-01-01",
        "date_joined_1": "00:00:00",
    }
    response = client.post(f"/admin/auth/user/{rita.pk}/change/", data)
    assert response.status_code == 302, response.content.decode()[:1000]
    role = events(Kind.ROLE_CHANGED)
    assert any("Editor" in event.detail and event.actor == boss for event in role)
    assert any("is_superuser: on" in event.detail for event in events(Kind.PERMISSIONS_CHANGED))


def test_superuser_reads_the_log_in_the_admin(client):
    boss = User.objects.create_superuser("boss", "boss@newsroom.example", "pw")
    client.force_login(boss)
    response = client.get("/admin/security/auditevent/")
    assert response.status_code == 200
    assert "boss" in response.content.decode()


def test_nobody_can_edit_or_delete_the_log(client):
    boss = User.objects.create_superuser("boss", "boss@newsroom.example", "pw")
    client.force_login(boss)
    event = AuditEvent.objects.first()
    assert client.get("/admin/security/auditevent/add/").status_code == 403
    assert (
        client.post(f"/admin/security/auditevent/{event.pk}/delete/", {"post": "yes"}).status_code
        == 403
    )
    client.post(f"/admin/security/auditevent/{event.pk}/change/", {"subject": "tampered"})
    event.refresh_from_db()
    assert event.subject != "tampered"
    client.post(
        "/admin/security/auditevent/",
        {"action": "delete_selected", "_selected_action": [event.pk], "post": "yes"},
    )
    assert AuditEvent.objects.filter(pk=event.pk).exists()


def test_editors_cannot_read_the_log(client, editor):
    assert client.get("/admin/security/auditevent/").status_code == 403


def test_nul_characters_in_what_was_typed_do_not_break_the_log(client):
    response = client.post(
        "/admin/password-reset/", {"email": "a\x00b@example.org"}, HTTP_USER_AGENT="x\x00y"
    )
    assert response.status_code in (200, 302)
    event = AuditEvent.objects.get(kind=Kind.PASSWORD_RESET_REQUESTED)
    assert event.detail == "ab@example.org"
    assert event.user_agent == "xy"
