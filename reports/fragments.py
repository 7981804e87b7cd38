"""Rendered pieces of public pages and feeds (a list row, a feed entry), kept per content version.

With the page cache off (or bypassed: a signed-in editor, a page not yet cached) a page is still
built on every request: its object, counts, pagination and the order of its rows are read and the
page is rendered around its rows. Only each row's own HTML, the costly part, comes from here. A
write-up's row is the same on its tag, track, project and author pages and in the filtered lists,
so it is rendered once for all of them. Keys carry the content version, like every other cached
thing: any edit or due publication makes new rows, and a row never outlives what it shows.
FRAGMENT_CACHE_SECONDS = 0 turns this off (the benchmark's cold builds).
"""

import hashlib

from django.conf import settings
from django.core.cache import caches
from django.template.loader import render_to_string
from django.utils.safestring import mark_safe

from .stats import content_version


def fragments(request, kind, ids, make):
    """{id: value} for `ids`: kept values, and `make(missing ids)` -> {id: value} for the rest.

    `kind` names what the value is (a template and its variant, a feed format and origin)."""
    ids = list(ids)
    if settings.FRAGMENT_CACHE_SECONDS <= 0:
        return make(ids) if ids else {}
    cache = caches["fragments"]
    # Hashed: a key must stay short and free of spaces whatever the kind and the backend.
    digest = hashlib.sha1(f"{content_version(request).isoformat()}|{kind}".encode(), usedforsecurity=False)
    prefix = f"fragment:{digest.hexdigest()}:"
    found = cache.get_many([prefix + str(pk) for pk in ids])
    values = {pk: found[prefix + str(pk)] for pk in ids if prefix + str(pk) in found}
    missing = [pk for pk in ids if pk not in values]
    if missing:
        made = make(missing)
        cache.set_many({prefix + str(pk): value for pk, value in made.items()}, settings.FRAGMENT_CACHE_SECONDS)
        values.update(made)
    return values


def rendered_rows(request, template_name, rows, ids, name, **context):
    """{id: HTML} of each row in the order of `ids`, rendered by `template_name` with the row as
    `name`; `rows()` (a queryset of published rows) is built and read only for rows not kept."""
    variant = ",".join(f"{key}={value}" for key, value in sorted(context.items()))

    def render(missing):
        return {
            obj.pk: render_to_string(template_name, {name: obj, **context}) for obj in rows().filter(pk__in=missing)
        }

    html = fragments(request, f"{template_name}|{variant}", ids, render)
    # Our own templates' output, from our own objects.
    return {pk: mark_safe(html[pk]) for pk in ids if pk in html}  # nosec B308, B703
