"""Public pages. Every one starts from a published() queryset, so drafts cannot leak by accident.

Counts (how many reports a summit has, how often a tag is used...) come from the snapshot in
reports.stats rather than from per-row subqueries, which cost seconds at 10,000 reports.
"""

from collections import defaultdict
from xml.sax.saxutils import quoteattr

from django.core.paginator import InvalidPage, Paginator
from django.db.models import Count, OuterRef, Prefetch
from django.http import Http404, HttpResponse
from django.urls import reverse
from django.utils.functional import SimpleLazyObject
from django.views.decorators.http import require_GET
from django.views.generic import DetailView, ListView, TemplateView
from taggit.models import Tag

from . import search
from .filters import ReportFilter, WriteUpFilter
from .fragments import fragments, rendered_rows
from .links import fixed_url, url_for_slug
from .models import Author, Project, Report, Session, Summit, Track, WriteUp
from .querysets import WRITEUPS_NEWEST_FIRST, SubqueryCount
from .stats import ObjectsById, attach, cached_by_version, public_counts

PAGE_SIZE = 20
REPORT_CARD = "includes/report_card.html"
WRITEUP_ROW = "includes/writeup_item.html"
INDEX_PAGE_SIZE = 100
# A summit's, tag's or author's page opens with its newest reports (two rows of cards on a wide
# screen), then links to all of them in the filtered list.
SUBJECT_REPORT_CARDS = 6
FEED_TYPES = [
    ("rss", "RSS", "application/rss+xml"),
    ("atom", "Atom", "application/atom+xml"),
    ("json", "JSON Feed", "application/feed+json"),
]


def feed_links(title, url_name, query="", **kwargs):
    """The three formats of one feed, for <link rel="alternate"> in the head and a visible subscribe link."""
    return [
        {
            "title": f"{title} ({label})",
            "label": label,
            "type": mime,
            "href": fixed_url(url_name, fmt=fmt, **kwargs) + (f"?{query}" if query else ""),
        }
        for fmt, label, mime in FEED_TYPES
    ]


class FeedLinksMixin:
    """Detail pages announce the feed of their subject (tag, summit, session, track, project, author)."""

    feed_url_name = None

    def feed_title(self):
        return f"summitblog: {self.object}"

    def feed_kwargs(self):
        return {"slug": self.object.slug}

    def get_context_data(self, **kwargs):
        feeds = feed_links(self.feed_title(), self.feed_url_name, **self.feed_kwargs())
        return super().get_context_data(feeds=feeds, **kwargs)


def published_writeups():
    return WriteUp.objects.published().with_related()


def report_cards():
    """Reports as the small cards in lists: summit and byline, no tags, none of the long texts."""
    return (
        Report.objects.published()
        .select_related("summit")
        .only("title", "slug", "summary", "publish_at", "summit__name", "summit__slug")
        .with_byline()
        .newest_first()
    )


def report_card_rows(request, name, reports, limit):
    """Rendered cards of the newest `limit` of `reports()` (published reports narrowed by a filter;
    a function, so that the queryset is built only when the ids are not kept already)."""

    def cards():
        ids = cached_by_version(
            request, name, lambda: list(reports().newest_first().values_list("pk", flat=True)[:limit])
        )
        return list(rendered_rows(request, REPORT_CARD, report_cards, ids, "report").values())

    return SimpleLazyObject(cards)  # read only where the list around them is not kept


def writeup_rows(request, ids, **context):
    rows = lambda: WriteUp.objects.published().as_list_rows()  # noqa: E731
    return rendered_rows(request, WRITEUP_ROW, rows, ids, "writeup", **context)


def summit_groups(request, rows):
    """[(summit, [row, ...]), ...]: a timeline's rows under a heading for each summit in turn
    (the summit's name, link and date are kept with each row's fragments)."""

    def summits_of(missing):
        writeups = WriteUp.objects.filter(pk__in=missing).select_related("session__summit")
        return {
            writeup.pk: {
                "slug": summit.slug,
                "name": summit.name,
                "url": summit.get_absolute_url(),
                "start_date": summit.start_date,
            }
            for writeup in writeups.only(
                "session__summit__name", "session__summit__slug", "session__summit__start_date"
            )
            for summit in [writeup.session.summit]
        }

    summit_of = fragments(request, "writeup summit", rows, summits_of)
    groups = []
    for pk, row in rows.items():
        if not groups or groups[-1][0] != summit_of[pk]:
            groups.append((summit_of[pk], []))
        groups[-1][1].append(row)
    return groups


def most_counted(counts, limit, weight=lambda value: value):
    """The ids with the highest counts, most first."""
    return sorted(counts, key=lambda key: -weight(counts[key]))[:limit]


def in_count_order(objects, counts, weight=lambda value: value, name=str):
    return sorted(objects, key=lambda obj: (-weight(counts.get(obj.pk, 0)), name(obj)))


class HomeView(TemplateView):
    template_name = "reports/home.html"

    def get_context_data(self, **kwargs):
        # The side panels are a fragment kept per content version: read only when it is rendered.
        return super().get_context_data(
            reports=report_card_rows(self.request, "home reports", Report.objects.published, 9),
            panels=SimpleLazyObject(lambda: home_panels(public_counts(self.request))),
            feeds=feed_links("summitblog: every report and write-up", "reports:site-feed"),
            **kwargs,
        )


def home_panels(counts):
    """The home page's side panels: summits, tracks, projects and the most used tags, with counts."""
    tags = Tag.objects.filter(pk__in=most_counted(counts.tags, 24, weight=sum))
    projects = Project.objects.filter(pk__in=most_counted(counts.project_writeups, 20))
    tracks = Track.objects.filter(pk__in=list(counts.track_writeups))
    return {
        "summits": attach(
            Summit.objects.filter(pk__in=list(counts.summit_reports))[:8],
            counts.summits,
            "report_count",
            "writeup_count",
        ),
        "tags": attach(
            in_count_order(tags, counts.tags, weight=sum, name=lambda t: t.name),
            counts.tags,
            "report_count",
            "writeup_count",
        ),
        "tracks": attach(in_count_order(tracks, counts.track_writeups), counts.track_writeups, "writeup_count"),
        "projects": attach(in_count_order(projects, counts.project_writeups), counts.project_writeups, "writeup_count"),
    }


class KeptSubjectMixin:
    """The page's subject, read by its slug once per content version (editing it makes a new
    version). A slug that matches nothing is looked up again each time, and is a 404."""

    keep_subject = True

    def get_object(self, queryset=None):
        if not self.keep_subject:
            return super().get_object(queryset)
        slug = self.kwargs[self.slug_url_kwarg]
        name = f"{type(self).__name__} subject {slug}"
        found = cached_by_version(
            self.request,
            name,
            lambda: (self.get_queryset() if queryset is None else queryset).filter(slug=slug).first(),
        )
        if found is None:
            raise Http404("No such page.")
        return found


class ReportDetailView(KeptSubjectMixin, DetailView):
    template_name = "reports/report_detail.html"
    context_object_name = "report"

    def get_queryset(self):
        # Authors and tags are read only when the article is rendered, not when it is kept.
        return Report.objects.published().select_related("summit").defer("search_vector")

    def get_context_data(self, **kwargs):
        report = self.object
        # The article is a fragment kept per content version (see the template): read when rendered.
        writeups = SimpleLazyObject(
            lambda: list(
                report.writeups.with_related()
                .prefetch_related("session__projects")
                .annotate(
                    # How many public write-ups the session has across all reports: "3 write-ups".
                    session_writeup_count=SubqueryCount(
                        WriteUp.objects.published().filter(session=OuterRef("session")).values("pk")
                    )
                )
            )
        )
        authors = SimpleLazyObject(
            lambda: [link.author for link in report.report_authors.select_related("author").order_by("order", "pk")]
        )
        tags = SimpleLazyObject(lambda: list(report.tags.order_by("name")))
        return super().get_context_data(
            writeups=writeups,
            authors=authors,
            tags=tags,
            reading_minutes=SimpleLazyObject(lambda: report.reading_minutes(writeups)),
            more_from_summit=report_card_rows(
                self.request,
                f"summit {report.summit_id} reports but {report.pk}",
                lambda: Report.objects.published().filter(summit=report.summit_id).exclude(pk=report.pk),
                4,
            ),
            article_data=lambda: self.article_data(report, authors, tags),  # called only when rendered
            **kwargs,
        )

    def article_data(self, report, authors, tags):
        """schema.org Article for search engines (JSON-LD)."""
        absolute = self.request.build_absolute_uri
        summit = report.summit
        data = {
            "@context": "https://schema.org",
            "@type": "Article",
            "headline": report.title[:110],
            "description": report.summary,
            "datePublished": report.publish_at,
            "dateModified": report.updated_at,
            "mainEntityOfPage": absolute(report.get_absolute_url()),
            "author": [
                {"@type": "Person", "name": author.display_name, "url": absolute(author.get_absolute_url())}
                for author in authors
            ],
            "keywords": [tag.name for tag in tags],
            "publisher": {"@type": "Organization", "name": "summitblog", "url": absolute("/")},
            "about": {
                "@type": "Event",
                "name": summit.name,
                "startDate": summit.start_date,
                "endDate": summit.end_date,
                "location": {"@type": "Place", "name": summit.city, "address": f"{summit.city}, {summit.country}"},
            },
        }
        if report.cover_image:
            data["image"] = absolute(report.cover_image.url)
        return data


class ReportPreviewView(ReportDetailView):
    """A report in any status, for its authors and editors; anyone else gets a 404."""

    keep_subject = False  # what a user may preview depends on who they are

    def get_queryset(self):
        return Report.objects.editable_by(self.request.user).select_related("summit")

    def get_context_data(self, **kwargs):
        return super().get_context_data(preview=True, fragment_seconds=0, **kwargs)

    def render_to_response(self, context, **response_kwargs):
        response = super().render_to_response(context, **response_kwargs)
        response["X-Robots-Tag"] = "noindex"
        response["Cache-Control"] = "private, no-store"
        return response


class CountedIndexView(ListView):
    """An index (summits, tracks, projects, tags, authors) of what has public work, with counts."""

    paginate_by = INDEX_PAGE_SIZE
    model = None
    ordering = ("name",)
    count_names = ()

    def counts(self, counts):
        raise NotImplementedError

    def get_queryset(self):
        self.index_counts = self.counts(public_counts(self.request))
        ids = cached_by_version(
            self.request,
            f"{self.model.__name__} index",
            lambda: list(
                self.model.objects.filter(pk__in=list(self.index_counts))
                .order_by(*self.ordering)
                .values_list("pk", flat=True)
            ),
        )
        return ObjectsById(self.model, ids)  # counted for free, and only the page shown is read

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        # The list is a fragment kept per content version: its rows are read only when it is rendered.
        rows = context["object_list"]
        context["object_list"] = context[self.context_object_name] = SimpleLazyObject(
            lambda: attach(list(rows), self.index_counts, *self.count_names)
        )
        return context


class SummitListView(CountedIndexView):
    template_name = "reports/summit_list.html"
    context_object_name = "summits"
    model = Summit
    ordering = ("-start_date",)
    count_names = ("report_count", "writeup_count")

    def counts(self, counts):
        return counts.summits


class TrackListView(CountedIndexView):
    template_name = "reports/track_list.html"
    context_object_name = "tracks"
    model = Track
    count_names = ("writeup_count",)

    def counts(self, counts):
        return counts.track_writeups


class ProjectListView(CountedIndexView):
    template_name = "reports/project_list.html"
    context_object_name = "projects"
    model = Project
    count_names = ("writeup_count",)

    def counts(self, counts):
        return counts.project_writeups


class TagListView(CountedIndexView):
    template_name = "reports/tag_list.html"
    context_object_name = "tags"
    model = Tag
    paginate_by = 200
    count_names = ("report_count", "writeup_count")

    def counts(self, counts):
        return counts.tags

    def get_queryset(self):
        # Most used first: ordered by the counts (once per content version), then fetched one page at a time.
        self.index_counts = counts = self.counts(public_counts(self.request))
        order = cached_by_version(
            self.request, "tag index order", lambda: sorted(counts, key=lambda pk: -sum(counts[pk]))
        )
        return ObjectsById(Tag, order)


class AuthorListView(CountedIndexView):
    template_name = "reports/author_list.html"
    context_object_name = "authors"
    model = Author
    ordering = ("display_name",)
    count_names = ("report_count", "writeup_count")

    def counts(self, counts):
        return counts.authors


class SummitDetailView(FeedLinksMixin, KeptSubjectMixin, DetailView):
    feed_url_name = "reports:summit-feed"
    template_name = "reports/summit_detail.html"
    context_object_name = "summit"
    model = Summit
    sessions_per_page = PAGE_SIZE

    def get_object(self, queryset=None):
        summit = super().get_object(queryset)
        return attach([summit], public_counts(self.request).summits, "report_count", "writeup_count")[0]

    def get_context_data(self, **kwargs):
        summit = self.object
        sessions = lambda: (  # noqa: E731 (built only when the page of sessions is not kept)
            Session.objects.published()
            .filter(summit=summit)
            .select_related("track")
            .only("title", "slug", "kind", "summit_id", "track__name", "track__slug")
            # A list attribute (to_attr): Django then builds no related manager and queryset per row.
            .prefetch_related(Prefetch("projects", to_attr="project_list"))
            .order_by("track__name", "day", "start_time", "title")
        )
        page = paginate(self.request, sessions, self.sessions_per_page, name=f"summit {summit.pk} sessions")
        # The session list and the side panels are fragments kept per content version: read when rendered.
        page.object_list = SimpleLazyObject(
            lambda ids=page.object_list: with_writeup_links(in_order(sessions(), ids), summit)
        )
        facts = SimpleLazyObject(
            lambda: cached_by_version(self.request, f"summit {summit.pk} facts", lambda: summit_facts(summit))
        )
        return super().get_context_data(
            page_obj=page,
            sessions=page.object_list,
            projects=SimpleLazyObject(lambda: facts[0]),
            authors=SimpleLazyObject(lambda: list(Author.objects.filter(pk__in=facts[1]).order_by("display_name"))),
            reports=report_card_rows(
                self.request,
                f"summit {summit.pk} reports",
                lambda: Report.objects.published().filter(summit=summit),
                SUBJECT_REPORT_CARDS,
            ),
            **kwargs,
        )


def with_writeup_links(sessions, summit):
    """Each of a summit's sessions with its summit (for its URL) and `writeup_links`: (URL, author)
    of its public write-ups, read as plain values in one query (a summit's page of sessions has a
    hundred write-ups or more)."""
    links = defaultdict(list)
    rows = (
        WriteUp.objects.published()
        .filter(session__in=sessions)
        .order_by("report__publish_at", "pk")
        .values_list("session_id", "report__slug", "anchor", "author__display_name")
    )
    for session_id, report_slug, anchor, author in rows:
        links[session_id].append((f"{url_for_slug('reports:report', report_slug)}#{anchor}", author or ""))
    for session in sessions:
        session.summit, session.writeup_links = summit, links[session.pk]
    return sessions


def summit_facts(summit):
    """The projects discussed (most first) and who wrote, from one summit's public write-ups."""
    summit_writeups = WriteUp.objects.published().filter(report__summit=summit)
    projects = (
        summit_writeups.order_by()
        .values("session__projects__slug", "session__projects__name")
        .annotate(count=Count("pk"))
        .filter(session__projects__isnull=False)
        .order_by("-count", "session__projects__name")[:24]
    )
    return list(projects), list(summit_writeups.order_by().values_list("author", flat=True).distinct()[:40])


class SessionDetailView(FeedLinksMixin, DetailView):
    feed_url_name = "reports:session-feed"
    template_name = "reports/session_detail.html"
    context_object_name = "session"

    def feed_kwargs(self):
        return {"summit": self.object.summit.slug, "slug": self.object.slug}

    def get_object(self, queryset=None):
        summit, slug = self.kwargs["summit"], self.kwargs["slug"]
        session = cached_by_version(
            self.request,
            f"session subject {summit} {slug}",
            lambda: (
                Session.objects.published()
                .select_related("summit", "track")
                .filter(summit__slug=summit, slug=slug)
                .first()
            ),
        )
        if session is None:
            raise Http404("No such session.")
        return session

    def get_context_data(self, **kwargs):
        session = self.object
        ids = cached_by_version(
            self.request,
            f"session {session.pk} write-ups",
            lambda: list(
                WriteUp.objects.published()
                .filter(session=session)
                .order_by("report__publish_at", "pk")
                .values_list("pk", flat=True)[:100]
            ),
        )
        # The write-ups are a fragment kept per content version (see the template): read when rendered.
        writeups = SimpleLazyObject(lambda: in_order(published_writeups(), ids))
        return super().get_context_data(writeups=writeups, writeup_count=len(ids), **kwargs)


class WriteUpPageMixin:
    """A detail page (track, project, tag, author) followed by a page of its public write-ups."""

    writeup_order = ("-session__summit__start_date", "-report__publish_at", "order", "pk")
    count_names = ("writeup_count",)
    timeline = False  # rows under a heading per summit, instead of one list

    def counts(self, counts):
        raise NotImplementedError

    def writeups(self):
        raise NotImplementedError

    def get_object(self, queryset=None):
        obj = super().get_object(queryset)
        return attach([obj], self.counts(public_counts(self.request)), *self.count_names)[0]

    def get_context_data(self, **kwargs):
        writeups = lambda: self.writeups().order_by(*self.writeup_order)  # noqa: E731 (built only when read)
        page = paginate(
            self.request,
            writeups,
            PAGE_SIZE,
            count=self.object.writeup_count,
            name=f"{type(self.object).__name__} {self.object.pk} write-ups",
        )
        # Lazy: the page's list is itself a fragment (list_key), and its rows are read only when
        # it is not kept (rows inside a kept list, as with Russian dolls).
        ids = page.object_list
        if self.timeline:
            kwargs["summit_groups"] = SimpleLazyObject(
                lambda: summit_groups(self.request, writeup_rows(self.request, ids, hide_summit=True))
            )
        else:
            page.object_list = SimpleLazyObject(lambda: list(writeup_rows(self.request, ids).values()))
        list_key = f"{type(self.object).__name__} {self.object.pk} p{page.number}"
        return super().get_context_data(page_obj=page, writeups=page.object_list, list_key=list_key, **kwargs)


class TrackDetailView(FeedLinksMixin, WriteUpPageMixin, KeptSubjectMixin, DetailView):
    feed_url_name = "reports:track-feed"
    template_name = "reports/track_detail.html"
    context_object_name = "track"
    model = Track
    timeline = True

    def counts(self, counts):
        return counts.track_writeups

    def writeups(self):
        return published_writeups().filter(session__track=self.object)


class ProjectDetailView(FeedLinksMixin, WriteUpPageMixin, KeptSubjectMixin, DetailView):
    feed_url_name = "reports:project-feed"
    template_name = "reports/project_detail.html"
    context_object_name = "project"
    model = Project
    timeline = True
    # A timeline: what was said about the project, oldest summit first.
    writeup_order = ("session__summit__start_date", "report__publish_at", "order", "pk")

    def counts(self, counts):
        return counts.project_writeups

    def writeups(self):
        return published_writeups().filter(session__projects=self.object)


class TagDetailView(FeedLinksMixin, WriteUpPageMixin, KeptSubjectMixin, DetailView):
    feed_url_name = "reports:tag-feed"
    template_name = "reports/tag_detail.html"
    context_object_name = "tag"
    model = Tag
    count_names = ("report_count", "writeup_count")
    writeup_order = WRITEUPS_NEWEST_FIRST

    def counts(self, counts):
        return counts.tags

    def get_object(self, queryset=None):
        tag = super().get_object(queryset)
        if not (tag.report_count or tag.writeup_count):
            raise Http404("No published work carries this tag.")  # a tag only drafts use stays hidden
        return tag

    def writeups(self):
        return published_writeups().filter(tags=self.object)

    def get_context_data(self, **kwargs):
        tagged = lambda: Report.objects.published().filter(tags=self.object)  # noqa: E731 (built only when read)
        reports = report_card_rows(self.request, f"tag {self.object.pk} reports", tagged, SUBJECT_REPORT_CARDS)
        return super().get_context_data(reports=reports, **kwargs)


class AuthorDetailView(FeedLinksMixin, WriteUpPageMixin, KeptSubjectMixin, DetailView):
    feed_url_name = "reports:author-feed"
    template_name = "reports/author_detail.html"
    context_object_name = "author"
    model = Author
    count_names = ("report_count", "writeup_count")
    writeup_order = WRITEUPS_NEWEST_FIRST

    def counts(self, counts):
        return counts.authors

    def writeups(self):
        return published_writeups().filter(author=self.object)

    def get_context_data(self, **kwargs):
        authored = lambda: Report.objects.published().filter(report_authors__author=self.object)  # noqa: E731
        reports = report_card_rows(self.request, f"author {self.object.pk} reports", authored, SUBJECT_REPORT_CARDS)
        return super().get_context_data(reports=reports, **kwargs)


class FilteredListView(ListView):
    """Published reports or write-ups narrowed by a FilterSet; bad values show as form errors.

    The facets and the number of results depend only on the query and the content, so they are
    kept per content version; the page of results itself is always read fresh.
    """

    paginate_by = PAGE_SIZE
    filterset_class = None
    feed_url_name = None
    noun = None

    def get_queryset(self):
        # Lazy, and a function: the FilterSet (which copies its filters and validates the query)
        # is built only when the facets, the count or the page's ids are not kept already.
        self.filterset = SimpleLazyObject(
            lambda: self.filterset_class(self.request.GET or None, queryset=self.base_queryset())
        )
        return lambda: self.filterset.queryset_without(None)

    def summary(self, queryset):
        """(facets, number of results) for this query, from the cache when the content has not changed."""
        query = self.request.GET.copy()
        query.pop("page", None)

        def compute():
            return self.filterset.facet_list(), queryset().count()

        return cached_by_version(self.request, f"{self.filterset_class.__name__}?{query.urlencode()}", compute)

    def paginate_queryset(self, queryset, page_size):
        self.facets, count = self.summary(queryset)
        query = self.request.GET.copy()
        query.pop("page", None)
        page = paginate(
            self.request,
            queryset,
            page_size,
            count=count,
            name=f"{self.filterset_class.__name__}?{query.urlencode()}",
        )
        # Lazy: the page's list is itself a fragment (list_key), and its rows are read only when
        # it is not kept (rows inside a kept list, as with Russian dolls).
        ids = page.object_list
        page.object_list = SimpleLazyObject(lambda: list(self.rendered_rows(ids).values()))
        self.list_key = f"{self.filterset_class.__name__}?{query.urlencode()} p{page.number}"
        return page.paginator, page, page.object_list, page.has_other_pages()

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)  # paginates, which reads the facets
        query = self.request.GET.copy()
        query.pop("page", None)
        context.update(
            filterset=self.filterset,
            facets=self.facets,
            errors=SimpleLazyObject(lambda: self.filterset.form.errors if self.filterset.is_bound else {}),
            query_string=query.urlencode(),
            list_key=self.list_key,
            feeds=feed_links(f"summitblog: {self.noun} matching these filters", self.feed_url_name, query.urlencode()),
        )
        return context


class ReportListView(FilteredListView):
    template_name = "reports/report_list.html"
    context_object_name = "reports"
    filterset_class = ReportFilter
    feed_url_name = "reports:report-list-feed"
    noun = "reports"

    def base_queryset(self):
        return report_cards()

    def rendered_rows(self, ids):
        return rendered_rows(self.request, REPORT_CARD, report_cards, ids, "report")


class WriteUpListView(FilteredListView):
    template_name = "reports/writeup_list.html"
    context_object_name = "writeups"
    filterset_class = WriteUpFilter
    feed_url_name = "reports:writeup-list-feed"
    noun = "session write-ups"

    def base_queryset(self):
        return published_writeups().newest_first()

    def rendered_rows(self, ids):
        return writeup_rows(self.request, ids)


class SearchView(TemplateView):
    template_name = "reports/search.html"

    def get_context_data(self, **kwargs):
        text = search.clean_query(self.request.GET.get("q", ""))
        context = super().get_context_data(query=text, **kwargs)
        if not text:
            return context
        # Functions: the querysets are built only for what is not kept already.
        matching_reports = lambda: search.search_reports(report_cards(), text)  # noqa: E731
        top_reports = cached_by_version(
            self.request, f"search reports {text}", lambda: [r.pk for r in matching_reports()[:5]]
        )
        writeups = lambda: search.search_writeups(published_writeups(), text)  # noqa: E731
        count = cached_by_version(self.request, f"search count {text}", lambda: writeups().count())
        page = paginate(self.request, writeups, PAGE_SIZE, count=count, name=f"search {text}")

        def with_snippets(rows, source):
            for row in rows:
                row.snippet = search.snippet(row, text, getattr(row, source))
            return rows

        # The results are a fragment kept per content version and query: read when rendered.
        reports = SimpleLazyObject(lambda: with_snippets(in_order(matching_reports(), top_reports), "summary"))
        page.object_list = SimpleLazyObject(
            lambda ids=page.object_list: with_snippets(in_order(writeups(), ids), "body")
        )
        context.update(reports=reports, page_obj=page, writeups=page.object_list)
        return context


def paginate(request, queryset, per_page, name, count=None):
    """The ids of the requested page of `queryset`; a malformed or out-of-range page number is a 404.

    `name` names the list: the number of matches and which rows are on each page are kept per
    content version (the sort over every match is what costs at scale). The page's object_list is
    those ids: the rows are read (reports.fragments, in_order) only when they are not kept already.
    `count`, when the caller already knows it (from the counts snapshot), saves a COUNT query.
    `queryset` may be a function that returns it: it is then not even built while all is kept.
    """
    make = queryset if callable(queryset) else lambda: queryset
    if count is None:
        count = cached_by_version(request, f"{name}|count", lambda: make().count())
    paginator = Paginator(range(count), per_page)  # the paginator needs nothing but the count
    try:
        page = paginator.page(request.GET.get("page") or 1)
    except InvalidPage as error:
        raise Http404("No such page.") from error
    start = (page.number - 1) * per_page
    page.object_list = cached_by_version(
        request,
        f"{name}|page {page.number}",
        lambda: list(make().values_list("pk", flat=True)[start : start + per_page]),
    )
    return page


def in_order(queryset, ids):
    """The rows of `queryset` with these ids, in the order of `ids`."""
    by_pk = {obj.pk: obj for obj in queryset.filter(pk__in=ids)}
    return [by_pk[pk] for pk in ids if pk in by_pk]


@require_GET
def robots_txt(request):
    sitemap = request.build_absolute_uri(reverse("sitemap"))
    lines = ["User-agent: *", "Disallow: /admin/", "Disallow: /*/preview/", f"Sitemap: {sitemap}", ""]
    return HttpResponse("\n".join(lines), content_type="text/plain")


# The OPML's tags: a feed reader asked to import two thousand feeds helps nobody, and a tag used
# once or twice is better followed from its own page.
OPML_TAGS = 200


def opml(request):
    """Every summit's feed and the feeds of the most used tags, for importing into a feed reader at once."""
    origin = request.build_absolute_uri("/").rstrip("/")
    # The outlines are a fragment kept per content version and origin (reports.fragments).
    outlines = fragments(
        request, f"opml {origin}", ["outlines"], lambda _: {"outlines": opml_outlines(request, origin)}
    )
    body = (
        '<?xml version="1.0" encoding="utf-8"?>\n'
        '<opml version="2.0"><head><title>summitblog: summit and tag feeds</title></head><body>\n'
        f"{outlines['outlines']}\n</outline></body></opml>"
    )
    response = HttpResponse(body, content_type="text/x-opml; charset=utf-8")
    response["Content-Disposition"] = 'inline; filename="summitblog-feeds.opml"'
    return response


def opml_outlines(request, origin):
    counts = public_counts(request)
    lines = ['<outline text="Tags" title="Tags">']
    most_used = most_counted(counts.tags, OPML_TAGS, weight=sum)
    for name, slug in Tag.objects.filter(pk__in=most_used).order_by("name").values_list("name", "slug"):
        feed, page = url_for_slug("reports:tag-feed", slug, fmt="rss"), url_for_slug("reports:tag", slug)
        lines.append(opml_outline(f"#{name}", origin + feed, origin + page))
    lines.append('</outline><outline text="Summits" title="Summits">')
    for name, slug in Summit.objects.filter(pk__in=list(counts.summit_reports)).values_list("name", "slug"):
        feed, page = url_for_slug("reports:summit-feed", slug, fmt="rss"), url_for_slug("reports:summit", slug)
        lines.append(opml_outline(name, origin + feed, origin + page))
    return "\n".join(lines)


def opml_outline(text, xml_url, html_url):
    # Plain strings, not ElementTree: with two thousand tags, a tree of nodes costs several times more.
    return (
        f'<outline type="rss" text={quoteattr(text)} title={quoteattr("summitblog: " + text)}'
        f" xmlUrl={quoteattr(xml_url)} htmlUrl={quoteattr(html_url)}/>"
    )
