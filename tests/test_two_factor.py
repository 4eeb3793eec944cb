"""Two-factor sign-in for staff (django-otp): enrolment, verification, and what is refused."""

import re
import time

import pytest
from django.contrib.auth.models import User
from django_otp.oath import TOTP
from django_otp.plugins.otp_static.models import StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from articles.models import Article
from newsroom.security import twofactor
from newsroom.security.models import AuditEvent
from tests.admin_forms import article_post_data
from tests.factories import staff_user
from tests.test_settings import run_manage

pytestmark = pytest.mark.django_db

VERIFY = "/admin/two-factor/verify/"
ENROL = "/admin/two-factor/set-up/"


@pytest.fixture(autouse=True)
def _required(settings):
    settings.TWO_FACTOR_REQUIRED = True


def code_for(device, offset=0):
    totp = TOTP(device.bin_key, device.step, device.t0, device.digits, device.drift)
    totp.time = time.time() + offset
    return f"{totp.token():0{device.digits}d}"


def password_sign_in(client, username):
    response = client.post("/admin/login/", {"username": username, "password": "pw"})
    assert response.status_code == 302
    return response


def enrolled(user):
    device = TOTPDevice.objects.create(user=user, name="phone", confirmed=True)
    codes = twofactor.new_recovery_codes(user)
    return device, codes


def test_editor_without_a_device_is_sent_to_set_one_up(client):
    staff_user("Editor", "eddie")
    password_sign_in(client, "eddie")
    response = client.get("/admin/")
    assert response.status_code == 302
    assert response["Location"].startswith(ENROL)


def test_enrolment_shows_an_inline_qr_code_and_the_key(client):
    user = staff_user("Editor", "eddie")
    password_sign_in(client, "eddie")
    page = client.get(ENROL).content.decode()
    device = TOTPDevice.objects.get(user=user, confirmed=False)
    assert "<svg" in page
    assert re.search(r"<code>[A-Z2-7]{32}</code>", page)
    assert "https://" not in page.split("<svg", 1)[1].split("</svg>", 1)[0]
    assert not device.confirmed


def test_enrolment_with_a_valid_code_turns_two_factor_on_and_shows_recovery_codes(client):
    user = staff_user("Editor", "eddie")
    password_sign_in(client, "eddie")
    client.get(ENROL)
    device = TOTPDevice.objects.get(user=user)
    response = client.post(ENROL, {"token": code_for(device), "next": "/admin/"})
    page = response.content.decode()
    assert response.status_code == 200
    assert "recovery codes" in page
    tokens = StaticToken.objects.filter(device__user=user).values_list("token", flat=True)
    assert len(tokens) == 10
    assert all(token in page for token in tokens)
    assert TOTPDevice.objects.get(user=user).confirmed
    assert client.get("/admin/").status_code == 200
    assert AuditEvent.objects.filter(kind=AuditEvent.Kind.TWO_FACTOR_ENABLED).exists()


def test_enrolment_with_a_wrong_code_keeps_two_factor_off(client):
    user = staff_user("Editor", "eddie")
    password_sign_in(client, "eddie")
    client.get(ENROL)
    response = client.post(ENROL, {"token": "000000"})
    assert "That code did not match" in response.content.decode()
    assert not TOTPDevice.objects.filter(user=user, confirmed=True).exists()
    assert client.get("/admin/").status_code == 302


def test_enrolled_editor_is_asked_for_the_code_after_the_password(client):
    enrolled(staff_user("Editor", "eddie"))
    password_sign_in(client, "eddie")
    response = client.get("/admin/articles/article/")
    assert response.status_code == 302
    assert response["Location"].startswith(VERIFY)


def test_password_alone_cannot_enrol_a_second_device(client):
    enrolled(staff_user("Editor", "eddie"))
    password_sign_in(client, "eddie")
    response = client.get(ENROL)
    assert response.status_code == 302
    assert response["Location"].startswith(VERIFY)
    assert TOTPDevice.objects.count() == 1


def test_forged_post_without_the_second_factor_changes_nothing(client):
    user = staff_user("Editor", "eddie")
    enrolled(user)
    password_sign_in(client, "eddie")
    response = client.post("/admin/articles/article/add/", article_post_data(action="publish"))
    assert response.status_code == 302
    assert response["Location"].startswith(VERIFY)
    assert not Article.objects.exists()
    response = client.post(
        "/admin/auth/user/add/", {"username": "mallory", "password1": "x", "password2": "x"}
    )
    assert not User.objects.filter(username="mallory").exists()


def test_valid_code_completes_the_sign_in(client):
    device, _ = enrolled(staff_user("Editor", "eddie"))
    password_sign_in(client, "eddie")
    response = client.post(VERIFY, {"token": code_for(device), "next": "/admin/articles/article/"})
    assert response.status_code == 302
    assert response["Location"] == "/admin/articles/article/"
    assert client.get("/admin/articles/article/").status_code == 200


def test_wrong_code_is_refused_and_logged(client):
    enrolled(staff_user("Editor", "eddie"))
    password_sign_in(client, "eddie")
    response = client.post(VERIFY, {"token": "123456"})
    assert response.status_code == 200
    assert "That code is not valid" in response.content.decode()
    assert client.get("/admin/").status_code == 302
    assert AuditEvent.objects.filter(
        kind=AuditEvent.Kind.SECOND_FACTOR_FAILED, actor_name="eddie"
    ).exists()


def test_replayed_code_is_refused(client):
    device, _ = enrolled(staff_user("Editor", "eddie"))
    code = code_for(device)
    password_sign_in(client, "eddie")
    assert client.post(VERIFY, {"token": code}).status_code == 302
    client.logout()
    password_sign_in(client, "eddie")
    response = client.post(VERIFY, {"token": code})
    assert response.status_code == 200
    assert client.get("/admin/").status_code == 302


def test_recovery_code_works_once(client):
    _, codes = enrolled(staff_user("Editor", "eddie"))
    password_sign_in(client, "eddie")
    assert client.post(VERIFY, {"token": codes[0]}).status_code == 302
    assert client.get("/admin/").status_code == 200
    client.logout()
    password_sign_in(client, "eddie")
    response = client.post(VERIFY, {"token": codes[0]})
    assert response.status_code == 200
    assert client.get("/admin/").status_code == 302


def test_reporter_without_a_device_signs_in_with_the_password(client):
    staff_user("Reporter", "rita")
    password_sign_in(client, "rita")
    assert client.get("/admin/").status_code == 200


def test_reporter_who_enrolled_must_give_the_code(client):
    enrolled(staff_user("Reporter", "rita"))
    password_sign_in(client, "rita")
    assert client.get("/admin/").status_code == 302


def test_superuser_must_enrol(client):
    User.objects.create_superuser("boss", "boss@newsroom.example", "pw")
    password_sign_in(client, "boss")
    assert client.get("/admin/")["Location"].startswith(ENROL)


def test_setting_off_lets_editors_sign_in_with_the_password(client, settings):
    settings.TWO_FACTOR_REQUIRED = False
    staff_user("Editor", "eddie")
    password_sign_in(client, "eddie")
    assert client.get("/admin/").status_code == 200


def test_verified_editor_can_make_new_recovery_codes(client):
    device, old = enrolled(staff_user("Editor", "eddie"))
    password_sign_in(client, "eddie")
    client.post(VERIFY, {"token": code_for(device)})
    response = client.post("/admin/two-factor/recovery-codes/")
    assert response.status_code == 200
    assert not StaticToken.objects.filter(token__in=old).exists()
    assert StaticToken.objects.count() == 10


def test_next_pointing_elsewhere_is_ignored(client):
    device, _ = enrolled(staff_user("Editor", "eddie"))
    password_sign_in(client, "eddie")
    response = client.post(VERIFY, {"token": code_for(device), "next": "https://evil.example/"})
    assert response["Location"] == "/admin/"


@pytest.mark.parametrize(("debug", "expected"), [("0", "True"), ("1", "False")])
def test_two_factor_is_required_by_default_outside_debug_only(debug, expected):
    result = run_manage(
        "shell",
        "-c",
        "from django.conf import settings; print(settings.TWO_FACTOR_REQUIRED)",
        DEBUG=debug,
        SECRET_KEY="k3y-" + "x7Q!m9" * 10,
        ALLOWED_HOSTS="news.example.org",
    )
    assert result.stdout.strip().splitlines()[-1] == expected, result.stderr
