"""Who may see what: the one place that decides whether a report or write-up is public, and the
shapes in which lists read them."""

from django.db import connections, models, router
from django.db.models import Exists, OuterRef, Prefetch, Q, Subquery
from django.db.models.functions import Now
from django.db.models.lookups import IsNull


def published_q(prefix=""):
    """Condition for "public now": published status and a publish time that has arrived.

    A publish time in the future means scheduled: the item turns public by itself, no cron job.
    "Now" is the database's clock. `prefix` applies the same rule through a relation, e.g.
    "report__" for write-ups.
    """
    return Q(**{f"{prefix}status": "published", f"{prefix}publish_at__lte": Now()})


# Newest report first, each report's write-ups in its own order. The database walks the report
# publish-time index and stops after a page, instead of sorting every match.
WRITEUPS_NEWEST_FIRST = ("-report__publish_at", "-report_id", "order", "pk")


def any_exists(*querysets):
    """EXISTS of any of the (correlated) querysets, as one EXISTS over their UNION ALL. PostgreSQL
    plans an OR of EXISTS as hashed subplans that read every public row before the first result;
    this one it checks row by row and stops at the first match, so a page of a list costs what
    the page holds."""
    first, *rest = [queryset.values("pk") for queryset in querysets]
    return Exists(first.union(*rest, all=True))


def first_row_exists(queryset):
    """Condition: the (correlated) queryset has a row, found by a subquery that stops at its first.
    PostgreSQL turns an EXISTS into a semi join, which may read every match first (a bitmap of
    all of a track's sessions, say); a LIMIT 1 subquery it plans to stop at the first row."""
    return IsNull(Subquery(queryset.order_by().values("pk")[:1]), False)


def pk_in_any(model, *querysets):
    """Q: the primary key is in any of the querysets of `model` (each may be ordered and sliced).
    One IN over their UNION ALL where the database allows a slice in a compound query: PostgreSQL
    then reads those few rows by key, where an OR of INs reads the whole table."""
    if connections[router.db_for_read(model)].features.supports_slicing_ordering_in_compound:
        first, *rest = querysets
        return Q(pk__in=first.union(*rest, all=True))
    return Q.create([Q(pk__in=queryset) for queryset in querysets], connector=Q.OR)


class SubqueryCount(Subquery):
    """COUNT(*) of a correlated subquery: a count per row without joins that multiply rows."""

    template = "(SELECT COUNT(*) FROM (%(subquery)s) _counted)"
    output_field = models.IntegerField()


def related_model(model, name):
    """The model at the other end of `name`: querysets need their neighbours without importing
    reports.models, which imports them."""
    return model._meta.get_field(name).related_model


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
        """The summit and the byline (no tags: the pages that show a report's tags read them in order)."""
        return self.select_related("summit").defer("search_vector").with_byline()

    def with_byline(self):
        """Co-authors in byline order, for Report.ordered_authors."""
        links = related_model(self.model, "report_authors").objects.select_related("author").order_by("order", "pk")
        return self.prefetch_related(Prefetch("report_authors", queryset=links, to_attr="byline_links"))

    def as_cards(self):
        """What a report card shows (includes/report_card.html): no long texts."""
        return (
            self.select_related("summit")
            .only("uid", "title", "slug", "summary", "publish_at", "cover_image", "summit__name", "summit__slug")
            .with_byline()
        )

    def newest_first(self):
        return self.order_by("-publish_at", "-pk")


# What a row of a write-up list shows (includes/writeup_item.html).
WRITEUP_ROW_FIELDS = (
    "uid",
    "anchor",
    "body_text",
    "heading",
    "verdict",
    "report__title",
    "report__slug",
    "report__status",
    "report__publish_at",
    "author",
    "session__title",
    "session__slug",
    "session__kind",
    "session__track",
    "session__summit__name",
    "session__summit__slug",
    "session__summit__start_date",
)


class WriteUpQuerySet(models.QuerySet):
    def published(self):
        return self.filter(published_q("report__"))

    def with_related(self):
        """The report (for its title, link and summit, without its long texts), the author, the
        session with its track and summit, and the tags in name order."""
        return (
            self.select_related("report__summit", "author", "session__track", "session__summit")
            .defer(
                "search_vector",
                "search_extra",
                "report__search_vector",
                "report__search_extra",
                "report__introduction",
                "report__introduction_html",
                "report__takeaways",
                "report__takeaways_html",
            )
            .with_tags()
        )

    def with_tags(self):
        """Tags through the tagged items, in name order (WriteUp.tags_by_name)."""
        tagged = related_model(self.model, "taggedwriteup").objects.select_related("tag").order_by("tag__name")
        return self.prefetch_related(Prefetch("taggedwriteup_set", queryset=tagged, to_attr="tagged_by_name"))

    def as_rows(self):
        """What a row of a list shows (includes/writeup_item.html)."""
        # The author and the track (small tables) in queries of their own: joined in, each makes
        # PostgreSQL's planning of the list's query several times slower than running it.
        authors = related_model(self.model, "author").objects.only("display_name", "slug")
        tracks = related_model(related_model(self.model, "session"), "track").objects.only("name", "slug")
        return (
            self.select_related("report", "session__summit")
            .only(*WRITEUP_ROW_FIELDS)
            .prefetch_related(Prefetch("author", queryset=authors), Prefetch("session__track", queryset=tracks))
            .with_tags()
        )

    def newest_first(self):
        return self.order_by(*WRITEUPS_NEWEST_FIRST)


class SessionQuerySet(models.QuerySet):
    def published(self):
        """Sessions a published report names, written up or attended: a session only a draft
        mentions stays hidden."""
        writeups = related_model(self.model, "writeups").objects.published()
        attendances = related_model(self.model, "attendances").objects.filter(published_q("report__"))
        return self.filter(
            any_exists(writeups.filter(session=OuterRef("pk")), attendances.filter(session=OuterRef("pk")))
        )

    def with_speakers(self):
        """Speakers in programme order, for Session.speaker_list."""
        links = related_model(self.model, "session_speakers").objects.select_related("speaker")
        return self.prefetch_related(Prefetch("session_speakers", queryset=links, to_attr="speaker_links"))


# The newest report's first, each report's in the order of its sections and lines.
FOLLOW_UPS_NEWEST_FIRST = ("-report__publish_at", "-report_id", "section__order", "section_id", "position")


class FollowUpQuerySet(models.QuerySet):
    def published(self):
        return self.filter(published_q("report__"))

    def as_rows(self):
        """What a follow-up row shows (includes/follow_up.html): its report, section and project."""
        return self.select_related("report__summit", "section__session", "project").only(
            "text",
            "person",
            "done",
            "done_at",
            "report__slug",
            "report__title",
            "report__status",
            "report__publish_at",
            "report__summit__name",
            "report__summit__slug",
            "section__anchor",
            "section__heading",
            "section__report_id",
            "section__session__title",
            "project__name",
            "project__slug",
        )

    def newest_first(self):
        return self.order_by(*FOLLOW_UPS_NEWEST_FIRST)
