from django import template

from articles.models import Section

register = template.Library()


@register.inclusion_tag("articles/_section_nav.html", takes_context=True)
def section_nav(context):
    """The sections for the site navigation (one query), marking the current one."""
    current = context.get("section")
    return {"sections": Section.objects.all(), "current": current}
