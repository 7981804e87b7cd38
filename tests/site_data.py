"""A small but complete site: every page type has something to show, in every visibility state."""

from dataclasses import dataclass, field
from datetime import date, timedelta

from django.utils import timezone

from reports.models import Attendance, Attendee, Report

from .factories import (
    make_author,
    make_project,
    make_report,
    make_session,
    make_summit,
    make_track,
    make_writeup,
)

HIDDEN_STATES = ("draft", "review", "scheduled")


@dataclass
class Site:
    summits: list = field(default_factory=list)
    reports: list = field(default_factory=list)
    hidden: dict = field(default_factory=dict)  # state -> a report nobody may see
    sessions: list = field(default_factory=list)
    attended: list = field(default_factory=list)  # sessions only attended, written up by nobody

    def page_urls(self):
        """One URL per public page type (and the filtered and searched variants)."""
        report, summit, session = self.reports[0], self.summits[0], self.sessions[0]
        track, project = session.track, session.projects.first()
        tag = report.tags.first()
        author = report.report_authors.first().author
        return {
            "home": "/",
            "report": report.get_absolute_url(),
            "report-list": "/reports/",
            "report-list-filtered": (
                f"/reports/?summit={summit.slug}&tag={tag.slug}&q=ceph&year={summit.start_date.year}"
            ),
            "writeup-list": "/writeups/",
            "writeup-list-filtered": f"/writeups/?track={track.slug}&project={project.slug}&kind=breakout&q=ceph",
            "summits": "/summits/",
            "summit": summit.get_absolute_url(),
            "session": session.get_absolute_url(),
            "tracks": "/tracks/",
            "track": track.get_absolute_url(),
            "projects": "/projects/",
            "project": project.get_absolute_url(),
            "tags": "/tags/",
            "tag": f"/tags/{tag.slug}/",
            "authors": "/authors/",
            "author": author.get_absolute_url(),
            "speakers": "/speakers/",
            "speaker": session.speaker_list[0].get_absolute_url(),
            "attended-session": self.attended[0].get_absolute_url(),
            "search": "/search/?q=ceph",
        }


def build_site(scale=1, hidden=True, prefix=""):
    """`scale` multiplies summits, reports, write-ups and tags; the page shapes stay the same.

    A `prefix` on names lets a second site be built beside the first.
    """
    site = Site()
    names = ("Storage", "Networking", "Keynotes")[: 1 + min(scale, 2)]
    tracks = [make_track(name=f"{prefix}{name}") for name in names]
    projects = [make_project(name=f"{prefix}Ceph {n}" if n else f"{prefix}Ceph") for n in range(2 * scale)]
    authors = [make_author(display_name=f"{prefix}Writer {n}") for n in range(2 * scale)]
    tags = [f"{prefix}topic-{n}" for n in range(3 * scale)] + ["ceph"]
    for s in range(scale + 1):
        summit = make_summit(name=f"{prefix}Summit {s}", start_date=date(2013 + s, 5, 8))
        site.summits.append(summit)
        sessions = [
            make_session(
                summit=summit,
                title=f"Ceph session {n}",
                track=tracks[n % len(tracks)],
                projects=projects[n % len(projects) : n % len(projects) + 2],
                kind="breakout",
                speakers=["Ann Speaker", "Bo Speaker"],
                video_url="https://video.example/x",
            )
            for n in range(2 + scale)
        ]
        site.sessions.extend(sessions)
        site.attended.append(sessions[-1])
        for r in range(scale + 1):
            report = make_report(
                summit=summit,
                authors=authors[r % len(authors) : r % len(authors) + 2],
                tags=tags[r : r + 3] + ["ceph"],
                title=f"Ceph at summit {s}, report {r}",
                summary="Storage notes about Ceph.",
                introduction="An introduction with a footnote.[^1]\n\n[^1]: A note.",
                takeaways="| a | b |\n|---|---|\n| 1 | 2 |",
                publish_at=timezone.now() - timedelta(days=100 - s - r),
            )
            site.reports.append(report)
            for n, session in enumerate(sessions[:-1]):
                make_writeup(
                    report,
                    session=session,
                    tags=tags[n : n + 2] + ["ceph"],
                    order=n,
                    verdict="recommended" if n % 2 else "",
                    body=f"Ceph write-up {n}.[^1]\n\n```ini\nkey = value\n```\n\n[^1]: Footnote.",
                )
            make_writeup(
                report,
                heading="Hallway notes",
                day=summit.start_date,
                order=90,
                body="Ceph in the hallway.",
                tags=["ceph"],
            )
            Attendance.objects.create(report=report, session=sessions[-1], note="Went for the demo.")
            Attendee.objects.create(report=report, name=f"{prefix}Colleague {s}.{r}", affiliation="Acme")
    site.reports.sort(key=lambda report: report.publish_at, reverse=True)
    if hidden:
        summit, session = site.summits[0], site.sessions[0]
        for state in HIDDEN_STATES:
            report = make_report(
                summit=summit,
                title=f"Secret {state} report",
                summary=f"secretword{state}",
                tags=[f"{prefix}secret-{state}"],
                status=Report.Status.PUBLISHED if state == "scheduled" else state,
                publish_at=timezone.now() + timedelta(days=1) if state == "scheduled" else None,
            )
            hidden_session = make_session(summit=summit, title=f"Secret {state} session", track=tracks[0])
            make_writeup(
                report, session=hidden_session, tags=[f"{prefix}secret-{state}"], body=f"secretword{state} body"
            )
            make_writeup(report, session=session, body=f"secretword{state} on a public session")
            site.hidden[state] = report
    return site
