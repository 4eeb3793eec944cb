"""With LANGUAGE_CODE=es the public site, its dates, feeds and the admin's labels are Spanish.

The render test is strict on our own strings: every page is rendered in Spanish with Spanish
content, and any word that only occurs in the English side of our catalogue (or a common English
word) left in the visible text fails it, naming the page and the text around the word. A string
someone forgot to mark, or marked and left untranslated, shows up here.
"""

import re
from datetime import datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import polib
import pytest
from django.conf import settings
from django.utils import translation
from lxml import etree, html

from tests.factories import (
    ArticleFactory,
    AuthorFactory,
    CorrectionFactory,
    PageFactory,
    PhotoFactory,
    SectionFactory,
)

pytestmark = pytest.mark.django_db

CATALOGUE = Path(settings.BASE_DIR) / "locale" / "es" / "LC_MESSAGES" / "django.po"
# English words common enough on a news site that any of them on a Spanish page is a leftover,
# even in a string missing from the catalogue altogether.
COMMON_ENGLISH = set(
    """
    the and of by for from with this that your our you read more photo story stories page
    published updated previous next newer older search results result section tag tags author
    authors archive archives corrections correction feed skip content latest menu home share
    about contact policy
    """.split()  # noqa: SIM905 - a list of words reads best as text
)
PLACEHOLDER = re.compile(r"%\([a-z_]+\)[sd]|<[^>]+>")
WORD = re.compile(r"[^\W\d_]+")
# Visible attributes whose text a reader (or a screen reader) meets.
READ_ATTRIBUTES = ["alt", "title", "aria-label", "placeholder"]
NOVEMBER = datetime(2026, 11, 27, 9, 30, tzinfo=ZoneInfo("America/New_York"))


def catalogue():
    return polib.pofile(str(CATALOGUE))


def words(text):
    return {word.lower() for word in WORD.findall(PLACEHOLDER.sub(" ", text))}


def english_only_words():
    """Words of our English strings that no Spanish translation uses, plus COMMON_ENGLISH."""
    english, spanish = set(), set()
    for entry in catalogue():
        english |= words(entry.msgid) | words(entry.msgid_plural or "")
        spanish |= words(entry.msgstr) | words(" ".join(entry.msgstr_plural.values()))
    return (english - spanish) | COMMON_ENGLISH


def visible_texts(markup):
    """Text nodes outside scripts and styles, the <title>, and the attributes people read."""
    tree = html.fromstring(markup)
    etree.strip_elements(tree, "script", "style", with_tail=False)
    texts = [text for text in tree.xpath("//body//text() | //title/text()") if text.strip()]
    for attribute in READ_ATTRIBUTES:
        texts += tree.xpath(f"//body//@{attribute}")
    texts += tree.xpath("//meta[@name='description']/@content")
    return texts


@pytest.fixture
def spanish(settings):
    settings.LANGUAGE_CODE = "es"
    settings.SITE_NAME = "El Diario del Valle"
    settings.SITE_DESCRIPTION = "Noticias locales independientes, contadas por periodistas."
    with translation.override("es"):
        yield


@pytest.fixture
def newsroom(spanish):
    """A small Spanish newsroom: every public page has something to show."""
    section = SectionFactory(name="Ciudad", slug="ciudad", description="Noticias de la ciudad.")
    author = AuthorFactory(
        name="María González",
        slug="maria-gonzalez",
        job_title="Periodista",
        location="Valencia, Venezuela",
        bio="Cubre el concejo municipal.\n\nAntes cubrió tribunales.",
        website="https://ejemplo.org",
    )
    older = ArticleFactory(
        headline="Reabre el mercado municipal",
        dek="Los comerciantes vuelven a sus puestos.",
        body="<p>El mercado abrió sus puertas tras tres meses de obras.</p>",
        section=section,
        authors=[author],
        tag_names=["mercados"],
        cover_photo=PhotoFactory(
            alt_text="Puestos de fruta en el mercado",
            caption="El mercado, el martes.",
            credit="Redacción",
            licence="",
        ),
        publish_at=NOVEMBER.replace(day=20),
    )
    article = ArticleFactory(
        headline="El concejo aprueba el presupuesto",
        dek="La votación terminó de madrugada.",
        body=(
            "<p>El concejo votó siete a dos.</p>"
            "<p>«Escuchamos a los vecinos», dijo la alcaldesa.</p>"
        ),
        section=section,
        authors=[author],
        tag_names=["presupuesto", "concejo"],
        cover_photo=PhotoFactory(
            alt_text="Concejales en el salón de plenos",
            caption="La sesión del jueves.",
            credit="Redacción",
            licence="",
        ),
        related_articles=[older],
        publish_at=NOVEMBER,
    )
    CorrectionFactory(article=article, text="Una versión anterior daba mal el resultado.")
    PageFactory(title="Quiénes somos", slug="quienes-somos", body="<p>Somos un diario local.</p>")
    PageFactory(
        title="Contacto", slug="contacto", body="<p>Escríbanos.</p>"
    ).__class__.objects.update(is_in_footer=True)
    return {"article": article, "author": author}


def public_pages(newsroom):
    article = newsroom["article"]
    return [
        "/",
        "/?page=1",
        article.get_absolute_url(),
        "/sections/ciudad/",
        "/tags/presupuesto/",
        newsroom["author"].get_absolute_url(),
        "/2026/",
        "/2026/11/",
        "/search/?q=concejo",
        "/search/?q=concejo&sort=date",
        "/search/?q=nada",
        "/search/",
        "/corrections/",
        "/pages/quienes-somos/",
        "/no-existe/",
        "/preview/falso/",
    ]


def test_every_catalogue_entry_is_translated():
    untranslated = [
        entry.msgid
        for entry in catalogue()
        if entry.obsolete is False
        and ("fuzzy" in entry.flags or not (entry.msgstr or all(entry.msgstr_plural.values())))
    ]
    assert untranslated == []


def test_compiled_catalogue_matches_the_source(spanish):
    """The .mo in the repository was compiled from the current .po (`make messages`)."""
    stale = []
    for entry in catalogue():
        if entry.msgid_plural:
            got = (
                translation.npgettext(entry.msgctxt, entry.msgid, entry.msgid_plural, 1)
                if (entry.msgctxt)
                else translation.ngettext(entry.msgid, entry.msgid_plural, 1)
            )
            expected = entry.msgstr_plural[0]
        elif entry.msgctxt:
            got, expected = translation.pgettext(entry.msgctxt, entry.msgid), entry.msgstr
        else:
            got, expected = translation.gettext(entry.msgid), entry.msgstr
        if got != expected:
            stale.append(entry.msgid)
    assert stale == []


def test_every_public_page_is_spanish(client, newsroom):
    english = english_only_words()
    leftovers = []
    for path in public_pages(newsroom):
        response = client.get(path)
        assert response.status_code in (200, 403, 404), path
        markup = response.content.decode()
        assert '<html lang="es">' in markup, path
        for text in visible_texts(markup):
            found = words(text) & english
            if found:
                leftovers.append(f"{path}: {sorted(found)} in {text.strip()[:80]!r}")
    assert leftovers == []


def test_dates_are_written_the_spanish_way(client, newsroom):
    page = client.get(newsroom["article"].get_absolute_url()).content.decode()
    assert "27 de noviembre de 2026 a las 09:30" in page
    home = client.get("/").content.decode()
    assert "20 de noviembre de 2026" in home
    assert "<h1>noviembre de 2026</h1>" in client.get("/2026/11/").content.decode()


def test_bylines_and_credits_are_spanish(client, newsroom):
    page = client.get(newsroom["article"].get_absolute_url()).content.decode()
    assert "Por <a href=" in page
    assert "Foto: Redacción" in page
    assert "Correcciones" in page and "No te pierdas" in page


def test_search_count_is_spanish(client, newsroom):
    page = client.get("/search/", {"q": "concejo"}).content.decode()
    assert "1 resultado para «concejo»" in page


@pytest.mark.parametrize("path", ["/feed/", "/sections/ciudad/feed/", "/corrections/feed/"])
def test_feeds_declare_spanish(client, newsroom, path):
    feed = etree.fromstring(client.get(path).content)
    assert feed.findtext("channel/language") == "es"


def test_section_and_corrections_feeds_describe_themselves_in_spanish(client, newsroom):
    SectionFactory(name="Deportes", slug="deportes", description="")
    feed = etree.fromstring(client.get("/sections/deportes/feed/").content)
    assert feed.findtext("channel/description") == "Las últimas noticias de Deportes."
    corrections = etree.fromstring(client.get("/corrections/feed/").content)
    assert corrections.findtext("channel/item/title") == (
        "Corrección: El concejo aprueba el presupuesto"
    )


def test_admin_labels_of_our_models_are_spanish(admin_client, spanish):
    form = admin_client.get("/admin/articles/article/add/").content.decode()
    for label in ["Titular", "Sumario", "Foto de portada", "Publicar el"]:
        assert f">{label}" in form, label
    PageFactory(title="Contacto")
    pages = admin_client.get("/admin/articles/page/").content.decode()
    assert "Páginas" in pages and "En el pie de página" in pages
