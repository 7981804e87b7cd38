"""Public pages, as Django's generic class-based views. Every one starts from a published()
queryset (directly or through reports.subjects), so drafts cannot leak by accident.

Pages are cached whole at the edge (reports.caching); nothing here caches anything, except the
counts snapshot (reports.stats) and the filter facets, which cost seconds at size.
"""

from datetime import date

from django.db.models import BooleanField, Count, ExpressionWrapper, OuterRef, Prefetch, Q
from django.http import HttpResponse
from django.urls import reverse
from django.utils.http import urlencode
from django.views.decorators.http import require_safe
from django.views.generic import DetailView, ListView, TemplateView
from django.views.generic.detail import SingleObjectMixin
from taggit.models import Tag

from . import coverage, search
from .caching import CountsKeptMixin, cached_by_version
from .digest import summit_digest
from .filters import FollowUpFilter, ReportFilter, WriteUpFilter
from .models import (
    Attendance,
    Attendee,
    Author,
    FollowUp,
    Project,
    Report,
    SessionSpeaker,
    Summit,
    Track,
    WriteUp,
)
from .querysets import FOLLOW_UPS_NEWEST_FIRST, WRITEUPS_NEWEST_FIRST, SubqueryCount, pk_in_any, published_q
from .stats import attach, merged, most_counted, public_counts
from .subjects import AUTHOR, PROJECT, SESSION, SPEAKER, SUMMIT, TAG, TRACK

PAGE_SIZE = 20
# A summit's, tag's or author's page opens with its newest reports (two rows of cards on a wide
# screen), then links to all of them in the filtered list.
SUBJECT_REPORT_CARDS = 6
# A speaker page lists this many of their sessions, newest first.
SPEAKER_SESSIONS = 30
# A project's page lists the open follow-ups about it from this many of the latest summits.
RECENT_SUMMITS = 3
FOLLOW_UPS_SHOWN = 30
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
            "href": reverse(url_name, kwargs={"fmt": fmt, **kwargs}) + (f"?{query}" if query else ""),
        }
        for fmt, label, mime in FEED_TYPES
    ]


class SubjectMixin:
    """A page about a subject (tag, summit, session, track, project, author): it announces the
    subject's feeds, and its header shows the subject's links (`subject_links`) and, for the kinds
    one can subscribe to by email (`subscription_kind`), the sign-up form."""

    feed_url_name = None
    subject = None
    subscription_kind = None  # a Subscription.Kind: the page shows the email sign-up form

    def get_object(self, queryset=None):
        return self.subject.get(**self.kwargs)

    def feed_kwargs(self):
        return {"slug": self.object.slug}

    def subject_links(self):
        """(label, URL, rel) of the links under the subject's heading."""
        return []

    def get_context_data(self, **kwargs):
        title = self.subject.feed_title(self.object)
        return super().get_context_data(
            feeds=feed_links(title, self.feed_url_name, **self.feed_kwargs()),
            subject_links=self.subject_links(),
            # The same for every visitor (the page is cached): which subject the form subscribes to.
            email_subscription=(
                {"kind": self.subscription_kind, "slug": self.object.slug} if self.subscription_kind else None
            ),
            **kwargs,
        )


def filter_link(label, **query):
    return (label, f"{reverse('reports:writeup-list')}?{urlencode(query)}", "")


def web_link(label, url, rel="nofollow noopener"):
    """An http(s) link stored with a subject, or nothing: stored data never becomes a javascript: link."""
    return [(label, url, rel)] if url.lower().startswith(("http://", "https://")) else []


class HomeView(TemplateView):
    template_name = "reports/home.html"

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            reports=Report.objects.published().as_cards().newest_first()[:9],
            panels=home_panels(public_counts(self.request)),
            feeds=feed_links("summitblog: every report and write-up", "reports:site-feed"),
            **kwargs,
        )


def home_panels(counts):
    """The home page's side panels: summits, tracks, projects and the most used tags, with counts."""
    tag_counts = merged(counts, "tag_reports", "tag_writeups")
    project_counts, track_counts = counts.get("project_writeups", {}), counts.get("track_writeups", {})
    tags = Tag.objects.filter(pk__in=most_counted(tag_counts, 24, weight=sum))
    projects = Project.objects.filter(pk__in=most_counted(project_counts, 20))
    tracks = Track.objects.filter(pk__in=list(track_counts))
    summits = Summit.objects.filter(pk__in=list(counts.get("summit_reports", {})))[:8]
    return {
        "summits": attach(
            summits, merged(counts, "summit_reports", "summit_writeups"), "report_count", "writeup_count"
        ),
        "tags": sorted(
            attach(tags, tag_counts, "report_count", "writeup_count"),
            key=lambda tag: (-tag.report_count - tag.writeup_count, tag.name),
        ),
        "tracks": sorted(attach(tracks, track_counts, "writeup_count"), key=lambda t: (-t.writeup_count, t.name)),
        "projects": sorted(attach(projects, project_counts, "writeup_count"), key=lambda p: (-p.writeup_count, p.name)),
    }


class ReportDetailView(DetailView):
    template_name = "reports/report_detail.html"
    context_object_name = "report"
    queryset = Report.objects.published().select_related("summit").defer("search_vector")

    def get_context_data(self, **kwargs):
        report = self.object
        writeups = self.sections(report)
        authors = [link.author for link in report.report_authors.select_related("author").order_by("order", "pk")]
        tags = list(report.tags.order_by("name"))
        days = {writeup.section_day for writeup in writeups if writeup.section_day}
        show_days = len(days) > 1 or bool(report.covers_day and days)
        if show_days:  # under each day heading once, in the report's order within the day
            writeups.sort(key=lambda writeup: writeup.section_day or date.max)
        return super().get_context_data(
            writeups=writeups,
            attended=report.attendances.select_related("session__summit", "session__track", "author"),
            attendees=report.attendees.select_related("author"),
            follow_ups=report.follow_ups.select_related("project", "section__session").order_by(
                "section__order", "section_id", "position"
            ),
            authors=authors,
            tags=tags,
            # Day headings when the sections span days; "Written by" when a report has several authors.
            show_days=show_days,
            several_authors=len(authors) > 1,
            reading_minutes=report.reading_minutes(writeups),
            article_data=self.article_data(report, authors, tags),
            **self.reading_on(report),
            # Following a report means following its summit (its co-authors' pages have feeds too).
            feeds=feed_links(SUMMIT.feed_title(report.summit), "reports:summit-feed", slug=report.summit.slug),
            **kwargs,
        )

    @staticmethod
    def reading_on(report):
        """The same summit's four newest other reports (title and summary: no byline to read), and
        the reports published just before and just after this one: one query for all of them."""
        published = Report.objects.published().only("title", "slug", "summary", "publish_at", "summit_id")
        same_summit = published.filter(summit=report.summit_id).exclude(pk=report.pk).newest_first().values("pk")[:4]
        more = Q(pk__in=same_summit)
        wanted = [same_summit]
        if report.publish_at is not None:
            earlier = published.filter(publish_at__lt=report.publish_at).order_by("-publish_at", "-pk")
            later = published.filter(publish_at__gt=report.publish_at).order_by("publish_at", "pk")
            wanted += [earlier.values("pk")[:1], later.values("pk")[:1]]
        from_summit = ExpressionWrapper(more, output_field=BooleanField())
        found = published.filter(pk_in_any(Report, *wanted)).annotate(from_summit=from_summit)
        found = sorted(found, key=lambda other: (other.publish_at, other.pk))
        at = report.publish_at
        before = [other for other in found if at is not None and other.publish_at < at]
        after = [other for other in found if at is not None and other.publish_at > at]
        return {
            "more_from_summit": [other for other in reversed(found) if other.from_summit],
            "previous_report": before[-1] if before else None,
            "next_report": after[0] if after else None,
        }

    @staticmethod
    def sections(report):
        """Write-ups and free sections in report order, each session with its facts and how many
        public write-ups it has across all reports ("3 write-ups of this session")."""
        speakers = Prefetch(
            "session__session_speakers",
            queryset=SessionSpeaker.objects.select_related("speaker"),
            to_attr="speaker_links",
        )
        return list(
            report.writeups.with_related()
            .prefetch_related(Prefetch("session__projects", to_attr="project_list"), speakers)
            .annotate(
                session_writeup_count=SubqueryCount(
                    WriteUp.objects.published().filter(session=OuterRef("session")).values("pk")
                )
            )
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

    def get_queryset(self):
        return Report.objects.editable_by(self.request.user).select_related("summit")

    def get_context_data(self, **kwargs):
        return super().get_context_data(preview=True, **kwargs)

    def render_to_response(self, context, **response_kwargs):
        response = super().render_to_response(context, **response_kwargs)
        response["X-Robots-Tag"] = "noindex"
        response["Cache-Control"] = "private, no-store"
        return response


# -- Index pages -------------------------------------------------------------------------------


class IndexView(CountsKeptMixin, ListView):
    """An index (summits, tracks, projects, tags, authors) of what has public work, with counts."""

    template_name = "reports/index.html"
    paginate_by = 100
    subject = None
    ordering = ("name",)
    heading = lede = ""
    description = ""
    list_class = "index-grid"
    # (name of a counts aggregate or pair of them, attributes set on each row)
    counts = ()
    count_names = ()

    def get_queryset(self):
        return self.subject.listed().order_by(*self.ordering)

    def row_counts(self, snapshot):
        if len(self.counts) == 2:
            return merged(snapshot, *self.counts)
        return snapshot.get(self.counts[0], {}) if self.counts else {}

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        attach(context["object_list"], self.row_counts(public_counts(self.request)), *self.count_names)
        context.update(
            heading=self.heading,
            lede=self.lede,
            description=self.description,
            row_template=f"includes/index/{self.subject.model._meta.model_name}.html",
            list_class=self.list_class,
            feeds=feed_links("summitblog: every report and write-up", "reports:site-feed"),
        )
        return context


class SummitListView(IndexView):
    subject = SUMMIT
    ordering = ("-start_date",)
    counts = ("summit_reports", "summit_writeups")
    count_names = ("report_count", "writeup_count")
    heading = "Summits"
    lede = "Every summit someone went to and wrote about, newest first."
    description = "Every OpenStack summit with trip reports, newest first."


class TrackListView(IndexView):
    subject = TRACK
    counts = ("track_writeups",)
    count_names = ("writeup_count",)
    heading = "Tracks"
    lede = "Sessions grouped by theme, across summits."
    description = "Conference tracks, from storage to NFV, with every session written up."


class ProjectListView(IndexView):
    subject = PROJECT
    list_class = "index-grid index-grid--compact"
    counts = ("project_writeups",)
    count_names = ("writeup_count",)
    heading = "Projects"
    lede = "The software the sessions talked about. Each project page is a timeline across summits."
    description = "What attendees wrote about each piece of software, from Nova and Neutron to Ceph and Kubernetes."


class TagListView(IndexView):
    subject = TAG
    paginate_by = 200
    list_class = "chips chips--large"
    counts = ("tag_reports", "tag_writeups")
    count_names = ("report_count", "writeup_count")
    heading = "Tags"
    lede = "Every tag on a published report or write-up. Each tag has its own feed."
    description = "Every tag used on summitblog's trip reports and write-ups."


class SpeakerListView(IndexView):
    subject = SPEAKER
    counts = ()
    heading = "Speakers"
    lede = "The people on stage, and what attendees made of what they said."
    description = "Every speaker whose sessions someone wrote about or attended."


class AuthorListView(IndexView):
    subject = AUTHOR
    ordering = ("display_name",)
    counts = ("author_reports", "author_writeups")
    count_names = ("report_count", "writeup_count")
    heading = "Authors"
    lede = "The people who went, took notes and wrote them up."
    description = "The engineers who write summitblog's trip reports."


# -- Subject pages ------------------------------------------------------------------------------


class SubjectPageView(SubjectMixin, SingleObjectMixin, CountsKeptMixin, ListView):
    """A subject (reports.subjects) followed by a page of its public write-ups, newest first
    (Django's "SingleObjectMixin with ListView")."""

    paginate_by = PAGE_SIZE
    writeup_order = WRITEUPS_NEWEST_FIRST
    counts = ()  # the counts snapshot's aggregates for this kind of subject
    count_names = ("writeup_count",)
    report_cards = False

    def get(self, request, *args, **kwargs):
        self.object = self.get_object()
        return super().get(request, *args, **kwargs)

    def get_queryset(self):
        return self.subject.writeups(self.object).as_rows().order_by(*self.writeup_order)

    def get_context_data(self, **kwargs):
        if self.counts:
            snapshot = public_counts(self.request)
            counts = merged(snapshot, *self.counts) if len(self.counts) == 2 else snapshot.get(self.counts[0], {})
            attach([self.object], counts, *self.count_names)
        if self.report_cards:
            cards = self.subject.reports(self.object).as_cards().newest_first()
            kwargs["reports"] = cards[:SUBJECT_REPORT_CARDS]
        return super().get_context_data(**kwargs)


# Within one summit of a track or project page: its programme (day, then time), each session's
# write-ups together.
IN_PROGRAMME_ORDER = ("session__day", "session__start_time", "session_id", "report__publish_at", "order", "pk")


class TrackDetailView(SubjectPageView):
    subject = TRACK
    feed_url_name = "reports:track-feed"
    template_name = "reports/track_detail.html"
    context_object_name = "track"
    counts = ("track_writeups",)
    # Newest summit first (the order of the session table's session_track_programme_idx, so a
    # page reads only its own rows).
    writeup_order = ("-session__summit_start_date", "-session__summit_id", *IN_PROGRAMME_ORDER)

    def subject_links(self):
        return [filter_link("Filter them", track=self.object.slug)]


class ProjectDetailView(SubjectPageView):
    subject = PROJECT
    subscription_kind = "project"
    feed_url_name = "reports:project-feed"
    template_name = "reports/project_detail.html"
    context_object_name = "project"
    counts = ("project_writeups",)
    # A timeline: what was said about the project, oldest summit first.
    writeup_order = ("session__summit_start_date", "session__summit_id", *IN_PROGRAMME_ORDER)

    def subject_links(self):
        project = self.object
        tag = TAG.listed().filter(Q(slug=project.slug) | Q(name__iexact=project.name)).first()
        links = [*web_link("Project home", project.homepage), filter_link("Filter them", project=project.slug)]
        return links + ([(f"Tagged #{tag.name}", TAG.url(tag), "")] if tag else [])

    def get_context_data(self, **kwargs):
        """With the open follow-ups about the project from the last three summits."""
        recent = SUMMIT.listed().order_by("-start_date").values("pk")[:RECENT_SUMMITS]
        follow_ups = FollowUp.objects.published().filter(project=self.object, done=False, report__summit__in=recent)
        return super().get_context_data(
            follow_ups=follow_ups.as_rows().newest_first()[:FOLLOW_UPS_SHOWN],
            follow_ups_url=f"{reverse('reports:follow-ups')}?{urlencode({'project': self.object.slug})}",
            **kwargs,
        )


class TagDetailView(SubjectPageView):
    subject = TAG
    subscription_kind = "tag"
    feed_url_name = "reports:tag-feed"
    template_name = "reports/tag_detail.html"
    context_object_name = "tag"
    counts = ("tag_reports", "tag_writeups")
    count_names = ("report_count", "writeup_count")
    report_cards = True

    def subject_links(self):
        """The project of the same name, if there is one ("ceph" and Ceph)."""
        tag = self.object
        project = PROJECT.listed().filter(Q(slug=tag.slug) | Q(name__iexact=tag.name)).first()
        return [(f"The {project.name} project", project.get_absolute_url(), "")] if project else []


class AuthorDetailView(SubjectPageView):
    subject = AUTHOR
    subscription_kind = "author"
    feed_url_name = "reports:author-feed"
    template_name = "reports/author_detail.html"
    context_object_name = "author"
    counts = ("author_reports", "author_writeups")
    count_names = ("report_count", "writeup_count")
    report_cards = True

    def subject_links(self):
        return web_link("Website", self.object.website, rel="me nofollow noopener")


class SpeakerDetailView(SubjectPageView):
    """A speaker: their sessions across summits, then what attendees wrote about them."""

    subject = SPEAKER
    feed_url_name = "reports:speaker-feed"
    template_name = "reports/speaker_detail.html"
    context_object_name = "speaker"
    counts = ()

    def subject_links(self):
        return web_link("Website", self.object.website)

    def get_context_data(self, **kwargs):
        """With their newest sessions (one more is read to tell whether there are older ones)."""
        sessions = (
            self.subject.sessions(self.object)
            .select_related("summit")
            .only("title", "slug", "kind", "status", "summit__name", "summit__slug")
        )
        newest = list(sessions.order_by("-summit__start_date", "day", "start_time")[: SPEAKER_SESSIONS + 1])
        return super().get_context_data(
            sessions=newest[:SPEAKER_SESSIONS], older_sessions=len(newest) > SPEAKER_SESSIONS, **kwargs
        )


class SummitDetailView(SubjectMixin, SingleObjectMixin, CountsKeptMixin, ListView):
    """A summit: its sessions by track (a page of them) with who wrote each up, its newest reports,
    the projects discussed and who was there."""

    subject = SUMMIT
    subscription_kind = "summit"
    feed_url_name = "reports:summit-feed"
    template_name = "reports/summit_detail.html"
    context_object_name = "summit"
    paginate_by = PAGE_SIZE

    def get(self, request, *args, **kwargs):
        self.object = self.get_object()
        return super().get(request, *args, **kwargs)

    def subject_links(self):
        summit = self.object
        return [
            ("The digest", reverse("reports:summit-digest", kwargs={"slug": summit.slug}), ""),
            ("Follow-ups", f"{reverse('reports:follow-ups')}?{urlencode({'summit': summit.slug})}", ""),
            *web_link("Official site", summit.website),
            filter_link("Filter its write-ups", summit=summit.slug),
        ]

    def get_queryset(self):
        public_writeups = (
            WriteUp.objects.published()
            .select_related("report", "author")
            .only(
                "session_id",
                "anchor",
                "report__slug",
                "report__status",
                "report__publish_at",
                "author__display_name",
                "author__slug",
            )
            .order_by("report__publish_at", "pk")
        )
        attended = Attendance.objects.filter(published_q("report__")).only("session_id")
        # Through the summit's own manager, so each session knows its summit without a join, and
        # only what a row shows (includes/session_row.html): a big summit's every session is sorted.
        return (
            self.object.sessions.published()
            .select_related("track")
            .only("summit_id", "title", "slug", "kind", "status", "day", "start_time", "track__name", "track__slug")
            .prefetch_related(
                Prefetch("projects", to_attr="project_list"),
                Prefetch("writeups", queryset=public_writeups, to_attr="public_writeups"),
                Prefetch("attendances", queryset=attended, to_attr="public_attendances"),
            )
            .order_by("track__name", "day", "start_time", "title")
        )

    def get_context_data(self, **kwargs):
        summit = self.object
        snapshot = public_counts(self.request)
        attach([summit], merged(snapshot, "summit_reports", "summit_writeups"), "report_count", "writeup_count")
        attendees = Attendee.objects.filter(published_q("report__"), report__summit=summit).order_by("name")
        # Counted over every write-up of the summit: kept per content version, as the counts are.
        facets = cached_by_version(
            f"summit-facets:{summit.pk}", lambda: self.projects_and_authors(summit), self.request
        )
        return super().get_context_data(
            reports=self.subject.reports(summit).as_cards().newest_first()[:SUBJECT_REPORT_CARDS],
            coverage=cached_by_version(f"coverage:{summit.pk}", lambda: coverage.public_figures(summit), self.request),
            **facets,
            attendees=attendees.select_related("author")[:40],
            **kwargs,
        )

    def projects_and_authors(self, summit):
        """The projects most written about at the summit, with counts, and who wrote."""
        summit_writeups = self.subject.writeups(summit)
        projects = (
            summit_writeups.order_by()
            .filter(session__projects__isnull=False)
            .values("session__projects__slug", "session__projects__name")
            .annotate(count=Count("pk"))
            .order_by("-count", "session__projects__name")[:24]
        )
        authors = Author.objects.filter(pk__in=summit_writeups.order_by().values("author")).order_by("display_name")
        return {"projects": list(projects), "authors": list(authors[:40])}


class SessionDetailView(SubjectMixin, DetailView):
    subject = SESSION
    feed_url_name = "reports:session-feed"
    template_name = "reports/session_detail.html"
    context_object_name = "session"

    def feed_kwargs(self):
        return {"summit": self.object.summit.slug, "slug": self.object.slug}

    def subject_links(self):
        summit = self.object.summit
        return [(f"All of {summit.name}", summit.get_absolute_url(), "")]

    def get_context_data(self, **kwargs):
        writeups = list(self.subject.writeups(self.object).with_related().order_by("report__publish_at", "pk")[:100])
        attendances = list(self.subject.attendances(self.object).order_by("report__publish_at", "pk")[:100])
        return super().get_context_data(
            writeups=writeups,
            writeup_count=len(writeups),
            attendances=attendances,
            # Everyone who was in the room, as far as the reports say: writers and those who only went.
            attended_count=len(writeups) + len(attendances),
            **kwargs,
        )


# -- Filtered lists and search ----------------------------------------------------------------


class FilteredListView(CountsKeptMixin, ListView):
    """Published reports or write-ups narrowed by a FilterSet; bad values show as form errors."""

    paginate_by = PAGE_SIZE
    filterset_class = None
    feed_url_name = None
    noun = None

    def get_queryset(self):
        self.filterset = self.filterset_class(self.request.GET or None, queryset=self.base_queryset())
        return self.filterset.queryset_without(None)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        query = self.request.GET.copy()
        query.pop("page", None)
        # The facets count every choice of every filter: kept per content version and query.
        facets = cached_by_version(
            f"{self.filterset_class.__name__} facets ?{query.urlencode()}", self.filterset.facet_list, self.request
        )
        context.update(
            filterset=self.filterset,
            facets=facets,
            active_filters=self.filterset.active_filters(facets, self.request.GET),
            errors=self.filterset.form.errors if self.filterset.is_bound else {},
            query_string=query.urlencode(),
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
        return Report.objects.published().as_cards().newest_first()


class WriteUpListView(FilteredListView):
    template_name = "reports/writeup_list.html"
    context_object_name = "writeups"
    filterset_class = WriteUpFilter
    feed_url_name = "reports:writeup-list-feed"
    noun = "session write-ups"

    def base_queryset(self):
        return WriteUp.objects.published().as_rows().newest_first()


class SearchView(CountsKeptMixin, ListView):
    """Write-ups matching the words, best first, with the five best matching reports above them."""

    template_name = "reports/search.html"
    context_object_name = "writeups"
    paginate_by = PAGE_SIZE

    def get_queryset(self):
        self.text = search.clean_query(self.request.GET.get("q", ""))
        if not self.text:
            return WriteUp.objects.none()
        return search.search_writeups(WriteUp.objects.published().as_rows(), self.text, self.request)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(query=self.text, **kwargs)
        if not self.text:
            return context
        found = search.search_reports(Report.objects.published().as_cards(), self.text, self.request)
        reports = list(found[:5])
        for report in reports:
            report.snippet = search.snippet(report, self.text, report.summary)
        for writeup in context["object_list"]:
            writeup.snippet = search.snippet(writeup, self.text, writeup.body_text)
        context.update(
            reports=reports,
            suggestion=search.suggestion(self.text, self.request),
            feeds=feed_links(
                f"summitblog: write-ups about “{self.text}”", "reports:writeup-list-feed", urlencode({"q": self.text})
            ),
        )
        return context


# -- Summit week: a summit's digest, the follow-ups ---------------------------------------------


class SummitDigestView(DetailView):
    """A summit in one page for those who stayed home, from its published reports (reports.digest)."""

    template_name = "reports/summit_digest.html"
    context_object_name = "summit"

    def get_object(self, queryset=None):
        return SUMMIT.get(**self.kwargs)

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            digest=summit_digest(self.object),
            feeds=feed_links("summitblog: summit digests", "reports:digest-feed"),
            **kwargs,
        )


class FollowUpListView(CountsKeptMixin, ListView):
    """The follow-ups of published reports, open first, by summit and project (`?project=ceph`)."""

    template_name = "reports/followup_list.html"
    context_object_name = "follow_ups"
    paginate_by = PAGE_SIZE * 2

    def get_queryset(self):
        self.filterset = FollowUpFilter(self.request.GET or None, queryset=FollowUp.objects.published())
        return self.filterset.qs.as_rows().order_by("done", *FOLLOW_UPS_NEWEST_FIRST)

    def get_context_data(self, **kwargs):
        query = self.request.GET.copy()
        query.pop("page", None)
        with_follow_ups = FollowUp.objects.published()
        return super().get_context_data(
            filter=self.filterset,
            summits=SUMMIT.listed().filter(pk__in=with_follow_ups.values("report__summit")).order_by("-start_date"),
            projects=Project.objects.filter(pk__in=with_follow_ups.values("project")).order_by("name"),
            chosen={name: self.request.GET.get(name, "") for name in ("summit", "project", "state")},
            feeds=feed_links("summitblog: follow-ups", "reports:follow-up-feed", query.urlencode()),
            **kwargs,
        )


# -- Robots and OPML ----------------------------------------------------------------------------


@require_safe
def robots_txt(request):
    sitemap = request.build_absolute_uri(reverse("sitemap"))
    lines = ["User-agent: *", "Disallow: /admin/", "Disallow: /*/preview/", f"Sitemap: {sitemap}", ""]
    return HttpResponse("\n".join(lines), content_type="text/plain")


# The OPML's tags: a feed reader asked to import two thousand feeds helps nobody, and a tag used
# once or twice is better followed from its own page.
OPML_TAGS = 200


class OpmlView(TemplateView):
    """Every summit's feed and the feeds of the most used tags, for importing into a feed reader at once."""

    template_name = "reports/feeds.opml"
    content_type = "text/x-opml; charset=utf-8"
    http_method_names = ["get", "head"]

    def get_context_data(self, **kwargs):
        tag_counts = merged(public_counts(self.request), "tag_reports", "tag_writeups")
        tags = Tag.objects.filter(pk__in=most_counted(tag_counts, OPML_TAGS, weight=sum)).order_by("name")
        return super().get_context_data(tags=tags, summits=SUMMIT.listed().order_by("-start_date"), **kwargs)

    def render_to_response(self, context, **response_kwargs):
        response = super().render_to_response(context, **response_kwargs)
        response["Content-Disposition"] = 'inline; filename="summitblog-feeds.opml"'
        return response
