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
KEPT_HEADERS = ("Content-Type", "Content-Disposition", "Content-Language")


def is_shared(request):
    return request.method in ("GET", "HEAD") and not any(name in request.COOKIES for name in PERSONAL_COOKIES)


def public_cache(max_age_setting="PAGE_MAX_AGE"):
    """Decorate a public view: validators, 304s, and (when enabled) the shared page cache.

    `max_age_setting` names the setting that says how long clients may reuse the response."""

    def decorator(view):
        @wraps(view)
        def cached_view(request, *args, **kwargs):
            if not is_shared(request):
                response = view(request, *args, **kwargs)
                patch_vary_headers(response, ["Cookie"])
                return response
            version = ContentVersion.current()
            request.content_version = version  # reused by reports.stats for this request
            key, etag, last_modified = validators(request, version)
            response = get_conditional_response(request, etag=etag, last_modified=last_modified)
            if response is None:
                response = from_cache(key)
            if response is None:
                read_primary_if_replica_is_behind(version)
                response = view(request, *args, **kwargs)
                if hasattr(response, "render") and not response.is_rendered:
                    response.render()
                store(key, response)
            if response.status_code in (200, 304):
                add_validators(response, etag, last_modified, max_age_setting)
            return response

        cached_view.public_max_age_setting = max_age_setting  # see NotModifiedMiddleware
        return cached_view

    return decorator


def validators(request, version):
    """(cache key, ETag, Last-Modified) of a public URL at a content version."""
    key = hashlib.sha1(f"{version.isoformat()}|{request.get_host()}|{request.get_full_path()}".encode()).hexdigest()
    return key, quote_etag(key), int(version.timestamp())


def add_validators(response, etag, last_modified, max_age_setting):
    response["ETag"] = etag
    response["Last-Modified"] = http_date(last_modified)
    response["Cache-Control"] = f"public, max-age={getattr(settings, max_age_setting)}"
    patch_vary_headers(response, ["Cookie", "Accept-Encoding"])


class NotModifiedMiddleware:
    """Answers a conditional request for a public page or feed that has not changed with a 304
    before the session, authentication, CSRF, messages and CSP middleware run: a 304 has no use for
    any of them, and feed readers poll every feed every few minutes. Anything else (and a URL whose
    view is not behind public_cache) goes on down the stack as usual."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        conditional = "HTTP_IF_NONE_MATCH" in request.META or "HTTP_IF_MODIFIED_SINCE" in request.META
        if conditional and is_shared(request):
            try:
                view = resolve(request.path_info).func
            except Resolver404:
                view = None
            max_age_setting = getattr(view, "public_max_age_setting", None)
            if max_age_setting:
                version = ContentVersion.current()
                request.content_version = version
                _, etag, last_modified = validators(request, version)
                response = get_conditional_response(request, etag=etag, last_modified=last_modified)
                if response is not None:
                    add_validators(response, etag, last_modified, max_age_setting)
                    return response
        return self.get_response(request)


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
    if settings.PAGE_CACHE_SECONDS <= 0 or response.status_code != 200 or response.streaming:
        return
    headers = {name: response[name] for name in KEPT_HEADERS if name in response}
    cache.set(f"page:{key}", (response.content, headers), settings.PAGE_CACHE_SECONDS)


def read_primary_if_replica_is_behind(version):
    """A version from Redis is the primary's: a replica that has not caught up with it would build
    an old page and cache it under the new version, so such a request reads the primary instead."""
    replica = request_replica.get()
    if replica and shared_version() and ContentVersion.current_and_next_due(using=replica)[0] < version:
        request_replica.set(None)
