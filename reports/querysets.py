"""Who may see what: the one place that decides whether a report or write-up is public."""

from django.db import models
from django.db.models import Exists, OuterRef, Prefetch, Q, Subquery
from django.utils import timezone


def published_q(prefix=""):
    """Condition for "public now": published status and a publish time that has arrived.

    A publish time in the future means scheduled: the item turns public by itself, no cron job.
    `prefix` applies the same rule through a relation, e.g. "report__" for write-ups.
    """
    return Q(**{f"{prefix}status": "published", f"{prefix}publish_at__lte": timezone.now()})


class SubqueryCount(Subquery):
    """COUNT(*) of a correlated subquery: a count per row without joins that multiply rows."""

    template = "(SELECT COUNT(*) FROM (%(subquery)s) _counted)"
    output_field = models.IntegerField()


class ReportQuerySet(models.QuerySet):
    def published(self):
        return self.filter(published_q())

    def authored_by(self, user):
        return self.filter(report_authors__author__user=user)

    def editable_by(self, user):
        """Reports a signed-in user may see in the admin and preview: all for editors, own otherwise."""
        if not user.is_authenticated or not user.is_staff:
            return self.none()
        if user.has_perm("reports.publish_report"):
            return self
        return self.authored_by(user)

    def with_related(self):
        from .models import ReportAuthor

        return self.select_related("summit").prefetch_related(
            Prefetch(
                "report_authors",
                queryset=ReportAuthor.objects.select_related("author").order_by("order", "pk"),
            ),
            "tags",
        )

    def newest_first(self):
        return self.order_by("-publish_at", "-pk")


class WriteUpQuerySet(models.QuerySet):
    def published(self):
        return self.filter(published_q("report__"))

    def with_related(self):
        return self.select_related("report__summit", "author", "session__track", "session__summit").prefetch_related(
            "tags"
        )

    def newest_first(self):
        return self.order_by("-session__summit__start_date", "-report__publish_at", "order", "pk")


class SessionQuerySet(models.QuerySet):
    def published(self):
        """Sessions with at least one public write-up: a session only a draft mentions stays hidden."""
        from .models import WriteUp

        return self.filter(Exists(WriteUp.objects.published().filter(session=OuterRef("pk"))))


class SummitQuerySet(models.QuerySet):
    def with_counts(self):
        from .models import Report, WriteUp

        return self.annotate(
            report_count=SubqueryCount(Report.objects.published().filter(summit=OuterRef("pk")).values("pk")),
            writeup_count=SubqueryCount(WriteUp.objects.published().filter(report__summit=OuterRef("pk")).values("pk")),
        )


class TrackQuerySet(models.QuerySet):
    def with_counts(self):
        from .models import WriteUp

        return self.annotate(
            writeup_count=SubqueryCount(WriteUp.objects.published().filter(session__track=OuterRef("pk")).values("pk"))
        )


class ProjectQuerySet(models.QuerySet):
    def with_counts(self):
        from .models import WriteUp

        return self.annotate(
            writeup_count=SubqueryCount(
                WriteUp.objects.published().filter(session__projects=OuterRef("pk")).values("pk")
            )
        )


class AuthorQuerySet(models.QuerySet):
    def with_counts(self):
        from .models import Report, WriteUp

        return self.annotate(
            report_count=SubqueryCount(
                Report.objects.published().filter(report_authors__author=OuterRef("pk")).values("pk")
            ),
            writeup_count=SubqueryCount(WriteUp.objects.published().filter(author=OuterRef("pk")).values("pk")),
        )

    def with_published_work(self):
        return self.with_counts().filter(Q(report_count__gt=0) | Q(writeup_count__gt=0))


def tags_with_counts():
    """django-taggit's tags with the number of public reports and write-ups carrying each."""
    from taggit.models import Tag

    from .models import TaggedReport, TaggedWriteUp

    return (
        Tag.objects.annotate(
            report_count=SubqueryCount(
                TaggedReport.objects.filter(published_q("content_object__"), tag=OuterRef("pk")).values("pk")
            ),
            writeup_count=SubqueryCount(
                TaggedWriteUp.objects.filter(published_q("content_object__report__"), tag=OuterRef("pk")).values("pk")
            ),
        )
        .annotate(total=models.F("report_count") + models.F("writeup_count"))
        .filter(total__gt=0)
    )
