"""Static pages (About, Contact, Ethics policy…) at /pages/<slug>/, edited in the admin."""

import pytest

from articles.models import Page
from tests.factories import PageFactory

pytestmark = pytest.mark.django_db


def test_page_shows_its_title_and_body(client):
    PageFactory(title="About us", slug="about", body="<p>We cover the valley.</p>")
    response = client.get("/pages/about/")
    html = response.content.decode()
    assert response.status_code == 200
    assert "<h1>About us</h1>" in html
    assert "<p>We cover the valley.</p>" in html
    assert "<title>About us · " in html


def test_unknown_page_is_404(client):
    assert client.get("/pages/nothing-here/").status_code == 404


def test_page_url_comes_from_its_slug():
    assert PageFactory(slug="ethics").get_absolute_url() == "/pages/ethics/"


def test_page_body_is_sanitised_with_the_article_policy():
    page = Page.objects.create(
        title="Contact",
        body='<p onclick="x()">Write <a href="javascript:x()">us</a></p><script>1</script>',
    )
    assert page.body == '<p>Write <a rel="noopener noreferrer">us</a></p>'


def test_blank_slug_is_filled_from_the_title():
    assert Page.objects.create(title="Ethics policy").slug == "ethics-policy"


def test_update_or_create_by_slug_keeps_one_page():
    Page.objects.update_or_create(slug="about", defaults={"title": "About", "body": "<p>A</p>"})
    Page.objects.update_or_create(slug="about", defaults={"title": "About us", "body": "<p>B</p>"})
    assert list(Page.objects.values_list("title", "body")) == [("About us", "<p>B</p>")]


def test_editing_a_page_shows_the_new_text_at_once(client):
    page = PageFactory(slug="about", body="<p>Old text</p>")
    assert "Old text" in client.get("/pages/about/").content.decode()
    page.body = "<p>New text</p>"
    page.save()
    assert "New text" in client.get("/pages/about/").content.decode()


def test_admin_adds_a_page_with_the_rich_text_editor_and_sanitiser(admin_client):
    form = admin_client.get("/admin/articles/page/add/").content.decode()
    assert "prose-editor" in form
    response = admin_client.post(
        "/admin/articles/page/add/",
        {
            "title": "Corrections policy",
            "slug": "",
            "body": "<p>We fix errors.<script>x</script></p>",
            "position": 0,
        },
    )
    assert response.status_code == 302
    page = Page.objects.get()
    assert (page.slug, page.body) == ("corrections-policy", "<p>We fix errors.</p>")


def test_admin_page_list_loads(admin_client):
    PageFactory(title="About")
    response = admin_client.get("/admin/articles/page/")
    assert response.status_code == 200
    assert "About" in response.content.decode()


def test_page_costs_a_fixed_number_of_queries(client, django_assert_max_num_queries):
    PageFactory(slug="about")
    # The page, the section navigation, the footer's pages and archive link, the cache lifetime.
    with django_assert_max_num_queries(5):
        assert client.get("/pages/about/").status_code == 200
