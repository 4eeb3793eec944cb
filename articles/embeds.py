"""The body's rich forms (library photos, embeds, pull quotes) and how pages show them.

Stored article HTML may hold exactly three forms beyond plain text markup (`richtext.sanitize`
enforces them; the WordPress importer and the admin editor write them):

- a library photo: ``<figure class="photo" data-photo-id="123"><img src="…" alt="…">
  <figcaption>Caption <span class="credit">Credit</span></figcaption></figure>``;
- an embed: ``<figure class="embed" data-provider="youtube"><a href="URL">URL</a></figure>``,
  for a URL that `provider_for_url` recognises;
- a pull quote: ``<blockquote class="pullquote"><p>…</p></blockquote>``.

The stored forms are what feeds carry (after `feeds.absolutize_links`): an absolute ``<img>``
and a plain link. `page_html` turns them into what the article page shows: a responsive
``<picture>`` from the photo's renditions, and for an embed a click-to-load facade that fetches
nothing from the third party until the reader asks (`articles/static/articles/embeds.js` swaps
in the player). Nothing here touches the database: callers pass the photos in.
"""

import html
import re
from dataclasses import dataclass
from urllib.parse import parse_qs, urlsplit

import lxml.html
from django.utils.html import format_html
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _

from .feedgenerators import xml_safe
from .templatetags.pictures import picture_element


@dataclass(frozen=True)
class Provider:
    label: str
    # "video" embeds keep a 16:9 frame; "post" embeds are taller cards.
    kind: str
    # Origin of the player frame: what a Content-Security-Policy `frame-src` must allow.
    frame_origin: str


PROVIDERS = {
    "youtube": Provider("YouTube", "video", "https://www.youtube-nocookie.com"),
    "vimeo": Provider("Vimeo", "video", "https://player.vimeo.com"),
    "x": Provider("X", "post", "https://platform.twitter.com"),
    "instagram": Provider("Instagram", "post", "https://www.instagram.com"),
    "bluesky": Provider("Bluesky", "post", "https://embed.bsky.app"),
    # Mastodon is federated: every server frames its own posts, so `frame-src` needs https:.
    "mastodon": Provider("Mastodon", "post", "https:"),
}

YOUTUBE_ID = r"(?P<id>[A-Za-z0-9_-]{11})"
# (provider, host pattern, path pattern); the path's `id` group (and friends) build the player URL.
URL_PATTERNS = [
    ("youtube", r"(www\.|m\.)?youtube\.com", rf"/(shorts|embed|live)/{YOUTUBE_ID}/?"),
    ("youtube", r"(www\.|m\.)?youtube\.com", r"/watch/?"),
    ("youtube", r"youtu\.be", rf"/{YOUTUBE_ID}/?"),
    ("vimeo", r"(www\.)?vimeo\.com", r"/(?P<id>\d{1,12})(/(?P<hash>[0-9a-f]{6,20}))?/?"),
    ("vimeo", r"player\.vimeo\.com", r"/video/(?P<id>\d{1,12})/?"),
    ("x", r"(www\.|mobile\.)?(x|twitter)\.com", r"/\w{1,15}/status/(?P<id>\d{1,20})/?"),
    (
        "instagram",
        r"(www\.)?instagram\.com",
        r"/(\w{1,30}/)?(?P<type>p|reel|tv)/(?P<id>[\w-]{5,40})/?",
    ),
    (
        "bluesky",
        r"bsky\.app",
        r"/profile/(?P<actor>[\w.:-]{3,253})/post/(?P<id>[a-z0-9]{5,20})/?",
    ),
    # Mastodon's own post URL on any server: /@user/123 (or /@user@origin/123 for remote posts).
    (
        "mastodon",
        r"[a-z0-9-]+(\.[a-z0-9-]+)+",
        r"/@(?P<user>\w{1,30}(@[\w.-]{3,253})?)/(?P<id>\d{1,20})/?",
    ),
]
URL_PATTERNS = [
    (name, re.compile(host + r"\Z", re.IGNORECASE), re.compile(path + r"\Z"))
    for name, host, path in URL_PATTERNS
]


def _match(url):
    """(provider name, match, parts) for an embeddable URL, else None."""
    if not isinstance(url, str) or len(url) > 2000:
        return None
    try:
        parts = urlsplit(url.strip())
    except ValueError:
        return None
    if parts.scheme != "https" or not parts.hostname or parts.username or parts.port:
        return None
    for name, host, path in URL_PATTERNS:
        if host.match(parts.hostname) and (match := path.match(parts.path)):
            if name == "youtube" and parts.path.rstrip("/") == "/watch":
                video = parse_qs(parts.query).get("v", [""])[0]
                if not re.fullmatch(YOUTUBE_ID, video):
                    continue
                return name, {"id": video}, parts
            return name, match.groupdict(), parts
    return None


def provider_for_url(url):
    """The provider ("youtube", "vimeo", "x", "instagram", "bluesky", "mastodon") of an
    embeddable https URL, or None for anything else."""
    found = _match(url)
    return found[0] if found else None


def player_url(url):
    """The URL of the provider's player frame for `url` (privacy-enhanced where offered)."""
    found = _match(url)
    if not found:
        return None
    name, groups, parts = found
    if name == "youtube":
        return f"https://www.youtube-nocookie.com/embed/{groups['id']}?autoplay=1"
    if name == "vimeo":
        unlisted = f"&h={groups['hash']}" if groups.get("hash") else ""
        return f"https://player.vimeo.com/video/{groups['id']}?dnt=1&autoplay=1{unlisted}"
    if name == "x":
        return f"https://platform.twitter.com/embed/Tweet.html?id={groups['id']}&dnt=true"
    if name == "instagram":
        return f"https://www.instagram.com/{groups['type']}/{groups['id']}/embed/"
    if name == "bluesky":
        return f"https://embed.bsky.app/embed/{groups['actor']}/app.bsky.feed.post/{groups['id']}"
    return f"https://{parts.hostname.lower()}/@{groups['user']}/{groups['id']}/embed"


def embed_figure(url):
    """The stored form of an embed for `url`; ValueError when no provider knows the URL."""
    provider = provider_for_url(url)
    if provider is None:
        raise ValueError(f"Not an embeddable URL: {url!r}")
    return format_html(
        '<figure class="embed" data-provider="{}"><a href="{}">{}</a></figure>',
        provider,
        url.strip(),
        url.strip(),
    )


# A placeholder element no sanitised body can contain (the allow-list has no such tag).
SLOT = "newsroom-slot"
SLOT_MARKER = re.compile(rf"<{SLOT}>(\d+)</{SLOT}>")


def _fragment(body):
    # lxml refuses XML-forbidden characters, so they go first.
    return lxml.html.fragment_fromstring(xml_safe(body), create_parent="div")


def _serialise(fragment):
    children = "".join(lxml.html.tostring(child, encoding="unicode") for child in fragment)
    return html.escape(fragment.text or "", quote=False) + children


def _is_form(element, tag, css_class):
    return element.tag == tag and element.get("class") == css_class


def photo_ids(body):
    """Primary keys of the library photos the body shows, for the caller to load in one query."""
    if 'class="photo"' not in (body or ""):
        return []
    ids = []
    for figure in _fragment(body).iter("figure"):
        photo_id = figure.get("data-photo-id", "")
        if _is_form(figure, "figure", "photo") and photo_id.isdigit():
            ids.append(int(photo_id))
    return ids


def _facade(url):
    name = provider_for_url(url)
    provider = PROVIDERS[name]
    if provider.kind == "video":
        title = _("Video from %(provider)s") % {"provider": provider.label}
        load = _("Play the video")
    else:
        title = _("Post on %(provider)s") % {"provider": provider.label}
        load = _("Show the post")
    notice = _(
        "This is hosted by %(provider)s, which may track you. Nothing loads from %(provider)s "
        "until you ask."
    ) % {"provider": provider.label}
    open_label = _("Open it on %(provider)s") % {"provider": provider.label}
    return format_html(
        '<figure class="embed embed--{kind}" data-provider="{name}">'
        '<div class="embed__facade" data-embed-src="{src}" data-embed-title="{title}">'
        '<p class="embed__title">{title}</p><p class="embed__notice">{notice}</p>'
        '<button type="button" class="embed__load">{load}</button></div>'
        '<figcaption><a href="{url}" rel="noopener noreferrer">{open_label}</a></figcaption>'
        "</figure>",
        kind=provider.kind,
        name=name,
        src=player_url(url),
        title=title,
        notice=notice,
        load=load,
        url=url,
        open_label=open_label,
    )


def has_embeds(body):
    return 'class="embed"' in (body or "")


def page_html(body, photos, sizes=None):
    """The stored body as the article page shows it (safe: the body was sanitised on save).

    `photos` maps the primary keys from `photo_ids(body)` to Photo rows; a photo missing from
    it (deleted since) keeps the stored image. Embeds become click-to-load facades.
    """
    body = body or ""
    if not (has_embeds(body) or 'class="photo"' in body):
        return mark_safe(body)
    fragment = _fragment(body)
    # New markup goes in after serialising: lxml's HTML parser does not know <source> is void.
    replacements = []

    def put(old, markup):
        slot = lxml.html.Element(SLOT)
        slot.text = str(len(replacements))
        slot.tail = old.tail
        old.getparent().replace(old, slot)
        replacements.append(markup)

    for figure in list(fragment.iter("figure")):
        if _is_form(figure, "figure", "embed"):
            link = figure.find("a")
            if link is not None and provider_for_url(link.get("href")):
                put(figure, _facade(link.get("href")))
        elif _is_form(figure, "figure", "photo"):
            photo = photos.get(int(figure.get("data-photo-id", "0") or 0))
            image = figure.find("img")
            if photo is not None and image is not None:
                put(image, picture_element(photo, sizes, alt=image.get("alt") or photo.alt_text))
    rendered = SLOT_MARKER.sub(lambda m: replacements[int(m[1])], _serialise(fragment))
    return mark_safe(rendered)
