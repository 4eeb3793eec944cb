"""Every XML output stays well-formed whatever characters editors paste into the copy.

Every character XML 1.0 forbids goes into every text field, then every feed and sitemap is
parsed with a strict parser. NUL is left out: PostgreSQL cannot store it and Django's form
fields refuse it. Lone surrogates are left out too: no database stores them as UTF-8.
"""

import json

import pytest
from lxml import etree
from taggit.models import Tag

from newsroom.xmlsafe import xml_safe
from tests.factories import (
    ArticleFactory,
    AuthorFactory,
    CorrectionFactory,
    PhotoFactory,
    SectionFactory,
)

pytestmark = pytest.mark.django_db

FORBIDDEN = "".join(chr(code) for code in range(1, 32) if code not in (9, 10, 13)) + "\ufffe\uffff"
STRICT = etree.XMLParser(recover=False, resolve_entities=False)


def dirty(text):
    return f"{text}{FORBIDDEN} end"


@pytest.fixture
def polluted():
    """One published story with a forbidden character in every text field."""
    section = SectionFactory(
        name=dirty("Politics"), slug="politics", description=dirty("Who governs")
    )
    author = AuthorFactory(name=dirty("Ana López"), bio=dirty("Reports on the council."))
    photo = PhotoFactory(
        caption=dirty("The council chamber"), credit=dirty("Wikimedia"), alt_text=dirty("Hall")
    )
    article = ArticleFactory(
        headline=dirty("Council passes budget"),
        dek=dirty("After a long night"),
        body=f"<p>{dirty('The vote was 7-2.')}</p>",
        section=section,
        cover_photo=photo,
        authors=[author],
        tag_names=[dirty("budget")],
    )
    CorrectionFactory(article=article, text=dirty("An earlier version misspelled a name."))
    return {"section": section, "author": author, "tag": Tag.objects.get(), "article": article}


def feed_paths(polluted):
    scopes = [
        f"/sections/{polluted['section'].slug}/feed/",
        f"/tags/{polluted['tag'].slug}/feed/",
        f"/authors/{polluted['author'].slug}/feed/",
        "/feed/",
    ]
    return scopes + [path + "atom/" for path in scopes]


def parse_strictly(client, path):
    response = client.get(path)
    assert response.status_code == 200, path
    return etree.fromstring(response.content, STRICT)


def test_xml_safe_removes_every_forbidden_character():
    assert xml_safe(dirty("a")) == "a end"
    assert xml_safe("tab\tnewline\ncr\r") == "tab\tnewline\ncr\r"
    assert xml_safe("\ud800lone surrogate") == "lone surrogate"


def test_every_xml_feed_parses_strictly(client, polluted):
    for path in feed_paths(polluted):
        document = parse_strictly(client, path)
        text = etree.tostring(document, encoding="unicode")
        assert "Council passes budget end" in text, path


def test_rss_carries_clean_author_caption_credit_and_categories(client, polluted):
    text = etree.tostring(parse_strictly(client, "/feed/"), encoding="unicode")
    for clean in ["Ana López end", "The council chamber end", "Wikimedia end", "Politics end"]:
        assert clean in text


def test_json_feed_is_valid_json_without_forbidden_characters(client, polluted):
    response = client.get("/feed.json")
    document = json.loads(response.content)
    assert not set(FORBIDDEN) & set(json.dumps(document, ensure_ascii=False))
    assert document["items"][0]["title"] == "Council passes budget end"


def test_every_sitemap_parses_strictly(client, polluted):
    index = parse_strictly(client, "/sitemap.xml")
    locations = [loc.text for loc in index.iter("{*}loc")]
    assert len(locations) >= 4
    for location in locations:
        path = location.split("://", 1)[1].split("/", 1)[1]
        parse_strictly(client, "/" + path)


def test_news_sitemap_parses_strictly_with_the_clean_headline(client, polluted):
    document = parse_strictly(client, "/news-sitemap.xml")
    titles = [title.text for title in document.iter("{*}title")]
    assert titles == ["Council passes budget end"]
