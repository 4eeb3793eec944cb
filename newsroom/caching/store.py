"""Where cached responses live, indexed by the keys of what they show.

Every app server shares one index in Redis (one process uses local memory in development and tests):
- `page:<address>` holds a stored response until its lifetime ends;
- `key:<name>` is the set of pages tagged with that key: purging the key deletes them;
- `purged:<name>` is the purge number at which the key was last purged, out of `purge-seq`.

A reader notes the purge number before it reads the database; its response is stored only when
none of its keys was purged since. So a page rendered from the old content while an edit was being
saved is never stored over the purge (the check and the write are one Lua script in Redis).
"""

import os
import threading
import time
from collections import OrderedDict

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
redis.call('PUBLISH', ARGV[2], ARGV[3])
return removed
"""


class Copy(bytes):
    """A stored payload kept in a process, which may also keep its decompressed page."""

    plain = None


class NearCache:
    """Each process's copies of the pages it served lately, in front of Redis.

    A hit then costs no round trip. Every purge is published on a Redis channel that a thread
    of each process listens to, evicting the copies tagged with the purged keys; the copies are
    used only while that thread is subscribed and Redis answers its pings, so a purge cannot
    be missed for longer than a ping interval.
    """

    ENTRIES = 2000
    PING_EVERY = 1.0

    def __init__(self, client, channel):
        self.client = client
        self.channel = channel
        self.lock = threading.Lock()
        self.entries = OrderedDict()
        self.generation = 0
        self.ready = False
        self.pid = os.getpid()
        threading.Thread(target=self.listen, name="page-cache-purges", daemon=True).start()

    def get(self, address):
        if not self.ready:
            return None
        with self.lock:
            entry = self.entries.get(address)
            if entry is None:
                return None
            payload, _, expires_at = entry
            if expires_at <= time.time():
                del self.entries[address]
                return None
            self.entries.move_to_end(address)
            return payload

    def keep(self, address, payload, keys, expires_at, generation):
        """Keep a copy read or written at `generation`, unless a purge came in since."""
        with self.lock:
            if not self.ready or generation != self.generation:
                return
            self.entries[address] = (Copy(payload), frozenset(keys), expires_at)
            if len(self.entries) > self.ENTRIES:
                self.entries.popitem(last=False)

    def evict(self, keys):
        keys = set(keys)
        with self.lock:
            self.generation += 1
            for address in [a for a, (_, tags, _) in self.entries.items() if tags & keys]:
                del self.entries[address]

    def clear(self):
        with self.lock:
            self.generation += 1
            self.entries.clear()

    def disable(self):
        with self.lock:
            self.ready = False
            self.generation += 1
            self.entries.clear()

    def listen(self):
        while True:
            try:
                pubsub = self.client.pubsub()
                pubsub.subscribe(self.channel)
                pinged = answered = time.monotonic()
                while True:
                    message = pubsub.get_message(timeout=self.PING_EVERY)
                    kind = message["type"] if message else None
                    if kind == "subscribe":
                        # Only now are purges sure to reach this process.
                        self.ready = True
                    elif kind == "pong":
                        answered = time.monotonic()
                    elif kind == "message" and message["data"] == b"*":
                        self.clear()
                    elif kind == "message":
                        self.evict(message["data"].decode().split())
                    now = time.monotonic()
                    if now - answered > 2 * self.PING_EVERY:
                        raise TimeoutError("no answer to the purge listener's ping")
                    if now - pinged >= self.PING_EVERY:
                        pubsub.ping()
                        pinged = now
            except Exception:  # any failure: drop the copies, then resubscribe
                self.disable()
                time.sleep(self.PING_EVERY)


class RedisStore:
    def __init__(self, backend):
        self.backend = backend
        self.breaker = getattr(backend, "breaker", None) or Breaker(f"Redis cache {backend}")
        self.client = backend._cache.get_client(write=True)
        self.store_script = self.client.register_script(STORE_SCRIPT)
        self.purge_script = self.client.register_script(PURGE_SCRIPT)
        self.seq_name = self.name("purge", "seq")
        self.channel = self.name("purges", "channel")
        self.near = near_cache(self.client, self.channel)

    def name(self, kind, value):
        return self.backend.make_key(f"{kind}:{value}")

    def lookup(self, address):
        """(stored payload or None, current purge number, ticket for `keep`); the purge number
        is None while Redis is unwell, the ticket None for a copy from this process."""
        payload = self.near.get(address)
        if payload is not None:
            return payload, None, None
        generation = self.near.generation
        names = [self.name("page", address), self.seq_name]
        found = self.breaker.call(lambda: self.client.mget(names))
        if found is None:
            self.near.disable()
            return None, None, None
        payload, seq = found
        return payload, int(seq or 0), generation

    def keep(self, address, payload, keys, expires_at, ticket):
        """Keep a copy of a page read from Redis in this process too."""
        if ticket is not None:
            self.near.keep(address, payload, keys, expires_at, ticket)

    def store(self, address, payload, ttl, keys, seen, ticket=None):
        names = [self.name("page", address)]
        names += [self.name("key", key) for key in keys]
        names += [self.name("purged", key) for key in keys]
        stored = self.breaker.call(
            lambda: self.store_script(keys=names, args=[seen, ttl, payload]), 0
        )
        if stored:
            self.keep(address, payload, keys, time.time() + ttl, ticket)
        return bool(stored)

    def purge(self, keys):
        """Delete every stored page tagged with any of `keys`; False when Redis is unwell."""
        self.near.evict(keys)
        names = [self.seq_name]
        names += [self.name("key", key) for key in keys]
        names += [self.name("purged", key) for key in keys]
        args = [PURGE_MEMORY, self.channel, " ".join(keys)]
        purged = self.breaker.call(lambda: self.purge_script(keys=names, args=args))
        if purged is None:
            self.near.disable()
        return purged is not None

    def cleared(self):
        """After the whole cache was cleared: drop every process's copies too."""
        self.near.clear()
        self.breaker.call(lambda: self.client.publish(self.channel, "*"))

    @property
    def is_healthy(self):
        return not self.breaker.is_open


_near_caches = {}


def near_cache(client, channel):
    """The process's near cache for `channel` on the Redis server `client` talks to (a new one
    after a fork, or for another server: one that is down must not stand in for one that is up)."""
    server = client.connection_pool.connection_kwargs
    where = (channel, server.get("host"), server.get("port"), server.get("path"), server.get("db"))
    with _local_lock:
        near = _near_caches.get(where)
        if near is None or near.pid != os.getpid():
            near = _near_caches[where] = NearCache(client, channel)
        return near


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
        return self.backend.get(f"page:{address}"), self.seq, None

    def keep(self, address, payload, keys, expires_at, ticket):
        """Nothing to do: the pages are in this process already."""

    def store(self, address, payload, ttl, keys, seen, ticket=None):
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
