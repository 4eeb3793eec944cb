"""Every API endpoint costs a fixed number of queries, with 1 or 8 bylines, tags, picks and
corrections per article (rule 3)."""

import pytest

from tests.test_query_counts import CACHE_STORE, populate

pytestmark = pytest.mark.django_db

# The next scheduled publication, for the response's max-age.
MAX_AGE = 1
# Article rows, bylines, tags, corrections and published picks.
ARTICLES = 5 + MAX_AGE + CACHE_STORE
# The rows (the count of a cursor page is not needed) and nothing else.
OTHERS = 1 + MAX_AGE + CACHE_STORE


def budgets(article, author):
    return {
        "/api/v1/articles/": ARTICLES,
        f"/api/v1/articles/{article.pk}/": ARTICLES,
        # Filters look up what they name, once.
        "/api/v1/articles/?section=news": ARTICLES + 1,
        "/api/v1/articles/?tag=tag-0": ARTICLES + 1,
        f"/api/v1/articles/?author={author.slug}": ARTICLES + 1,
        "/api/v1/articles/?search=council&updated_after=2020-01-01": ARTICLES,
        "/api/v1/articles/?fields=id,headline": ARTICLES - 2,
        "/api/v1/sections/": OTHERS,
        "/api/v1/sections/news/": OTHERS,
        "/api/v1/tags/": OTHERS,
        "/api/v1/tags/tag-0/": OTHERS,
        "/api/v1/authors/": OTHERS,
        f"/api/v1/authors/{author.slug}/": OTHERS,
    }


@pytest.mark.parametrize("size", [1, 8], ids=["few", "many"])
def test_endpoints_cost_the_same_queries_whatever_they_show(
    client, django_assert_max_num_queries, size
):
    article, author = populate(size)
    for path, budget in budgets(article, author).items():
        with django_assert_max_num_queries(budget, info=path):
            assert client.get(path).status_code == 200, path


def test_the_next_page_costs_the_same(client, django_assert_max_num_queries):
    populate(8)
    page = client.get("/api/v1/articles/?page_size=3").json()
    with django_assert_max_num_queries(ARTICLES):
        assert client.get(page["next"]).status_code == 200
