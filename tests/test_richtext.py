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


PHOTO_FIGURE = (
    '<figure class="photo" data-photo-id="12"><img src="/media/photos/a.jpg" alt="The mayor">'
    '<figcaption>The mayor on Tuesday. <span class="credit">Ana López</span></figcaption></figure>'
)
EMBED_FIGURE = (
    '<figure class="embed" data-provider="youtube">'
    '<a href="https://www.youtube.com/watch?v=dQw4w9WgXcQ" rel="noopener noreferrer">'
    "https://www.youtube.com/watch?v=dQw4w9WgXcQ</a></figure>"
)
PULL_QUOTE = '<blockquote class="pullquote"><p>We listened.</p></blockquote>'


@pytest.mark.parametrize("form", [PHOTO_FIGURE, EMBED_FIGURE, PULL_QUOTE])
def test_the_body_forms_are_kept_exactly(form):
    assert sanitize(form) == form


@pytest.mark.parametrize("form", [PHOTO_FIGURE, EMBED_FIGURE, PULL_QUOTE])
def test_sanitising_a_body_form_twice_changes_nothing(form):
    assert sanitize(sanitize(form)) == sanitize(form)


@pytest.mark.parametrize(
    ("html", "expected"),
    [
        (
            '<figure class="gallery"><img src="/a.jpg" alt=""></figure>',
            '<figure><img src="/a.jpg" alt=""></figure>',
        ),
        ('<blockquote class="tweet"><p>x</p></blockquote>', "<blockquote><p>x</p></blockquote>"),
        ('<p class="lead">x</p>', "<p>x</p>"),
        ('<p><span class="credit">x</span></p>', "<p>x</p>"),
        ('<figcaption><span class="caption">x</span></figcaption>', "<figcaption>x</figcaption>"),
        (
            '<figure class="photo embed"><img src="/a.jpg" alt=""></figure>',
            '<figure><img src="/a.jpg" alt=""></figure>',
        ),
    ],
)
def test_other_classes_and_spans_are_removed(html, expected):
    assert sanitize(html) == expected


def test_photo_figure_without_a_library_id_is_a_plain_figure():
    html = PHOTO_FIGURE.replace(' data-photo-id="12"', "")
    assert sanitize(html).startswith("<figure><img")


@pytest.mark.parametrize("photo_id", ["abc", "1 OR 1=1", "-3", "1" * 13])
def test_photo_figure_id_must_be_a_number(photo_id):
    html = PHOTO_FIGURE.replace('"12"', f'"{photo_id}"')
    assert "data-photo-id" not in sanitize(html)
    assert 'class="photo"' not in sanitize(html)


def test_photo_figure_holds_only_an_image_and_a_caption():
    html = PHOTO_FIGURE.replace("</figcaption>", "</figcaption><p>Extra</p>")
    assert 'class="photo"' not in sanitize(html)


def test_credit_outside_a_photo_caption_is_unwrapped():
    html = (
        '<figure><img src="/a.jpg" alt="">'
        '<figcaption>C <span class="credit">AP</span></figcaption></figure>'
    )
    assert "<span" not in sanitize(html)


@pytest.mark.parametrize(
    "url",
    [
        "https://evil.example/watch?v=dQw4w9WgXcQ",
        "http://www.youtube.com/watch?v=dQw4w9WgXcQ",
        "https://vimeo.com/76979871",
        "javascript:alert(1)",
    ],
)
def test_embed_whose_link_is_not_from_its_provider_is_a_plain_figure(url):
    html = f'<figure class="embed" data-provider="youtube"><a href="{url}">watch</a></figure>'
    cleaned = sanitize(html)
    assert 'class="embed"' not in cleaned
    assert "data-provider" not in cleaned


def test_embed_of_an_unknown_provider_loses_its_marks():
    url = "https://www.tiktok.com/@a/video/1"
    html = f'<figure class="embed" data-provider="tiktok"><a href="{url}">v</a></figure>'
    assert sanitize(html) == f'<figure><a href="{url}" rel="noopener noreferrer">v</a></figure>'


def test_embed_keeps_only_its_link():
    html = EMBED_FIGURE.replace(
        "</a>", '</a><figcaption>Watch <img src="/x.gif" alt=""></figcaption>'
    )
    assert sanitize(html) == EMBED_FIGURE


def test_embed_with_two_links_is_a_plain_figure():
    html = EMBED_FIGURE.replace("</a>", '</a> <a href="https://vimeo.com/76979871">v</a>')
    assert 'class="embed"' not in sanitize(html)


@pytest.mark.parametrize(
    "hostile",
    [
        '<iframe src="https://www.youtube.com/embed/dQw4w9WgXcQ"></iframe>',
        '<figure class="embed" data-provider="youtube" data-src="https://evil.example"'
        ' onclick="x()"><a href="https://youtu.be/dQw4w9WgXcQ">v</a></figure>',
        '<figure class="photo" data-photo-id="1" style="x">'
        '<img src="/a.jpg" alt="" onerror="x()"></figure>',
        '<blockquote class="pullquote" data-x="1"><p>q</p></blockquote>',
    ],
)
def test_body_forms_carry_no_script_frames_or_extra_attributes(hostile):
    cleaned = sanitize(hostile)
    for forbidden in ("<iframe", "onclick", "onerror", "style=", "data-src", "data-x"):
        assert forbidden not in cleaned


def test_pull_quote_holding_more_than_paragraphs_is_a_plain_quote():
    assert sanitize('<blockquote class="pullquote"><h2>x</h2></blockquote>') == (
        "<blockquote><h2>x</h2></blockquote>"
    )
