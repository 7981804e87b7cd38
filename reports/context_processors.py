from django.core.exceptions import DisallowedHost, TooManyFieldsSent


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
        "site_name": "summitblog",
        "canonical_url": canonical,
        "nav_section": request.path.strip("/").split("/", 1)[0],
    }
