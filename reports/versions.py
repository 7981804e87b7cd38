"""The content version remembered by each web process, forgotten when Redis announces a change.

Without CONTENT_VERSION_REDIS_URL every public request reads ContentVersion from the database (one
small query). With it, each process (each thread) subscribes to a Redis channel and remembers the
version it last read; a cached page or a 304 then needs no query and no round trip at all:

- every committed editorial change publishes on the channel (ContentVersion.bump, on commit), so
  the announcement reaches every subscribed process before the editor's request returns;
- before using what it remembers, a process reads any announcement waiting on its socket (a
  non-blocking poll, a few microseconds) and forgets the version if there is one; it also
  forgets it when the next scheduled publish time comes, and after REMEMBER_SECONDS in any case,
  which bounds the damage of an announcement lost while Redis was failing;
- a version read before a change commits but remembered after it is forgotten at the next
  request, because the announcement is already waiting by then.

A process remembers nothing unless its subscription is confirmed, and any message on the channel
(including the confirmation redis-py receives when it reconnects) makes it forget, so a dropped
connection can only cost database reads, never a stale page.
"""

import logging
import threading
import time
from dataclasses import dataclass
from datetime import datetime
from functools import cache

import redis
from django.conf import settings
from django.utils import timezone
from redis.backoff import NoBackoff
from redis.retry import Retry

log = logging.getLogger(__name__)

CHANNEL = "summitblog:content-changed"
REMEMBER_SECONDS = 60
RETRY_SECONDS = 5  # between attempts to subscribe while Redis is unreachable


@dataclass
class Remembered:
    version: datetime
    next_due: datetime | None
    until: float  # time.monotonic()

    def still_valid(self):
        return time.monotonic() < self.until and (self.next_due is None or timezone.now() < self.next_due)


def shared_version():
    """The Redis-backed version, or None when it is read from the database on every request."""
    url = settings.CONTENT_VERSION_REDIS_URL
    return SharedVersion.at(url) if url else None


class SharedVersion:
    def __init__(self, url):
        # Short timeouts and no retries: a Redis that hangs must cost a request a fraction of a
        # second, not the several seconds of redis-py's default retries with backoff.
        self.redis = redis.Redis.from_url(
            url, socket_timeout=0.25, socket_connect_timeout=0.25, retry=Retry(NoBackoff(), 0)
        )
        self.local = threading.local()  # a subscription and a remembered version per thread

    @staticmethod
    @cache
    def at(url):
        return SharedVersion(url)

    def current(self, read_database):
        """The current version; `read_database()` reads (version, next due time) from the primary."""
        listening = self.read_announcements()
        remembered = getattr(self.local, "remembered", None)
        if listening and remembered and remembered.still_valid():
            return remembered.version
        version, next_due = read_database()
        until = time.monotonic() + REMEMBER_SECONDS
        self.local.remembered = Remembered(version, next_due, until) if listening else None
        return version

    def read_announcements(self):
        """Forget the remembered version if a change was announced; False if not subscribed."""
        try:
            pubsub = getattr(self.local, "pubsub", None)
            if pubsub is None:
                self.local.remembered = None
                if time.monotonic() < getattr(self.local, "retry_at", 0):
                    return False
                self.local.retry_at = time.monotonic() + RETRY_SECONDS
                pubsub = self.redis.pubsub()
                pubsub.subscribe(CHANNEL)
                confirmation = pubsub.get_message(timeout=1)
                if not confirmation or confirmation["type"] != "subscribe":
                    pubsub.close()
                    return False
                self.local.pubsub = pubsub
                return True
            while pubsub.get_message(timeout=0) is not None:
                self.local.remembered = None
            return True
        except redis.RedisError:
            log.exception("content version: no Redis subscription, reading the database")
            self.local.remembered = None
            self.local.pubsub = None
            return False

    def announce_change(self):
        """Called once a change has committed: every process forgets the version it remembers."""
        # This thread at once: the announcement reaches its own socket a moment after Redis replies.
        self.local.remembered = None
        try:
            self.redis.publish(CHANNEL, "changed")
        except redis.RedisError:
            log.exception("content version: could not announce a change (stale for up to %s s)", REMEMBER_SECONDS)
