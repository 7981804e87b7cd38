"""Public pages. Every one starts from a published() queryset, so drafts cannot leak by accident."""

from django.core.paginator import InvalidPage, Paginator
from django.db.models import OuterRef, Prefetch
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.views.decorators.http import require_GET
from django.views.generic import DetailView, ListView, TemplateView

from . import search
from .filters import ReportFilter, WriteUpFilter
from .models import Author, Project, Report, ReportAuthor, Session, Summit, Track, WriteUp
from .querysets import SubqueryCount, tags_with_counts

PAGE_SIZE = 20
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


def published_reports():
    return Report.objects.published().with_related().newest_first()


def published_writeups():
    return WriteUp.objects.published().with_related()


def report_cards():
    """Reports as the small cards in lists: summit and byline, no tags."""
    return (
        Report.objects.published()
        .select_related("summit")
        .prefetch_related(
            Prefetch("report_authors", queryset=ReportAuthor.objects.select_related("author").order_by("order", "pk"))
        )
        .newest_first()
    )


class HomeView(TemplateView):
    template_name = "reports/home.html"

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            reports=report_cards()[:9],
            summits=Summit.objects.with_counts().filter(report_count__gt=0)[:8],
            tags=tags_with_counts().order_by("-total", "name")[:24],
            tracks=Track.objects.with_counts().filter(writeup_count__gt=0).order_by("-writeup_count", "name"),
            projects=Project.objects.with_counts().filter(writeup_count__gt=0).order_by("-writeup_count", "name")[:20],
            feeds=feed_links("summitblog: every report and write-up", "reports:site-feed"),
            **kwargs,
        )


class ReportDetailView(DetailView):
    template_name = "reports/report_detail.html"
    context_object_name = "report"

    def get_queryset(self):
        return Report.objects.published().with_related()

    def get_context_data(self, **kwargs):
        report = self.object
        writeups = list(
            report.writeups.with_related()
            .prefetch_related("session__projects")
            .annotate(
                # How many public write-ups the session has across all reports: "3 write-ups".
                session_writeup_count=SubqueryCount(
                    WriteUp.objects.published().filter(session=OuterRef("session")).values("pk")
                )
            )
        )
        return super().get_context_data(
            writeups=writeups,
            reading_minutes=report.reading_minutes(writeups),
            more_from_summit=report_cards().filter(summit=report.summit_id).exclude(pk=report.pk)[:4],
            article_data=self.article_data(report),
            **kwargs,
        )

    def article_data(self, report):
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
                for author in report.ordered_authors
            ],
            "keywords": [tag.name for tag in report.tags.all()],
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
        return Report.objects.editable_by(self.request.user).with_related()

    def get_context_data(self, **kwargs):
        return super().get_context_data(preview=True, **kwargs)

    def render_to_response(self, context, **response_kwargs):
        response = super().render_to_response(context, **response_kwargs)
        response["X-Robots-Tag"] = "noindex"
        response["Cache-Control"] = "private, no-store"
        return response


class SummitListView(ListView):
    template_name = "reports/summit_list.html"
    context_object_name = "summits"
    paginate_by = 50

    def get_queryset(self):
        return Summit.objects.with_counts()


class SummitDetailView(FeedLinksMixin, DetailView):
    feed_url_name = "reports:summit-feed"
    template_name = "reports/summit_detail.html"
    context_object_name = "summit"

    def get_queryset(self):
        return Summit.objects.with_counts()

    sessions_per_page = 40

    def get_context_data(self, **kwargs):
        summit = self.object
        sessions = (
            Session.objects.published()
            .filter(summit=summit)
            .select_related("summit", "track")
            .prefetch_related(
                "projects",
                Prefetch("writeups", queryset=WriteUp.objects.published().select_related("author", "report")),
            )
            .order_by("track__name", "day", "start_time", "title")
        )
        page = paginate(self.request, sessions, self.sessions_per_page)
        projects = (
            Project.objects.filter(sessions__summit=summit)
            .annotate(
                summit_writeup_count=SubqueryCount(
                    WriteUp.objects.published()
                    .filter(session__summit=summit, session__projects=OuterRef("pk"))
                    .values("pk")
                )
            )
            .filter(summit_writeup_count__gt=0)
            .distinct()
            .order_by("-summit_writeup_count", "name")[:24]
        )
        authors = Author.objects.filter(
            pk__in=WriteUp.objects.published().filter(session__summit=summit).values("author")
        ).order_by("display_name")[:40]
        return super().get_context_data(
            page_obj=page,
            sessions=page.object_list,
            projects=projects,
            authors=authors,
            reports=report_cards().filter(summit=summit)[:12],
            **kwargs,
        )


class SessionDetailView(FeedLinksMixin, DetailView):
    feed_url_name = "reports:session-feed"
    template_name = "reports/session_detail.html"
    context_object_name = "session"

    def feed_kwargs(self):
        return {"summit": self.object.summit.slug, "slug": self.object.slug}

    def get_object(self, queryset=None):
        return get_object_or_404(
            Session.objects.published().select_related("summit", "track").prefetch_related("projects"),
            summit__slug=self.kwargs["summit"],
            slug=self.kwargs["slug"],
        )

    def get_context_data(self, **kwargs):
        writeups = published_writeups().filter(session=self.object).order_by("report__publish_at", "pk")[:100]
        return super().get_context_data(writeups=writeups, **kwargs)


class TrackListView(ListView):
    paginate_by = 100
    template_name = "reports/track_list.html"
    context_object_name = "tracks"

    def get_queryset(self):
        return Track.objects.with_counts().filter(writeup_count__gt=0).order_by("name")


class ProjectListView(ListView):
    paginate_by = 100
    template_name = "reports/project_list.html"
    context_object_name = "projects"

    def get_queryset(self):
        return Project.objects.with_counts().filter(writeup_count__gt=0).order_by("name")


class TagListView(ListView):
    paginate_by = 100
    template_name = "reports/tag_list.html"
    context_object_name = "tags"

    def get_queryset(self):
        return tags_with_counts().order_by("-total", "name")


class AuthorListView(ListView):
    paginate_by = 100
    template_name = "reports/author_list.html"
    context_object_name = "authors"

    def get_queryset(self):
        return Author.objects.with_published_work().order_by("display_name")


class WriteUpPageMixin:
    """A detail page (track, project, tag, author) followed by a page of its public write-ups."""

    writeup_order = ("-session__summit__start_date", "-report__publish_at", "order", "pk")

    def writeups(self):
        raise NotImplementedError

    def get_context_data(self, **kwargs):
        page = paginate(self.request, self.writeups().order_by(*self.writeup_order), PAGE_SIZE)
        return super().get_context_data(page_obj=page, writeups=page.object_list, **kwargs)


class TrackDetailView(FeedLinksMixin, WriteUpPageMixin, DetailView):
    feed_url_name = "reports:track-feed"
    template_name = "reports/track_detail.html"
    context_object_name = "track"

    def get_queryset(self):
        return Track.objects.with_counts()

    def writeups(self):
        return published_writeups().filter(session__track=self.object)


class ProjectDetailView(FeedLinksMixin, WriteUpPageMixin, DetailView):
    feed_url_name = "reports:project-feed"
    template_name = "reports/project_detail.html"
    context_object_name = "project"

    def get_queryset(self):
        return Project.objects.with_counts()

    # A timeline: what was said about the project, oldest summit first.
    writeup_order = ("session__summit__start_date", "report__publish_at", "order", "pk")

    def writeups(self):
        return published_writeups().filter(session__projects=self.object)


class TagDetailView(FeedLinksMixin, WriteUpPageMixin, DetailView):
    feed_url_name = "reports:tag-feed"
    template_name = "reports/tag_detail.html"
    context_object_name = "tag"

    def get_queryset(self):
        return tags_with_counts()

    def writeups(self):
        return published_writeups().filter(tags=self.object)

    def get_context_data(self, **kwargs):
        return super().get_context_data(reports=report_cards().filter(tags=self.object)[:12], **kwargs)


class AuthorDetailView(FeedLinksMixin, WriteUpPageMixin, DetailView):
    feed_url_name = "reports:author-feed"
    template_name = "reports/author_detail.html"
    context_object_name = "author"

    def get_queryset(self):
        return Author.objects.with_counts()

    def writeups(self):
        return published_writeups().filter(author=self.object)

    def get_context_data(self, **kwargs):
        reports = report_cards().filter(report_authors__author=self.object)[:12]
        return super().get_context_data(reports=reports, **kwargs)


class FilteredListView(ListView):
    """Published reports or write-ups narrowed by a FilterSet; bad values show as form errors."""

    paginate_by = PAGE_SIZE
    filterset_class = None
    feed_url_name = None
    noun = None

    def get_queryset(self):
        self.filterset = self.filterset_class(self.request.GET or None, queryset=self.base_queryset())
        return self.filterset.queryset_without(None)

    def get_context_data(self, **kwargs):
        query = self.request.GET.copy()
        query.pop("page", None)
        return super().get_context_data(
            filterset=self.filterset,
            facets=self.filterset.facet_list(),
            errors=self.filterset.form.errors if self.filterset.is_bound else {},
            query_string=query.urlencode(),
            feeds=feed_links(f"summitblog: {self.noun} matching these filters", self.feed_url_name, query.urlencode()),
            **kwargs,
        )


class ReportListView(FilteredListView):
    template_name = "reports/report_list.html"
    context_object_name = "reports"
    filterset_class = ReportFilter
    feed_url_name = "reports:report-list-feed"
    noun = "reports"

    def base_queryset(self):
        return report_cards()


class WriteUpListView(FilteredListView):
    template_name = "reports/writeup_list.html"
    context_object_name = "writeups"
    filterset_class = WriteUpFilter
    feed_url_name = "reports:writeup-list-feed"
    noun = "session write-ups"

    def base_queryset(self):
        return published_writeups().newest_first()


class SearchView(TemplateView):
    template_name = "reports/search.html"

    def get_context_data(self, **kwargs):
        text = search.clean_query(self.request.GET.get("q", ""))
        context = super().get_context_data(query=text, **kwargs)
        if not text:
            return context
        reports = list(search.search_reports(report_cards(), text)[:5])
        page = paginate(self.request, search.search_writeups(published_writeups(), text), PAGE_SIZE)
        for report in reports:
            report.snippet = search.snippet(report, text, report.summary)
        for writeup in page.object_list:
            writeup.snippet = search.snippet(writeup, text, writeup.body)
        context.update(reports=reports, page_obj=page, writeups=page.object_list)
        return context


def paginate(request, queryset, per_page):
    """The requested page of `queryset`; a malformed or out-of-range page number is a 404."""
    paginator = Paginator(queryset, per_page)
    try:
        return paginator.page(request.GET.get("page") or 1)
    except InvalidPage as error:
        raise Http404("No such page.") from error


@require_GET
def robots_txt(request):
    sitemap = request.build_absolute_uri(reverse("sitemap"))
    lines = ["User-agent: *", "Disallow: /admin/", "Disallow: /*/preview/", f"Sitemap: {sitemap}", ""]
    return HttpResponse("\n".join(lines), content_type="text/plain")


def opml(request):
    """Every tag feed and every summit feed, for importing into a feed reader at once."""
    tags = tags_with_counts().order_by("name")
    summits = Summit.objects.with_counts().filter(report_count__gt=0)
    response = render(
        request, "reports/feeds.opml", {"tags": tags, "summits": summits}, content_type="text/x-opml; charset=utf-8"
    )
    response["Content-Disposition"] = 'inline; filename="summitblog-feeds.opml"'
    return response
