"""sitemap.xml: every public page, from the same published querysets and subjects as the pages."""

from django.contrib.sitemaps import Sitemap
from django.db.models import Max
from django.urls import reverse

from .caching import VersionCountedPaginator, cached_by_version
from .models import Report
from .subjects import AUTHOR, PROJECT, SESSION, SPEAKER, SUMMIT, TAG, TRACK

# Sitemap pages stay small enough to build quickly; the index lists as many as needed.
PAGE_LIMIT = 500


class CountedPerVersion:
    """A sitemap paged by counts kept per content version (counting every public session or tag
    costs a good part of a second at size; the index counts every section)."""

    @property
    def paginator(self):
        return VersionCountedPaginator(self._items(), self.limit)


class ReportSitemap(CountedPerVersion, Sitemap):
    changefreq = "monthly"
    priority = 0.8
    limit = PAGE_LIMIT

    def items(self):
        return Report.objects.published().only("slug", "updated_at").order_by("pk")

    def lastmod(self, report):
        return report.updated_at

    def get_latest_lastmod(self):
        # Kept per content version: at size the aggregate reads every published report.
        return cached_by_version("sitemap: latest report change", self.latest_change)

    def latest_change(self):
        """One aggregate, where Sitemap's own reads every report to find the latest."""
        return self.items().aggregate(latest=Max("updated_at"))["latest"]


class SubjectSitemap(CountedPerVersion, Sitemap):
    """Summits, sessions, tracks, projects, authors or tags that have public work."""

    priority = 0.6
    limit = PAGE_LIMIT

    def __init__(self, subject, priority=None):
        self.subject = subject
        if priority is not None:
            self.priority = priority

    def items(self):
        items = self.subject.listed().order_by("pk")
        return items.select_related("summit") if self.subject is SESSION else items

    def location(self, item):
        return self.subject.url(item)


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
            "reports:speakers",
            "reports:report-list",
            "reports:writeup-list",
        ]

    def location(self, name):
        return reverse(name)


SITEMAPS = {
    "pages": StaticPageSitemap,
    "reports": ReportSitemap,
    "sessions": SubjectSitemap(SESSION, priority=0.5),
    "speakers": SubjectSitemap(SPEAKER, priority=0.4),
    "summits": SubjectSitemap(SUMMIT),
    "tracks": SubjectSitemap(TRACK),
    "projects": SubjectSitemap(PROJECT),
    "authors": SubjectSitemap(AUTHOR),
    "tags": SubjectSitemap(TAG, priority=0.4),
}
