import pytest

from articles import copydesk
from articles.models import Article
from tests.factories import ArticleFactory, PhotoFactory


@pytest.mark.parametrize("text", ["14,3000 million", "costs 1,00 dollars", "1234,567 people"])
def test_malformed_numbers_are_flagged(text):
    assert "digit groups" in copydesk.malformed_numbers(text)


@pytest.mark.parametrize(
    "text", ["14,300 million", "1,000,000", "1,000.50", "in 2024, 12 died", "7-2"]
)
def test_well_formed_numbers_pass(text):
    assert copydesk.malformed_numbers(text) is None


@pytest.mark.parametrize("text", ["The mayor said TK.", "TKTK", "Budget: TK million"])
def test_leftover_tk_is_flagged(text):
    assert "TK" in copydesk.leftover_placeholders(text)


@pytest.mark.parametrize("text", ["TikTok users", "a TKO in round two", "Tk"])
def test_words_containing_tk_pass(text):
    assert copydesk.leftover_placeholders(text) is None


@pytest.mark.parametrize(
    "text", ['He said "no.', "\u201cWe listened, the mayor said.", 'ok"', "a\u201d"]
)
def test_unbalanced_quotes_are_flagged(text):
    assert "unbalanced" in copydesk.unbalanced_quotes(text)


@pytest.mark.parametrize(
    "text", ['He said "no."', "\u201cWe listened,\u201d she said.", "no quotes"]
)
def test_balanced_quotes_pass(text):
    assert copydesk.unbalanced_quotes(text) is None


@pytest.mark.parametrize("text", ["the the council", "The the", "voted to to approve"])
def test_doubled_words_are_flagged(text):
    assert "doubled" in copydesk.doubled_words(text)


@pytest.mark.parametrize("text", ["the theory", "he had had enough", "said that that was", "7 7"])
def test_legitimate_repeats_pass(text):
    assert copydesk.doubled_words(text) is None


def test_missing_dek_is_flagged():
    assert "no dek" in copydesk.missing_dek("  ")


def test_present_dek_passes():
    assert copydesk.missing_dek("The vote came late.") is None


def test_headline_over_110_characters_is_flagged():
    assert "111 characters" in copydesk.headline_too_long("x" * 111)


def test_headline_of_110_characters_passes():
    assert copydesk.headline_too_long("x" * 110) is None


@pytest.mark.django_db
def test_cover_photo_without_credit_is_flagged():
    assert "no credit" in copydesk.cover_photo_incomplete(PhotoFactory.build(credit=""))


@pytest.mark.django_db
def test_cover_photo_without_alt_text_is_flagged():
    assert "no alt text" in copydesk.cover_photo_incomplete(PhotoFactory.build(alt_text=""))


def test_complete_cover_photo_and_no_cover_pass():
    assert copydesk.cover_photo_incomplete(PhotoFactory.build()) is None
    assert copydesk.cover_photo_incomplete(None) is None


def test_no_tags_is_flagged():
    assert "no tags" in copydesk.no_tags([])


def test_tags_pass():
    assert copydesk.no_tags(["budget"]) is None


@pytest.mark.parametrize(
    "body", ['<p><a href="https://x.org"></a></p>', '<a href="/">  &nbsp;</a>']
)
def test_links_with_empty_text_are_flagged(body):
    assert "no text" in copydesk.empty_links(body)


@pytest.mark.parametrize(
    "body",
    ['<a href="https://x.org">the report</a>', '<a href="/"><img src="a.jpg" alt="Map"></a>'],
)
def test_links_with_text_pass(body):
    assert copydesk.empty_links(body) is None


def test_headline_another_article_has_is_flagged():
    warnings = copydesk.review(
        copydesk.Copy(headline="Council approves budget", headline_taken=True)
    )
    assert "Another article already has this exact headline." in warnings


def test_review_needs_no_database():
    # No django_db mark: any query would fail this test.
    copy = copydesk.Copy(headline="A", dek="B", body="<p>x</p>", tag_names=["x"])
    assert copydesk.review(copy) == []


@pytest.mark.django_db
def test_headline_lookup_ignores_case_and_the_article_itself():
    article = ArticleFactory(headline="Council approves budget")
    assert Article.objects.with_headline("council approves BUDGET ").exists()
    assert not Article.objects.with_headline(article.headline).exclude(pk=article.pk).exists()


@pytest.mark.django_db
def test_headline_duplicates_finds_articles_sharing_a_headline_in_one_query(
    django_assert_num_queries,
):
    first = ArticleFactory(headline="Council approves budget")
    second = ArticleFactory(headline="COUNCIL approves budget")
    alone = ArticleFactory(headline="Bridge reopens")
    with django_assert_num_queries(1):
        duplicates = Article.objects.filter(pk__in=[first.pk, alone.pk]).headline_duplicates()
    assert duplicates == {first.pk, second.pk}


@pytest.mark.django_db
def test_clean_copy_has_no_warnings():
    copy = copydesk.Copy(
        headline="Bridge reopens",
        dek="Repairs took a year.",
        body="<p>\u201cIt is open,\u201d the engineer said of the 1,200-tonne span.</p>",
        cover_photo=PhotoFactory.build(),
        tag_names=["transport"],
    )
    assert copydesk.review(copy) == []


@pytest.mark.django_db
def test_review_reads_text_inside_the_body_html():
    copy = copydesk.Copy(headline="A", dek="B", body="<p>the <em>the</em> TK</p>", tag_names=["x"])
    warnings = copydesk.review(copy)
    assert any("doubled" in w for w in warnings)
    assert any("TK" in w for w in warnings)
