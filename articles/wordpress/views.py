"""WordPress's query-string addresses (`/?p=123`, `/?page_id=7`, `/?attachment_id=9`).

Paths are redirected by django.contrib.redirects; a query string on the home page needs a view.
The lookup happens before the page cache, so these answers never fill it.
"""

from functools import wraps

from django.http import Http404
from django.shortcuts import redirect

from ..models import Article, Page, Photo
from .models import WordPressItem

Kind = WordPressItem.Kind
# Query parameter → the kinds of imported item WordPress looks up with it.
LEGACY_PARAMETERS = {
    "p": (Kind.POST, Kind.PAGE, Kind.ATTACHMENT),
    "page_id": (Kind.PAGE,),
    "attachment_id": (Kind.ATTACHMENT,),
}


def legacy_query_redirect(view):
    """Wrap the home view: `/?p=ID` answers 301 to the imported story (404 if there is none)."""

    @wraps(view)
    def home(request, *args, **kwargs):
        for parameter, kinds in LEGACY_PARAMETERS.items():
            if parameter in request.GET:
                return redirect(imported_target(request.GET[parameter], kinds), permanent=True)
        return view(request, *args, **kwargs)

    return home


def imported_target(value, kinds):
    """The URL of what WordPress item `value` became, if the public may see it; else 404."""
    if not value.isdigit():
        raise Http404("Not a WordPress ID.")
    item = WordPressItem.objects.filter(kind__in=kinds, key=value).order_by("-imported_at").first()
    if item is None:
        raise Http404("No imported item has this WordPress ID.")
    if item.kind == Kind.POST:
        target = Article.objects.published().filter(pk=item.object_id).first()
        url = target.get_absolute_url() if target else None
    elif item.kind == Kind.PAGE:
        target = Page.objects.filter(pk=item.object_id).first()
        url = target.get_absolute_url() if target else None
    else:
        photo = Photo.objects.filter(pk=item.object_id).first()
        url = photo.image.url if photo else None
    if not url:
        raise Http404("The imported item is not public.")
    return url
