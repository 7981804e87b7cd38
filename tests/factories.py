"""Small helpers that create domain objects with sensible defaults (instead of fixture files)."""

import functools
import itertools
from datetime import date, timedelta

from django.apps import apps
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.test import TestCase
from django.utils import timezone
from django.utils.text import slugify

from reports.models import (
    Author,
    Project,
    Report,
    ReportAuthor,
    Session,
    SessionSpeaker,
    Speaker,
    Summit,
    Track,
    WriteUp,
)
from reports.roles import ensure_roles

_sequence = itertools.count(1)


def committed(make):
    """Run what the saves of `make` leave for their commit (search vectors, reports.signals), as
    the commit of a real request would: a test's own transaction never commits."""

    @functools.wraps(make)
    def made(*args, **kwargs):
        with TestCase.captureOnCommitCallbacks(execute=True):
            return make(*args, **kwargs)

    return made


def unique(prefix):
    return f"{prefix}-{next(_sequence)}"


def make_summit(**fields):
    slug = fields.pop("slug", unique("summit"))
    start = fields.pop("start_date", date(2017, 5, 8))
    return Summit.objects.create(
        slug=slug,
        name=fields.pop("name", f"Summit {slug}"),
        city=fields.pop("city", "Boston"),
        country=fields.pop("country", "United States"),
        start_date=start,
        end_date=fields.pop("end_date", start + timedelta(days=3)),
        **fields,
    )


def make_track(**fields):
    slug = fields.pop("slug", unique("track"))
    return Track.objects.create(slug=slug, name=fields.pop("name", f"Track {slug}"), **fields)


def make_project(**fields):
    slug = fields.pop("slug", unique("project"))
    return Project.objects.create(slug=slug, name=fields.pop("name", f"Project {slug}"), **fields)


def make_user(username=None, role=None, password="pass-for-tests"):
    user = get_user_model().objects.create_user(
        username=username or unique("user"), password=password, is_staff=role is not None
    )
    if role:
        if not Group.objects.filter(name=role).exists():  # a transactional test's flush removed it
            ensure_roles(apps)
        user.groups.add(Group.objects.get(name=role))
    return user


def make_author(user=None, **fields):
    slug = fields.pop("slug", unique("author"))
    return Author.objects.create(
        user=user, slug=slug, display_name=fields.pop("display_name", f"Author {slug}"), **fields
    )


def make_speaker(name, **fields):
    speaker, _ = Speaker.objects.get_or_create(slug=slugify(name), defaults={"name": name, **fields})
    return speaker


def make_session(summit=None, speakers=(), **fields):
    """A session; `speakers` are names or Speaker objects, in programme order."""
    summit = summit or make_summit()
    slug = fields.pop("slug", unique("session"))
    projects = fields.pop("projects", [])
    session = Session.objects.create(summit=summit, slug=slug, title=fields.pop("title", f"Session {slug}"), **fields)
    session.projects.set(projects)
    for order, speaker in enumerate(speakers):
        speaker = speaker if isinstance(speaker, Speaker) else make_speaker(speaker)
        SessionSpeaker.objects.create(session=session, speaker=speaker, order=order)
    return session


@committed
def make_report(summit=None, authors=(), status=Report.Status.PUBLISHED, publish_at="now", tags=(), **fields):
    summit = summit or make_summit()
    if publish_at == "now":
        publish_at = timezone.now() - timedelta(minutes=1) if status == Report.Status.PUBLISHED else None
    slug = fields.pop("slug", unique("report"))
    report = Report.objects.create(
        summit=summit,
        slug=slug,
        title=fields.pop("title", f"Report {slug}"),
        status=status,
        publish_at=publish_at,
        **fields,
    )
    for order, author in enumerate(authors or [make_author()]):
        ReportAuthor.objects.create(report=report, author=author, order=order)
    report.tags.set(list(tags))
    return report


@committed
def make_writeup(report, session=None, tags=(), **fields):
    """A write-up of `session` (a new one if none is given), or a free section when given a heading."""
    if session is None and not fields.get("heading"):
        session = make_session(summit=report.summit)
    writeup = WriteUp.objects.create(
        report=report, session=session, body=fields.pop("body", "Notes on the session."), **fields
    )
    writeup.tags.set(list(tags))
    return writeup
