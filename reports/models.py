"""The trip-report domain: summits and their sessions, reports and the write-ups they are made of."""

import math
import secrets
import uuid
import zoneinfo

import reversion
from django.conf import settings
from django.contrib.postgres.search import SearchVectorField
from django.core.exceptions import ValidationError
from django.db import models, router
from django.db.models import F, Q
from django.db.models.functions import Now
from django.urls import reverse
from django.utils import timezone
from django.utils.text import Truncator, slugify
from imagekit.models import ImageSpecField
from pilkit.processors import ResizeToFill
from taggit.managers import TaggableManager
from taggit.models import TaggedItemBase

from .images import ReencodedImageField, responsive_sizes
from .querysets import FollowUpQuerySet, ReportQuerySet, SessionQuerySet, WriteUpQuerySet, published_q
from .rendering import html_text, render_markdown, validate_markdown


def new_token():
    """A secret for a link sent by email (confirmation, unsubscribe)."""
    return secrets.token_urlsafe(32)


class Summit(models.Model):
    """One edition of a conference, e.g. OpenStack Summit Boston, 8-11 May 2017."""

    name = models.CharField(max_length=200)
    slug = models.SlugField(max_length=200, unique=True)
    city = models.CharField(max_length=100)
    country = models.CharField(max_length=100)
    start_date = models.DateField()
    end_date = models.DateField()
    website = models.URLField(blank=True)
    description = models.TextField(blank=True)
    image = ReencodedImageField(
        upload_to="summits/", blank=True, width_field="image_width", height_field="image_height"
    )
    image_width = models.PositiveIntegerField(null=True, blank=True, editable=False)
    image_height = models.PositiveIntegerField(null=True, blank=True, editable=False)
    image_sizes = responsive_sizes("image", "image_width", "image_height")
    time_zone = models.CharField(
        max_length=64,
        blank=True,
        help_text="Where it happens, e.g. Australia/Sydney: an imported schedule's times are shown in it.",
    )
    digest_intro = models.TextField(
        blank=True,
        verbose_name="digest introduction",
        help_text="Markdown: an editor's short introduction at the top of the summit's digest.",
        validators=[validate_markdown],
    )
    digest_intro_html = models.TextField(blank=True, editable=False)
    contributors_import_schedule = models.BooleanField(
        default=False,
        verbose_name="contributors may import the schedule",
        help_text="Let contributors, not only editors, import this summit's sessions from an .ics or CSV file.",
    )

    class Meta:
        ordering = ["-start_date"]
        # Small as the table is, the index lets PostgreSQL walk summits in date order and stop
        # after the few it needs (a project's open follow-ups from the latest summits, say).
        indexes = [models.Index(fields=["start_date"], name="summit_start_date_idx")]
        constraints = [
            models.CheckConstraint(condition=Q(start_date__lte=F("end_date")), name="summit_starts_before_it_ends"),
        ]

    def __str__(self):
        return self.name

    def save(self, *args, **kwargs):
        self.digest_intro_html = render_markdown(self.digest_intro, "digest")
        super().save(*args, **kwargs)
        # Each session keeps its summit's start date (Session.summit_start_date).
        self.sessions.exclude(summit_start_date=self.start_date).update(summit_start_date=self.start_date)

    def get_absolute_url(self):
        return reverse("reports:summit", kwargs={"slug": self.slug})

    def clean(self):
        if self.start_date and self.end_date and self.start_date > self.end_date:
            raise ValidationError({"end_date": "A summit cannot end before it starts."})
        if self.time_zone:
            try:
                zoneinfo.ZoneInfo(self.time_zone)
            except (zoneinfo.ZoneInfoNotFoundError, ValueError) as error:
                raise ValidationError({"time_zone": "Not a time zone name, e.g. Europe/Berlin."}) from error

    @property
    def zone(self):
        return zoneinfo.ZoneInfo(self.time_zone) if self.time_zone else zoneinfo.ZoneInfo("UTC")


class Track(models.Model):
    """A theme that sessions belong to, shared across summits (Storage, NFV/Telecom, ...)."""

    name = models.CharField(max_length=100, unique=True)
    slug = models.SlugField(max_length=100, unique=True)
    description = models.TextField(blank=True)

    class Meta:
        ordering = ["name"]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("reports:track", kwargs={"slug": self.slug})


class Project(models.Model):
    """A piece of software sessions talk about (Nova, Ceph, Kubernetes, ...)."""

    name = models.CharField(max_length=100, unique=True)
    slug = models.SlugField(max_length=100, unique=True)
    description = models.TextField(blank=True)
    homepage = models.URLField(blank=True)

    class Meta:
        ordering = ["name"]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("reports:project", kwargs={"slug": self.slug})


class Author(models.Model):
    """The public profile of someone who writes reports, tied to the account they sign in with."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="author",
    )
    display_name = models.CharField(max_length=100)
    slug = models.SlugField(max_length=100, unique=True)
    bio = models.TextField(blank=True)
    affiliation = models.CharField(max_length=100, blank=True)
    website = models.URLField(blank=True)
    handle = models.CharField(
        max_length=100, blank=True, help_text="A handle readers know you by, e.g. @name or name on IRC."
    )
    avatar = ReencodedImageField(upload_to="avatars/", blank=True)
    # Square crops for bylines (48 px shown, 96 for sharp screens) and the profile (96, 192).
    avatar_small = ImageSpecField(
        source="avatar", processors=[ResizeToFill(96, 96)], format="WEBP", options={"quality": 82}
    )
    avatar_large = ImageSpecField(
        source="avatar", processors=[ResizeToFill(192, 192)], format="WEBP", options={"quality": 82}
    )

    class Meta:
        ordering = ["display_name"]

    def __str__(self):
        return self.display_name

    def get_absolute_url(self):
        return reverse("reports:author", kwargs={"slug": self.slug})


@reversion.register()
class TaggedReport(TaggedItemBase):
    content_object = models.ForeignKey("Report", on_delete=models.CASCADE)


@reversion.register()
class TaggedWriteUp(TaggedItemBase):
    content_object = models.ForeignKey("WriteUp", on_delete=models.CASCADE)


# Every save keeps a version of the report with its byline, write-ups and tags (django-reversion).
@reversion.register(
    follow=["report_authors", "writeups", "taggedreport_set", "attendances", "attendees"],
    exclude=["search_vector", "search_extra"],
)
class Report(models.Model):
    """One trip report about one summit, written by one or more co-authors."""

    class Status(models.TextChoices):
        DRAFT = "draft", "Draft"
        REVIEW = "review", "In review"
        PUBLISHED = "published", "Published"

    # Minted once and never changed: feeds use it as the item's permanent id.
    uid = models.UUIDField(default=uuid.uuid4, editable=False, unique=True)
    summit = models.ForeignKey(Summit, on_delete=models.PROTECT, related_name="reports")
    title = models.CharField(max_length=200)
    slug = models.SlugField(max_length=200, unique=True)
    summary = models.TextField(
        max_length=600, blank=True, help_text="One or two sentences shown in lists, feeds and previews."
    )
    introduction = models.TextField(blank=True, help_text="Markdown.", validators=[validate_markdown])
    introduction_html = models.TextField(blank=True, editable=False)
    takeaways = models.TextField(blank=True, help_text="Markdown: what you took home.", validators=[validate_markdown])
    takeaways_html = models.TextField(blank=True, editable=False)
    # The introduction's and takeaways' words, without markup: for excerpts and search.
    text = models.TextField(blank=True, editable=False)
    authors = models.ManyToManyField(Author, through="ReportAuthor", related_name="reports")
    tags = TaggableManager(through=TaggedReport, blank=True)
    status = models.CharField(max_length=10, choices=Status, default=Status.DRAFT)
    publish_at = models.DateTimeField(
        null=True,
        blank=True,
        help_text="When the report goes public. A time in the future schedules it; "
        "left empty, publishing sets it to now.",
    )
    cover_image = ReencodedImageField(
        upload_to="covers/%Y/", blank=True, width_field="cover_width", height_field="cover_height"
    )
    cover_width = models.PositiveIntegerField(null=True, blank=True, editable=False)
    cover_height = models.PositiveIntegerField(null=True, blank=True, editable=False)
    cover_sizes = responsive_sizes("cover_image", "cover_width", "cover_height")
    cover_caption = models.CharField(max_length=300, blank=True)
    original_url = models.URLField(
        blank=True, verbose_name="originally published at", help_text="Where this report first appeared."
    )
    covers_day = models.DateField(
        null=True, blank=True, help_text="Set when the whole report is about one day of the summit."
    )
    # Where an imported report came from (its GUID or permalink): importing it again updates it.
    source_id = models.CharField(max_length=500, blank=True, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    # The compound and joined forms of its words (reports.search), and on PostgreSQL its stored,
    # GIN-indexed vector (SQLite searches an FTS5 table instead).
    search_extra = models.TextField(blank=True, editable=False)
    search_vector = SearchVectorField(null=True, editable=False)

    objects = ReportQuerySet.as_manager()

    class Meta:
        ordering = ["-publish_at", "-created_at"]
        permissions = [("publish_report", "Can publish, schedule and unpublish reports")]
        indexes = [
            models.Index(fields=["status", "publish_at"], name="report_visibility_idx"),
            # The admin's list in its default order, and its date hierarchy's first and last dates.
            models.Index(fields=["-publish_at", "-created_at"], name="report_newest_idx"),
            # Whether a report is public, read from the index alone: a session's, tag's or author's
            # public work is checked by probing it once for every write-up looked at.
            models.Index(fields=["id"], include=["status", "publish_at"], name="report_public_check_idx"),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["source_id"], condition=~Q(source_id=""), name="imported_report_once_per_source"
            ),
        ]

    def __str__(self):
        return self.title

    def save(self, *args, **kwargs):
        self.introduction_html = render_markdown(self.introduction, "intro")
        self.takeaways_html = render_markdown(self.takeaways, "takeaways")
        self.text = f"{html_text(self.introduction_html)} {html_text(self.takeaways_html)}".strip()
        if self.status == self.Status.PUBLISHED and self.publish_at is None:
            self.publish_at = timezone.now()
        super().save(*args, **kwargs)

    def get_absolute_url(self):
        return reverse("reports:report", kwargs={"slug": self.slug})

    def get_preview_url(self):
        return reverse("reports:report-preview", kwargs={"slug": self.slug})

    @property
    def is_public(self):
        return (
            self.status == self.Status.PUBLISHED and self.publish_at is not None and self.publish_at <= timezone.now()
        )

    @property
    def is_scheduled(self):
        return self.status == self.Status.PUBLISHED and not self.is_public

    @property
    def state_label(self):
        """Status as an editor reads it: scheduled is a published report whose time has not come."""
        if self.is_scheduled:
            return f"Scheduled for {timezone.localtime(self.publish_at):%d %b %Y %H:%M}"
        return self.get_status_display()

    @property
    def ordered_authors(self):
        """Co-authors in byline order (from with_byline()'s prefetch when there is one)."""
        links = getattr(self, "byline_links", None)
        if links is None:
            links = self.report_authors.select_related("author")
        return [link.author for link in links]

    @staticmethod
    def first_author(report_id):
        return (
            Author.objects.filter(report_authorships__report=report_id)
            .order_by("report_authorships__order", "report_authorships__pk")
            .first()
        )

    def reading_minutes(self, writeups):
        words = sum(len(text.split()) for text in [self.introduction, self.takeaways, *(w.body for w in writeups)])
        return max(1, math.ceil(words / 230))


@reversion.register()
class ReportAuthor(models.Model):
    """A co-author's place in a report's byline."""

    report = models.ForeignKey(Report, on_delete=models.CASCADE, related_name="report_authors")
    author = models.ForeignKey(Author, on_delete=models.PROTECT, related_name="report_authorships")
    order = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["order", "pk"]
        verbose_name = "co-author"
        constraints = [
            models.UniqueConstraint(fields=["report", "author"], name="author_once_per_report"),
        ]

    def __str__(self):
        return str(self.author)


class Speaker(models.Model):
    """Someone who spoke at a session: a person with a page of their sessions across summits."""

    name = models.CharField(max_length=150)
    slug = models.SlugField(max_length=150, unique=True)
    role = models.CharField(max_length=150, blank=True, help_text="e.g. Principal Architect")
    affiliation = models.CharField(max_length=150, blank=True, help_text="e.g. Rackspace")
    website = models.URLField(blank=True)

    class Meta:
        ordering = ["name"]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("reports:speaker", kwargs={"slug": self.slug})

    @property
    def described(self):
        """ "Name, Role, Affiliation", as a programme prints it."""
        return ", ".join(part for part in [self.name, self.role, self.affiliation] if part)


class Session(models.Model):
    """A session held at a summit, shared by every attendee who writes it up."""

    class Status(models.TextChoices):
        HELD = "held", "Held"
        CANCELLED = "cancelled", "Cancelled"
        MOVED = "moved", "Moved"

    class Kind(models.TextChoices):
        KEYNOTE = "keynote", "Keynote"
        BREAKOUT = "breakout", "Breakout"
        PANEL = "panel", "Panel"
        FORUM = "forum", "Fishbowl / Forum"
        BOF = "bof", "Birds of a Feather"
        WORKSHOP = "workshop", "Workshop"
        DESIGN = "design", "Design session"
        LAB = "lab", "Hands-on lab"
        UNCONFERENCE = "unconference", "Unconference"
        EVENING = "evening", "Evening event"
        OTHER = "other", "Other"

    summit = models.ForeignKey(Summit, on_delete=models.PROTECT, related_name="sessions")
    title = models.CharField(max_length=255)
    slug = models.SlugField(max_length=255)
    kind = models.CharField(max_length=20, choices=Kind, default=Kind.BREAKOUT)
    track = models.ForeignKey(Track, on_delete=models.SET_NULL, null=True, blank=True, related_name="sessions")
    projects = models.ManyToManyField(Project, blank=True, related_name="sessions")
    speakers = models.ManyToManyField(Speaker, through="SessionSpeaker", blank=True, related_name="sessions")
    status = models.CharField(max_length=10, choices=Status, default=Status.HELD)
    status_note = models.CharField(
        max_length=200, blank=True, help_text="What happened, e.g. “the speakers did not show” or “moved to Thursday”."
    )
    description = models.TextField(blank=True)
    day = models.DateField(null=True, blank=True)
    start_time = models.TimeField(null=True, blank=True)
    end_time = models.TimeField(null=True, blank=True)
    video_url = models.URLField(blank=True, verbose_name="video")
    slides_url = models.URLField(blank=True, verbose_name="slides")
    etherpad_url = models.URLField(blank=True, verbose_name="etherpad")
    # The id of the session in an imported schedule (an iCalendar UID): importing it again updates it.
    source_uid = models.CharField(max_length=255, blank=True, editable=False, db_index=True)
    # The summit's start date, kept beside the track so that one index holds a track page's
    # order (newest summit first, then the programme): without it, PostgreSQL reads every
    # write-up of the track at the newest summit before it can show the first twenty.
    summit_start_date = models.DateField(null=True, editable=False)

    objects = SessionQuerySet.as_manager()

    class Meta:
        ordering = ["day", "start_time", "title"]
        constraints = [
            models.UniqueConstraint(fields=["summit", "slug"], name="session_slug_unique_per_summit"),
        ]
        indexes = [
            models.Index(
                fields=["track", "-summit_start_date", "-summit", "day", "start_time", "id"],
                name="session_track_programme_idx",
            )
        ]

    def __str__(self):
        return f"{self.title} ({self.summit.name})" if self.summit_id else self.title

    def save(self, *args, update_fields=None, **kwargs):
        if self.summit_id:
            self.summit_start_date = self.summit.start_date
            if update_fields is not None and "summit" in update_fields:
                update_fields = {*update_fields, "summit_start_date"}
        super().save(*args, update_fields=update_fields, **kwargs)

    def get_absolute_url(self):
        return reverse("reports:session", kwargs={"summit": self.summit.slug, "slug": self.slug})

    def autocomplete_label(self):
        """How the report form's session search shows it: the whole title, then what tells
        sessions apart (day, time, track, speakers)."""
        when = f"{self.day:%a %d %b}" if self.day else ""
        if self.day and self.start_time:
            when += f" {self.start_time:%H:%M}"
        speakers = ", ".join(speaker.name for speaker in self.speaker_list[:3])
        parts = [when, str(self.track or ""), speakers, "cancelled" if self.is_cancelled else ""]
        return " · ".join([self.title, *[part for part in parts if part]])

    def clean(self):
        if self.day and self.summit_id:
            summit = self.summit
            if not summit.start_date <= self.day <= summit.end_date:
                raise ValidationError(
                    {"day": f"{summit.name} ran from {summit.start_date:%d %b} to {summit.end_date:%d %b %Y}."}
                )

    @property
    def speaker_list(self):
        """Speakers in programme order (from SessionQuerySet.with_speakers() when there is one)."""
        links = getattr(self, "speaker_links", None)
        if links is None:
            links = self.session_speakers.select_related("speaker")
        return [link.speaker for link in links]

    @property
    def is_cancelled(self):
        return self.status == self.Status.CANCELLED

    @property
    def links(self):
        """(label, url) for each link the session has."""
        candidates = [("Video", self.video_url), ("Slides", self.slides_url), ("Etherpad", self.etherpad_url)]
        # Only web links, whatever was stored: a link must never run script.
        return [(label, url) for label, url in candidates if url.lower().startswith(("http://", "https://"))]


class SessionSpeaker(models.Model):
    """A speaker's place in a session's programme."""

    session = models.ForeignKey(Session, on_delete=models.CASCADE, related_name="session_speakers")
    speaker = models.ForeignKey(Speaker, on_delete=models.PROTECT, related_name="session_speakers")
    order = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["order", "pk"]
        verbose_name = "speaker"
        constraints = [models.UniqueConstraint(fields=["session", "speaker"], name="speaker_once_per_session")]

    def __str__(self):
        return str(self.speaker)


# Ids the report page uses for its own sections.
RESERVED_ANCHORS = {
    "introduction",
    "contents",
    "takeaways",
    "main",
    "more-from-this-summit",
    "also-attended",
    "report-follow-ups",
}


@reversion.register(follow=["taggedwriteup_set"], exclude=["search_vector", "search_extra"])
class WriteUp(models.Model):
    """One section of a report: what one attendee made of one session (a write-up), or a free
    section with a heading of its own (hallway conversations, an overview, "Tuesday notes")."""

    class Verdict(models.TextChoices):
        RECOMMENDED = "recommended", "Recommended"
        WATCH = "watch", "Watch the recording"
        SKIP = "skip", "Skip it"

    uid = models.UUIDField(default=uuid.uuid4, editable=False, unique=True)
    report = models.ForeignKey(Report, on_delete=models.CASCADE, related_name="writeups")
    session = models.ForeignKey(
        Session,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        db_index=False,  # writeup_session_report_idx leads with it
        related_name="writeups",
        help_text="The session written up. Leave empty for a free section, and give it a heading.",
    )
    heading = models.CharField(max_length=255, blank=True, help_text="A free section's heading.")
    day = models.DateField(
        null=True, blank=True, help_text="The day a free section belongs to (a write-up has its session's)."
    )
    verdict = models.CharField(max_length=12, choices=Verdict, blank=True, help_text="Was it worth it?")
    author = models.ForeignKey(
        Author,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="writeups",
        help_text="Leave empty for the report's first author.",
    )
    body = models.TextField(help_text="Markdown.", validators=[validate_markdown])
    body_html = models.TextField(blank=True, editable=False)
    # The body's words, without markup: for excerpts, feeds' summaries and search.
    body_text = models.TextField(blank=True, editable=False)
    tags = TaggableManager(through=TaggedWriteUp, blank=True)
    order = models.PositiveSmallIntegerField(default=0)
    # Set once from the session title; links into the report page keep working after edits.
    anchor = models.SlugField(max_length=80, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    search_extra = models.TextField(blank=True, editable=False)
    search_vector = SearchVectorField(null=True, editable=False)

    objects = WriteUpQuerySet.as_manager()

    class Meta:
        ordering = ["order", "pk"]
        verbose_name = "section"
        # A session's write-ups with their reports, read from the index alone (whether a session
        # has public work is asked for every session on a summit's page).
        indexes = [models.Index(fields=["session"], include=["report"], name="writeup_session_report_idx")]
        constraints = [
            models.UniqueConstraint(fields=["report", "anchor"], name="writeup_anchor_unique_per_report"),
            models.CheckConstraint(
                condition=(Q(session__isnull=False) & Q(heading="")) | (Q(session__isnull=True) & ~Q(heading="")),
                name="section_is_a_writeup_or_free",
                violation_error_message="A section is a session's write-up (pick the session) or a free "
                "section (give it a heading), not both and not neither.",
            ),
        ]

    def __str__(self):
        return f"{self.title} in {self.report.title}" if self.report_id else self.title

    def save(self, *args, **kwargs):
        if not self.anchor:
            self.anchor = self._free_anchor()
        if self.author_id is None:
            self.author = Report.first_author(self.report_id)
        # Footnote ids are scoped by the uid: one session page may show several write-ups sharing an anchor.
        self.body_html = render_markdown(self.body, f"n{self.uid.hex[:8]}")
        self.body_text = html_text(self.body_html)
        super().save(*args, **kwargs)

    def get_absolute_url(self):
        """Its place in the report; until the report is public, in the preview that its authors
        and editors may open (the admin's "View on site")."""
        report = self.report
        page = report.get_absolute_url() if report.is_public else report.get_preview_url()
        return f"{page}#{self.anchor}"

    @property
    def title(self):
        """The session's title for a write-up, the heading for a free section."""
        if self.session_id:
            return self.session.title
        return self.heading

    @property
    def is_free(self):
        return self.session_id is None

    @property
    def section_day(self):
        """The day the section belongs under on the report page: its session's, or its own."""
        return self.session.day if self.session_id else self.day

    @property
    def tags_by_name(self):
        """Tags in name order (from with_related()'s prefetch when there is one): unordered, the
        database may return them differently each time."""
        tagged = getattr(self, "tagged_by_name", None)
        if tagged is not None:
            return [item.tag for item in tagged]
        return sorted(self.tags.all(), key=lambda tag: tag.name)

    @property
    def excerpt(self):
        """The first words of the rendered text, for lists: no Markdown left in them."""
        return Truncator(self.body_text[:1500]).words(36)

    def _free_anchor(self):
        base = slugify(self.title)[:70].strip("-") or "section"
        taken = RESERVED_ANCHORS | set(WriteUp.objects.filter(report=self.report_id).values_list("anchor", flat=True))
        anchor, n = base, 2
        while anchor in taken:
            anchor, n = f"{base}-{n}", n + 1
        return anchor


@reversion.register()
class Attendance(models.Model):
    """A session someone on the report went to and did not write up: at most a line about it."""

    report = models.ForeignKey(Report, on_delete=models.CASCADE, related_name="attendances")
    session = models.ForeignKey(Session, on_delete=models.PROTECT, related_name="attendances")
    author = models.ForeignKey(
        Author,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="attendances",
        help_text="Who went. Leave empty for the report's first author.",
    )
    note = models.CharField(max_length=300, blank=True, help_text="One line, e.g. “worth it for the demo”.")
    order = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["order", "pk"]
        verbose_name = "session also attended"
        verbose_name_plural = "sessions also attended"
        constraints = [models.UniqueConstraint(fields=["report", "session"], name="attended_once_per_report")]

    def __str__(self):
        return self.session.title if self.session_id else "attended"

    def save(self, *args, **kwargs):
        if self.author_id is None:
            self.author = Report.first_author(self.report_id)
        super().save(*args, **kwargs)

    def clean(self):
        if "\n" in self.note:
            raise ValidationError({"note": "One line only: a session worth more is worth a write-up."})


@reversion.register()
class Attendee(models.Model):
    """Someone who was at the summit with the report's team without writing any of it."""

    report = models.ForeignKey(Report, on_delete=models.CASCADE, related_name="attendees")
    name = models.CharField(max_length=150)
    affiliation = models.CharField(max_length=150, blank=True)
    author = models.ForeignKey(
        Author,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="attendee_entries",
        help_text="Their author profile, if they have one.",
    )
    order = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["order", "pk"]
        verbose_name = "attendee (not an author)"
        verbose_name_plural = "attendees (not authors)"

    def __str__(self):
        return self.name


class Image(models.Model):
    """An uploaded picture that a report's Markdown refers to by its URL."""

    file = ReencodedImageField(upload_to="images/%Y/%m/")
    alt_text = models.CharField(max_length=250, help_text="What the picture shows, for readers who cannot see it.")
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, editable=False
    )
    report = models.ForeignKey(
        "Report",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="images",
        help_text="The report it was uploaded for (dropped into its text), if any.",
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-created_at"]

    def __str__(self):
        return self.alt_text

    @property
    def markdown(self):
        """The snippet an author pastes into a text to show this picture."""
        alt = self.alt_text.replace("[", "(").replace("]", ")")
        return f"![{alt}]({self.file.url})"


class Autosave(models.Model):
    """What someone typed into a report form and has not saved yet: kept on the server for them
    alone, never in the report (so never public, never a version, never a revision)."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="autosaves")
    # Which form: "report:<id>" for a report's change form, "report:new" for the add form.
    form_key = models.CharField(max_length=40)
    data = models.JSONField(help_text="The form's fields as the browser would post them: {name: [values]}.")
    labels = models.JSONField(default=dict, help_text="The text of each chosen option of a search select.")
    saved_at = models.DateTimeField()

    class Meta:
        constraints = [models.UniqueConstraint(fields=["user", "form_key"], name="one_autosave_per_user_and_form")]

    def __str__(self):
        return f"{self.form_key} by {self.user} at {self.saved_at:%Y-%m-%d %H:%M}"


class ReviewNote(models.Model):
    """A step of a report's review, with what the person said: kept with its history."""

    class Kind(models.TextChoices):
        SUBMITTED = "submitted", "Submitted for review"
        CHANGES = "changes", "Changes requested"
        PUBLISHED = "published", "Published"
        SCHEDULED = "scheduled", "Scheduled"
        PROPOSED = "proposed", "Changes proposed"
        APPLIED = "applied", "Proposed changes published"

    report = models.ForeignKey(Report, on_delete=models.CASCADE, related_name="review_notes")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+")
    kind = models.CharField(max_length=12, choices=Kind)
    text = models.TextField(blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    # When the authors were told the report is live (a scheduled report: once its time has come).
    notified_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-pk"]

    def __str__(self):
        return f"{self.get_kind_display()}: {self.report}"


class ProposedChange(models.Model):
    """A co-author's edit of their published report, waiting for an editor: readers keep seeing
    the published text until an editor loads it into the form and saves it."""

    class Status(models.TextChoices):
        PENDING = "pending", "Waiting for an editor"
        APPLIED = "applied", "Published"
        WITHDRAWN = "withdrawn", "Withdrawn"

    report = models.ForeignKey(Report, on_delete=models.CASCADE, related_name="proposed_changes")
    proposed_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    data = models.JSONField()
    labels = models.JSONField(default=dict)
    note = models.TextField(blank=True)
    status = models.CharField(max_length=10, choices=Status, default=Status.PENDING)
    created_at = models.DateTimeField(auto_now_add=True)
    decided_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]

    def __str__(self):
        return f"changes to {self.report} proposed by {self.proposed_by}"


class ContentVersion(models.Model):
    """When public content last changed: one row, moved on commit by every change readers can see
    (reports.signals). With the latest publish time that has come, it is the content version that
    keys the page cache and the validators of public responses (reports.caching)."""

    changed_at = models.DateTimeField(default=timezone.now)

    def __str__(self):
        return f"content changed at {self.changed_at:%Y-%m-%d %H:%M:%S}"

    @classmethod
    def read(cls, using=None):
        """(last change, latest publish time that has come, next publish time due), in one query.

        "Now" is the database's clock; any of the three may be None (nothing recorded yet)."""
        alias = using or router.db_for_read(cls)
        published = Report.objects.using(alias).filter(published_q()).order_by("-publish_at")
        scheduled = Report.objects.using(alias).filter(status=Report.Status.PUBLISHED, publish_at__gt=Now())
        row = (
            cls.objects.using(alias)
            .filter(pk=1)
            .values_list(
                "changed_at",
                models.Subquery(published.values("publish_at")[:1]),
                models.Subquery(scheduled.order_by("publish_at").values("publish_at")[:1]),
            )
            .first()
        )
        if row is None:  # a fresh database: nothing recorded yet
            return (
                None,
                published.values_list("publish_at", flat=True).first(),
                scheduled.aggregate(next=models.Min("publish_at"))["next"],
            )
        return row


class PathRedirect(models.Model):
    """An address that moved: a slug changed or a tag was merged. Every address under the old one
    (its feeds, a summit's sessions) answers a permanent redirect to the same place under the new
    one (reports.redirects)."""

    old_path = models.CharField(max_length=500, unique=True)
    new_path = models.CharField(max_length=500)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["old_path"]

    def __str__(self):
        return f"{self.old_path} → {self.new_path}"


class FollowUp(models.Model):
    """An action item someone promised in a section ("Follow-up: ask the Ceph team about QoS"),
    kept as data: listed per report, summit and project, marked done by an editor or its writer."""

    report = models.ForeignKey(Report, on_delete=models.CASCADE, related_name="follow_ups")
    section = models.ForeignKey(WriteUp, on_delete=models.CASCADE, related_name="follow_ups")
    text = models.CharField(max_length=500)
    project = models.ForeignKey(Project, on_delete=models.SET_NULL, null=True, blank=True, related_name="follow_ups")
    person = models.CharField(max_length=100, blank=True, help_text="Who it concerns, as written (@name).")
    done = models.BooleanField(default=False)
    done_at = models.DateTimeField(null=True, blank=True)
    done_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    position = models.PositiveSmallIntegerField(default=0)

    objects = FollowUpQuerySet.as_manager()

    class Meta:
        ordering = ["report", "section__order", "section", "position"]
        verbose_name = "follow-up"

    def __str__(self):
        return self.text

    def get_absolute_url(self):
        """Its line in the public report (follow-ups are only listed for public reports)."""
        return f"{self.report.get_absolute_url()}#{self.section.anchor}"

    @property
    def section_title(self):
        return self.section.session.title if self.section.session_id else self.section.heading


class SummitMember(models.Model):
    """Someone on a summit's team: they see its coverage board and plan what they cover."""

    summit = models.ForeignKey(Summit, on_delete=models.CASCADE, related_name="members")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="summit_memberships")

    class Meta:
        constraints = [models.UniqueConstraint(fields=["summit", "user"], name="member_once_per_summit")]
        verbose_name = "team member"

    def __str__(self):
        return f"{self.user} at {self.summit}"


class CoveragePlan(models.Model):
    """Someone plans to attend a session, or to write it up (which includes attending it)."""

    class Plan(models.TextChoices):
        ATTEND = "attend", "Will attend"
        WRITE = "write", "Will write it up"

    session = models.ForeignKey(Session, on_delete=models.CASCADE, related_name="coverage_plans")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="coverage_plans")
    plan = models.CharField(max_length=10, choices=Plan, default=Plan.ATTEND)
    assigned_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta:
        constraints = [models.UniqueConstraint(fields=["session", "user"], name="one_plan_per_person_and_session")]

    def __str__(self):
        return f"{self.user}: {self.get_plan_display()} {self.session}"


class Subscriber(models.Model):
    """An email address that asked for digests. Never shown on any public page."""

    class Frequency(models.TextChoices):
        DAILY = "daily", "Daily"
        WEEKLY = "weekly", "Weekly"

    email = models.EmailField(unique=True)
    frequency = models.CharField(max_length=10, choices=Frequency, default=Frequency.WEEKLY)
    # The secret of its unsubscribe link (one click, no sign-in).
    token = models.CharField(max_length=64, unique=True, default=new_token)
    created_at = models.DateTimeField(auto_now_add=True)

    def __str__(self):
        return f"subscriber {self.pk}"


class Subscription(models.Model):
    """A subscriber's interest in a tag, summit, project or author, confirmed from its email."""

    class Kind(models.TextChoices):
        TAG = "tag", "Tag"
        SUMMIT = "summit", "Summit"
        PROJECT = "project", "Project"
        AUTHOR = "author", "Author"

    subscriber = models.ForeignKey(Subscriber, on_delete=models.CASCADE, related_name="subscriptions")
    kind = models.CharField(max_length=10, choices=Kind)
    subject_id = models.PositiveBigIntegerField()
    token = models.CharField(max_length=64, unique=True, default=new_token)  # the confirmation link's secret
    # What the sign-up form asked for: it becomes the subscriber's frequency only when this is
    # confirmed, so a sign-up nobody confirmed changes nothing for an address.
    frequency = models.CharField(max_length=10, choices=Subscriber.Frequency, default=Subscriber.Frequency.WEEKLY)
    confirmed_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["subscriber", "kind", "subject_id"], name="subscribed_once_per_subject")
        ]

    def __str__(self):
        return f"{self.kind} {self.subject_id}"


class DigestItem(models.Model):
    """A report a subscriber was sent in a digest: the ledger that sends every report to an
    address once, whatever its publish time says and however many subscriptions it matches."""

    subscriber = models.ForeignKey(Subscriber, on_delete=models.CASCADE, related_name="digest_items")
    report = models.ForeignKey(Report, on_delete=models.CASCADE, related_name="+")
    sent_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["subscriber", "report"], name="digest_item_once_per_subscriber")]

    def __str__(self):
        return f"report {self.report_id} to subscriber {self.subscriber_id}"
