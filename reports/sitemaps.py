"""sitemap.xml: every public page, from the same published querysets as the pages themselves."""

from django.contrib.sitemaps import Sitemap
from django.urls import reverse

from .models import Author, Project, Report, Session, Summit, Track
from .querysets import tags_with_counts


class ReportSitemap(Sitemap):
    changefreq = "monthly"
    priority = 0.8
    limit = 5000

    def items(self):
        return Report.objects.published().order_by("pk").only("slug", "updated_at")

    def lastmod(self, report):
        return report.updated_at


class SessionSitemap(Sitemap):
    priority = 0.5
    limit = 5000

    def items(self):
        return Session.objects.published().select_related("summit").order_by("pk").only("slug", "summit__slug")


class ModelIndexSitemap(Sitemap):
    """Summits, tracks, projects or authors that have public content."""

    priority = 0.6
    limit = 5000

    def __init__(self, public_objects):
        # A function, not a queryset: "public" depends on the time of the request.
        self.public_objects = public_objects

    def items(self):
        return self.public_objects().order_by("pk")


class TagSitemap(Sitemap):
    priority = 0.4
    limit = 5000

    def items(self):
        return tags_with_counts().order_by("pk")

    def location(self, tag):
        return reverse("reports:tag", kwargs={"slug": tag.slug})


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
    "summits": ModelIndexSitemap(lambda: Summit.objects.with_counts().filter(report_count__gt=0)),
    "tracks": ModelIndexSitemap(lambda: Track.objects.with_counts().filter(writeup_count__gt=0)),
    "projects": ModelIndexSitemap(lambda: Project.objects.with_counts().filter(writeup_count__gt=0)),
    "authors": ModelIndexSitemap(Author.objects.with_published_work),
    "tags": TagSitemap,
}
