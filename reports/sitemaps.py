"""sitemap.xml: every public page, from the same published querysets as the pages themselves."""

from functools import wraps

from django.contrib.sitemaps import Sitemap
from django.db.models import Max
from django.http import HttpResponse
from django.urls import reverse
from taggit.models import Tag

from .fragments import fragments
from .links import url_for_slug
from .models import Author, Project, Report, Session, Summit, Track
from .stats import ObjectsById, cached_by_version, public_counts

# Sitemap pages stay small enough to build quickly; the index lists as many as needed.
PAGE_LIMIT = 500


def kept_sitemap(view):
    """Django's sitemap view (or index), with each page's XML kept per content version and origin
    like the other rendered fragments (reports.fragments): a page lists up to 500 URLs and changes
    only with the content."""

    @wraps(view)
    def kept(request, **kwargs):
        try:
            number = int(request.GET.get("p", "1"))
        except ValueError:
            return view(request, **kwargs)  # which answers 404

        def build(numbers):
            response = view(request, **kwargs)
            response.render()
            return {number: (response.content, response["Content-Type"])}

        kind = f"sitemap {kwargs.get('section', 'index')} {request.scheme}://{request.get_host()}"
        content, content_type = fragments(request, kind, [number], build)[number]
        response = HttpResponse(content, content_type=content_type)
        response["X-Robots-Tag"] = "noindex, noodp, noarchive"  # as Django's own views say
        return response

    return kept


class ReportSitemap(Sitemap):
    changefreq = "monthly"
    priority = 0.8
    limit = PAGE_LIMIT

    def items(self):
        ids = cached_by_version(
            None,
            "sitemap reports",
            lambda: list(Report.objects.published().values_list("pk", flat=True).order_by("pk")),
        )
        return ObjectsById(Report.objects.only("slug", "updated_at"), ids)

    def lastmod(self, report):
        return report.updated_at

    def get_latest_lastmod(self):
        return Report.objects.published().aggregate(latest=Max("updated_at"))["latest"]

    def location(self, report):
        return url_for_slug("reports:report", report.slug)


class SessionSitemap(Sitemap):
    priority = 0.5
    limit = PAGE_LIMIT

    def items(self):
        ids = cached_by_version(
            None,
            "sitemap sessions",
            lambda: list(Session.objects.published().values_list("pk", flat=True).order_by("pk")),
        )
        return ObjectsById(Session.objects.select_related("summit").only("slug", "summit__slug"), ids)


class CountedSitemap(Sitemap):
    """Summits, tracks, projects, authors or tags that have public work (per the counts snapshot)."""

    priority = 0.6
    limit = PAGE_LIMIT

    def __init__(self, model, counted):
        self.model, self.counted = model, counted

    def items(self):
        return ObjectsById(self.model, sorted(self.counted(public_counts())))


class TagSitemap(CountedSitemap):
    priority = 0.4

    def location(self, tag):
        return url_for_slug("reports:tag", tag.slug)


class StaticPageSitemap(Sitemap):
    priority = 0.7

    def items(self):
        return [
            "reports:home",
            "reports:summits",
            "reports:tracks",
            "reports:projects",
            "reports:tags",
            "reports:authors",
            "reports:report-list",
            "reports:writeup-list",
        ]

    def location(self, name):
        return reverse(name)


SITEMAPS = {
    "pages": StaticPageSitemap,
    "reports": ReportSitemap,
    "sessions": SessionSitemap,
    "summits": CountedSitemap(Summit, lambda counts: counts.summit_reports),
    "tracks": CountedSitemap(Track, lambda counts: counts.track_writeups),
    "projects": CountedSitemap(Project, lambda counts: counts.project_writeups),
    "authors": CountedSitemap(Author, lambda counts: counts.authors),
    "tags": TagSitemap(Tag, lambda counts: counts.tags),
}
