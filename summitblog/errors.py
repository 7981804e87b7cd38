"""The 500 handler: a database that cannot be reached is a 503 with Retry-After, not a bug."""

import sys

from django.db import InterfaceError, OperationalError
from django.http import HttpResponse
from django.template import loader
from django.views.defaults import server_error as default_server_error

# How long a client (a feed reader, a CDN) should wait before asking again.
RETRY_AFTER_SECONDS = 30


def server_error(request, template_name="500.html"):
    """Django calls this inside the `except` block of the failed request, so the error is at hand."""
    error = sys.exc_info()[1]
    if isinstance(error, OperationalError | InterfaceError):
        # Rendered without a request context: the context processors would reach for the database.
        content = loader.get_template("503.html").render()
        response = HttpResponse(content, status=503)
        response["Retry-After"] = str(RETRY_AFTER_SECONDS)
        response["Cache-Control"] = "no-store"
        return response
    return default_server_error(request, template_name)
