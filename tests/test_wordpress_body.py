"""The pieces of the WordPress body conversion: wpautop, shortcodes, the clean-up rules."""

import json

import pytest
from lxml import html as lxml_html

from articles.wordpress import cleanup
from articles.wordpress.autop import wpautop
from articles.wordpress.shortcodes import replace_shortcodes
from tests.wordpress import FIXTURE

CASES = json.loads((FIXTURE / "wpautop_cases.json").read_text(encoding="utf-8"))


@pytest.mark.parametrize("case", CASES, ids=[str(i) for i in range(len(CASES))])
def test_wpautop_port_matches_wordpress_output(case):
    assert wpautop(case["in"]) == case["out"]


def test_shortcode_with_attributes_is_handled():
    seen = []
    text = replace_shortcodes('a [contact-form-7 id="12" title="Tips"] b', seen.append)
    assert seen[0].name == "contact-form-7"
    assert seen[0].attributes == {"id": "12", "title": "Tips"}
    assert text == 'a [contact-form-7 id="12" title="Tips"] b'  # None keeps it


def test_enclosing_shortcode_gives_its_content():
    text = replace_shortcodes(
        '[caption id="attachment_7"]<img src=x> Cap[/caption]', lambda s: f"<{s.content}>"
    )
    assert text == "<<img src=x> Cap>"


@pytest.mark.parametrize("text", ["He said [sic] it", "[Updated] The mayor", "see [1]"])
def test_bracketed_words_are_not_shortcodes(text):
    assert replace_shortcodes(text, lambda s: "") == text


def test_escaped_shortcode_is_shown_literally():
    assert replace_shortcodes("Use [[gallery]] here", lambda s: "") == "Use [gallery] here"


@pytest.mark.parametrize(
    ("line", "credit"),
    [
        ("(Cover Photo Wikimedia Commons)", "Wikimedia Commons"),
        ("Cover photo: AP", "AP"),
        ("Photo: Ana Díaz / Reuters", "Ana Díaz / Reuters"),
        ("(Photo Wikimedia Commons)", "Wikimedia Commons"),
        ("Foto: Juan Gómez / Reuters", "Juan Gómez / Reuters"),
        ("(Foto de portada: EFE)", "EFE"),
        ("Fotografía: Archivo", "Archivo"),
    ],
)
def test_credit_lines_in_english_and_spanish(line, credit):
    assert cleanup.match_credit(line) == credit


@pytest.mark.parametrize(
    "line",
    [
        "Photo opportunities were rare at the summit.",
        "Fotos del evento se publicarán mañana.",
        "The photo: a symbol of the protests, shared widely across the region by thousands of "
        "people who had never seen the river before and now wanted to see it again and again.",
    ],
)
def test_sentences_are_not_credit_lines(line):
    assert cleanup.match_credit(line) is None


def test_caption_credit_is_split_off():
    assert cleanup.split_caption_credit("Vendors at the market. Photo: Ana Díaz") == (
        "Vendors at the market.",
        "Ana Díaz",
    )
    assert cleanup.split_caption_credit("The bridge on Monday.") == ("The bridge on Monday.", "")


def _root(markup):
    return lxml_html.fragment_fromstring(markup, create_parent="div")


def _own(href):
    return href.startswith("https://oldnews.example/")


@pytest.mark.parametrize(
    "markup",
    [
        '<p>Don’t Miss: <a href="https://oldnews.example/a/">A</a></p>',
        '<p><strong>Related:</strong></p><ul><li><a href="https://oldnews.example/a/">A</a></li>'
        '<li><a href="https://oldnews.example/b/">B</a></li></ul>',
        '<h3>Te puede interesar</h3><p><a href="https://oldnews.example/a/">A</a> | '
        '<a href="https://oldnews.example/b/">B</a></p>',
        '<p>Read more:<br><a href="https://oldnews.example/a/">A</a></p>',
    ],
)
def test_picks_blocks_leave_the_body(markup):
    root = _root("<p>Story.</p>" + markup)
    links = cleanup.take_picks_blocks(root, _own)
    assert [a.get("href") for a in links][0] == "https://oldnews.example/a/"
    assert [child.text_content() for child in root] == ["Story."]


def test_box_of_outside_links_stays():
    root = _root('<p>Story.</p><p>Related: <a href="https://elsewhere.example/x">X</a></p>')
    assert cleanup.take_picks_blocks(root, _own) == []
    assert len(root) == 2


def test_sentence_starting_with_a_label_stays():
    root = _root(
        '<p>Related work on the <a href="https://oldnews.example/a/">river</a> goes on.</p>'
    )
    assert cleanup.take_picks_blocks(root, _own) == []
    assert len(root) == 1
