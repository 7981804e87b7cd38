"""Read replicas: public reads go to a PostgreSQL replica, everything else to the primary.

A request is public when it is an anonymous GET/HEAD outside the admin (ReplicaReadsMiddleware
marks it); only then are the content apps read from a replica. Writes, the admin, signed-in users
and every other app (sessions, auth, axes, reversion) use the primary, so nobody reads their own
edits from a replica that has not caught up yet.
"""

import random
from contextvars import ContextVar

from django.conf import settings

# The replica this request reads from (None: the primary). One per request, so that everything a
# page shows, and the content version its cache key holds, comes from the same snapshot.
request_replica = ContextVar("request_replica", default=None)
REPLICA_APPS = {"reports", "taggit"}


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


class ReplicaReadsMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        public = (
            request.method in ("GET", "HEAD")
            and not request.path.startswith("/admin/")
            and settings.SESSION_COOKIE_NAME not in request.COOKIES
        )
        replica = random.choice(settings.DATABASE_REPLICAS) if public and settings.DATABASE_REPLICAS else None
        token = request_replica.set(replica)
        try:
            return self.get_response(request)
        finally:
            request_replica.reset(token)
