def site(request):
    """The site's name, the canonical URL of the page and which main section it belongs to."""
    page = request.GET.get("page", "")
    canonical = request.build_absolute_uri(request.path)
    if page.isdigit() and page != "1":
        canonical += f"?page={page}"
    return {
        "site_name": "summitblog",
        "canonical_url": canonical,
        "nav_section": request.path.strip("/").split("/", 1)[0],
    }
