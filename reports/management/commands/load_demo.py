"""Load the demo site: summits, tracks, projects, authors, demo accounts, sessions and reports.

Safe to run again: everything is matched by its slug (or username, or its place in a report) and
brought back to the demo state; what the demo no longer lists is removed from its reports.
"""

import io
import re

from django.apps import apps
from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.utils import timezone
from django.utils.text import slugify
from PIL import Image as PILImage
from PIL import ImageDraw, ImageFont

from reports import demo_content as demo
from reports.models import (
    Attendance,
    Attendee,
    Author,
    CoveragePlan,
    FollowUp,
    Image,
    Project,
    Report,
    ReportAuthor,
    Session,
    SessionSpeaker,
    Speaker,
    Summit,
    SummitMember,
    Track,
    WriteUp,
)
from reports.roles import ensure_roles

# What a session is when the demo does not say otherwise: a rerun resets a fact the demo dropped.
SESSION_DEFAULTS = {
    "kind": Session.Kind.BREAKOUT,
    "status": Session.Status.HELD,
    "status_note": "",
    "description": "",
    "day": None,
    "start_time": None,
    "end_time": None,
    "video_url": "",
    "slides_url": "",
    "etherpad_url": "",
}
IMAGE_PLACEHOLDER = re.compile(r"\{image:([\w-]+)\}")


class Command(BaseCommand):
    help = "Load (or reset) the demo content and demo accounts. Refuses to run when DEBUG is off."

    def handle(self, *args, **options):
        if not settings.DEBUG:
            raise CommandError(
                "load_demo only runs with DEBUG on: it creates accounts whose passwords are in the README."
            )
        with transaction.atomic():
            ensure_roles(apps)
            self.summits = self.load_summits()
            tracks = self.load_simple(Track, demo.TRACKS, ["name", "slug", "description"])
            projects = self.load_simple(Project, demo.PROJECTS, ["name", "slug", "homepage", "description"])
            self.authors = self.load_authors()
            self.load_accounts()
            self.images = self.load_images()
            self.sessions = self.load_sessions(tracks, projects)
            self.load_reports()
            self.load_coverage_board()
            self.mark_follow_ups_done()
        self.stdout.write(self.style.SUCCESS("Demo content is loaded."))
        for account in demo.ACCOUNTS:
            self.stdout.write(f"  {account['group']:<12} {account['username']} / {account['password']}")

    def step(self, label, count):
        self.stdout.write(f"  {label:<14} {count}")

    # -- Reference data ---------------------------------------------------------------------------

    def load_summits(self):
        summits = {}
        for data in demo.SUMMITS:
            fields = {key: value for key, value in data.items() if key != "slug"}
            summits[data["slug"]], _ = Summit.objects.update_or_create(slug=data["slug"], defaults=fields)
        self.step("summits", len(summits))
        return summits

    def load_simple(self, model, rows, field_names):
        objects = {}
        for row in rows:
            values = dict(zip(field_names, row, strict=True))
            objects[values["slug"]], _ = model.objects.update_or_create(slug=values["slug"], defaults=values)
        self.step(model._meta.verbose_name_plural, len(objects))
        return objects

    def load_authors(self):
        authors = {}
        for data in demo.AUTHORS:
            fields = {key: value for key, value in data.items() if key != "slug"}
            authors[data["slug"]], _ = Author.objects.update_or_create(slug=data["slug"], defaults=fields)
        self.step("authors", len(authors))
        return authors

    def load_accounts(self):
        User = get_user_model()
        for account in demo.ACCOUNTS:
            user, _ = User.objects.get_or_create(username=account["username"])
            user.email = account["email"]
            user.is_staff = True
            user.is_active = True
            user.set_password(account["password"])
            user.save()
            user.groups.set([Group.objects.get(name=account["group"])])
            author = self.authors[account["author"]]
            author.user = user
            author.save(update_fields=["user"])
        self.step("accounts", len(demo.ACCOUNTS))

    def load_images(self):
        images = {}
        for data in demo.IMAGES:
            path = f"images/demo/{data['key']}.png"
            if not default_storage.exists(path):
                default_storage.save(path, ContentFile(draw_picture(data)))
            images[data["key"]], _ = Image.objects.update_or_create(file=path, defaults={"alt_text": data["alt_text"]})
        self.step("images", len(images))
        return images

    def load_sessions(self, tracks, projects):
        sessions = {}
        for summit_slug, rows in demo.SESSIONS.items():
            for data in rows:
                facts = {
                    key: value for key, value in data.items() if key not in {"slug", "track", "projects", "speakers"}
                }
                fields = {**SESSION_DEFAULTS, **facts, "track": tracks[data["track"]]}
                session, _ = Session.objects.update_or_create(
                    summit=self.summits[summit_slug], slug=data["slug"], defaults=fields
                )
                session.projects.set([projects[slug] for slug in data["projects"]])
                self.set_speakers(session, data.get("speakers", []))
                sessions[(summit_slug, data["slug"])] = session
        self.step("sessions", len(sessions))
        self.step("speakers", Speaker.objects.filter(sessions__in=sessions.values()).distinct().count())
        return sessions

    @staticmethod
    def set_speakers(session, speakers):
        """Speakers in programme order: each a name, or a dict of name, role, affiliation. The
        programme is rewritten only when it differs."""
        wanted = []
        for entry in speakers:
            entry = {"name": entry} if isinstance(entry, str) else entry
            fields = {key: entry.get(key, "") for key in ("name", "role", "affiliation")}
            speaker, _ = Speaker.objects.update_or_create(slug=slugify(entry["name"]), defaults=fields)
            wanted.append(speaker)
        current = session.session_speakers.order_by("order", "pk").values_list("speaker_id", flat=True)
        if list(current) != [speaker.pk for speaker in wanted]:
            session.session_speakers.all().delete()
            for order, speaker in enumerate(wanted):
                SessionSpeaker.objects.create(session=session, speaker=speaker, order=order)

    # -- Reports ----------------------------------------------------------------------------------

    def load_reports(self):
        totals = dict.fromkeys(["write-ups", "free sections", "attended", "attendees"], 0)
        for data in demo.REPORTS:
            report = self.load_report(data)
            byline = self.set_byline(report, [self.authors[slug] for slug in data["authors"]])
            self.load_sections(report, data, byline)
            self.load_attendances(report, data, byline)
            self.load_attendees(report, data)
            totals["write-ups"] += report.writeups.filter(session__isnull=False).count()
            totals["free sections"] += report.writeups.filter(session__isnull=True).count()
            totals["attended"] += report.attendances.count()
            totals["attendees"] += report.attendees.count()
        self.step("reports", len(demo.REPORTS))
        for label, count in totals.items():
            self.step(label, count)

    def load_report(self, data):
        cover = data.get("cover")
        report, _ = Report.objects.update_or_create(
            slug=data["slug"],
            defaults={
                "summit": self.summits[data["summit"]],
                "title": data["title"],
                "summary": data["summary"],
                "introduction": self.markdown(data["introduction"]),
                "takeaways": self.markdown(data["takeaways"]),
                "status": data["status"],
                "publish_at": data["publish_at"],
                "covers_day": data.get("covers_day"),
                # The demo picture is stored already: the field takes its name, nothing is uploaded.
                "cover_image": self.images[cover].file.name if cover else "",
                "cover_caption": data.get("cover_caption", ""),
            },
        )
        report.tags.set(data["tags"])
        return report

    @staticmethod
    def set_byline(report, byline):
        report.report_authors.exclude(author__in=byline).delete()
        for order, author in enumerate(byline):
            ReportAuthor.objects.update_or_create(report=report, author=author, defaults={"order": order})
        return byline

    def load_sections(self, report, data, byline):
        """Write-ups (an item with a session) and free sections (an item with a heading), in order."""
        kept = []
        for order, item in enumerate(data["sections"]):
            if "session" in item:
                match = {"session": self.session(data, item), "heading": ""}
            else:
                match = {"session": None, "heading": item["heading"]}
            section, _ = WriteUp.objects.update_or_create(
                report=report,
                **match,
                defaults={
                    "day": item.get("day"),  # a write-up's day is its session's
                    "verdict": item.get("verdict", ""),
                    "body": self.markdown(item["body"]),
                    "order": order,
                    "author": self.author(item, byline),
                },
            )
            section.tags.set(item.get("tags", []))
            kept.append(section.pk)
        report.writeups.exclude(pk__in=kept).delete()

    def load_attendances(self, report, data, byline):
        kept = []
        for order, item in enumerate(data.get("attended", [])):
            entry, _ = Attendance.objects.update_or_create(
                report=report,
                session=self.session(data, item),
                defaults={"note": item.get("note", ""), "order": order, "author": self.author(item, byline)},
            )
            kept.append(entry.pk)
        report.attendances.exclude(pk__in=kept).delete()

    def load_attendees(self, report, data):
        kept = []
        for order, item in enumerate(data.get("attendees", [])):
            attendee, _ = Attendee.objects.update_or_create(
                report=report,
                name=item["name"],
                defaults={
                    "affiliation": item.get("affiliation", ""),
                    "author": self.authors[item["author"]] if item.get("author") else None,
                    "order": order,
                },
            )
            kept.append(attendee.pk)
        report.attendees.exclude(pk__in=kept).delete()

    def session(self, report_data, item):
        return self.sessions[(report_data["summit"], item["session"])]

    # -- Summit week ------------------------------------------------------------------------------

    def mark_follow_ups_done(self):
        """Follow-ups come from the texts (reports.followups); a few were since marked done."""
        for username, text in demo.DONE_FOLLOW_UPS:
            user = get_user_model().objects.get(username=username)
            FollowUp.objects.filter(text=text).update(done=True, done_at=timezone.now(), done_by=user)
        self.step("follow-ups", FollowUp.objects.count())

    def load_coverage_board(self):
        """A summit's team, the illustrative times of a few of its sessions, and the team's plans."""
        board = demo.COVERAGE_BOARD
        summit = self.summits[board["summit"]]
        users = {user.username: user for user in get_user_model().objects.filter(username__in=board["team"])}
        SummitMember.objects.filter(summit=summit).exclude(user__in=users.values()).delete()
        for user in users.values():
            SummitMember.objects.get_or_create(summit=summit, user=user)
        for slug, (start, end) in board["times"].items():
            session = self.sessions[(board["summit"], slug)]
            session.start_time, session.end_time = start, end
            session.save(update_fields=["start_time", "end_time"])
        CoveragePlan.objects.filter(session__summit=summit).delete()
        for username, slug, plan in board["plans"]:
            CoveragePlan.objects.create(session=self.sessions[(board["summit"], slug)], user=users[username], plan=plan)
        self.step("team members", len(users))
        self.step("plans", len(board["plans"]))

    def author(self, item, byline):
        """The item's own author, or the report's first."""
        return self.authors[item["author"]] if "author" in item else byline[0]

    def markdown(self, text):
        """The text with each `{image:key}` replaced by that demo picture's URL."""

        def url(match):
            if match.group(1) not in self.images:
                raise CommandError(f"The demo content refers to an unknown image: {match.group(0)}")
            return self.images[match.group(1)].file.url

        return IMAGE_PLACEHOLDER.sub(url, text.strip())


def draw_picture(data, size=(1200, 630)):
    """A simple two-colour illustration with a title (and boxes, or a chart line), as PNG bytes."""
    width, height = size
    top, bottom = (PILImage.new("RGB", (1, 1), color).getpixel((0, 0)) for color in data["colors"])
    picture = PILImage.new("RGB", size)
    draw = ImageDraw.Draw(picture)
    for y in range(height):
        mix = y / height
        draw.line([(0, y), (width, y)], fill=tuple(round(a + (b - a) * mix) for a, b in zip(top, bottom, strict=True)))
    if data.get("line"):
        draw.line(data["line"], fill=(255, 255, 255), width=6, joint="curve")
    else:
        for i in range(6):
            x = 80 + i * 180
            draw.rectangle([x, height - 120 - i * 25, x + 120, height - 60], outline=(255, 255, 255), width=3)
    draw.text((80, 150), data["title"], fill=(255, 255, 255), font=ImageFont.load_default(size=96))
    draw.text((84, 280), data["subtitle"], fill=(255, 214, 196), font=ImageFont.load_default(size=44))
    buffer = io.BytesIO()
    picture.save(buffer, format="PNG", optimize=True)
    return buffer.getvalue()
