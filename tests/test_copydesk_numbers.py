"""The copy desk's number check follows the site's language (decimal point or decimal comma)."""

import pytest
from django.utils import translation

from articles import copydesk


def flagged(text, language):
    with translation.override(language):
        return copydesk.malformed_numbers(text)


@pytest.mark.parametrize(
    "text", ["3,5 millones", "1.250,75 soles", "1.000.000 de votos", "0,125", "1,00 dólar", "1250"]
)
def test_spanish_numbers_written_the_spanish_way_pass(text):
    assert flagged(text, "es") is None


@pytest.mark.parametrize(
    "text", ["14.3000 habitantes", "14,3000 habitantes", "1,250.75 soles", "1.25 millones"]
)
def test_mistyped_spanish_numbers_are_flagged(text):
    assert flagged(text, "es") is not None


@pytest.mark.parametrize("text", ["14,300 residents", "1,250.75 dollars", "3.5 million"])
def test_english_numbers_written_the_english_way_pass(text):
    assert flagged(text, "en") is None


@pytest.mark.parametrize("text", ["14.3000 residents", "14,3000 residents", "3,5 million"])
def test_mistyped_english_numbers_are_flagged(text):
    assert flagged(text, "en") is not None


def test_the_warning_names_the_number_and_shows_the_language_s_way():
    assert flagged("Unos 14.3000 habitantes", "en-us").startswith("Check 14.3000:")
    assert "(1,250)" in flagged("14,3000", "en-us")
    with translation.override("es"):
        warning = copydesk.malformed_numbers("Unos 14.3000 habitantes")
    assert "14.3000" in warning
    assert "1.250" in warning and "3,5" in warning
    assert warning.startswith("Revise")
