"""Load the demo site: summits, tracks, projects, authors, demo accounts, sessions and reports.

Safe to run again: everything is matched by its slug (or username) and brought back to the demo state.
"""

import io

from django.apps import apps
from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.utils.text import slugify
from PIL import Image as PILImage
from PIL import ImageDraw, ImageFont

from reports import demo_content as demo
from reports.models import (
    Author,
    Image,
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


class Command(BaseCommand):
    help = "Load (or reset) the demo content and demo accounts. Refuses to run when DEBUG is off."

    def handle(self, *args, **options):
        if not settings.DEBUG:
            raise CommandError(
                "load_demo only runs with DEBUG on: it creates accounts whose passwords are in the README."
            )
        with transaction.atomic():
            ensure_roles(apps)
            summits = self.load_summits()
            tracks = self.load_simple(Track, demo.TRACKS, ["name", "slug", "description"])
            projects = self.load_simple(Project, demo.PROJECTS, ["name", "slug", "homepage", "description"])
            authors = self.load_authors()
            self.load_accounts(authors)
            images = self.load_images()
            sessions = self.load_sessions(summits, tracks, projects)
            self.load_reports(summits, authors, sessions, images)
        self.stdout.write(self.style.SUCCESS("Demo content is loaded."))
        for account in demo.ACCOUNTS:
            self.stdout.write(f"  {account['group']:<12} {account['username']} / {account['password']}")

    def step(self, label, count):
        self.stdout.write(f"  {label:<10} {count}")

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

    def load_accounts(self, authors):
        User = get_user_model()
        for account in demo.ACCOUNTS:
            user, _ = User.objects.get_or_create(username=account["username"])
            user.is_staff = True
            user.is_active = True
            user.set_password(account["password"])
            user.save()
            user.groups.set([Group.objects.get(name=account["group"])])
            author = authors[account["author"]]
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

    def load_sessions(self, summits, tracks, projects):
        sessions = {}
        for summit_slug, rows in demo.SESSIONS.items():
            for data in rows:
                ignored = {"slug", "track", "projects", "speakers"}
                fields = {key: value for key, value in data.items() if key not in ignored}
                fields["track"] = tracks[data["track"]]
                session, _ = Session.objects.update_or_create(
                    summit=summits[summit_slug], slug=data["slug"], defaults=fields
                )
                session.projects.set([projects[slug] for slug in data["projects"]])
                self.set_speakers(session, data.get("speakers", []))
                sessions[(summit_slug, data["slug"])] = session
        self.step("sessions", len(sessions))
        return sessions

    @staticmethod
    def set_speakers(session, speakers):
        """Speakers in programme order: each a name, or a dict of name, role, affiliation."""
        session.session_speakers.all().delete()
        for order, entry in enumerate(speakers):
            entry = {"name": entry} if isinstance(entry, str) else entry
            fields = {key: entry.get(key, "") for key in ("name", "role", "affiliation")}
            speaker, _ = Speaker.objects.update_or_create(slug=slugify(entry["name"]), defaults=fields)
            SessionSpeaker.objects.create(session=session, speaker=speaker, order=order)

    def load_reports(self, summits, authors, sessions, images):
        writeup_count = 0
        for data in demo.REPORTS:
            report, _ = Report.objects.update_or_create(
                slug=data["slug"],
                defaults={
                    "summit": summits[data["summit"]],
                    "title": data["title"],
                    "summary": data["summary"],
                    "introduction": data["introduction"].strip(),
                    "takeaways": data["takeaways"].strip(),
                    "status": data["status"],
                    "publish_at": data["publish_at"],
                    "cover_caption": data.get("cover_caption", ""),
                },
            )
            if data.get("cover"):
                report.cover_image.name = images[data["cover"]].file.name
                report.save(update_fields=["cover_image"])
            report.tags.set(data["tags"])

            byline = [authors[slug] for slug in data["authors"]]
            report.report_authors.exclude(author__in=byline).delete()
            for order, author in enumerate(byline):
                ReportAuthor.objects.update_or_create(report=report, author=author, defaults={"order": order})

            kept = []
            for order, item in enumerate(data["writeups"]):
                session = sessions[(data["summit"], item["session"])]
                body = item["body"].strip()
                for key, image in images.items():
                    body = body.replace(f"{{image:{key}}}", image.file.url)
                writeup, _ = WriteUp.objects.update_or_create(
                    report=report,
                    session=session,
                    defaults={
                        "body": body,
                        "order": order,
                        "author": authors[item["author"]] if "author" in item else byline[0],
                    },
                )
                writeup.tags.set(item["tags"])
                kept.append(writeup.pk)
            report.writeups.exclude(pk__in=kept).delete()
            writeup_count += len(kept)
        self.step("reports", len(demo.REPORTS))
        self.step("write-ups", writeup_count)


def draw_picture(data, size=(1200, 630)):
    """A simple two-colour illustration with a title, as PNG bytes."""
    width, height = size
    top, bottom = (PILImage.new("RGB", (1, 1), color).getpixel((0, 0)) for color in data["colors"])
    picture = PILImage.new("RGB", size)
    draw = ImageDraw.Draw(picture)
    for y in range(height):
        mix = y / height
        draw.line([(0, y), (width, y)], fill=tuple(round(a + (b - a) * mix) for a, b in zip(top, bottom, strict=True)))
    for i in range(6):
        x = 80 + i * 180
        draw.rectangle([x, height - 120 - i * 25, x + 120, height - 60], outline=(255, 255, 255), width=3)
    draw.text((80, 150), data["title"], fill=(255, 255, 255), font=ImageFont.load_default(size=96))
    draw.text((84, 280), data["subtitle"], fill=(255, 214, 196), font=ImageFont.load_default(size=44))
    buffer = io.BytesIO()
    picture.save(buffer, format="PNG", optimize=True)
    return buffer.getvalue()
