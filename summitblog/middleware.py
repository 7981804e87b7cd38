"""Requests refused before any work is done for them, and headers every response carries."""

import zoneinfo

from django.conf import settings
from django.core.exceptions import TooManyFieldsSent
from django.core.handlers.exception import response_for_exception
from django.http import HttpResponse, HttpResponseNotAllowed
from django.utils import timezone

# What the site answers at all: pages and feeds are read with GET/HEAD, the admin posts forms.
# TRACE, PUT, DELETE, PROPFIND and made-up methods are a 405 wherever they are sent.
ALLOWED_METHODS = ("GET", "HEAD", "POST", "OPTIONS")
PERMISSIONS_POLICY = (
    "accelerometer=(), camera=(), geolocation=(), gyroscope=(), magnetometer=(), microphone=(), "
    "payment=(), usb=(), interest-cohort=()"
)


class RequestLimitsMiddleware:
    """A 405 for methods the site does not use, a 413 for a body larger than any form needs
    (MAX_REQUEST_BYTES, checked on Content-Length before the body is read), a 400 for a query
    string of more fields than any page reads (DATA_UPLOAD_MAX_NUMBER_FIELDS, whether or not the
    page would have read them), and the Permissions-Policy header: no page here uses the camera,
    the microphone or the location."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.method not in ALLOWED_METHODS:
            return HttpResponseNotAllowed(ALLOWED_METHODS)
        try:
            length = int(request.headers.get("content-length") or 0)
        except ValueError:
            length = 0
        fields = request.META.get("QUERY_STRING", "").count("&") + 1
        if fields > settings.DATA_UPLOAD_MAX_NUMBER_FIELDS:
            response = response_for_exception(request, TooManyFieldsSent("Too many query parameters."))
        elif length > settings.MAX_REQUEST_BYTES:
            response = HttpResponse(
                f"This request is larger than the {settings.MAX_REQUEST_BYTES // (1024 * 1024)} MB this site accepts.",
                status=413,
                content_type="text/plain; charset=utf-8",
            )
            response["Connection"] = "close"  # the body that was not read must not be taken for a next request
        else:
            response = self.get_response(request)
        response.setdefault("Permissions-Policy", PERMISSIONS_POLICY)
        return response


class BrowserTimezoneMiddleware:
    """Admin pages in the time zone of the editor's browser (the `tz` cookie the admin's JavaScript
    sets from Intl.DateTimeFormat): a scheduled time is shown and typed in Sydney time by someone in
    Sydney, and stored in UTC. An unknown zone is ignored."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        zone = self.browser_zone(request) if request.path.startswith("/admin/") else None
        if zone is None:
            return self.get_response(request)
        with timezone.override(zone):
            return self.get_response(request)

    @staticmethod
    def browser_zone(request):
        name = request.COOKIES.get("tz", "")
        if not name or len(name) > 64:
            return None
        try:
            return zoneinfo.ZoneInfo(name)
        except (zoneinfo.ZoneInfoNotFoundError, ValueError):
            return None
