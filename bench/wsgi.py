"""The site's WSGI application, timed: every response says what it cost the server.

`Server-Timing: cpu;dur=…, wall;dur=…` in milliseconds: process CPU time and wall time from the
request reaching Django to the response being ready (Django renders the whole body before it
calls start_response). CPU time is what a loaded machine cannot inflate much; on PostgreSQL the
database's own CPU is in another process, so the wall time is reported beside it. Used by
bench/run.py only.
"""

import time

from newsroom.wsgi import application as site


def application(environ, start_response):
    cpu, wall = time.process_time(), time.perf_counter()

    def timed_start_response(status, headers, exc_info=None):
        cost = (time.process_time() - cpu) * 1000, (time.perf_counter() - wall) * 1000
        headers.append(("Server-Timing", "cpu;dur={:.3f}, wall;dur={:.3f}".format(*cost)))
        return start_response(status, headers, exc_info)

    return site(environ, timed_start_response)
