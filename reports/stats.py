"""How much public work each summit, track, project, author and tag has.

Counting published reports and write-ups for every row of an index costs seconds at 10,000
reports. The counts are aggregated in one query (GROUP BYs joined with UNION ALL) and kept per
content version (reports.caching.cached_by_version): any change readers can see makes a new
snapshot, so a count is never older than the content it describes.
"""

from collections import defaultdict

from django.db.models import CharField, Count, Value

from .caching import cached_by_version
from .models import Report, ReportAuthor, TaggedReport, TaggedWriteUp, WriteUp
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


def compute_counts():
    """{aggregate name: {id: count}} in one query."""
    parts = [
        queryset().order_by().values_list(Value(name, output_field=CharField()), field).annotate(n=Count("pk"))
        for name, queryset, field in AGGREGATES
    ]
    counts = defaultdict(dict)
    for name, key, count in parts[0].union(*parts[1:], all=True):
        if key is not None:
            counts[name][key] = count
    return dict(counts)


def public_counts(request=None):
    """The counts snapshot of the current content version."""
    return cached_by_version("public-counts", compute_counts, request)


def merged(counts, reports, writeups):
    """{id: (reports, writeups)} for every id with any public work."""
    reports, writeups = counts.get(reports, {}), counts.get(writeups, {})
    return {key: (reports.get(key, 0), writeups.get(key, 0)) for key in reports.keys() | writeups.keys()}


def attach(objects, counts, *names):
    """Set count attributes on each object from `counts` ({id: n} or {id: (n, m)}), 0 when absent."""
    if not names:
        return objects
    for obj in objects:
        value = counts.get(obj.pk, (0,) * len(names) if len(names) > 1 else 0)
        values = value if isinstance(value, tuple) else (value,)
        for name, number in zip(names, values, strict=True):
            setattr(obj, name, number)
    return objects


def most_counted(counts, limit, weight=lambda value: value):
    """The ids with the highest counts, most first."""
    return sorted(counts, key=lambda key: -weight(counts[key]))[:limit]
