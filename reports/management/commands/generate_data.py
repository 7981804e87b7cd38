"""Generate a large, realistic data set for benchmarks: summits twice a year over 15 years, ~60
tracks, ~300 projects, ~500 authors, N reports of about six write-ups each on shared sessions,
~2,000 tags with a Zipf-like spread, and a mix of published, draft, in-review and scheduled items.

Everything goes in with bulk inserts; Markdown is rendered for a pool of texts that are reused.
"""

import random
import time
from datetime import UTC, date, datetime, timedelta

from django.core.management.base import BaseCommand, CommandError
from django.db import connection, transaction
from django.utils import timezone
from django.utils.text import slugify
from taggit.models import Tag

from reports.models import (
    Author,
    ContentVersion,
    Project,
    Report,
    ReportAuthor,
    Session,
    Summit,
    TaggedReport,
    TaggedWriteUp,
    Track,
    WriteUp,
)
from reports.rendering import render_markdown
from reports.search import report_vector

CITIES = [
    ("Hong Kong", "China"),
    ("Atlanta", "United States"),
    ("Paris", "France"),
    ("Vancouver", "Canada"),
    ("Tokyo", "Japan"),
    ("Austin", "United States"),
    ("Barcelona", "Spain"),
    ("Boston", "United States"),
    ("Sydney", "Australia"),
    ("Berlin", "Germany"),
    ("Denver", "United States"),
    ("Shanghai", "China"),
    ("Seoul", "South Korea"),
    ("Lisbon", "Portugal"),
    ("Singapore", "Singapore"),
]
TOPICS = [
    "Storage",
    "Networking",
    "NFV",
    "Containers",
    "High Availability",
    "Deployment",
    "Edge",
    "Security",
    "Operations",
    "Upgrades",
    "Telemetry",
    "Bare Metal",
    "Identity",
    "Orchestration",
    "CI/CD",
]
PROJECT_WORDS = [
    "Nova",
    "Neutron",
    "Cinder",
    "Glance",
    "Swift",
    "Keystone",
    "Ironic",
    "Manila",
    "Heat",
    "Octavia",
    "Ceph",
    "Kubernetes",
    "Zuul",
    "Kolla",
    "TripleO",
    "Helm",
    "Calico",
    "OVN",
    "Barbican",
    "Magnum",
]
KINDS = [kind for kind, _ in Session.Kind.choices]
SENTENCES = [
    "The speakers walked through how {project} behaves once a cloud passes a few hundred nodes.",
    "Most of the questions were about upgrades: nobody in the room wanted another weekend of downtime.",
    "{project} keeps getting simpler to run, but the defaults still assume a small lab.",
    "A show of hands suggested that half the room already runs {project} in production.",
    "The demo failed once, recovered, and then made the point better than the slides did.",
    "There was a long discussion about quotas, noisy neighbours and who should pay for idle capacity.",
    "They measured latency before and after the change and the difference was hard to argue with.",
    "Operators asked for better logging far more often than for new features.",
    "The {topic} track felt crowded this year, which says something about where the work is.",
    "I left with a list of three things to try on our staging cloud next week.",
    "The etherpad from the session is worth reading; it captures the disagreements well.",
    "Someone from a large telecom described running {project} at hundreds of small sites.",
    "The roadmap slide promised a lot, and the hallway conversation afterwards was more cautious.",
    "Testing at scale came up again: the gate cannot catch what only appears at ten thousand instances.",
    "The speaker compared three ways of wiring {project} into an existing network and picked none of them.",
    "Documentation was the quiet theme: every fix mentioned started with someone reading the code.",
]


class Progress:
    """One line per phase, redrawn in place: what, how far, how long."""

    def __init__(self, stdout, label, total):
        self.stdout, self.label, self.total, self.started = stdout, label, total, time.monotonic()
        self.done = 0

    def advance(self, count):
        self.done += count
        percent = 100 * self.done // max(self.total, 1)
        bar = "#" * (percent // 4)
        self.stdout.write(
            f"\r  {self.label:<12} [{bar:<25}] {self.done:>7}/{self.total} {time.monotonic() - self.started:6.1f}s",
            ending="",
        )
        self.stdout.flush()

    def finish(self):
        self.stdout.write("")


def zipf_weights(count, exponent=1.1):
    return [1 / (rank**exponent) for rank in range(1, count + 1)]


class Command(BaseCommand):
    help = "Generate a large synthetic data set (for benchmarks) with bulk inserts and a progress bar."

    def add_arguments(self, parser):
        parser.add_argument("--reports", type=int, default=10_000)
        parser.add_argument("--writeups-per-report", type=int, default=6)
        parser.add_argument("--seed", type=int, default=2017)
        parser.add_argument("--batch", type=int, default=2000)

    def handle(self, *args, **options):
        if Report.objects.exists():
            raise CommandError("The database already has reports; generate into an empty database.")
        self.random = random.Random(options["seed"])
        self.batch = options["batch"]
        started = time.monotonic()
        with transaction.atomic():
            summits = self.make_summits()
            tracks = self.bulk(
                "tracks",
                [
                    Track(name=f"{TOPICS[n % 15]} {n // 15 + 1}" if n >= 15 else TOPICS[n], slug=f"track-{n}")
                    for n in range(60)
                ],
            )
            projects = self.bulk(
                "projects",
                [
                    Project(name=f"{PROJECT_WORDS[n % 20]}{'' if n < 20 else f' {n // 20}'}", slug=f"project-{n}")
                    for n in range(300)
                ],
            )
            authors = self.bulk(
                "authors",
                [
                    Author(display_name=f"Author {n:03d}", slug=f"author-{n}", affiliation=f"Team {n % 40}")
                    for n in range(500)
                ],
            )
            tags = self.bulk(
                "tags", [Tag(name=f"{PROJECT_WORDS[n % 20].lower()}-{n}", slug=f"tag-{n}") for n in range(2000)]
            )
            sessions = self.make_sessions(summits, tracks, projects, options)
            reports = self.make_reports(summits, authors, tags, options)
            self.make_writeups(reports, sessions, authors, tags, options)
            self.refresh_search_vectors()
            ContentVersion.bump()
        self.stdout.write(self.style.SUCCESS(f"Generated in {time.monotonic() - started:.1f}s."))

    def bulk(self, label, objects, model=None):
        model = model or type(objects[0])
        progress = Progress(self.stdout, label, len(objects))
        created = []
        for start in range(0, len(objects), self.batch):
            chunk = objects[start : start + self.batch]
            created += model.objects.bulk_create(chunk)
            progress.advance(len(chunk))
        progress.finish()
        return created

    def make_summits(self):
        summits = []
        for year in range(2011, 2026):
            for half, month in ((0, 5), (1, 10)):
                city, country = CITIES[(2 * (year - 2011) + half) % len(CITIES)]
                start = date(year, month, 8 + half * 10)
                summits.append(
                    Summit(
                        name=f"Open Infrastructure Summit {city} {year}",
                        slug=f"{slugify(city)}-{year}-{half}",
                        city=city,
                        country=country,
                        start_date=start,
                        end_date=start + timedelta(days=3),
                    )
                )
        return self.bulk("summits", summits)

    def make_sessions(self, summits, tracks, projects, options):
        """About three write-ups per session: sessions are shared by several attendees."""
        per_summit = max(10, options["reports"] * options["writeups_per_report"] // (3 * len(summits)))
        track_weights = zipf_weights(len(tracks), 0.8)
        sessions = []
        for summit in summits:
            for n in range(per_summit):
                track = self.random.choices(tracks, track_weights)[0]
                sessions.append(
                    Session(
                        summit=summit,
                        title=f"{track.name}: session {n} on {self.random.choice(PROJECT_WORDS)}",
                        slug=f"session-{n}",
                        kind=self.random.choice(KINDS),
                        track=track,
                        speakers=f"Speaker {self.random.randint(1, 900)}, Speaker {self.random.randint(1, 900)}",
                        day=summit.start_date + timedelta(days=n % 4),
                    )
                )
        sessions = self.bulk("sessions", sessions)
        links = [
            Session.projects.through(session_id=session.pk, project_id=project.pk)
            for session in sessions
            for project in self.random.sample(projects, self.random.randint(1, 3))
        ]
        self.bulk("session-projects", links, model=Session.projects.through)
        by_summit = {}
        for session in sessions:
            by_summit.setdefault(session.summit_id, []).append(session)
        return by_summit

    def text_pool(self, size, words):
        """Markdown texts of realistic length, rendered once; the id prefix is swapped per use."""
        pool = []
        for n in range(size):
            sentences = []
            while sum(len(s.split()) for s in sentences) < words:
                sentences.append(
                    self.random.choice(SENTENCES).format(
                        project=self.random.choice(PROJECT_WORDS), topic=self.random.choice(TOPICS)
                    )
                )
            paragraphs = [" ".join(sentences[i : i + 4]) for i in range(0, len(sentences), 4)]
            if n % 3 == 0:
                paragraphs.append("- first finding\n- second finding\n- a question for the next summit")
            if n % 4 == 0:
                paragraphs[0] += "[^1]"
                paragraphs.append("[^1]: From the session etherpad.")
            markdown = "\n\n".join(paragraphs)
            pool.append((markdown, render_markdown(markdown, "POOL")))
        return pool

    def make_reports(self, summits, authors, tags, options):
        count = options["reports"]
        now = timezone.now()
        intros = self.text_pool(100, 120)
        tag_weights = zipf_weights(len(tags))
        reports, bylines, report_tags = [], [], []
        for n in range(count):
            summit = summits[min(len(summits) - 1, int(len(summits) * self.random.random() ** 0.7))]
            roll = self.random.random()
            status, publish_at = Report.Status.PUBLISHED, None
            ends = datetime.combine(summit.end_date, datetime.min.time(), tzinfo=UTC)
            if roll < 0.85:
                publish_at = min(now - timedelta(hours=1), ends + timedelta(days=self.random.randint(1, 60)))
            elif roll < 0.92:
                status = Report.Status.DRAFT
            elif roll < 0.97:
                status = Report.Status.REVIEW
            else:
                publish_at = now + timedelta(days=self.random.randint(1, 30))
            intro, intro_html = self.random.choice(intros)
            takeaways, takeaways_html = self.random.choice(intros)
            reports.append(
                Report(
                    summit=summit,
                    title=f"Notes from {summit.city} {summit.start_date.year}, part {n}",
                    slug=f"report-{n}",
                    summary=f"What we learned at {summit.name}.",
                    introduction=intro,
                    introduction_html=intro_html.replace("POOL-", "intro-"),
                    takeaways=takeaways,
                    takeaways_html=takeaways_html.replace("POOL-", "takeaways-"),
                    status=status,
                    publish_at=publish_at,
                )
            )
        reports = self.bulk("reports", reports)
        for report in reports:
            for order, author in enumerate(self.random.sample(authors, self.random.choice((1, 1, 1, 2, 2, 3)))):
                bylines.append(ReportAuthor(report=report, author=author, order=order))
            for tag in set(self.random.choices(tags, tag_weights, k=self.random.randint(1, 4))):
                report_tags.append(TaggedReport(content_object=report, tag=tag))
        self.bulk("bylines", bylines)
        self.bulk("report tags", report_tags)
        self.bylines = {}
        for line in bylines:
            self.bylines.setdefault(line.report_id, []).append(line.author_id)
        return reports

    def make_writeups(self, reports, sessions, authors, tags, options):
        bodies = self.text_pool(300, 220)
        tag_weights = zipf_weights(len(tags))
        writeups, writeup_tags = [], []
        for report in reports:
            count = max(1, options["writeups_per_report"] + self.random.randint(-2, 2))
            chosen = self.random.sample(sessions[report.summit_id], min(count, len(sessions[report.summit_id])))
            for order, session in enumerate(chosen):
                body, body_html = self.random.choice(bodies)
                writeup = WriteUp(
                    report=report,
                    session=session,
                    order=order,
                    anchor=f"{session.slug}",
                    author_id=self.random.choice(self.bylines[report.pk]),
                    body=body,
                )
                writeup.body_html = body_html.replace("POOL-", f"n{writeup.uid.hex[:8]}-")
                writeups.append(writeup)
        writeups = self.bulk("write-ups", writeups)
        for writeup in writeups:
            for tag in set(self.random.choices(tags, tag_weights, k=self.random.randint(1, 3))):
                writeup_tags.append(TaggedWriteUp(content_object=writeup, tag=tag))
        self.bulk("write-up tags", writeup_tags)

    def refresh_search_vectors(self):
        if connection.vendor != "postgresql":
            return
        started = time.monotonic()
        self.stdout.write("  search vectors ...", ending="")
        self.stdout.flush()
        Report.objects.update(search_vector=report_vector())
        # The same expression as reports.search.writeup_vector, over every row at once.
        with connection.cursor() as cursor:
            cursor.execute(
                "UPDATE reports_writeup AS w SET search_vector ="
                " setweight(to_tsvector('english'::regconfig, COALESCE(s.title, '')), 'A')"
                " || setweight(to_tsvector('english'::regconfig, COALESCE(w.body, '')), 'B')"
                " FROM reports_session AS s WHERE s.id = w.session_id"
            )
            cursor.execute("ANALYZE")
        self.stdout.write(f" {time.monotonic() - started:.1f}s")
