"""The project settings with bench/bench_urls.py's extra bare views (bench/page_cache.py)."""

from newsroom.settings import *  # noqa: F403

ROOT_URLCONF = "bench_urls"
