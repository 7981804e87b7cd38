"""A summit's schedule from the files conference sites export: iCalendar (.ics) or CSV.

Each event becomes a session of the summit with its day, times, track, kind and speakers.
Importing the same schedule again updates the sessions instead of duplicating them: an iCalendar
event is matched by its UID, a CSV row by its `uid` column or else by its title and day.

CSV columns (a header row; only `title` is required): title, day (YYYY-MM-DD), start, end
(HH:MM), track, kind, speakers ("Name (Role, Affiliation); Name ..."), description, uid. An
iCalendar event's speakers come from an X-SPEAKERS property written the same way, or from its
attendees whose role is CHAIR.
"""

import csv
import io
import re
from dataclasses import dataclass, field
from datetime import date, datetime, time

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.text import slugify

from .models import Session, SessionSpeaker, Speaker, Track

SPEAKER = re.compile(r"^\s*(?P<name>[^(]+?)\s*(?:\((?P<about>[^)]*)\))?\s*$")
MAX_EVENTS = 5000


@dataclass
class ScheduledSession:
    title: str
    day: date | None = None
    start: time | None = None
    end: time | None = None
    track: str = ""
    kind: str = ""
    description: str = ""
    uid: str = ""
    speakers: list = field(default_factory=list)  # (name, role, affiliation)


def parse_speakers(text):
    speakers = []
    for part in (text or "").split(";"):
        match = SPEAKER.match(part)
        if not match or not match.group("name").strip():
            continue
        about = [piece.strip() for piece in (match.group("about") or "").split(",", 1)]
        role, affiliation = (about + ["", ""])[:2] if len(about) == 2 else ("", about[0])
        speakers.append((match.group("name").strip(), role, affiliation))
    return speakers


def read_ics(content, summit_zone):
    """Events of an iCalendar file; times in the summit's zone when the file gives a zone."""
    import icalendar

    try:
        calendar = icalendar.Calendar.from_ical(content)
    except ValueError as error:
        raise ValidationError(f"This is not an iCalendar file we can read: {error}") from error
    sessions = []
    for event in calendar.walk("VEVENT")[:MAX_EVENTS]:
        start, end = event.decoded("DTSTART", None), event.decoded("DTEND", None)
        categories = event.get("CATEGORIES")
        track = categories.cats[0] if categories is not None and getattr(categories, "cats", None) else ""
        sessions.append(
            ScheduledSession(
                title=str(event.get("SUMMARY", "")).strip(),
                day=local(start, summit_zone).date() if isinstance(start, datetime) else start,
                start=local(start, summit_zone).time() if isinstance(start, datetime) else None,
                end=local(end, summit_zone).time() if isinstance(end, datetime) else None,
                track=str(track),
                description=str(event.get("DESCRIPTION", "")).strip(),
                uid=str(event.get("UID", "")).strip(),
                speakers=ics_speakers(event),
            )
        )
    return sessions


def ics_speakers(event):
    """Speakers from X-SPEAKERS (as in the CSV) or from the attendees named as chairs (CN)."""
    if event.get("X-SPEAKERS"):
        return parse_speakers(str(event.get("X-SPEAKERS")))
    attendees = event.get("ATTENDEE") or []
    attendees = attendees if isinstance(attendees, list) else [attendees]
    return [
        (str(a.params.get("CN")), "", "") for a in attendees if a.params.get("ROLE") == "CHAIR" and a.params.get("CN")
    ]


def local(moment, zone):
    if timezone.is_naive(moment):
        return moment
    return moment.astimezone(zone)


def read_csv(content):
    try:
        text = content.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        raise ValidationError("This CSV file is not UTF-8 text.") from error
    reader = csv.DictReader(io.StringIO(text))
    if not reader.fieldnames or "title" not in [name.strip().lower() for name in reader.fieldnames]:
        raise ValidationError("The CSV file needs a header row with at least a “title” column.")
    sessions = []
    for line, row in enumerate(reader, start=2):
        if line > MAX_EVENTS + 1:
            break
        # Values past the header's columns (an unquoted comma) come under the key None: dropped.
        row = {key.strip().lower(): (value or "").strip() for key, value in row.items() if isinstance(key, str)}
        try:
            sessions.append(csv_session(row))
        except ValueError as error:
            raise ValidationError(f"Line {line}: {error}") from error
    return sessions


def csv_session(row):
    def parsed(value, kind):
        if not value:
            return None
        return date.fromisoformat(value) if kind == "day" else time.fromisoformat(value)

    return ScheduledSession(
        title=row.get("title", ""),
        day=parsed(row.get("day"), "day"),
        start=parsed(row.get("start"), "time"),
        end=parsed(row.get("end"), "time"),
        track=row.get("track", ""),
        kind=row.get("kind", ""),
        description=row.get("description", ""),
        uid=row.get("uid", ""),
        speakers=parse_speakers(row.get("speakers", "")),
    )


def read_schedule(name, content, summit_zone):
    if name.lower().endswith((".ics", ".ical", ".ifb")):
        return read_ics(content, summit_zone)
    if name.lower().endswith(".csv"):
        return read_csv(content)
    raise ValidationError("Import an iCalendar (.ics) or CSV (.csv) file.")


@transaction.atomic
def import_schedule(summit, scheduled):
    """Create or update the summit's sessions; returns (created, updated)."""
    created = updated = 0
    for entry in scheduled:
        if not entry.title:
            continue
        if entry.day and not summit.start_date <= entry.day <= summit.end_date:
            raise ValidationError(f"“{entry.title}” is on {entry.day}, outside {summit.name}'s dates.")
        session, is_new = Session.objects.get_or_create(
            summit=summit, **matching(summit, entry), defaults=fields_of(entry)
        )
        if not is_new:
            for name, value in fields_of(entry).items():
                setattr(session, name, value)
            session.save()
        set_speakers(session, entry.speakers)
        created, updated = created + is_new, updated + (not is_new)
    return created, updated


def matching(summit, entry):
    if entry.uid:
        existing = Session.objects.filter(summit=summit, source_uid=entry.uid).values_list("slug", flat=True).first()
        return {"slug": existing or free_slug(summit, entry.title)}
    same = Session.objects.filter(summit=summit, title__iexact=entry.title, day=entry.day).values_list(
        "slug", flat=True
    )
    return {"slug": same.first() or free_slug(summit, entry.title)}


def free_slug(summit, title):
    base = slugify(title)[:240] or "session"
    slug, number = base, 2
    while Session.objects.filter(summit=summit, slug=slug).exists():
        slug, number = f"{base}-{number}", number + 1
    return slug


def fields_of(entry):
    track = None
    if entry.track:
        track, _ = Track.objects.get_or_create(name=entry.track, defaults={"slug": slugify(entry.track)[:100]})
    kind = entry.kind.lower() if entry.kind.lower() in Session.Kind.values else Session.Kind.BREAKOUT
    return {
        "title": entry.title[:255],
        "day": entry.day,
        "start_time": entry.start,
        "end_time": entry.end,
        "track": track,
        "kind": kind,
        "description": entry.description,
        "source_uid": entry.uid[:255],
    }


def set_speakers(session, speakers):
    if not speakers:
        return
    session.session_speakers.all().delete()
    for order, (name, role, affiliation) in enumerate(speakers):
        speaker = Speaker.objects.filter(name__iexact=name).first()
        if speaker is None:
            speaker = Speaker.objects.create(
                name=name, slug=free_speaker_slug(name), role=role, affiliation=affiliation
            )
        SessionSpeaker.objects.create(session=session, speaker=speaker, order=order)


def free_speaker_slug(name):
    base = slugify(name)[:140] or "speaker"
    slug, number = base, 2
    while Speaker.objects.filter(slug=slug).exists():
        slug, number = f"{base}-{number}", number + 1
    return slug
