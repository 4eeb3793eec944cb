import pytest

from articles.richtext import sanitize
from tests.factories import ArticleFactory

WORD_PASTE = """<html xmlns:o="urn:schemas-microsoft-com:office:office"><head>
<style>p.MsoNormal {margin:0cm; font-family:Calibri}</style>
<xml><o:OfficeDocumentSettings><o:AllowPNG/></o:OfficeDocumentSettings></xml></head><body>
<!--StartFragment-->
<p class=MsoNormal style="margin-bottom:0cm"><span style="font-size:12.0pt">The council voted
<b>7-2</b> on <i>Tuesday</i>.<o:p></o:p></span></p>
<p class=MsoNormal><o:p>&nbsp;</o:p></p>
<p class=MsoListParagraph style="mso-list:l0 level1 lfo1"><![if !supportLists]><span
style="mso-list:Ignore">·<span>&nbsp;&nbsp; </span></span><![endif]>Roads</p>
<!--EndFragment--></body></html>"""

GOOGLE_DOCS_PASTE = (
    '<meta charset="utf-8"><b style="font-weight:normal;" id="docs-internal-guid-1a2b">'
    '<p dir="ltr" style="line-height:1.38"><span style="font-size:11pt;color:#000000">'
    "Plain words</span></p></b>"
)


def test_word_paste_keeps_text_and_emphasis_only():
    assert sanitize(WORD_PASTE) == (
        "<p>The council voted\n<strong>7-2</strong> on <em>Tuesday</em>.</p>\n\n<p>Roads</p>"
    )


@pytest.mark.parametrize("debris", ["<span", "style=", "class=", "o:p", "Mso", "&nbsp;", "<!--"])
def test_word_paste_leaves_no_office_debris(debris):
    assert debris not in sanitize(WORD_PASTE)


def test_google_docs_wrapper_does_not_make_everything_bold():
    assert sanitize(GOOGLE_DOCS_PASTE) == "<p>Plain words</p>"


@pytest.mark.parametrize("empty", ["<p></p>", "<p>&nbsp;</p>", "<p> <br> </p>"])
def test_empty_paragraphs_are_removed(empty):
    assert sanitize(f"<p>One</p>{empty}<p>Two</p>") == "<p>One</p><p>Two</p>"


def test_scripts_and_javascript_links_are_removed():
    cleaned = sanitize(
        '<p onclick="x()">Hi<script>alert(1)</script><a href="javascript:x">l</a></p>'
    )
    assert cleaned == '<p>Hi<a rel="noopener noreferrer">l</a></p>'


def test_links_get_safe_relations():
    assert sanitize('<a href="https://example.org">x</a>') == (
        '<a href="https://example.org" rel="noopener noreferrer">x</a>'
    )


def test_h1_becomes_h2_because_the_headline_is_the_page_h1():
    assert sanitize("<h1>Section</h1>") == "<h2>Section</h2>"


@pytest.mark.django_db
def test_body_is_sanitised_when_the_article_is_saved():
    article = ArticleFactory(body=WORD_PASTE)
    article.refresh_from_db()
    assert "<span" not in article.body
    assert "<strong>7-2</strong>" in article.body


@pytest.mark.parametrize("html", [WORD_PASTE, GOOGLE_DOCS_PASTE, "<p>a <b>b</b> <i>c</i></p>"])
def test_sanitising_twice_changes_nothing(html):
    once = sanitize(html)
    assert sanitize(once) == once
