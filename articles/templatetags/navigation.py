from django import template
from django.utils import timezone

from articles.models import Article, Page, Section

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


@register.inclusion_tag("articles/_section_nav.html", takes_context=True)
def section_nav(context):
    """The sections for the site navigation, marking the current one."""
    return {"sections": site_sections(context), "current": context.get("section")}


@register.inclusion_tag("articles/_site_footer.html", takes_context=True)
def site_footer(context):
    """Footer links: static pages, sections, feeds, the archive of the latest year, corrections.

    Two queries beyond the sections: the footer's pages and the latest publication time.
    """
    latest = (
        Article.objects.published()
        .order_by("-publish_at")
        .values_list("publish_at", flat=True)
        .first()
    )
    return {
        "pages": Page.objects.filter(is_in_footer=True).only("title", "slug"),
        "sections": site_sections(context),
        "archive_year": timezone.localtime(latest).year if latest else None,
        "SITE_NAME": context.get("SITE_NAME"),
        "SITE_DESCRIPTION": context.get("SITE_DESCRIPTION"),
    }
