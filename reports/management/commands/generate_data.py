"""Generate a large, realistic data set for benchmarks: summits twice a year over 15 years, ~60
tracks, ~300 projects, ~500 authors, ~900 speakers, N reports of about six write-ups each on shared
sessions, ~2,000 tags with a Zipf-like spread, and a mix of published, draft, in-review and
scheduled items.

PostgreSQL only, into an empty database. The small tables go in with bulk_create; the large ones
with COPY, their ids numbered here (the sequences are moved past them afterwards) and every column
not generated at its model default, so a new field with a default needs nothing here. Markdown is
rendered, and the search forms worked out, for a pool of texts that are reused. Once the rows have
committed, the search vectors are computed by the app's own expressions (reports.search), one
UPDATE per chunk of rows on two connections, with the full-text (GIN) indexes dropped meanwhile and
built again in one go; then the content version moves and everything is vacuumed and analysed.
100,000 reports take about seven minutes on two cores.
"""

import enum
import random
import time
import uuid
from bisect import bisect
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager
from datetime import UTC, date, datetime, timedelta
from itertools import accumulate

from django.core.management.base import BaseCommand, CommandError
from django.core.management.color import no_style
from django.db import connection, connections, transaction
from django.utils import timezone
from django.utils.text import slugify
from taggit.models import Tag

from reports import search
from reports.caching import content_changed
from reports.models import (
    Author,
    Project,
    Report,
    ReportAuthor,
    Session,
    SessionSpeaker,
    Speaker,
    Summit,
    TaggedReport,
    TaggedWriteUp,
    Track,
    WriteUp,
)
from reports.rendering import html_text, render_markdown

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


# Search vectors are computed in chunks of this many rows, on two connections at once (two cores).
VECTOR_CHUNK = 20_000
VECTOR_CONNECTIONS = 2


class Progress:
    """One line per phase, redrawn in place (at most five times a second): what, how far, how long."""

    def __init__(self, stdout, label, total):
        self.stdout, self.label, self.total = stdout, label, total
        self.started = self.drawn = time.monotonic()
        self.done = 0

    def advance(self, count=1):
        self.done += count
        if time.monotonic() - self.drawn >= 0.2:
            self.draw()

    def draw(self):
        self.drawn = time.monotonic()
        bar = "#" * (25 * self.done // max(self.total, 1))
        self.stdout.write(
            f"\r  {self.label:<16} [{bar:<25}] {self.done:>9}/{self.total} {self.drawn - self.started:6.1f}s",
            ending="",
        )
        self.stdout.flush()

    def finish(self, note=""):
        self.draw()
        self.stdout.write(note)


class Weighted:
    """Zipf-like draws from `items`, the first the most likely. The cumulative weights are summed
    once, so a draw is a bisection (random.choices with weights sums them again on every call)."""

    def __init__(self, rng, items, exponent):
        self.rng, self.items = rng, items
        self.cumulative = list(accumulate(1 / rank**exponent for rank in range(1, len(items) + 1)))

    def draw(self, count=1):
        total = self.cumulative[-1]
        return [self.items[bisect(self.cumulative, self.rng.random() * total)] for _ in range(count)]


def plain(value):
    """A value as COPY takes it: a choice is an enum member."""
    return value.value if isinstance(value, enum.Enum) else value


def default_columns(model, given):
    """([(column, factory)] for per-row defaults, [(column, value)] for fixed ones): the columns of
    `model` not in `given` (attnames). An id not given is numbered by the database."""
    now = timezone.now()
    factories, fixed = [], []
    for field in model._meta.local_concrete_fields:
        if field.attname in given or field.primary_key:
            continue
        if getattr(field, "auto_now", False) or getattr(field, "auto_now_add", False):
            fixed.append((field.column, now))
        elif field.has_default() and callable(field.default):
            factories.append((field.column, field.default))
        else:
            fixed.append((field.column, plain(field.get_default())))
    return factories, fixed


@contextmanager
def copy_rows(model, given):
    """Yield a function that sends one row of `model` by COPY: the values of the `given` fields
    (attnames), in order; every other column at its model default."""
    factories, fixed = default_columns(model, given)
    columns = [model._meta.get_field(name).column for name in given]
    columns += [column for column, _ in factories] + [column for column, _ in fixed]
    fixed_values = tuple(value for _, value in fixed)
    quote = connection.ops.quote_name
    statement = f"COPY {quote(model._meta.db_table)} ({', '.join(map(quote, columns))}) FROM STDIN"
    with connection.cursor() as cursor, cursor.copy(statement) as copy:

        def write(*values):
            copy.write_row((*values, *(make() for _, make in factories), *fixed_values))

        yield write


def drop_search_indexes(cursor, models):
    """Drop the full-text (GIN) indexes of `models`; answer their definitions, to build them again."""
    tables = [model._meta.db_table for model in models]
    cursor.execute(
        "SELECT indexname, indexdef FROM pg_indexes WHERE tablename = ANY(%s) AND indexdef LIKE %s",
        [tables, "%USING gin (search_vector)%"],
    )
    indexes = cursor.fetchall()
    for name, _ in indexes:
        cursor.execute(f"DROP INDEX {connection.ops.quote_name(name)}")
    return [definition for _, definition in indexes]


def build_indexes(cursor, definitions):
    cursor.execute("SET maintenance_work_mem = '256MB'")  # one sort in memory per index
    for definition in definitions:
        cursor.execute(definition)


def refresh_chunk(vector, model, first, last):
    """The search vectors of the rows first..last (ids) in one UPDATE, on this thread's own connection
    (their search_extra went in with the rows)."""
    try:
        rows = model.objects.filter(pk__gte=first, pk__lte=last)
        rows.update(search_vector=vector(rows))
    finally:
        connections.close_all()
    return last - first + 1


class Command(BaseCommand):
    help = "Generate a large synthetic data set (for benchmarks) with bulk inserts and a progress bar."

    def add_arguments(self, parser):
        parser.add_argument("--reports", type=int, default=10_000)
        parser.add_argument("--writeups-per-report", type=int, default=6)
        parser.add_argument("--seed", type=int, default=2017)

    def handle(self, *args, **options):
        """Load every table, then the search vectors; then move the content version."""
        if connection.vendor != "postgresql":
            raise CommandError("generate_data needs PostgreSQL (COPY, full-text search vectors).")
        if Report.objects.exists():
            raise CommandError("The database already has reports; generate into an empty database.")
        self.random = random.Random(options["seed"])
        self.report_count, self.per_report = options["reports"], options["writeups_per_report"]
        started = time.monotonic()
        with transaction.atomic():
            self.make_subjects()
            self.make_sessions()
            self.make_reports()
            self.make_writeups()
            # Their ids were numbered here: the sequences continue after them.
            with connection.cursor() as cursor:
                for statement in connection.ops.sequence_reset_sql(no_style(), [Session, Report, WriteUp]):
                    cursor.execute(statement)
        self.make_search_vectors()
        content_changed()  # no signal fired for these rows: the version moves once, now they are all in
        self.timed("vacuum and analyse", lambda cursor: cursor.execute("VACUUM ANALYZE"))
        self.stdout.write(self.style.SUCCESS(f"Generated in {time.monotonic() - started:.1f}s."))

    def timed(self, label, work):
        started = time.monotonic()
        self.stdout.write(f"  {label} ...", ending="")
        self.stdout.flush()
        with connection.cursor() as cursor:
            work(cursor)
        self.stdout.write(f" {time.monotonic() - started:.1f}s")

    def bulk(self, label, objects):
        progress = Progress(self.stdout, label, len(objects))
        created = type(objects[0]).objects.bulk_create(objects)
        progress.advance(len(created))
        progress.finish()
        return created

    def make_subjects(self):
        """The small tables: summits, tracks, projects, authors, speakers and tags."""
        self.summits = self.make_summits()
        self.tracks = self.bulk(
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
        speakers = self.bulk(
            "speakers",
            [Speaker(name=f"Speaker {n}", slug=f"speaker-{n}", affiliation=f"Company {n % 90}") for n in range(900)],
        )
        tags = self.bulk(
            "tags", [Tag(name=f"{PROJECT_WORDS[n % 20].lower()}-{n}", slug=f"tag-{n}") for n in range(2000)]
        )
        self.project_ids = [project.pk for project in projects]
        self.author_ids = [author.pk for author in authors]
        self.speaker_ids = [speaker.pk for speaker in speakers]
        self.tags = Weighted(self.random, [tag.pk for tag in tags], 1.1)

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

    def make_sessions(self):
        """About three write-ups per session: sessions are shared by several attendees."""
        per_summit = max(10, self.report_count * self.per_report // (3 * len(self.summits)))
        tracks = Weighted(self.random, self.tracks, 0.8)
        self.sessions = {summit.pk: [] for summit in self.summits}  # summit id: [(session id, slug)]
        self.title_forms = {}  # session id: the search forms of its title
        progress = Progress(self.stdout, "sessions", per_summit * len(self.summits))
        columns = ["id", "summit_id", "summit_start_date", "title", "slug", "kind", "track_id", "day"]
        with copy_rows(Session, columns) as write:
            for summit in self.summits:
                for n in range(per_summit):
                    session_id, slug = progress.done + 1, f"session-{n}"
                    track = tracks.draw()[0]
                    title = f"{track.name}: session {n} on {self.random.choice(PROJECT_WORDS)}"
                    day = summit.start_date + timedelta(days=n % 4)
                    kind = self.random.choice(KINDS)
                    write(session_id, summit.pk, summit.start_date, title, slug, kind, track.pk, day)
                    self.title_forms[session_id] = search.text_forms(title)
                    self.sessions[summit.pk].append((session_id, slug))
                    progress.advance()
        progress.finish()
        self.link_sessions(progress.done)

    def link_sessions(self, count):
        """Each session's projects (one to three) and speakers (one or two, in programme order)."""
        progress = Progress(self.stdout, "session-projects", count)
        with copy_rows(Session.projects.through, ["session_id", "project_id"]) as write:
            for session_id in range(1, count + 1):
                for project_id in self.random.sample(self.project_ids, self.random.randint(1, 3)):
                    write(session_id, project_id)
                progress.advance()
        progress.finish()
        progress = Progress(self.stdout, "session-speakers", count)
        with copy_rows(SessionSpeaker, ["session_id", "speaker_id", "order"]) as write:
            for session_id in range(1, count + 1):
                for order, speaker_id in enumerate(self.random.sample(self.speaker_ids, self.random.randint(1, 2))):
                    write(session_id, speaker_id, order)
                progress.advance()
        progress.finish()

    def text_pool(self, size, words):
        """(Markdown, HTML, plain text, its search forms) of realistic length, worked out once; the
        id prefix is swapped per use."""
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
            html = render_markdown(markdown, "POOL")
            text = html_text(html)
            pool.append((markdown, html, text, search.text_forms(text)))
        return pool

    def visibility(self, summit, now):
        """(status, publish time): most published after the summit, some drafts, in review or scheduled."""
        roll = self.random.random()
        if roll < 0.85:
            ends = datetime.combine(summit.end_date, datetime.min.time(), tzinfo=UTC)
            return Report.Status.PUBLISHED.value, min(
                now - timedelta(hours=1), ends + timedelta(days=self.random.randint(1, 60))
            )
        if roll < 0.92:
            return Report.Status.DRAFT.value, None
        if roll < 0.97:
            return Report.Status.REVIEW.value, None
        return Report.Status.PUBLISHED.value, now + timedelta(days=self.random.randint(1, 30))

    def make_reports(self):
        """Reports, more of them for recent summits; then their bylines and tags."""
        now = timezone.now()
        intros = self.text_pool(100, 120)
        self.report_summits = []  # the summit id of report n at n - 1
        progress = Progress(self.stdout, "reports", self.report_count)
        given = ["id", "summit_id", "title", "slug", "summary", "introduction", "introduction_html", "takeaways"]
        summary_forms = {}  # summit id: the search forms of its reports' summary
        with copy_rows(Report, [*given, "takeaways_html", "text", "search_extra", "status", "publish_at"]) as write:
            for n in range(self.report_count):
                summit = self.summits[min(len(self.summits) - 1, int(len(self.summits) * self.random.random() ** 0.7))]
                status, publish_at = self.visibility(summit, now)
                intro, intro_html, intro_text, intro_forms = self.random.choice(intros)
                takeaways, takeaways_html, takeaways_text, takeaways_forms = self.random.choice(intros)
                title = f"Notes from {summit.city} {summit.start_date.year}, part {n}"
                summary = f"What we learned at {summit.name}."
                if summit.pk not in summary_forms:
                    summary_forms[summit.pk] = search.text_forms(summary)
                forms = [search.text_forms(title), summary_forms[summit.pk], intro_forms, takeaways_forms]
                intro_html, takeaways_html = (
                    intro_html.replace("POOL-", "intro-"),
                    takeaways_html.replace("POOL-", "takeaways-"),
                )
                write(
                    n + 1,
                    summit.pk,
                    title,
                    f"report-{n}",
                    summary,
                    intro,
                    intro_html,
                    takeaways,
                    takeaways_html,
                    f"{intro_text} {takeaways_text}",
                    search.combined_expansions(forms),
                    status,
                    publish_at,
                )
                self.report_summits.append(summit.pk)
                progress.advance()
        progress.finish()
        self.make_bylines_and_tags()

    def make_bylines_and_tags(self):
        """One to three authors per report (mostly one), and one to four tags."""
        self.bylines = []  # the author ids of report n at n - 1
        progress = Progress(self.stdout, "bylines", self.report_count)
        with copy_rows(ReportAuthor, ["report_id", "author_id", "order"]) as write:
            for report_id in range(1, self.report_count + 1):
                authors = self.random.sample(self.author_ids, self.random.choice((1, 1, 1, 2, 2, 3)))
                for order, author_id in enumerate(authors):
                    write(report_id, author_id, order)
                self.bylines.append(authors)
                progress.advance()
        progress.finish()
        progress = Progress(self.stdout, "report tags", self.report_count)
        with copy_rows(TaggedReport, ["tag_id", "content_object_id"]) as write:
            for report_id in range(1, self.report_count + 1):
                for tag_id in set(self.tags.draw(self.random.randint(1, 4))):
                    write(tag_id, report_id)
                progress.advance()
        progress.finish()

    def make_writeups(self):
        """Each report's write-ups on sessions of its summit, by its authors; then their tags."""
        bodies = self.text_pool(300, 220)
        progress = Progress(self.stdout, "write-ups", self.report_count)
        given = [
            "id",
            "uid",
            "report_id",
            "session_id",
            "order",
            "anchor",
            "author_id",
            "body",
            "body_html",
            "body_text",
            "search_extra",
        ]
        writeup_id = 0
        with copy_rows(WriteUp, given) as write:
            for report_id, summit_id in enumerate(self.report_summits, start=1):
                count = max(1, self.per_report + self.random.randint(-2, 2))
                sessions = self.sessions[summit_id]
                for order, (session_id, slug) in enumerate(self.random.sample(sessions, min(count, len(sessions)))):
                    body, body_html, body_text, body_forms = self.random.choice(bodies)
                    uid, writeup_id = uuid.uuid4(), writeup_id + 1
                    author_id = self.random.choice(self.bylines[report_id - 1])
                    # Footnote ids are scoped by the uid, as WriteUp.save does.
                    body_html = body_html.replace("POOL-", f"n{uid.hex[:8]}-")
                    extra = search.combined_expansions([self.title_forms[session_id], body_forms])
                    write(
                        writeup_id,
                        uid,
                        report_id,
                        session_id,
                        order,
                        slug,
                        author_id,
                        body,
                        body_html,
                        body_text,
                        extra,
                    )
                progress.advance()
        progress.finish(f" ({writeup_id} write-ups)")
        self.make_writeup_tags(writeup_id)

    def make_writeup_tags(self, count):
        progress = Progress(self.stdout, "write-up tags", count)
        with copy_rows(TaggedWriteUp, ["tag_id", "content_object_id"]) as write:
            for writeup_id in range(1, count + 1):
                for tag_id in set(self.tags.draw(self.random.randint(1, 3))):
                    write(tag_id, writeup_id)
                progress.advance()
        progress.finish()

    def make_search_vectors(self):
        """Every row's vector by the app's own expressions (reports.search), with the full-text
        indexes dropped meanwhile and built again in one go (much faster than row by row)."""
        with connection.cursor() as cursor:
            indexes = drop_search_indexes(cursor, [Report, WriteUp])
        self.vectors(Report, search.report_vector)
        self.vectors(WriteUp, search.writeup_vector)
        self.timed("full-text indexes", lambda cursor: build_indexes(cursor, indexes))

    def vectors(self, model, vector):
        """The `vector` expression into every row of `model`, in chunks, two at a time."""
        last = model.objects.order_by("-pk").values_list("pk", flat=True).first() or 0
        chunks = [(first, min(first + VECTOR_CHUNK - 1, last)) for first in range(1, last + 1, VECTOR_CHUNK)]
        progress = Progress(self.stdout, f"{model._meta.model_name} vectors", last)
        with ThreadPoolExecutor(VECTOR_CONNECTIONS) as pool:
            for done in pool.map(lambda chunk: refresh_chunk(vector, model, *chunk), chunks):
                progress.advance(done)
        progress.finish()
