"""`{% editors_desk as sections %}`: the dashboard's lists for the signed-in user."""

from django import template
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from articles import dashboard

register = template.Library()


@register.simple_tag(takes_context=True)
def editors_desk(context):
    request = context.get("request")
    if request is None or not request.user.has_perm("articles.view_article"):
        return []
    return dashboard.desk(request.user)


@register.simple_tag
def desk_time(article):
    """When the story goes or went live, or when it was last touched, as the desk says it."""
    if article.publish_at and article.status == article.Status.PUBLISHED:
        moment = date_format(timezone.localtime(article.publish_at), _("D j M, g:i a T"))
        if article.is_scheduled:
            return _("Goes live %(when)s") % {"when": moment}
        return _("Live since %(when)s") % {"when": moment}
    moment = date_format(timezone.localtime(article.updated_at), _("D j M, g:i a"))
    return _("Last saved %(when)s") % {"when": moment}


@register.simple_tag
def article_admin_url(article):
    return reverse("admin:articles_article_change", args=[article.pk])
