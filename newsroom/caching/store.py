"""Where cached responses live, indexed by the keys of what they show.

Every app server shares one index in Redis (one process uses local memory in development and tests):
- `page:<address>` holds a stored response until its lifetime ends;
- `key:<name>` is the set of pages tagged with that key: purging the key deletes them;
- `purged:<name>` is the purge number at which the key was last purged, out of `purge-seq`.

A reader notes the purge number before it reads the database; its response is stored only when
none of its keys was purged since. So a page rendered from the old content while an edit was being
saved is never stored over the purge (the check and the write are one Lua script in Redis).
"""

import threading

from django.core.cache import DEFAULT_CACHE_ALIAS, caches
from django.core.cache.backends.redis import RedisCache

from .backends import Breaker

# How long a purge is remembered (seconds): longer than any render takes.
PURGE_MEMORY = 3600

STORE_SCRIPT = """
local seen = tonumber(ARGV[1])
local ttl = tonumber(ARGV[2])
local n = (#KEYS - 1) / 2
for i = 1, n do
  local purged = redis.call('GET', KEYS[1 + n + i])
  if purged and tonumber(purged) > seen then return 0 end
end
redis.call('SET', KEYS[1], ARGV[3], 'EX', ttl)
for i = 1, n do
  redis.call('SADD', KEYS[1 + i], KEYS[1])
  if redis.call('TTL', KEYS[1 + i]) < ttl then redis.call('EXPIRE', KEYS[1 + i], ttl) end
end
return 1
"""

PURGE_SCRIPT = """
local seq = redis.call('INCR', KEYS[1])
local n = (#KEYS - 1) / 2
local removed = 0
for i = 1, n do
  local pages = redis.call('SMEMBERS', KEYS[1 + i])
  for first = 1, #pages, 500 do
    removed = removed + redis.call('DEL', unpack(pages, first, math.min(first + 499, #pages)))
  end
  redis.call('DEL', KEYS[1 + i])
  redis.call('SET', KEYS[1 + n + i], seq, 'EX', ARGV[1])
end
return removed
"""


class RedisStore:
    def __init__(self, backend):
        self.backend = backend
        self.breaker = getattr(backend, "breaker", None) or Breaker(f"Redis cache {backend}")
        self.client = backend._cache.get_client(write=True)
        self.store_script = self.client.register_script(STORE_SCRIPT)
        self.purge_script = self.client.register_script(PURGE_SCRIPT)

    def name(self, kind, value):
        return self.backend.make_and_validate_key(f"{kind}:{value}")

    def lookup(self, address):
        """(stored payload or None, current purge number); (None, None) while Redis is unwell."""
        names = [self.name("page", address), self.name("purge", "seq")]
        found = self.breaker.call(lambda: self.client.mget(names))
        if found is None:
            return None, None
        payload, seq = found
        return payload, int(seq or 0)

    def store(self, address, payload, ttl, keys, seen):
        names = [self.name("page", address)]
        names += [self.name("key", key) for key in keys]
        names += [self.name("purged", key) for key in keys]
        stored = self.breaker.call(
            lambda: self.store_script(keys=names, args=[seen, ttl, payload]), 0
        )
        return bool(stored)

    def purge(self, keys):
        """Delete every stored page tagged with any of `keys`; False when Redis is unwell."""
        names = [self.name("purge", "seq")]
        names += [self.name("key", key) for key in keys]
        names += [self.name("purged", key) for key in keys]
        purged = self.breaker.call(lambda: self.purge_script(keys=names, args=[PURGE_MEMORY]))
        return purged is not None

    @property
    def is_healthy(self):
        return not self.breaker.is_open


class LocalStore:
    """The same index for a cache local to one process (LocMemCache, DummyCache)."""

    def __init__(self, backend):
        self.backend = backend
        self.lock = threading.Lock()
        self.sets = {}
        self.purged = {}
        self.seq = 0
        self.is_healthy = True

    def lookup(self, address):
        return self.backend.get(f"page:{address}"), self.seq

    def store(self, address, payload, ttl, keys, seen):
        with self.lock:
            if any(self.purged.get(key, 0) > seen for key in keys):
                return False
            self.backend.set(f"page:{address}", payload, ttl)
            for key in keys:
                self.sets.setdefault(key, set()).add(address)
            return True

    def purge(self, keys):
        with self.lock:
            self.seq += 1
            for key in keys:
                self.backend.delete_many([f"page:{a}" for a in self.sets.pop(key, ())])
                self.purged[key] = self.seq
            return True


_local_stores = {}
_local_lock = threading.Lock()


def page_store():
    """The store over the default cache: shared in Redis, else one per process and location."""
    backend = caches[DEFAULT_CACHE_ALIAS]
    if isinstance(backend, RedisCache):
        store = getattr(backend, "_page_store", None)
        if store is None:
            store = backend._page_store = RedisStore(backend)
        return store
    # Local-memory backends share their data between threads through a module-level dict.
    shared = id(getattr(backend, "_cache", backend))
    with _local_lock:
        if shared not in _local_stores:
            _local_stores[shared] = LocalStore(backend)
        return _local_stores[shared]
