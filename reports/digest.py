"""A summit's digest: one page for the colleagues who stayed home, from its published reports.

Sessions by track, each with who covered it (write-ups with their first lines and verdict, and
who only attended), the free sections, the follow-ups, and coverage figures; an editor's pinned
introduction on top. Everything comes from the summit's published reports (reports.subjects),
so the digest changes when a report is published and never shows a draft.
"""

from dataclasses import dataclass, field
from datetime import date, time

from django.db.models import Max
from django.utils.text import Truncator

from . import coverage
from .models import Attendance, FollowUp, Session
from .querysets import WRITEUP_ROW_FIELDS
from .subjects import SUMMIT

FIRST_WORDS = 45
# A list row's fields, and where the session sits in the schedule.
DIGEST_WRITEUP_FIELDS = (*WRITEUP_ROW_FIELDS, "session_id", "session__status", "session__day", "session__start_time")


@dataclass
class DigestSession:
    session: Session
    writeups: list = field(default_factory=list)
    attended_by: list = field(default_factory=list)


@dataclass
class DigestTrack:
    name: str
    slug: str
    sessions: list


@dataclass
class SummitDigest:
    summit: object
    tracks: list
    free_sections: list
    follow_ups: list
    figures: dict
    reports: list
    updated: object

    @property
    def is_empty(self):
        return not self.reports


def first_lines(writeup):
    return Truncator(writeup.body_text[:1500]).words(FIRST_WORDS)


def session_entries(summit):
    """Published write-ups and one-line attendances per session of the summit, in programme order."""
    writeups = (
        SUMMIT.writeups(summit)
        .select_related("report", "author", "session__track", "session__summit")
        .only(*DIGEST_WRITEUP_FIELDS)
        .order_by("report__publish_at", "order", "pk")
    )
    entries, free_sections = {}, []
    for writeup in writeups:
        writeup.first_lines = first_lines(writeup)
        if writeup.session_id is None:
            free_sections.append(writeup)
            continue
        entries.setdefault(writeup.session_id, DigestSession(writeup.session)).writeups.append(writeup)
    attendances = Attendance.objects.filter(report__in=SUMMIT.reports(summit).values("pk")).select_related(
        "session__track", "session__summit", "author"
    )
    first_authors = {report.pk: report.ordered_authors[:1] for report in SUMMIT.reports(summit).with_byline()}
    for attendance in attendances.order_by("session__day", "session__start_time", "pk"):
        who = attendance.author or next(iter(first_authors.get(attendance.report_id, [])), None)
        entry = entries.setdefault(attendance.session_id, DigestSession(attendance.session))
        if who and who not in entry.attended_by:
            entry.attended_by.append(who)
    return entries, free_sections


def programme_order(entry):
    session = entry.session
    return session.day is None, session.day or date.min, session.start_time or time.min, session.title


def by_track(entries):
    """Sessions grouped by track (name order; sessions without one last), in programme order."""
    tracks = {}
    for entry in entries.values():
        track = entry.session.track
        key = (track is None, track.name if track else "", track.slug if track else "")
        tracks.setdefault(key, []).append(entry)
    return [
        DigestTrack(
            name=name or "Other sessions",
            slug=slug,
            sessions=sorted(sessions, key=programme_order),
        )
        for (_, name, slug), sessions in sorted(tracks.items())
    ]


def summit_digest(summit):
    """The digest of `summit` from its published reports."""
    entries, free_sections = session_entries(summit)
    reports = list(SUMMIT.reports(summit).as_cards().newest_first())
    follow_ups = FollowUp.objects.published().filter(report__summit=summit).as_rows()
    return SummitDigest(
        summit=summit,
        tracks=by_track(entries),
        free_sections=free_sections,
        follow_ups=list(follow_ups.order_by("done", "report__publish_at", "section__order", "position")),
        figures=coverage.public_figures(summit),
        reports=reports,
        updated=SUMMIT.reports(summit).aggregate(latest=Max("publish_at"))["latest"],
    )
