"""`{% picture photo sizes lead %}`: a photo's renditions as a responsive, credited <picture>."""

from django import template
from django.utils.html import format_html, format_html_join
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _

register = template.Library()

DEFAULT_SIZES = "(min-width: 46rem) 46rem, 100vw"
# The <img> fallback for browsers without srcset: a middle width, sharp enough on most screens.
FALLBACK_WIDTH = 800


def srcset(records):
    return ", ".join(f"{record['url']} {record['width']}w" for record in records)


def _fallback(records):
    fitting = [record for record in records if record["width"] <= FALLBACK_WIDTH]
    return fitting[-1] if fitting else records[0]


def _figcaption(photo, show_caption, show_credit):
    credit = photo.credit
    if credit and photo.licence:
        credit = f"{credit} ({photo.licence})"
    parts = []
    if show_caption and photo.caption:
        parts.append(format_html('<span class="caption">{}</span>', photo.caption))
    if credit and show_credit:
        parts.append(
            format_html(
                '<span class="credit">{}</span>', _("Photo: %(credit)s") % {"credit": credit}
            )
        )
    if not parts:
        return ""
    return format_html(
        "<figcaption>{}</figcaption>", format_html_join(" ", "{}", ((p,) for p in parts))
    )


def picture_element(photo, sizes=None, lead=False, alt=None):
    """The photo's <picture> (WebP and JPEG srcsets), or its stored original before renditions
    exist; `alt` overrides the library's alt text (a body figure may carry its own)."""
    sizes = sizes or DEFAULT_SIZES
    alt = photo.alt_text if alt is None else alt
    loading = mark_safe(' fetchpriority="high"' if lead else ' loading="lazy"')
    jpegs, webps = photo.renditions_of("jpeg"), photo.renditions_of("webp")
    if not jpegs:
        return format_html(
            '<img src="{}" width="{}" height="{}" alt="{}" decoding="async"{}>',
            photo.image.url,
            photo.width or "",
            photo.height or "",
            alt,
            loading,
        )
    img = _fallback(jpegs)
    sources = (
        format_html('<source type="image/webp" srcset="{}" sizes="{}">', srcset(webps), sizes)
        if webps
        else ""
    )
    return format_html(
        '<picture>{}<img src="{}" srcset="{}" sizes="{}" width="{}" height="{}" alt="{}"'
        ' decoding="async"{}></picture>',
        sources,
        img["url"],
        srcset(jpegs),
        sizes,
        img["width"],
        img["height"],
        alt,
        loading,
    )


@register.simple_tag
def picture(photo, sizes=None, lead=False, caption=True, credit=True):
    """Render a <figure> with a <picture> (WebP and JPEG srcsets) and the caption and credit.

    Thumbnails leave out both (`caption=False, credit=False`); the story page credits the photo.

    Reads only `photo.renditions`, so a page of photos costs no query or storage call per image.
    `width`/`height` reserve the space before the image loads; every image but the `lead` one is
    lazy-loaded, and the lead one is fetched with high priority. Before renditions exist (a photo
    saved by a path that skipped `process_photo`) it falls back to the stored original.
    """
    if not photo:
        return ""
    return format_html(
        '<figure class="photo{}">{}{}</figure>',
        " photo-lead" if lead else "",
        picture_element(photo, sizes, lead),
        _figcaption(photo, caption, credit),
    )
