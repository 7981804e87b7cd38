"""Read replicas: public reads go to a PostgreSQL replica, everything else to the primary.

A request is public when it is an anonymous GET/HEAD outside the admin (ReplicaReadsMiddleware
marks it); only then are the content apps read from a replica. Writes, the admin, signed-in users
and every other app (sessions, auth, axes, reversion) use the primary, so nobody reads their own
edits from a replica that has not caught up yet.

A replica that has not caught up with the content version readers are promised (the version in
the shared cache, which is the primary's) is not used to build a page: that request reads the
primary, so no page older than its version is built and cached under it.

A replica that is down never takes the site down: one that refuses a connection is skipped for
REPLICA_RETRY_SECONDS (the request reads the primary), and a public request whose replica fails
in the middle of it is answered again from the primary.
"""

import logging
import random
import time
from contextvars import ContextVar

from django.conf import settings
from django.db import InterfaceError, OperationalError, connections

log = logging.getLogger(__name__)

# The replica this request reads from (None: the primary). One per request, so that everything a
# page shows, and the content version its cache key holds, comes from the same snapshot.
request_replica = ContextVar("request_replica", default=None)
REPLICA_APPS = {"reports", "taggit"}
REPLICA_RETRY_SECONDS = 30
# When each replica that failed may be tried again (time.monotonic()), per process.
REPLICA_UNAVAILABLE_UNTIL = {}
DATABASE_UNAVAILABLE = (OperationalError, InterfaceError)


class ReadReplicaRouter:
    def db_for_read(self, model, **hints):
        replica = request_replica.get()
        if replica and model._meta.app_label in REPLICA_APPS:
            return replica
        return "default"

    def db_for_write(self, model, **hints):
        return "default"

    def allow_relation(self, obj1, obj2, **hints):
        return True  # all aliases hold the same data

    def allow_migrate(self, db, app_label, model_name=None, **hints):
        return db == "default"


def mark_unavailable(alias, error):
    log.warning("replica %s unavailable (%s); reading the primary for %s s", alias, error, REPLICA_RETRY_SECONDS)
    REPLICA_UNAVAILABLE_UNTIL[alias] = time.monotonic() + REPLICA_RETRY_SECONDS
    try:
        connections[alias].close()
    except DATABASE_UNAVAILABLE:
        pass  # closing a broken connection may fail too; it is gone either way


def available_replica():
    """A replica that answers, or None (the primary): one is picked at random among those not
    marked unavailable, and a connection to it is made now, so that a refusal costs this
    request nothing but the attempt."""
    now = time.monotonic()
    candidates = [alias for alias in settings.DATABASE_REPLICAS if REPLICA_UNAVAILABLE_UNTIL.get(alias, 0) <= now]
    random.shuffle(candidates)
    for alias in candidates:
        connection = connections[alias]
        try:
            # A kept connection is checked first (replicas have CONN_HEALTH_CHECKS on): a replica
            # that went away since the last request is noticed here, not in the middle of a page.
            connection.close_if_health_check_failed()
            connection.ensure_connection()
        except DATABASE_UNAVAILABLE as error:
            mark_unavailable(alias, error)
            continue
        return alias
    return None


class ReplicaReadsMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        public = (
            request.method in ("GET", "HEAD")
            and not request.path.startswith("/admin/")
            and settings.SESSION_COOKIE_NAME not in request.COOKIES
        )
        replica = available_replica() if public and settings.DATABASE_REPLICAS else None
        token = request_replica.set(replica)
        try:
            return self.get_response(request)
        finally:
            request_replica.reset(token)

    def process_view(self, request, view, args, kwargs):
        """Before a public page is built (the page cache had nothing): no replica behind the version."""
        from reports import caching  # the app's models: not importable while settings load

        replica = request_replica.get()
        version = getattr(request, "content_version", None)
        if replica is None or version is None or not caching.version_is_shared():
            return None
        try:
            replica_version, _ = caching.version_in_database(replica)
        except DATABASE_UNAVAILABLE as error:
            mark_unavailable(replica, error)
            replica_version = None
        if replica_version is None or replica_version < version:
            request_replica.set(None)
        return None

    def process_exception(self, request, exception):
        """A replica that failed while this public read was using it: answer from the primary."""
        replica = request_replica.get()
        if replica is None or not isinstance(exception, DATABASE_UNAVAILABLE) or request.resolver_match is None:
            return None
        mark_unavailable(replica, exception)
        request_replica.set(None)
        match = request.resolver_match
        return match.func(request, *match.args, **match.kwargs)
