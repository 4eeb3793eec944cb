"""Helpers for the content API tests: fetch JSON and walk paginated lists."""

from urllib.parse import urlsplit

SITE_URL = "https://news.example"


def get_json(client, path, status=200, **params):
    """GET `path` with `params`; assert the status and that the answer is JSON; return it."""
    response = client.get(path, params)
    assert response.status_code == status, (path, params, response.content[:500])
    assert response["Content-Type"].startswith("application/json"), response["Content-Type"]
    return response.json()


def local(url):
    """The path and query of an absolute API link, for the test client."""
    parts = urlsplit(url)
    return f"{parts.path}?{parts.query}" if parts.query else parts.path


def all_results(client, path, **params):
    """Every item of a paginated list, following `next` links to the end."""
    page = get_json(client, path, **params)
    results = list(page["results"])
    while page["next"]:
        page = get_json(client, local(page["next"]))
        results += page["results"]
    return results
