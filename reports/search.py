"""Search that forgives: the words as typed, their compound forms, prefixes and near misses.

Trip reports write the same thing many ways ("Cellsv2", "Cells v2", "cells-v2"; "CephFS", "Ceph
FS") and searchers type fast ("kubernets"). So:

- the indexed text carries, besides its words, the split forms of compound words ("cellsv2" also
  as "cells v2", "CephFS" as "ceph fs") and the joined forms of a word and a short one beside it
  ("cells v2" also as "cellsv2");
- a query is cut into the same pieces and matched as prefixes, each word by any of its forms;
- a word the site's vocabulary (the most used words of the public titles, session titles, tags,
  projects, tracks and speakers) does not know, but nearly knows, is also matched by its near
  namesake, and the page says "did you mean …".

PostgreSQL: stored, GIN-indexed tsvectors ranked by ts_rank. SQLite: an FTS5 table (porter
stemmer) ranked by bm25 where the SQLite build has FTS5, else a plain match ordered by date.
Every function takes a published queryset and returns it narrowed (and ranked).
"""

import difflib
import re
from collections import Counter
from typing import NamedTuple

from django.contrib.postgres.aggregates import StringAgg
from django.contrib.postgres.search import SearchHeadline, SearchQuery, SearchRank, SearchVector
from django.db import DatabaseError, connections, router
from django.db.models import Case, F, IntegerField, OuterRef, Q, Subquery, TextField, Value, When
from django.db.models.functions import Coalesce
from django.utils.html import escape

from .caching import cached_by_version

MAX_QUERY_LENGTH = 200
MAX_QUERY_WORDS = 8
MAX_FTS_MATCHES = 1000
# On PostgreSQL, the newest this many matching write-ups (pages of results) and reports (the five
# shown above them) are ranked, and counted.
RANKED_WRITEUPS, RANKED_REPORTS = 300, 100
# Private-use characters mark the matched words, so the snippet can be escaped before <mark> goes in.
START_MARK, STOP_MARK = "\ue000", "\ue001"
SEARCH_CONFIG = "english"
WORD = re.compile(r"[A-Za-z0-9]+")
COMPOUND = re.compile(r"[A-Z]+(?=[A-Z][a-z])|[A-Z]?[a-z]+|[A-Z]+|[0-9]+")
FTS_TABLE = "reports_search"
# Near misses are looked for among this many of the most used words: every search reads the
# vocabulary, so it must not grow with the site (a site of 100,000 reports has 190,000 words).
VOCABULARY_WORDS = 20_000


def clean_query(text):
    """What is worth searching for: printable text, trimmed to a sane length."""
    text = "".join(ch for ch in (text or "") if ch.isprintable())
    return " ".join(text.split())[:MAX_QUERY_LENGTH]


# -- Words and their forms -----------------------------------------------------------------------


def pieces(word):
    """A compound word's parts: "CephFS" -> ceph, fs; "Cellsv2" -> cells, v2 (a letter run
    followed by digits stays whole with a one-letter prefix, as in v2)."""
    parts = [part.lower() for part in COMPOUND.findall(word)]
    merged = []
    for part in parts:
        if part.isdigit() and merged and len(merged[-1]) == 1:
            merged[-1] += part  # "v" + "2"
        elif part.isdigit() and merged and merged[-1].endswith("v"):
            merged[-1], merged = merged[-1][:-1], [*merged[:-1], merged[-1][:-1], "v" + part]
        else:
            merged.append(part)
    return [part for part in merged if part]


def short(word):
    return len(word) <= 3 or any(ch.isdigit() for ch in word)


class TextForms(NamedTuple):
    """The extra forms of one text, and its first and last words (a short word at either end
    joins the word beside it in the next or previous text)."""

    extra: frozenset
    first: str | None
    last: str | None


def text_forms(text):
    words = WORD.findall(text or "")
    extra = set()
    for word in words:
        parts = pieces(word)
        if len(parts) > 1:
            extra.update(parts)
    lowered = [word.lower() for word in words]
    for first, second in zip(lowered, lowered[1:], strict=False):
        if short(first) or short(second):
            extra.add(first + second)
    return TextForms(frozenset(extra), lowered[0] if lowered else None, lowered[-1] if lowered else None)


def combined_expansions(forms):
    """The extra forms of texts read one after another, from each one's `text_forms` (the bulk
    generator works them out once per distinct text)."""
    extra, previous = set(), None
    for text in forms:
        extra |= text.extra
        if previous and text.first and (short(previous) or short(text.first)):
            extra.add(previous + text.first)
        previous = text.last or previous
    return " ".join(sorted(extra))


def expansions(*texts):
    """The extra forms the index carries for `texts` read one after another: split compounds and
    joined short pairs."""
    return combined_expansions(text_forms(text) for text in texts)


def query_groups(text, vocabulary=frozenset()):
    """The query as groups that must all match; each group is a list of alternatives, and each
    alternative a list of prefixes that must all match."""
    words = WORD.findall(text)[:MAX_QUERY_WORDS]
    groups, index = [], 0
    while index < len(words):
        word = words[index].lower()
        alternatives = [[word]]
        parts = pieces(words[index])
        if len(parts) > 1:
            alternatives.append(parts)
        following = words[index + 1].lower() if index + 1 < len(words) else None
        if following and (short(word) or short(following)):
            alternatives = [[word, following], [word + following]]
            index += 1
        near = near_miss(word, vocabulary)
        if near:
            alternatives.append([near])
        groups.append(alternatives)
        index += 1
    return groups


def near_miss(word, vocabulary):
    if not vocabulary or len(word) < 5 or word in vocabulary:
        return None
    close = difflib.get_close_matches(word, vocabulary, n=1, cutoff=0.8)
    return close[0] if close else None


def vocabulary(request=None):
    """The words of what readers can find (public titles and names), kept per content version
    (and read once per request: a search asks for it three times)."""
    known = getattr(request, "search_vocabulary", None)
    if known is None:
        known = cached_by_version("search vocabulary", compute_vocabulary, request)
        if request is not None:
            request.search_vocabulary = known
    return known


def compute_vocabulary():
    from taggit.models import Tag

    from .models import Project, Report, Session, Speaker, Track, WriteUp

    names = [
        *Report.objects.published().values_list("title", flat=True),
        *Session.objects.published().values_list("title", flat=True),
        *WriteUp.objects.published().exclude(heading="").values_list("heading", flat=True),
        *Tag.objects.values_list("name", flat=True),
        *Project.objects.values_list("name", flat=True),
        *Track.objects.values_list("name", flat=True),
        *Speaker.objects.values_list("name", flat=True),
    ]
    uses = Counter(word.lower() for name in names for word in WORD.findall(f"{name} {expansions(name)}"))
    known = sorted((word for word in uses if len(word) >= 4), key=lambda word: (-uses[word], word))
    return frozenset(known[:VOCABULARY_WORDS])


def suggestion(text, request=None):
    """The query with its near misses corrected ("did you mean"), or None when nothing changed."""
    known = vocabulary(request)
    words = WORD.findall(text)[:MAX_QUERY_WORDS]
    corrected = [near_miss(word.lower(), known) or word for word in words]
    if [word.lower() for word in corrected] == [word.lower() for word in words]:
        return None
    return " ".join(corrected)


# -- PostgreSQL -----------------------------------------------------------------------------------


def uses_postgres(queryset):
    alias = queryset.db if queryset._db else router.db_for_read(queryset.model)
    return connections[alias].vendor == "postgresql"


def tsquery(groups):
    def prefix(word):
        return f"{word}:*"

    return " & ".join(
        "(" + " | ".join("(" + " & ".join(prefix(w) for w in option) + ")" for option in group) + ")"
        for group in groups
    )


def pg_query(text, request):
    groups = query_groups(text, vocabulary(request))
    return SearchQuery(tsquery(groups), search_type="raw", config=SEARCH_CONFIG) if groups else None


def report_vector(reports):
    """Title, summary, texts, the notes of the sessions also attended, and their expanded forms."""
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
        + SearchVector("text", weight="C", config=SEARCH_CONFIG)
        + SearchVector(Coalesce(Subquery(notes), Value(""), output_field=TextField()), weight="C", config=SEARCH_CONFIG)
        + SearchVector("search_extra", weight="D", config="simple")
    )


def writeup_vector(writeups):
    """The session's title (or a free section's heading), the body's words, their expanded forms."""
    session = writeups.model._meta.get_field("session").related_model
    title = Subquery(session.objects.filter(pk=OuterRef("session_id")).values("title")[:1])
    title = Coalesce(title, F("heading"), output_field=TextField())
    return (
        SearchVector(title, weight="A", config=SEARCH_CONFIG)
        + SearchVector("body_text", weight="B", config=SEARCH_CONFIG)
        + SearchVector("search_extra", weight="D", config="simple")
    )


# -- SQLite FTS5 ---------------------------------------------------------------------------------


def fts_available(alias):
    connection = connections[alias]
    if connection.vendor != "sqlite":
        return False
    with connection.cursor() as cursor:
        cursor.execute("SELECT name FROM sqlite_master WHERE type = 'table' AND name = %s", [FTS_TABLE])
        return cursor.fetchone() is not None


def fts_match(groups):
    def alternative(option):
        return "(" + " AND ".join(f'"{word}"*' for word in option) + ")"

    return " AND ".join("(" + " OR ".join(alternative(option) for option in group) + ")" for group in groups)


def fts_uids(alias, kind, text, request):
    """The uids of the indexed reports ("r") or sections ("w") matching, best first (bm25)."""
    groups = query_groups(text, vocabulary(request))
    if not groups:
        return []
    sql = (
        "SELECT object_uid FROM reports_search WHERE reports_search MATCH %s AND kind = %s "
        "ORDER BY bm25(reports_search, 0, 0, 10.0, 1.0, 0.5) LIMIT %s"
    )
    with connections[alias].cursor() as cursor:
        try:
            cursor.execute(sql, [fts_match(groups), kind, MAX_FTS_MATCHES])
        except DatabaseError:  # an FTS5 query syntax error: treat as no match, never a 500
            return []
        return [row[0] for row in cursor.fetchall()]


def fts_index(alias, kind, rows):
    """(uid, title, body, extra) rows into the FTS table, replacing what was there."""
    if not fts_available(alias):
        return
    with connections[alias].cursor() as cursor:
        for uid, title, body, extra in rows:
            cursor.execute("DELETE FROM reports_search WHERE object_uid = %s", [uid])
            cursor.execute(
                "INSERT INTO reports_search (kind, object_uid, title, body, extra) VALUES (%s, %s, %s, %s, %s)",
                [kind, uid, title, body, extra],
            )


def fts_forget(alias, uids):
    if not fts_available(alias):
        return
    with connections[alias].cursor() as cursor:
        for uid in uids:
            cursor.execute("DELETE FROM reports_search WHERE object_uid = %s", [uid])


def in_ranked_order(queryset, uids):
    order = Case(*[When(uid=uid, then=Value(index)) for index, uid in enumerate(uids)], output_field=IntegerField())
    return queryset.filter(uid__in=uids).annotate(search_rank=order).order_by("search_rank")


# -- Keeping the indexes current (called on commit by reports.signals) -------------------------------


def refresh_report_vectors(reports):
    alias = router.db_for_write(reports.model)
    for report in reports.only("pk", "title", "summary", "text"):
        extra = expansions(report.title, report.summary, report.text)
        reports.model.objects.filter(pk=report.pk).update(search_extra=extra)
    if connections[alias].vendor == "postgresql":
        reports.update(search_vector=report_vector(reports))
        return
    rows = []
    for report in reports.prefetch_related("attendances"):
        notes = " ".join(attendance.note for attendance in report.attendances.all())
        rows.append((str(report.uid), report.title, f"{report.summary} {report.text} {notes}", report.search_extra))
    fts_index(alias, "r", rows)


def refresh_writeup_vectors(writeups):
    alias = router.db_for_write(writeups.model)
    for writeup in writeups.select_related("session").only("pk", "heading", "body_text", "session__title"):
        extra = expansions(writeup.title, writeup.body_text)
        writeups.model.objects.filter(pk=writeup.pk).update(search_extra=extra)
    if connections[alias].vendor == "postgresql":
        writeups.update(search_vector=writeup_vector(writeups))
        return
    rows = [
        (str(writeup.uid), writeup.title, writeup.body_text, writeup.search_extra)
        for writeup in writeups.select_related("session")
    ]
    fts_index(alias, "w", rows)


# -- Queries ---------------------------------------------------------------------------------------


def words_q(text, fields):
    """The plain match: every word (any of its forms) in one of the fields."""
    condition = Q()
    for group in query_groups(text):
        any_form = Q()
        for option in group:
            every = Q()
            for word in option:
                every &= Q(*(Q(**{f"{field}__icontains": word}) for field in fields), _connector=Q.OR)
            any_form |= every
        condition &= any_form
    return condition


def filter_reports(queryset, text, request=None):
    """Reports matching `text` (no ranking or snippets), for the filtered list."""
    return matching(queryset, text, "r", ["title", "summary", "text", "attendances__note"], request)


def filter_writeups(queryset, text, request=None):
    return matching(queryset, text, "w", ["session__title", "heading", "body_text"], request)


def matching(queryset, text, kind, fields, request):
    if uses_postgres(queryset):
        query = pg_query(text, request)
        return queryset.filter(search_vector=query) if query else queryset.none()
    alias = queryset.db
    if fts_available(alias):
        return queryset.filter(uid__in=fts_uids(alias, kind, text, request))
    return queryset.filter(pk__in=queryset.filter(words_q(text, fields)).values("pk"))


def search_reports(queryset, text, request=None):
    fields = ["title", "summary", "text", "attendances__note"]
    return ranked(queryset, text, "r", "summary", fields, request, RANKED_REPORTS)


def search_writeups(queryset, text, request=None):
    fields = ["session__title", "heading", "body_text"]
    return ranked(queryset, text, "w", "body_text", fields, request, RANKED_WRITEUPS)


def ranked(queryset, text, kind, snippet_field, fields, request, candidates):
    if uses_postgres(queryset):
        query = pg_query(text, request)
        if query is None:
            return queryset.none()
        # Ranking reads each candidate's whole vector: the newest few hundred matches are ranked,
        # not every one of a common word's tens of thousands.
        newest = queryset.prefetch_related(None).filter(search_vector=query).newest_first()
        rank = SearchRank(F("search_vector"), query)
        matches = queryset.filter(pk__in=newest.values("pk")[:candidates])
        matches = matches.annotate(rank=rank, headline=headline(snippet_field, query))
        return matches.order_by("-rank", "-pk")
    alias = queryset.db
    if fts_available(alias):
        return in_ranked_order(queryset, fts_uids(alias, kind, text, request))
    return matching(queryset, text, kind, fields, request).order_by("-pk")


def headline(field, query):
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


def snippet(item, text, source):
    """HTML-safe excerpt: PostgreSQL's headline when there is one, else a window around the first match."""
    found = getattr(item, "headline", None)
    if found is None:
        found = fallback_headline(source, text)
    return escape(found).replace(START_MARK, "<mark>").replace(STOP_MARK, "</mark>")


def fallback_headline(source, text, width=110):
    source = (source or "").replace(START_MARK, "").replace(STOP_MARK, "")
    words = [option[0] for group in query_groups(text) for option in group]
    lowered = source.lower()
    positions = [lowered.find(word) for word in words if word in lowered]
    start = max(0, min(positions) - width // 2) if positions else 0
    excerpt = source[start : start + width * 2]
    if start > 0:
        excerpt = "… " + excerpt
    if start + width * 2 < len(source):
        excerpt += " …"
    for word in sorted(set(words), key=len, reverse=True):
        excerpt = re.sub(f"({re.escape(word)})", f"{START_MARK}\\1{STOP_MARK}", excerpt, flags=re.IGNORECASE)
    return excerpt
