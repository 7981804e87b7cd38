"""Cheap URLs: every public page and feed links to dozens of objects."""

from functools import lru_cache

from django.urls import reverse


def url_for_slug(name, slug, **kwargs):
    """reverse() for a long list: the URL is reversed once per name, then the slug (URL-safe by its
    definition) is put in its place, instead of resolving the pattern thousands of times."""
    key = (name, tuple(sorted(kwargs.items())))
    if key not in URL_TEMPLATES:
        URL_TEMPLATES[key] = reverse(name, kwargs={"slug": SLUG_PLACEHOLDER, **kwargs})
    return URL_TEMPLATES[key].replace(SLUG_PLACEHOLDER, slug)


SLUG_PLACEHOLDER = "--slug--"
URL_TEMPLATES = {}


@lru_cache(maxsize=4096)
def fixed_url(name, *args, **kwargs):
    """reverse(), remembered: the header, the footer and the feed links of every page point to the
    same few dozen URLs (the script prefix is fixed for the life of a deployment)."""
    return reverse(name, args=args, kwargs=kwargs)
