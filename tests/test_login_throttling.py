"""Sign-in throttling (django-axes): lockout by account and by address, same words for all."""

from datetime import timedelta

import pytest
from axes.models import AccessAttempt
from django.contrib.auth.models import User
from django.core import mail

from newsroom.security.models import AuditEvent
from tests.factories import staff_user

pytestmark = pytest.mark.django_db

LOGIN = "/admin/login/"
LOCKED = "Too many failed attempts"


def sign_in(client, username, password, address="203.0.113.7"):
    return client.post(
        LOGIN, {"username": username, "password": password, "next": "/admin/"}, REMOTE_ADDR=address
    )


def fail(client, username, times, address="203.0.113.7"):
    for _ in range(times):
        response = sign_in(client, username, "wrong", address)
    return response


def test_five_wrong_passwords_get_the_normal_form_error(client):
    staff_user("Reporter", "rita")
    response = fail(client, "rita", 5)
    assert response.status_code == 200
    assert "Please enter the correct username and password" in response.content.decode()


def test_correct_password_after_five_failures_still_signs_in(client):
    staff_user("Reporter", "rita")
    fail(client, "rita", 5)
    assert sign_in(client, "rita", "pw").status_code == 302


def test_sixth_wrong_password_is_locked_out(client):
    staff_user("Reporter", "rita")
    fail(client, "rita", 5)
    response = sign_in(client, "rita", "wrong")
    assert response.status_code == 429
    assert LOCKED in response.content.decode()


def test_correct_password_after_lockout_is_refused(client):
    staff_user("Reporter", "rita")
    fail(client, "rita", 6)
    response = sign_in(client, "rita", "pw")
    assert response.status_code == 429
    assert "_auth_user_id" not in client.session


def test_lockout_page_is_the_same_for_an_account_that_does_not_exist(client):
    staff_user("Reporter", "rita")
    fail(client, "rita", 6, address="203.0.113.1")
    real = sign_in(client, "rita", "pw", address="203.0.113.1")
    fail(client, "nobody", 6, address="203.0.113.2")
    ghost = sign_in(client, "nobody", "pw", address="203.0.113.2")
    assert real.status_code == ghost.status_code == 429
    strip = lambda response: response.content.decode().replace("rita", "").replace("nobody", "")  # noqa: E731
    assert strip(real) == strip(ghost)
    assert "rita" not in real.content.decode()


def test_account_is_locked_from_every_address(client):
    staff_user("Reporter", "rita")
    for index in range(6):
        sign_in(client, "rita", "wrong", address=f"198.51.100.{index}")
    assert sign_in(client, "rita", "pw", address="192.0.2.99").status_code == 429


def test_address_is_locked_for_every_account(client):
    staff_user("Reporter", "rita")
    for index in range(6):
        sign_in(client, f"guess{index}", "wrong")
    assert sign_in(client, "rita", "pw").status_code == 429
    assert sign_in(client, "rita", "pw", address="192.0.2.99").status_code == 302


def test_lockout_ends_after_the_cool_off(client, settings):
    staff_user("Reporter", "rita")
    fail(client, "rita", 6)
    AccessAttempt.objects.update(
        attempt_time=AccessAttempt.objects.get(username="rita").attempt_time
        - settings.AXES_COOLOFF_TIME
        - timedelta(seconds=1)
    )
    assert sign_in(client, "rita", "pw").status_code == 302


def test_superuser_sees_and_clears_lockouts_in_the_admin(client):
    staff_user("Reporter", "rita")
    fail(client, "rita", 6)
    admin = User.objects.create_superuser("boss", "boss@newsroom.example", "pw")
    client.force_login(admin)
    listing = client.get("/admin/axes/accessattempt/")
    assert listing.status_code == 200
    assert "rita" in listing.content.decode()
    attempt = AccessAttempt.objects.get(username="rita")
    client.post(f"/admin/axes/accessattempt/{attempt.pk}/delete/", {"post": "yes"})
    client.logout()
    assert sign_in(client, "rita", "pw").status_code == 302


def test_failures_and_the_lockout_are_in_the_audit_log(client):
    staff_user("Reporter", "rita")
    fail(client, "rita", 6)
    kinds = list(AuditEvent.objects.filter(actor_name="rita").values_list("kind", flat=True))
    assert kinds.count(AuditEvent.Kind.SIGN_IN_FAILED) == 6
    assert AuditEvent.Kind.LOCKOUT in kinds
    assert AuditEvent.objects.filter(ip_address="203.0.113.7").exists()


def test_password_reset_is_throttled_by_address(client, settings):
    settings.PASSWORD_RESET_LIMIT = 3
    for index in range(3):
        response = client.post("/admin/password-reset/", {"email": f"someone{index}@example.org"})
        assert response.status_code == 302
    response = client.post("/admin/password-reset/", {"email": "someone9@example.org"})
    assert response.status_code == 429
    assert LOCKED in response.content.decode()


def test_password_reset_is_throttled_by_email_and_sends_no_more_mail(client, settings):
    settings.PASSWORD_RESET_LIMIT = 2
    staff_user("Reporter", "rita")
    for index in range(2):
        client.post(
            "/admin/password-reset/",
            {"email": "rita@newsroom.example"},
            REMOTE_ADDR=f"198.51.100.{index}",
        )
    response = client.post(
        "/admin/password-reset/", {"email": "RITA@newsroom.example"}, REMOTE_ADDR="192.0.2.5"
    )
    assert response.status_code == 429
    assert len(mail.outbox) == 2


def test_password_reset_answers_alike_for_unknown_addresses(client):
    staff_user("Reporter", "rita")
    known = client.post("/admin/password-reset/", {"email": "rita@newsroom.example"})
    unknown = client.post("/admin/password-reset/", {"email": "ghost@newsroom.example"})
    assert known.status_code == unknown.status_code == 302
    assert known["Location"] == unknown["Location"]


def test_sign_in_page_links_to_password_reset(client):
    assert "/admin/password-reset/" in client.get(LOGIN).content.decode()
