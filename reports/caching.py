"""Caching at the edge, and nowhere else: whole public responses, and 304s, keyed by one content version.

The content version is when public content last changed: the later of the one ContentVersion row
(moved with any change readers can see, in its transaction: reports.signals) and the latest publish time that
has come (a scheduled report coming due changes it with no job running). Every public response
carries an ETag and Last-Modified made from it, and PublicCacheMiddleware keeps anonymous GET/HEAD
responses whole under a key that contains it: nothing is ever purged, an old page is simply never
asked for again. A draft's save, autosave or delete moves nothing, so the cache stays warm while
people write.

Reading the version: from the shared cache (one key, kept at most VERSION_SECONDS or until the
next scheduled publish time), falling back to the database. Writers set the key once their
transaction has committed; readers only add it when it is missing, so a reader that read the database
just before a commit cannot put an older version back over a writer's. With a per-process cache
(no REDIS_URL) the key would not be shared between worker processes, so the version is read from
the database on every public request instead (one small query).

`cached_by_version` keeps the few computations that cost seconds at size (counts, facets, the
count of a paginated list: `VersionCountedPaginator`) for as long as the version does not change.
"""

import hashlib
from contextvars import ContextVar
from datetime import UTC, datetime, timedelta
from functools import lru_cache, partial, wraps

from django.conf import settings
from django.core.cache import cache, caches
from django.core.cache.backends.locmem import LocMemCache
from django.core.exceptions import EmptyResultSet
from django.core.paginator import Paginator
from django.db import DEFAULT_DB_ALIAS, connections, transaction
from django.urls import Resolver404, get_urlconf, resolve
from django.utils import timezone
from django.utils.cache import get_conditional_response, patch_vary_headers
from django.utils.functional import cached_property
from django.utils.http import http_date, quote_etag

from .models import ContentVersion

VERSION_KEY = "content-version"
# The version of the public request being answered (set by PublicCacheMiddleware).
REQUEST_VERSION = ContextVar("content_version", default=None)
VERSION_SECONDS = 60
EPOCH = datetime(2000, 1, 1, tzinfo=UTC)
UNIX_EPOCH = datetime(1970, 1, 1, tzinfo=UTC)
# Readers have none of these; a signed-in editor does, and gets the page built fresh (it may
# carry their messages), never a shared copy.
PERSONAL_COOKIES = (settings.SESSION_COOKIE_NAME, "messages")


# -- The content version ------------------------------------------------------------------------


def version_is_shared():
    """Whether every web process reads the version from the same place (a shared cache)."""
    return not isinstance(caches["default"], LocMemCache)


def version_in_database(using=None):
    """(version, next scheduled publish time or None), read from one database alias."""
    changed_at, latest_due, next_due = ContentVersion.read(using)
    return max(changed_at or EPOCH, latest_due or EPOCH), next_due


def current_version(request=None):
    """The version this request works with, read once per request (also where the request is not
    at hand: a sitemap's paginator, say)."""
    if request is not None and getattr(request, "content_version", None):
        return request.content_version
    if request is None and (version := REQUEST_VERSION.get()) is not None:
        return version
    if version_is_shared():
        stored = cache.get(VERSION_KEY)
        if stored is None:
            # Filled from the primary: a replica may not have caught up with the latest change.
            version, next_due = version_in_database(DEFAULT_DB_ALIAS)
            cache.add(VERSION_KEY, version_as_stored(version), version_timeout(next_due))
        else:
            version = version_from_stored(stored)
    else:
        version, _ = version_in_database()
    if request is not None:
        request.content_version = version
    return version


def version_as_stored(version):
    """The version as the shared cache keeps it: whole microseconds since the Unix epoch. Django's
    Redis serializer keeps an int as its digits, so the read on every page-cache hit unpickles
    nothing (a pickled datetime costs as much to read as the rest of the call)."""
    return (version - UNIX_EPOCH) // timedelta(microseconds=1)


def version_from_stored(stored):
    return UNIX_EPOCH + timedelta(microseconds=stored)


def version_timeout(next_due):
    """Seconds the shared version may be kept: VERSION_SECONDS, or less if a publish time comes."""
    if next_due is None:
        return VERSION_SECONDS
    return max(1, min(VERSION_SECONDS, int((next_due - timezone.now()).total_seconds()) + 1))


def content_changed(using=DEFAULT_DB_ALIAS):
    """Move the version with the change that calls this: once per transaction, in the transaction
    (readers see the new version exactly when they can see the change), then share it on commit.

    "The transaction" is the outermost atomic block, ignoring the ones a test case wraps around
    each test (Django marks them `_from_testcase`): to the code under test, each request of a test
    is a transaction of its own, as it is in production."""
    connection = connections[using]
    block = next((b for b in connection.atomic_blocks if not getattr(b, "_from_testcase", False)), None)
    if block is not None:
        if getattr(block, "moves_content_version", False):
            return
        block.moves_content_version = True
    with transaction.atomic(using=using):
        row, _ = ContentVersion.objects.using(using).select_for_update().get_or_create(pk=1)
        # Later than any version before it, whatever the clocks of the processes that wrote them.
        row.changed_at = max(timezone.now(), row.changed_at + timedelta(microseconds=1))
        row.save(update_fields=["changed_at"])
    transaction.on_commit(share_version, using=using, robust=True)


def share_version():
    """After the commit: the new version in the shared cache, for every web process at once."""
    if version_is_shared():
        version, next_due = version_in_database(DEFAULT_DB_ALIAS)
        cache.set(VERSION_KEY, version_as_stored(version), version_timeout(next_due))


def cached_by_version(name, compute, request=None):
    """`compute()`, kept in the cache for as long as the content version does not change."""
    digest = hashlib.sha1(f"{current_version(request).isoformat()}|{name}".encode(), usedforsecurity=False)
    key = f"data:{digest.hexdigest()}"
    value = cache.get(key)
    if value is None:
        value = compute()
        cache.set(key, value, settings.DATA_CACHE_SECONDS)
    return value


class VersionCountedPaginator(Paginator):
    """Django's Paginator, its count (a COUNT over a large join, at size the costliest query of a
    list page) kept per content version like the other counts."""

    def __init__(self, *args, request=None, **kwargs):
        self.request = request
        super().__init__(*args, **kwargs)

    @cached_property
    def count(self):
        compute = partial(Paginator.count.func, self)
        try:
            query = str(self.object_list.query)
        except (AttributeError, EmptyResultSet):  # a list, or a queryset that can match nothing
            return compute()
        return cached_by_version(f"count:{query}", compute, self.request)


class CountsKeptMixin:
    """For a ListView: page counts kept per content version (VersionCountedPaginator)."""

    paginator_class = VersionCountedPaginator

    def get_paginator(self, *args, **kwargs):
        return super().get_paginator(*args, request=self.request, **kwargs)


# -- Public responses ---------------------------------------------------------------------------


def is_shared(request):
    return request.method in ("GET", "HEAD") and not any(name in request.COOKIES for name in PERSONAL_COOKIES)


def public(view=None, *, max_age_setting="PAGE_MAX_AGE"):
    """Mark a public view: PublicCacheMiddleware answers 304s and keeps its responses, and its
    responses carry the validators (ETag, Last-Modified, Cache-Control, Vary)."""

    def decorator(view):
        @wraps(view)
        def public_view(request, *args, **kwargs):
            response = view(request, *args, **kwargs)
            if is_shared(request) and response.status_code == 200:
                add_validators(response, validators(request, current_version(request)), max_age_setting)
            else:
                patch_vary_headers(response, ["Cookie"])
            return response

        public_view.public_max_age_setting = max_age_setting
        return public_view

    return decorator(view) if view is not None else decorator


def validators(request, version):
    """(cache key, ETag, Last-Modified) of a public URL at a content version."""
    # The scheme too: behind the proxy, pages reached over https and over http link differently.
    address = f"{request.scheme}://{request.get_host()}{request.get_full_path()}"
    key = hashlib.sha1(f"{version.isoformat()}|{address}".encode(), usedforsecurity=False).hexdigest()
    return key, quote_etag(key), int(version.timestamp())


def add_validators(response, found, max_age_setting):
    _, etag, last_modified = found
    response["ETag"] = etag
    response["Last-Modified"] = http_date(last_modified)
    response["Cache-Control"] = f"public, max-age={getattr(settings, max_age_setting)}"
    patch_vary_headers(response, ["Cookie", "Accept-Encoding"])


class PublicCacheMiddleware:
    """Serves an unchanged public page or feed before the session, authentication, CSRF, messages
    and CSP middleware run, which it has no use for: a 304 for a conditional request (feed readers
    poll every feed every few minutes), else, with PAGE_CACHE_SECONDS > 0, the response kept whole
    with every header those middleware added to it. Near the top of the stack, like Django's own
    per-site cache; anything else (a signed-in user, a POST, a view not marked public) goes down
    the stack as usual."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        max_age_setting = public_max_age_setting(request) if is_shared(request) else None
        if not max_age_setting:
            return self.get_response(request)
        found = validators(request, current_version(request))
        key, etag, last_modified = found
        response = get_conditional_response(request, etag=etag, last_modified=last_modified)
        if response is not None:
            add_validators(response, found, max_age_setting)
            return response
        response = kept_response(key)
        if response is None:
            answering = REQUEST_VERSION.set(current_version(request))
            try:
                response = self.get_response(request)
            finally:
                REQUEST_VERSION.reset(answering)
            keep_response(key, response)
        return response


def public_max_age_setting(request):
    """The max-age setting of the public view at the request's URL, or None when it is not one."""
    return public_max_age_setting_at(get_urlconf() or settings.ROOT_URLCONF, request.path_info)


# Resolving a URL costs more than the rest of a page-cache hit; what view it names never changes
# while the process runs.
@lru_cache(maxsize=4096)
def public_max_age_setting_at(urlconf, path):
    try:
        view = resolve(path, urlconf).func
    except Resolver404:
        return None
    return getattr(view, "public_max_age_setting", None)


def in_process_pages():
    """The per-process copy of the page cache beside a shared one (the "pages" cache), or None."""
    return caches["pages"] if "pages" in settings.CACHES and version_is_shared() else None


def kept_response(key):
    """The response kept under `key` (pickled whole, as Django's own cache middleware keeps
    them), from this process's copy or else the shared one, or None."""
    if settings.PAGE_CACHE_SECONDS <= 0:
        return None
    local = in_process_pages()
    response = local.get(key) if local else None
    if response is None:
        response = cache.get(f"page:{key}")
        if response is not None and local:
            local.set(key, response, settings.PAGE_CACHE_SECONDS)
    return response


def keep_response(key, response):
    # A response that sets a cookie is someone's own: never kept for everyone.
    if settings.PAGE_CACHE_SECONDS <= 0 or response.status_code != 200 or response.streaming or response.cookies:
        return
    # Kept in one piece, however the view wrote it: the server sends each piece on its own.
    response.content = response.content
    cache.set(f"page:{key}", response, settings.PAGE_CACHE_SECONDS)
    if local := in_process_pages():
        local.set(key, response, settings.PAGE_CACHE_SECONDS)
