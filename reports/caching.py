"""HTTP caching for public pages and feeds, keyed by the content version.

Every public response gets an ETag and Last-Modified derived from ContentVersion (one indexed
query), so browsers, feed readers and a CDN can revalidate for a 304 without the page being built.
With PAGE_CACHE_SECONDS > 0 the rendered response is also kept in Django's cache under a key that
contains the version: publishing, unpublishing, any edit, and a scheduled item's time arriving all
change the version, so a cached page never outlives what it shows and nothing needs purging.
"""

import hashlib
from functools import wraps

from django.conf import settings
from django.core.cache import cache
from django.http import HttpResponse
from django.urls import Resolver404, resolve
from django.utils.cache import get_conditional_response, patch_vary_headers
from django.utils.http import http_date, quote_etag

from summitblog.routers import request_replica

from .models import ContentVersion
from .versions import shared_version

# Readers have none of these; a signed-in editor does, and gets the page built fresh (it may
# carry their messages), never a shared copy.
PERSONAL_COOKIES = (settings.SESSION_COOKIE_NAME, "messages")


def is_shared(request):
    return request.method in ("GET", "HEAD") and not any(name in request.COOKIES for name in PERSONAL_COOKIES)


def public_cache(max_age_setting="PAGE_MAX_AGE"):
    """Mark a public view: its responses carry validators (ETag, Last-Modified, Cache-Control),
    and PublicCacheMiddleware answers 304s and serves the page cache for it.

    `max_age_setting` names the setting that says how long clients may reuse the response."""

    def decorator(view):
        @wraps(view)
        def cached_view(request, *args, **kwargs):
            if not is_shared(request):
                response = view(request, *args, **kwargs)
                patch_vary_headers(response, ["Cookie"])
                return response
            version = getattr(request, "content_version", None) or ContentVersion.current()
            request.content_version = version  # reused by reports.stats for this request
            _, etag, last_modified = validators(request, version)
            response = get_conditional_response(request, etag=etag, last_modified=last_modified)
            if response is None:
                read_primary_if_replica_is_behind(version)
                response = view(request, *args, **kwargs)
                if hasattr(response, "render") and not response.is_rendered:
                    response.render()
            if response.status_code in (200, 304):
                add_validators(response, etag, last_modified, max_age_setting)
            return response

        cached_view.public_max_age_setting = max_age_setting  # see PublicCacheMiddleware
        return cached_view

    return decorator


def validators(request, version):
    """(cache key, ETag, Last-Modified) of a public URL at a content version."""
    # The scheme too: behind the proxy, pages reached over https and over http link differently.
    address = f"{request.scheme}://{request.get_host()}{request.get_full_path()}"
    key = hashlib.sha1(f"{version.isoformat()}|{address}".encode(), usedforsecurity=False).hexdigest()
    return key, quote_etag(key), int(version.timestamp())


def add_validators(response, etag, last_modified, max_age_setting):
    response["ETag"] = etag
    response["Last-Modified"] = http_date(last_modified)
    response["Cache-Control"] = f"public, max-age={getattr(settings, max_age_setting)}"
    patch_vary_headers(response, ["Cookie", "Accept-Encoding"])


class PublicCacheMiddleware:
    """Serves an unchanged public page or feed before the session, authentication, CSRF, messages
    and CSP middleware run, which it has no use for: a 304 for a conditional request (feed readers
    poll every feed every few minutes), else, with PAGE_CACHE_SECONDS > 0, the response kept whole
    with every header those middleware added to it. Near the top of the stack, like Django's own
    per-site cache; anything else (a signed-in user, a POST, a view not behind public_cache) goes
    down the stack as usual."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        max_age_setting = None
        if is_shared(request):
            try:
                view = resolve(request.path_info).func
            except Resolver404:
                view = None
            max_age_setting = getattr(view, "public_max_age_setting", None)
        if not max_age_setting:
            return self.get_response(request)
        version = ContentVersion.current()
        request.content_version = version
        key, etag, last_modified = validators(request, version)
        response = get_conditional_response(request, etag=etag, last_modified=last_modified)
        if response is not None:
            add_validators(response, etag, last_modified, max_age_setting)
            return response
        response = from_cache(key)
        if response is None:
            response = self.get_response(request)
            store(key, response)
        return response


def from_cache(key):
    if settings.PAGE_CACHE_SECONDS <= 0:
        return None
    stored = cache.get(f"page:{key}")
    if stored is None:
        return None
    content, headers = stored
    response = HttpResponse(content)
    for name, value in headers.items():
        response[name] = value
    return response


def store(key, response):
    # A response that sets a cookie is someone's own: never kept for everyone.
    if settings.PAGE_CACHE_SECONDS <= 0 or response.status_code != 200 or response.streaming or response.cookies:
        return
    cache.set(f"page:{key}", (response.content, dict(response.items())), settings.PAGE_CACHE_SECONDS)


def read_primary_if_replica_is_behind(version):
    """A version from Redis is the primary's: a replica that has not caught up with it would build
    an old page and cache it under the new version, so such a request reads the primary instead."""
    replica = request_replica.get()
    if replica and shared_version() and ContentVersion.current_and_next_due(using=replica)[0] < version:
        request_replica.set(None)
