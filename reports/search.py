"""Full-text search: PostgreSQL's text search on stored, GIN-indexed vectors; a plain fallback elsewhere.

Both paths take a published queryset and return it narrowed and, where possible, ranked, with a
`snippet` of HTML-safe text around the matched words.
"""

import re

from django.contrib.postgres.aggregates import StringAgg
from django.contrib.postgres.search import SearchHeadline, SearchQuery, SearchRank, SearchVector
from django.db import connections, router
from django.db.models import F, OuterRef, Q, Subquery, TextField, Value
from django.db.models.functions import Coalesce
from django.utils.html import escape

from .rendering import plain_text

MAX_QUERY_LENGTH = 200
MAX_FALLBACK_WORDS = 8
# Private-use characters mark the matched words, so the snippet can be escaped before <mark> goes in.
START_MARK, STOP_MARK = "\ue000", "\ue001"
SEARCH_CONFIG = "english"


def clean_query(text):
    """What is worth searching for: printable text, trimmed to a sane length."""
    text = "".join(ch for ch in (text or "") if ch.isprintable())
    return " ".join(text.split())[:MAX_QUERY_LENGTH]


def uses_postgres(queryset):
    alias = queryset.db if queryset._db else router.db_for_read(queryset.model)
    return connections[alias].vendor == "postgresql"


def report_vector(reports):
    """Title, summary, texts, and the notes of the sessions also attended."""
    attendance = reports.model._meta.get_field("attendances").related_model
    notes = (
        attendance.objects.filter(report=OuterRef("pk"))
        .order_by()
        .values("report")
        .annotate(text=StringAgg("note", " ", default=Value("")))
        .values("text")
    )
    return (
        SearchVector("title", weight="A", config=SEARCH_CONFIG)
        + SearchVector("summary", weight="B", config=SEARCH_CONFIG)
        + SearchVector("introduction", "takeaways", weight="C", config=SEARCH_CONFIG)
        + SearchVector(Coalesce(Subquery(notes), Value(""), output_field=TextField()), weight="C", config=SEARCH_CONFIG)
    )


def writeup_vector(writeups):
    """The session's title (or a free section's heading), then the body."""
    session = writeups.model._meta.get_field("session").related_model
    title = Subquery(session.objects.filter(pk=OuterRef("session_id")).values("title")[:1])
    title = Coalesce(title, F("heading"), output_field=TextField())
    return SearchVector(title, weight="A", config=SEARCH_CONFIG) + SearchVector(
        "body", weight="B", config=SEARCH_CONFIG
    )


def refresh_report_vectors(reports):
    """Recompute the stored vectors of a queryset of reports (PostgreSQL only; a no-op elsewhere)."""
    if _writes_to_postgres(reports.model):
        reports.update(search_vector=report_vector(reports))


def refresh_writeup_vectors(writeups):
    """Recompute the stored vectors of a queryset of write-ups and free sections."""
    if _writes_to_postgres(writeups.model):
        writeups.update(search_vector=writeup_vector(writeups))


def _writes_to_postgres(model):
    return connections[router.db_for_write(model)].vendor == "postgresql"


def filter_reports(queryset, text):
    """Reports matching `text`, for the filtered list (no ranking or snippets)."""
    if uses_postgres(queryset):
        return queryset.filter(search_vector=_query(text))
    fields = ["title", "summary", "introduction", "takeaways", "attendances__note"]
    return queryset.filter(pk__in=queryset.filter(_words_q(text, fields)).values("pk"))


def filter_writeups(queryset, text):
    if uses_postgres(queryset):
        return queryset.filter(search_vector=_query(text))
    return queryset.filter(_words_q(text, ["session__title", "heading", "body"]))


def search_reports(queryset, text):
    if uses_postgres(queryset):
        query = _query(text)
        return (
            queryset.filter(search_vector=query)
            .annotate(rank=SearchRank(F("search_vector"), query), headline=_headline("summary", query))
            .order_by("-rank", "-publish_at")
        )
    return filter_reports(queryset, text).order_by("-publish_at")


def search_writeups(queryset, text):
    if uses_postgres(queryset):
        query = _query(text)
        return (
            queryset.filter(search_vector=query)
            .annotate(rank=SearchRank(F("search_vector"), query), headline=_headline("body", query))
            .order_by("-rank", "-report__publish_at", "pk")
        )
    return filter_writeups(queryset, text).order_by("-report__publish_at", "order", "pk")


def snippet(item, text, source):
    """HTML-safe excerpt: PostgreSQL's headline when there is one, else a window around the first match."""
    headline = getattr(item, "headline", None)
    if headline is None:
        headline = _fallback_headline(source, text)
    return escape(plain_text(headline)).replace(START_MARK, "<mark>").replace(STOP_MARK, "</mark>")


def _query(text):
    return SearchQuery(text, search_type="websearch", config=SEARCH_CONFIG)


def _headline(field, query):
    return SearchHeadline(
        field,
        query,
        config=SEARCH_CONFIG,
        start_sel=START_MARK,
        stop_sel=STOP_MARK,
        max_words=35,
        min_words=15,
        max_fragments=2,
        fragment_delimiter=" … ",
    )


def _words(text):
    return [word for word in re.findall(r"\w[\w.+#-]*", text)][:MAX_FALLBACK_WORDS]


def _words_q(text, fields):
    condition = Q()
    for word in _words(text):
        any_field = Q()
        for field in fields:
            any_field |= Q(**{f"{field}__icontains": word})
        condition &= any_field
    return condition


def _fallback_headline(source, text, width=110):
    source = (source or "").replace(START_MARK, "").replace(STOP_MARK, "")
    words = _words(text)
    lowered = source.lower()
    positions = [lowered.find(word.lower()) for word in words if word.lower() in lowered]
    start = max(0, min(positions) - width // 2) if positions else 0
    excerpt = source[start : start + width * 2]
    if start > 0:
        excerpt = "… " + excerpt
    if start + width * 2 < len(source):
        excerpt += " …"
    for word in words:
        excerpt = re.sub(f"({re.escape(word)})", f"{START_MARK}\\1{STOP_MARK}", excerpt, flags=re.IGNORECASE)
    return excerpt
