from django.http import JsonResponse
from django.views.decorators.cache import never_cache

from . import health


@never_cache
def healthz(request):
    """Health for load balancers and monitors: 200 while the database answers, else 503.

    The JSON body tells the database and the page cache apart: a cache that is down only slows
    the site (pages are rendered uncached), so it reports "degraded" and keeps the 200.
    """
    report = health.status()
    return JsonResponse(report, status=200 if report["database"] == "ok" else 503)
