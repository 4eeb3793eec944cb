"""A Redis cache that is an accelerator, never a dependency.

Django's RedisCache raises when Redis is down (ConnectionError) or waits for the socket timeout
when it is frozen. Here every operation has a short timeout, and a failure opens a circuit for
`retry_after` seconds: reads miss, writes are dropped, nothing raises, and no request waits on a
Redis known to be unwell. Pages are then rendered uncached and `/healthz` can report the cache
degraded (`is_healthy`).
"""

import logging
import time

from django.core.cache.backends.base import DEFAULT_TIMEOUT
from django.core.cache.backends.redis import RedisCache
from redis.exceptions import RedisError

logger = logging.getLogger(__name__)

# Seconds before a failed cache is tried again.
RETRY_AFTER = 5.0
FAILURES = (RedisError, OSError)


class Breaker:
    """Skips calls to a failing service for `retry_after` seconds after each failure."""

    def __init__(self, name, retry_after=RETRY_AFTER):
        self.name = name
        self.retry_after = retry_after
        self.open_until = 0.0

    @property
    def is_open(self):
        return time.monotonic() < self.open_until

    def call(self, function, default=None):
        """`function()`, or `default` when the circuit is open or the call fails."""
        if self.is_open:
            return default
        try:
            return function()
        except FAILURES as error:
            self.open_until = time.monotonic() + self.retry_after
            logger.warning(
                "%s unavailable (%s); going without it for %ss", self.name, error, self.retry_after
            )
            return default


class FaultTolerantRedisCache(RedisCache):
    """Django's RedisCache, answering "not cached" instead of raising while Redis is unwell."""

    def __init__(self, server, params):
        super().__init__(server, params)
        self.breaker = Breaker(f"Redis cache {server}")

    @property
    def is_healthy(self):
        """False while the circuit is open, i.e. a recent operation failed."""
        return not self.breaker.is_open

    def client(self):
        """The redis-py client for raw commands (the page store's scripts)."""
        return self._cache.get_client(write=True)

    def get(self, key, default=None, version=None):
        parent = super().get
        return self.breaker.call(lambda: parent(key, default, version), default)

    def get_many(self, keys, version=None):
        parent = super().get_many
        return self.breaker.call(lambda: parent(keys, version), {})

    def has_key(self, key, version=None):
        parent = super().has_key
        return self.breaker.call(lambda: parent(key, version), False)

    def add(self, key, value, timeout=DEFAULT_TIMEOUT, version=None):
        parent = super().add
        return self.breaker.call(lambda: parent(key, value, timeout, version), False)

    def set(self, key, value, timeout=DEFAULT_TIMEOUT, version=None):
        parent = super().set
        self.breaker.call(lambda: parent(key, value, timeout, version))

    def set_many(self, data, timeout=DEFAULT_TIMEOUT, version=None):
        parent = super().set_many
        return self.breaker.call(lambda: parent(data, timeout, version), list(data))

    def touch(self, key, timeout=DEFAULT_TIMEOUT, version=None):
        parent = super().touch
        return self.breaker.call(lambda: parent(key, timeout, version), False)

    def delete(self, key, version=None):
        parent = super().delete
        return self.breaker.call(lambda: parent(key, version), False)

    def delete_many(self, keys, version=None):
        parent = super().delete_many
        self.breaker.call(lambda: parent(keys, version))

    def clear(self):
        parent = super().clear
        self.breaker.call(parent)
        store = getattr(self, "_page_store", None)
        if store is not None:
            store.cleared()
