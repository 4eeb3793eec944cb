"""Health probes behind `/healthz`: each answers within its deadline, whatever the service does.

A probe runs its check on a thread of its own and waits for it at most its deadline: a database
that accepts connections and never answers, or a frozen Redis, makes the probe say "no" on time
instead of holding the request until a worker timeout. While one check is still running (a hung
service), later requests wait on that same check rather than starting more, so a hung service
costs at most one stuck thread per probe.
"""

import threading
import uuid

from django.core.cache import cache
from django.db import connection

# Seconds each probe may take; /healthz answers within the larger (it runs both at once).
DATABASE_DEADLINE = 2.0
CACHE_DEADLINE = 1.0


class Probe:
    """A check (a callable returning True when the service works) run with a deadline."""

    def __init__(self, check):
        self.check = check
        self.lock = threading.Lock()
        self.running = None

    def start(self):
        """Start the check, or join the one still running; returns a handle for `result`."""
        with self.lock:
            if self.running is None:
                self.running = {"done": threading.Event(), "ok": False}
                thread = threading.Thread(target=self._run, args=(self.running,), daemon=True)
                thread.start()
            return self.running

    def result(self, run, deadline):
        """True if the check finished within `deadline` seconds and the service works."""
        return run["done"].wait(deadline) and run["ok"]

    def _run(self, run):
        try:
            run["ok"] = bool(self.check())
        except Exception:  # noqa: BLE001 -- any failure means "not working", which is the answer
            run["ok"] = False
        finally:
            with self.lock:
                self.running = None
            run["done"].set()


def _database_answers():
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            return cursor.fetchone() == (1,)
    finally:
        connection.close()  # this thread ends now; its connection must not linger


def _cache_answers():
    key = f"healthz:{uuid.uuid4().hex}"
    cache.set(key, "ok", 10)
    answered = cache.get(key) == "ok"
    cache.delete(key)
    return answered


database = Probe(_database_answers)
page_cache = Probe(_cache_answers)


def status():
    """{"database": "ok" | "down", "cache": "ok" | "degraded"}, within DATABASE_DEADLINE."""
    database_run, cache_run = database.start(), page_cache.start()
    cache_ok = page_cache.result(cache_run, CACHE_DEADLINE)
    database_ok = database.result(database_run, DATABASE_DEADLINE)
    return {"database": "ok" if database_ok else "down", "cache": "ok" if cache_ok else "degraded"}
