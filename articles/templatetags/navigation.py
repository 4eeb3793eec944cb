from django import template
from django.template.loader import render_to_string
from django.utils import timezone

from articles.models import Article, Page, Section
from newsroom.caching import cached_fragment, keys

register = template.Library()


def site_sections(context):
    """The sections, queried once per request for the navigation and the footer."""
    request = context.get("request")
    sections = getattr(request, "site_sections", None)
    if sections is None:
        sections = list(Section.objects.all())
        if request is not None:
            request.site_sections = sections
    return sections


@register.simple_tag(takes_context=True)
def section_nav(context):
    """The sections for the site navigation, marking the current one (a shared fragment)."""
    current = context.get("section")
    return cached_fragment(
        ("section_nav", getattr(current, "pk", None)),
        [keys.SECTIONS],
        lambda: render_to_string(
            "articles/_section_nav.html",
            {"sections": site_sections(context), "current": current},
        ),
    )


@register.simple_tag(takes_context=True)
def site_footer(context):
    """Footer links: static pages, sections, feeds, the archive of the latest year, corrections
    (a shared fragment: its archive link follows publications, which purge `home`; a scheduled
    story opening a new year shows in it at the next publication or purge).

    Two queries beyond the sections: the footer's pages and the latest publication time.
    """

    def render():
        latest = (
            Article.objects.published()
            .order_by("-publish_at")
            .values_list("publish_at", flat=True)
            .first()
        )
        return render_to_string(
            "articles/_site_footer.html",
            {
                "pages": Page.objects.filter(is_in_footer=True).only("title", "slug"),
                "sections": site_sections(context),
                "archive_year": timezone.localtime(latest).year if latest else None,
                "SITE_NAME": context.get("SITE_NAME"),
                "SITE_DESCRIPTION": context.get("SITE_DESCRIPTION"),
            },
        )

    name = ("site_footer", context.get("SITE_NAME"), context.get("SITE_DESCRIPTION"))
    return cached_fragment(name, [keys.SECTIONS, keys.HOME], render)
