"""People: a role makes staff, and one form creates a colleague's login, role and byline."""

import pytest
from django.contrib.auth.models import Group, User

from articles.roles import sync_role_groups
from authors.models import Author
from tests.factories import AuthorFactory

pytestmark = pytest.mark.django_db

ADD_USER = "/admin/auth/user/add/"


@pytest.fixture
def roles():
    from django.contrib.auth.models import Permission

    sync_role_groups(Group, Permission)


@pytest.mark.parametrize("role", ["Reporter", "Editor"])
def test_giving_a_role_makes_a_user_staff(roles, role):
    user = User.objects.create_user("ana", password="pw")
    user.groups.add(Group.objects.get(name=role))
    user.refresh_from_db()
    assert user.is_staff


def test_adding_people_to_a_role_group_makes_them_staff(roles):
    user = User.objects.create_user("ana", password="pw")
    Group.objects.get(name="Reporter").user_set.add(user)
    user.refresh_from_db()
    assert user.is_staff


def test_other_groups_do_not_make_staff(roles):
    user = User.objects.create_user("ana", password="pw")
    user.groups.add(Group.objects.create(name="Newsletter readers"))
    user.refresh_from_db()
    assert not user.is_staff


def colleague(**fields):
    return {
        "username": "ana",
        "usable_password": "true",
        "password1": "a long pass phrase 42",
        "password2": "a long pass phrase 42",
        "first_name": "Ana",
        "last_name": "Ruiz",
        "email": "ana@newsroom.example",
        "role": "Reporter",
        **fields,
    }


def test_one_form_creates_login_role_and_byline(admin_client, roles):
    response = admin_client.post(
        ADD_USER, colleague(job_title="Reporter", location="Caracas, Venezuela")
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    user = User.objects.get(username="ana")
    assert user.is_staff
    assert [g.name for g in user.groups.all()] == ["Reporter"]
    assert user.check_password("a long pass phrase 42")
    author = user.author
    assert author.name == "Ana Ruiz"
    assert author.location == "Caracas, Venezuela"
    assert author.email == "ana@newsroom.example"


def test_the_byline_can_differ_from_the_login_name(admin_client, roles):
    admin_client.post(ADD_USER, colleague(role="Editor", byline="Ana M. Ruiz"))
    user = User.objects.get(username="ana")
    assert user.author.name == "Ana M. Ruiz"
    assert user.has_perm("articles.publish_article")


def test_an_existing_byline_gets_linked_instead_of_duplicated(admin_client, roles):
    existing = AuthorFactory(name="Ana Ruiz", user=None)
    admin_client.post(ADD_USER, colleague(existing_author=existing.pk))
    existing.refresh_from_db()
    assert existing.user.username == "ana"
    assert Author.objects.count() == 1


def test_a_colleague_needs_a_role_and_an_email(admin_client, roles):
    response = admin_client.post(ADD_USER, colleague(role="", email=""))
    assert response.status_code == 200
    assert not User.objects.filter(username="ana").exists()
    assert not Author.objects.exists()


def test_people_list_shows_role_and_byline(admin_client, roles):
    admin_client.post(ADD_USER, colleague())
    page = admin_client.get("/admin/auth/user/").content.decode()
    assert "Reporter" in page
    assert "Ana Ruiz" in page
