"""The names of cache keys: what a cached response shows, and what a change purges.

One scheme for the page cache, Varnish (`xkey`) and CDNs (`Surrogate-Key`). A response carries the
key of every story it shows, whole (`article-<id>`) or as a teaser (`teaser-<id>`), and of every
listing it is (`home`, `section-<id>` …), so an edit purges its story's keys and a publication the
keys of the listings it enters or leaves.
"""

from urllib.parse import quote

HOME = "home"
# The site-wide feeds (RSS, Atom, JSON).
FEED = "feed"
# Every search (a publication or an unpublication can change any); a live edit purges only the
# searches for the words it changed (`search_term`), and those with a "quoted phrase".
SEARCH = "search"
SEARCH_PHRASES = "search-phrases"
# Every sitemap; a live edit purges only the article sitemap page listing it (`sitemap_page`)
# and, for a story of the last two days, the news sitemap.
SITEMAP = "sitemap"
NEWS_SITEMAP = "news-sitemap"
CORRECTIONS = "corrections"
# Pages and feeds that show section names or static pages (the navigation and footer on every
# page, feed categories).
SECTIONS = "sections"
# Responses whose view named no keys: any public change purges them.
ANY_CHANGE = "any-change"
# Every cached response: purged after a deploy, when new templates or code may change any page
# (`manage.py purge_page_cache`).
ALL = "all"


def article(pk):
    """A story's whole content: its page, and the feeds and searches that quote its text."""
    return f"article-{pk}"


def teaser(pk):
    """A story shown as a teaser (headline, dek, photo, bylines, link): on listings and in other
    stories' "Don't Miss" boxes. An edit to its body alone leaves these alone."""
    return f"teaser-{pk}"


def section(pk):
    """A section's listing: its page and feeds."""
    return f"section-{pk}"


def tag(pk):
    """A tag's listing: its page and feeds."""
    return f"tag-{pk}"


def author(pk):
    """An author's page and feeds: their bio and their stories."""
    return f"author-{pk}"


def search_term(term):
    """Searches for a word, by its index term (the stem `articles.search` indexes)."""
    return "search-term-" + quote(term, safe="")[:60]


def sitemap_page(number):
    """Page `number` of /sitemap-articles.xml."""
    return f"sitemap-articles-{number}"


def archive(year, month=None):
    return f"archive-{year:04d}" if month is None else f"archive-{year:04d}-{month:02d}"


def articles(rows):
    """The keys of the stories in `rows` (articles, or anything with their primary key)."""
    return [article(row.pk) for row in rows]


def teasers(rows):
    """The teaser keys of the stories in `rows`."""
    return [teaser(row.pk) for row in rows]
