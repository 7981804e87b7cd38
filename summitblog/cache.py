"""A Redis cache that fails soft: a cache is an optimisation, never a reason for a page to fail.

Django's RedisCache raises whatever redis-py raises, and redis-py retries a dead connection three
times with backoff by default: with Redis stopped every page answers 500, with Redis hanging
every page hangs. Here every call has short socket timeouts and no retries, and after a failure
the process leaves Redis alone for RETRY_SECONDS (a circuit breaker), so pages are built from
the database at the cost of one short timeout per process and period. Nothing can be stale when
Redis comes back: cached pages are keyed by the content version, read from the database.
"""

import logging
import os
import threading
import time

from django.core.cache.backends.base import DEFAULT_TIMEOUT
from django.core.cache.backends.redis import RedisCache, RedisCacheClient
from redis.backoff import NoBackoff
from redis.exceptions import RedisError
from redis.retry import Retry

log = logging.getLogger(__name__)

SOCKET_TIMEOUT = 0.25  # seconds; a cache that answers later than this is no faster than the database
RETRY_SECONDS = 5
# When each Redis location may be tried again (time.monotonic()), per process.
UNAVAILABLE_UNTIL = {}


class KeptClientRedisCacheClient(RedisCacheClient):
    """Django's client builds a new redis.Redis around the pool on every call, which costs more
    than the round trip itself on a page-cache hit. Here each thread of each process keeps one
    redis.Redis per pool, holding a connection of its own (single_connection_client): a call
    then also skips the pool's checkout and its health check, three system calls, as much again
    as the round trip."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.kept = threading.local()

    def get_client(self, key=None, *, write=False):
        kept = self.kept
        # A forked worker inherits its parent's thread state: it must not share its sockets.
        if getattr(kept, "pid", None) != os.getpid():
            kept.pid, kept.clients = os.getpid(), {}
        index = self._get_connection_pool_index(write)
        if index not in kept.clients:
            pool = self._get_connection_pool(write)
            kept.clients[index] = self._client(connection_pool=pool, single_connection_client=True)
        return kept.clients[index]

    def get(self, key, default):
        # GET straight on the kept connection: redis-py's command dispatch (retry wrapper, locks,
        # reply callbacks, none of which a GET uses here) costs as much CPU as the round trip.
        connection = self.get_client(key).connection
        connection.send_command("GET", key)
        value = connection.read_response()
        return default if value is None else self._serializer.loads(value)


class ResilientRedisCache(RedisCache):
    def __init__(self, server, params):
        options = dict(params.get("OPTIONS") or {})
        options.setdefault("socket_timeout", SOCKET_TIMEOUT)
        options.setdefault("socket_connect_timeout", SOCKET_TIMEOUT)
        options.setdefault("retry", Retry(NoBackoff(), 0))
        super().__init__(server, {**params, "OPTIONS": options})
        self._class = KeptClientRedisCacheClient
        self.location = server if isinstance(server, str) else ",".join(server)

    def fail_soft(self, default, operation, *args, **kwargs):
        if time.monotonic() < UNAVAILABLE_UNTIL.get(self.location, 0):
            return default
        try:
            return operation(*args, **kwargs)
        except RedisError as error:
            log.warning(
                "cache: Redis at %s failed (%s); using the database for %s s", self.location, error, RETRY_SECONDS
            )
            UNAVAILABLE_UNTIL[self.location] = time.monotonic() + RETRY_SECONDS
            return default

    def get(self, key, default=None, version=None):
        return self.fail_soft(default, super().get, key, default, version)

    def get_many(self, keys, version=None):
        return self.fail_soft({}, super().get_many, keys, version)

    def has_key(self, key, version=None):
        return self.fail_soft(False, super().has_key, key, version)

    def set(self, key, value, timeout=DEFAULT_TIMEOUT, version=None):
        return self.fail_soft(None, super().set, key, value, timeout, version)

    def add(self, key, value, timeout=DEFAULT_TIMEOUT, version=None):
        return self.fail_soft(False, super().add, key, value, timeout, version)

    def set_many(self, data, timeout=DEFAULT_TIMEOUT, version=None):
        return self.fail_soft(list(data), super().set_many, data, timeout, version)

    def touch(self, key, timeout=DEFAULT_TIMEOUT, version=None):
        return self.fail_soft(False, super().touch, key, timeout, version)

    def delete(self, key, version=None):
        return self.fail_soft(False, super().delete, key, version)

    def delete_many(self, keys, version=None):
        return self.fail_soft(None, super().delete_many, keys, version)

    def clear(self):
        return self.fail_soft(False, super().clear)
