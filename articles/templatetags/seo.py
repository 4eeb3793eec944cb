"""Metadata for search engines and social cards: absolute URLs, image crops and JSON-LD."""

import json

from django import template
from django.conf import settings
from django.core.serializers.json import DjangoJSONEncoder
from django.templatetags.static import static
from django.utils.html import format_html
from django.utils.safestring import mark_safe

from newsroom.site_url import absolute_url

register = template.Library()

# Inside <script>, "</script>" or "<!--" in a headline would end or confuse the element.
JSON_SCRIPT_ESCAPES = {ord("<"): "\\u003C", ord(">"): "\\u003E", ord("&"): "\\u0026"}


register.filter("absolute", absolute_url)


def photo_image_urls(photo):
    """Absolute URLs of `photo` cropped 16:9, 4:3 and 1:1, as search engines ask for.

    Falls back to the original for a photo whose renditions were never made.
    """
    return photo.structured_data_urls or [absolute_url(photo.image.url)]


@register.simple_tag
def social_image_url(photo):
    """The 1200 × 630 social card for og:image and twitter:image."""
    return photo.social_card_url or absolute_url(photo.image.url)


def article_structured_data(article, modified_at):
    """schema.org NewsArticle for `article`, from data the page already loaded."""
    url = absolute_url(article.get_absolute_url())
    data = {
        "@context": "https://schema.org",
        "@type": "NewsArticle",
        "mainEntityOfPage": {"@type": "WebPage", "@id": url},
        "url": url,
        "headline": article.headline,
        "datePublished": article.publish_at,
        "dateModified": modified_at,
        "author": [
            {"@type": "Person", "name": author.name, "url": absolute_url(author.get_absolute_url())}
            for author in article.byline_authors
        ],
        "publisher": {
            "@type": "NewsMediaOrganization",
            "name": settings.SITE_NAME,
            "url": settings.SITE_URL + "/",
            "logo": {"@type": "ImageObject", "url": absolute_url(static("favicon.svg"))},
        },
        "keywords": [tag.name for tag in article.tag_list],
    }
    if article.dek:
        data["description"] = article.dek
    if article.section_id:
        data["articleSection"] = article.section.name
    if article.cover_photo_id:
        data["image"] = photo_image_urls(article.cover_photo)
    return data


@register.simple_tag
def article_json_ld(article, modified_at):
    """The NewsArticle JSON-LD <script>, escaped so no field can close the element."""
    payload = json.dumps(article_structured_data(article, modified_at), cls=DjangoJSONEncoder)
    return format_html(
        '<script type="application/ld+json">{}</script>',
        mark_safe(payload.translate(JSON_SCRIPT_ESCAPES)),  # noqa: S308 - escaped above
    )
