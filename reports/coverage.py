"""Who covers which session of a summit: the team's plans, and what the reports show was covered.

The board (an admin page for the summit's team and the editors) puts both side by side per time
slot: who plans to attend or write up each session, who did (from the reports the viewer may
see), the sessions nobody covers, those two people plan to write up, and each person's clashes
(two planned sessions that overlap). The public figures count published reports only.
"""

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date, datetime, time

from django.contrib.auth import get_user_model
from django.db.models import Count, Q

from .models import Attendance, CoveragePlan, Report, ReportAuthor, Session, SummitMember, WriteUp
from .querysets import published_q


def person_name(user):
    author = getattr(user, "author", None)
    return author.display_name if author else user.get_full_name() or user.get_username()


@dataclass
class SessionCoverage:
    """One session on the board."""

    session: Session
    attending: list = field(default_factory=list)  # names of those who plan to attend
    writing: list = field(default_factory=list)  # names of those who plan to write it up
    attended: list = field(default_factory=list)  # names, from the reports
    written: list = field(default_factory=list)  # names, from the reports
    clashing: list = field(default_factory=list)  # names of those whose plans overlap here
    viewer_plan: str = ""

    @property
    def planned(self):
        return bool(self.attending or self.writing)

    @property
    def covered(self):
        return bool(self.attended or self.written)

    @property
    def uncovered(self):
        return not self.planned and not self.covered

    @property
    def written_twice(self):
        return len(self.writing) > 1 or len(self.written) > 1


@dataclass
class Slot:
    """Sessions that start at the same time on the same day."""

    day: object
    start: object
    rows: list


@dataclass
class Clash:
    person: str
    first: Session
    second: Session


@dataclass
class Board:
    slots: list
    clashes: list
    members: list
    figures: dict


def interval(session):
    """(start, end) as datetimes, or None for a session without a time."""
    if session.day is None or session.start_time is None:
        return None
    end = session.end_time if session.end_time and session.end_time > session.start_time else session.start_time
    return datetime.combine(session.day, session.start_time), datetime.combine(session.day, end)


def overlap(first, second):
    """Whether two sessions' times overlap (a session without an end time lasts an instant)."""
    a, b = interval(first), interval(second)
    if a is None or b is None:
        return False
    if a[0] == b[0]:
        return True
    return a[0] < b[1] and b[0] < a[1]


def plans_of(summit):
    """The plans of a summit, per session id: (user, plan) pairs in name order."""
    plans = defaultdict(list)
    rows = CoveragePlan.objects.filter(session__summit=summit).select_related("user__author")
    for plan in sorted(rows, key=lambda row: person_name(row.user).lower()):
        plans[plan.session_id].append(plan)
    return plans


def reported_coverage(summit, reports):
    """Who attended and who wrote up each session, per session id, from `reports`."""
    attended, written = defaultdict(set), defaultdict(set)
    writeups = WriteUp.objects.filter(report__in=reports, session__summit=summit).select_related("author")
    for writeup in writeups.only("session_id", "author__display_name"):
        if writeup.author:
            written[writeup.session_id].add(writeup.author.display_name)
    first_authors = {}
    byline = ReportAuthor.objects.filter(report__in=reports).select_related("author").order_by("-order", "-pk")
    for link in byline.only("report_id", "author__display_name"):
        first_authors[link.report_id] = link.author.display_name  # the last one read is the first in order
    for attendance in Attendance.objects.filter(report__in=reports, session__summit=summit).select_related("author"):
        name = attendance.author.display_name if attendance.author else first_authors.get(attendance.report_id)
        if name:
            attended[attendance.session_id].add(name)
    return attended, written


def clashes_of(sessions, plans):
    """Each person's pairs of planned sessions that overlap, in time order."""
    by_person = defaultdict(list)
    for session in sessions:
        for plan in plans.get(session.pk, []):
            by_person[plan.user_id].append((session, plan.user))
    found = []
    for entries in by_person.values():
        for index, (first, user) in enumerate(entries):
            found += [
                Clash(person_name(user), first, second) for second, _ in entries[index + 1 :] if overlap(first, second)
            ]
    return found


def board(summit, viewer):
    """The coverage board of `summit` as `viewer` sees it (reports: the published ones and those
    the viewer may edit, so nobody learns of someone else's draft)."""
    sessions = list(
        Session.objects.filter(summit=summit).select_related("track").order_by("day", "start_time", "title", "pk")
    )
    plans = plans_of(summit)
    reports = Report.objects.filter(Q(published_q()) | Q(pk__in=Report.objects.editable_by(viewer).values("pk")))
    attended, written = reported_coverage(summit, reports.filter(summit=summit))
    clashes = clashes_of(sessions, plans)
    clashing = defaultdict(set)
    for clash in clashes:
        clashing[clash.first.pk].add(clash.person)
        clashing[clash.second.pk].add(clash.person)
    rows = []
    for session in sessions:
        session_plans = plans.get(session.pk, [])
        rows.append(
            SessionCoverage(
                session=session,
                attending=[person_name(p.user) for p in session_plans if p.plan == CoveragePlan.Plan.ATTEND],
                writing=[person_name(p.user) for p in session_plans if p.plan == CoveragePlan.Plan.WRITE],
                attended=sorted(attended[session.pk] - written[session.pk]),
                written=sorted(written[session.pk]),
                clashing=sorted(clashing[session.pk]),
                viewer_plan=next((p.plan for p in session_plans if p.user_id == viewer.pk), ""),
            )
        )
    return Board(slots=slots_of(rows), clashes=clashes, members=team_of(summit), figures=figures_of(rows))


def slots_of(rows):
    """Rows grouped by (day, start time); in each day the sessions without a time come last, and
    the sessions without a day after every day."""
    slots = []
    for row in rows:
        key = (row.session.day, row.session.start_time)
        if slots and (slots[-1].day, slots[-1].start) == key:
            slots[-1].rows.append(row)
        else:
            slots.append(Slot(day=key[0], start=key[1], rows=[row]))
    return sorted(
        slots, key=lambda slot: (slot.day is None, slot.day or date.min, slot.start is None, slot.start or time())
    )


def figures_of(rows):
    return {
        "sessions": len(rows),
        "planned": sum(row.planned for row in rows),
        "attended": sum(row.covered for row in rows),
        "written": sum(bool(row.written) for row in rows),
        "uncovered": sum(row.uncovered for row in rows),
        "written_twice": sum(row.written_twice for row in rows),
    }


def team_of(summit):
    """The summit's team members, by name."""
    users = get_user_model().objects.filter(summit_memberships__summit=summit).select_related("author")
    return sorted(users, key=lambda user: person_name(user).lower())


def may_see_board(user, summit):
    """Editors see every board; a contributor sees the boards of the summits they are on the team of."""
    if not (user.is_active and user.is_staff):
        return False
    if user.has_perm("reports.publish_report"):
        return True
    return SummitMember.objects.filter(summit=summit, user=user).exists()


def public_figures(summit):
    """What the summit's published reports cover: attendees (their authors), sessions attended
    (written up or noted as attended) and sessions written up."""
    reports = Report.objects.published().filter(summit=summit)
    attendees = ReportAuthor.objects.filter(report__in=reports).aggregate(n=Count("author", distinct=True))["n"]
    written = Q(pk__in=WriteUp.objects.filter(report__in=reports, session__isnull=False).values("session"))
    attended = Q(pk__in=Attendance.objects.filter(report__in=reports).values("session"))
    figures = Session.objects.filter(summit=summit).aggregate(
        sessions=Count("pk"), attended=Count("pk", filter=written | attended), written=Count("pk", filter=written)
    )
    return {**figures, "attendees": attendees, "uncovered": figures["sessions"] - figures["attended"]}
