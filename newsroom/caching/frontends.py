"""Purging the front-end caches (Varnish with xkey) in `FRONTEND_CACHES` by key.

Each purge is one `PURGE /` request per front-end carrying the keys in `xkey-purge` (hard: the
objects are gone, even from grace) or `xkey-softpurge` (soft: expired, kept only to be served while
every app server is down). It is sent again `FRONTEND_PURGE_REPEAT` seconds later, for a response
that was being rendered from the old content while the first purge went through.
"""

import http.client
import logging
import threading
from urllib.parse import urlsplit

from django.conf import settings

logger = logging.getLogger(__name__)

# Seconds to wait for a front-end to answer a purge.
TIMEOUT = 1.0
# Keys per request, so the header stays well under Varnish's 8 KB limit.
KEYS_PER_REQUEST = 200


def purge(keys, hard=False):
    """Purge `keys` from every front-end now and again shortly; returns the failures."""
    keys = sorted(keys)
    if not keys or not settings.FRONTEND_CACHES:
        return []
    failures = send(keys, hard)
    repeat = settings.FRONTEND_PURGE_REPEAT
    if repeat:
        timer = threading.Timer(repeat, send, args=(keys, hard))
        timer.daemon = True
        timer.start()
    return failures


def send(keys, hard):
    header = "xkey-purge" if hard else "xkey-softpurge"
    failures = []
    for frontend in settings.FRONTEND_CACHES:
        for first in range(0, len(keys), KEYS_PER_REQUEST):
            chunk = " ".join(keys[first : first + KEYS_PER_REQUEST])
            try:
                status = request(frontend, {header: chunk})
            except OSError as error:
                status = error
            if status != 200:
                logger.warning("Purging %s from %s failed: %s", chunk[:80], frontend, status)
                failures.append(frontend)
                break
    return failures


def request(frontend, headers):
    url = urlsplit(frontend)
    connection = http.client.HTTPConnection(url.hostname, url.port or 80, timeout=TIMEOUT)
    try:
        connection.request("PURGE", url.path or "/", headers=headers)
        response = connection.getresponse()
        response.read()
        return response.status
    finally:
        connection.close()
