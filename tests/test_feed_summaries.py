"""RSS descriptions: the dek, or else the start of the story (never nothing)."""

import pytest
from lxml import etree

from tests.factories import ArticleFactory, PhotoFactory

pytestmark = pytest.mark.django_db


def first_item(client, path="/feed/"):
    return etree.fromstring(client.get(path).content).find("channel/item")


def test_story_without_a_dek_is_summarised_by_the_start_of_its_body(client):
    ArticleFactory(
        dek="",
        cover_photo=PhotoFactory(caption="A caption readers should not see as the summary"),
        body="<p>The council voted <strong>7-2</strong> &amp; adjourned.</p><p>Then it rained.</p>",
    )
    description = first_item(client).findtext("description")
    assert description == "The council voted 7-2 &amp; adjourned. Then it rained."


def test_long_body_summary_is_cut_at_forty_words(client):
    ArticleFactory(dek="", body="<p>" + " ".join(f"word{n}" for n in range(100)) + "</p>")
    description = first_item(client).findtext("description")
    assert description.split() == [f"word{n}" for n in range(39)] + ["word39…"]


def test_body_summary_leaves_out_figures(client):
    ArticleFactory(
        dek="",
        body='<figure class="photo"><img src="/media/x.jpg" alt="x"><figcaption>Caption '
        '<span class="credit">Credit</span></figcaption></figure><p>First words.</p>',
    )
    assert first_item(client).findtext("description") == "First words."


def test_dek_stays_the_summary_when_there_is_one(client):
    ArticleFactory(dek="The short version.", body="<p>The long version.</p>")
    assert first_item(client).findtext("description") == "The short version."


def test_atom_summary_falls_back_to_the_body_too(client):
    ArticleFactory(dek="", body="<p>Opening line.</p>")
    entry = etree.fromstring(client.get("/feed/atom/").content).find(
        "{http://www.w3.org/2005/Atom}entry"
    )
    assert entry.findtext("{http://www.w3.org/2005/Atom}summary") == "Opening line."
