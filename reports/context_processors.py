from django.conf import settings
from django.core.exceptions import DisallowedHost, TooManyFieldsSent

from .stats import content_version


def site(request):
    """The site's name, the canonical URL of the page and which main section it belongs to."""
    try:
        page = request.GET.get("page", "")
    except TooManyFieldsSent:
        page = ""  # the 400 page for this very request: its query cannot be read
    try:
        canonical = request.build_absolute_uri(request.path)
    except DisallowedHost:
        canonical = ""  # the 400 page for a Host header not in ALLOWED_HOSTS: no address to give
    if canonical and page.isdigit() and page != "1":
        canonical += f"?page={page}"
    return {
        # For {% cache %}: fragments are kept per content version (see reports.fragments), and the
        # version is read only where a fragment is looked up.
        "fragment_seconds": settings.FRAGMENT_CACHE_SECONDS,
        "content_version": lambda: content_version(request).isoformat(),
        "site_name": "summitblog",
        "canonical_url": canonical,
        "nav_section": request.path.strip("/").split("/", 1)[0],
    }
