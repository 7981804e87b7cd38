"""How much public work each summit, track, project, author and tag has.

Counting published reports and write-ups per row at request time costs seconds at 10,000 reports.
Instead the counts are aggregated in one query (GROUP BYs joined with UNION ALL) and kept in the
cache under the content version, like the pages: any edit or due publication makes a new snapshot,
so a count is never older than the content it describes.
"""

import hashlib
from collections import defaultdict
from functools import cached_property

from django.conf import settings
from django.core.cache import cache
from django.db.models import CharField, Count, Value
from django.utils.functional import SimpleLazyObject

from .models import ContentVersion, Report, ReportAuthor, TaggedReport, TaggedWriteUp, WriteUp
from .querysets import published_q

# (name, published rows, the id counted per group)
AGGREGATES = [
    ("summit_reports", lambda: Report.objects.published(), "summit_id"),
    ("summit_writeups", lambda: WriteUp.objects.published(), "report__summit_id"),
    ("track_writeups", lambda: WriteUp.objects.published(), "session__track_id"),
    ("project_writeups", lambda: WriteUp.objects.published(), "session__projects"),
    ("author_reports", lambda: ReportAuthor.objects.filter(published_q("report__")), "author_id"),
    ("author_writeups", lambda: WriteUp.objects.published(), "author_id"),
    ("tag_reports", lambda: TaggedReport.objects.filter(published_q("content_object__")), "tag_id"),
    ("tag_writeups", lambda: TaggedWriteUp.objects.filter(published_q("content_object__report__")), "tag_id"),
]


def content_version(request=None):
    """The version the current request works with (read once per request by reports.caching)."""
    version = getattr(request, "content_version", None)
    return version if version is not None else ContentVersion.current()


def cached_by_version(request, name, compute):
    """`compute()`, kept in the cache for as long as the content version does not change."""
    digest = hashlib.sha1(f"{content_version(request).isoformat()}|{name}".encode(), usedforsecurity=False).hexdigest()
    key = f"data:{digest}"
    value = cache.get(key)
    if value is None:
        value = compute()
        cache.set(key, value, settings.DATA_CACHE_SECONDS)
    return value


class PublicCounts:
    """Counts of public reports and write-ups by summit, track, project, author and tag."""

    def __init__(self, rows):
        self.counts = defaultdict(dict)
        for name, key, count in rows:
            if key is not None:
                self.counts[name][key] = count

    def __getattr__(self, name):
        if name in {aggregate[0] for aggregate in AGGREGATES}:
            return self.counts.get(name, {})
        raise AttributeError(name)

    # Properties, merged once per snapshot: a snapshot serves every request until the content changes.
    @cached_property
    def summits(self):
        return self._merge(self.summit_reports, self.summit_writeups)

    @cached_property
    def authors(self):
        return self._merge(self.author_reports, self.author_writeups)

    @cached_property
    def tags(self):
        return self._merge(self.tag_reports, self.tag_writeups)

    @staticmethod
    def _merge(reports, writeups):
        """{id: (reports, writeups)} for every id with any public work."""
        return {key: (reports.get(key, 0), writeups.get(key, 0)) for key in reports.keys() | writeups.keys()}


def compute_counts():
    parts = [
        queryset().order_by().values_list(Value(name, output_field=CharField()), field).annotate(n=Count("pk"))
        for name, queryset, field in AGGREGATES
    ]
    return list(parts[0].union(*parts[1:], all=True))


def public_counts(request=None):
    # Most requests in a process see the same version: keep its snapshot unpickled at hand.
    version = content_version(request)
    if LAST_COUNTS.get("version") != version:
        LAST_COUNTS.update(
            version=version, counts=PublicCounts(cached_by_version(request, "public-counts", compute_counts))
        )
    return LAST_COUNTS["counts"]


LAST_COUNTS = {}


def attach(objects, counts, *names):
    """Set count attributes on each object from `counts` ({id: n} or {id: (n, m)}), 0 when absent."""
    for obj in objects:
        value = counts.get(obj.pk, (0,) * len(names) if len(names) > 1 else 0)
        values = value if isinstance(value, tuple) else (value,)
        for name, number in zip(names, values, strict=True):
            setattr(obj, name, number)
    return objects


class ObjectsById:
    """Rows of `source` (a model or a queryset) in the order of `ids`, for a Paginator: counting is
    free, and only the page asked for is fetched."""

    def __init__(self, source, ids):
        self.queryset = source if hasattr(source, "in_bulk") and not isinstance(source, type) else source.objects
        self.ids = list(ids)

    def count(self):
        return len(self.ids)

    def __len__(self):
        return len(self.ids)

    def __iter__(self):
        for start in range(0, len(self.ids), 1000):
            yield from self[start : start + 1000]

    def __getitem__(self, index):
        ids = self.ids[index]
        if not isinstance(index, slice):
            return self.queryset.get(pk=ids)
        return SimpleLazyObject(lambda: self.rows(ids))  # read when used, like a queryset's slice

    def rows(self, ids):
        rows = self.queryset.in_bulk(ids)
        return [rows[pk] for pk in ids if pk in rows]
