"""gunicorn settings for a Newsroom app server behind Varnish (deploy/newsroom.vcl).

    .venv/bin/gunicorn newsroom.wsgi -c deploy/gunicorn.conf.py

Everything can be set from the environment, so one file serves every app server.
"""

import multiprocessing
import os

bind = os.environ.get("GUNICORN_BIND", "127.0.0.1:8001")
workers = int(os.environ.get("WEB_CONCURRENCY", multiprocessing.cpu_count() * 2 + 1))
# Sync workers: pages are CPU-bound renders or cache reads; Varnish absorbs slow clients.
worker_class = "sync"
timeout = int(os.environ.get("GUNICORN_TIMEOUT", 30))
graceful_timeout = 20
# Varnish keeps connections open between requests.
keepalive = 5
# Recycle workers now and then, staggered, so slow leaks never add up.
max_requests = 2000
max_requests_jitter = 200
# Only the front-end cache on this host may say a request came over HTTPS.
forwarded_allow_ips = os.environ.get("FORWARDED_ALLOW_IPS", "127.0.0.1")
accesslog = os.environ.get("GUNICORN_ACCESS_LOG") or None
errorlog = "-"
