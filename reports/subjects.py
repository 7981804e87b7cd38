"""What readers browse by: a tag, a summit, a session, a speaker, a track, a project, an author.

Each subject is defined once here: which of them are listed (they have public work), when asking
for one is a 404, and what its public reports and write-ups are. Its page (reports.views), its
feeds (reports.feeds), the index pages and the sitemap all use the same definition, so a page and
its feed can never disagree about what a subject holds.
"""

from django.db.models import Exists, OuterRef, Prefetch
from django.shortcuts import get_object_or_404
from django.urls import reverse
from taggit.models import Tag

from .models import (
    Attendance,
    Author,
    Project,
    Report,
    ReportAuthor,
    Session,
    Speaker,
    Summit,
    TaggedReport,
    TaggedWriteUp,
    Track,
    WriteUp,
)
from .querysets import any_exists, first_row_exists, published_q


class Subject:
    model = None
    # The kwargs of the subject's URL, mapped to the lookups that find it.
    lookups = {"slug": "slug"}

    def listed(self):
        """Those that have public work: the index page, the sitemap, the OPML."""
        return self.model.objects.all()

    def reachable(self):
        """Those whose page and feeds answer (the rest are a 404)."""
        return self.model.objects.all()

    def get(self, **kwargs):
        lookups = {self.lookups[name]: value for name, value in kwargs.items()}
        return get_object_or_404(self.reachable(), **lookups)

    def reports(self, subject):
        """Its published reports, or None when the subject has only write-ups."""
        return None

    def writeups(self, subject):
        raise NotImplementedError

    def feed_title(self, subject):
        return f"summitblog: {subject}"

    def url(self, subject):
        return subject.get_absolute_url()


class TagSubject(Subject):
    model = Tag

    def listed(self):
        tagged_reports = TaggedReport.objects.filter(published_q("content_object__"), tag=OuterRef("pk"))
        tagged_writeups = TaggedWriteUp.objects.filter(published_q("content_object__report__"), tag=OuterRef("pk"))
        return Tag.objects.filter(any_exists(tagged_reports, tagged_writeups))

    def reachable(self):
        return self.listed()  # a tag only drafts use stays hidden

    def reports(self, tag):
        return Report.objects.published().filter(tags=tag)

    def writeups(self, tag):
        return WriteUp.objects.published().filter(tags=tag)

    def feed_title(self, tag):
        return f"summitblog: #{tag.name}"

    def url(self, tag):
        return reverse("reports:tag", kwargs={"slug": tag.slug})  # taggit's Tag has no get_absolute_url


class SummitSubject(Subject):
    model = Summit

    def listed(self):
        return Summit.objects.filter(Exists(Report.objects.published().filter(summit=OuterRef("pk"))))

    def reports(self, summit):
        return Report.objects.published().filter(summit=summit)

    def writeups(self, summit):
        return WriteUp.objects.published().filter(report__summit=summit)


class SessionSubject(Subject):
    model = Session
    lookups = {"summit": "summit__slug", "slug": "slug"}

    def listed(self):
        return Session.objects.published()

    def reachable(self):
        projects = Prefetch("projects", to_attr="project_list")  # for its facts (includes/session_facts.html)
        return Session.objects.published().select_related("summit", "track").prefetch_related(projects).with_speakers()

    def writeups(self, session):
        return WriteUp.objects.published().filter(session=session)

    def attendances(self, session):
        """Who went without writing it up, with their one-liners (published reports only)."""
        return Attendance.objects.filter(published_q("report__"), session=session).select_related("report", "author")

    def feed_title(self, session):
        return f"summitblog: {session.title} ({session.summit.name})"


class SpeakerSubject(Subject):
    model = Speaker

    def listed(self):
        sessions = Session.objects.published().filter(session_speakers__speaker=OuterRef("pk"))
        return Speaker.objects.filter(Exists(sessions))

    def reachable(self):
        return self.listed()  # a speaker only drafts mention stays hidden

    def sessions(self, speaker):
        return Session.objects.published().filter(session_speakers__speaker=speaker)

    def writeups(self, speaker):
        return WriteUp.objects.published().filter(session__session_speakers__speaker=speaker)


class TrackSubject(Subject):
    model = Track

    def listed(self):
        # Through the track's sessions, each checked for a public write-up by its index, stopping
        # at the first: thousands of sessions share a track at size.
        public_writeups = WriteUp.objects.published().filter(session=OuterRef("pk"))
        sessions = Session.objects.filter(track=OuterRef("pk")).filter(Exists(public_writeups))
        return Track.objects.filter(first_row_exists(sessions))

    def writeups(self, track):
        return WriteUp.objects.published().filter(session__track=track)

    def feed_title(self, track):
        return f"summitblog: the {track.name} track"


class ProjectSubject(Subject):
    model = Project

    def listed(self):
        # Through the project's sessions, each checked for a public write-up by its index: a join
        # from write-ups to projects has PostgreSQL hash every published report first.
        public_writeups = WriteUp.objects.published().filter(session=OuterRef("session_id"))
        sessions = Session.projects.through.objects.filter(project=OuterRef("pk")).filter(Exists(public_writeups))
        return Project.objects.filter(Exists(sessions))

    def writeups(self, project):
        return WriteUp.objects.published().filter(session__projects=project)


class AuthorSubject(Subject):
    model = Author

    def listed(self):
        bylines = ReportAuthor.objects.filter(published_q("report__"), author=OuterRef("pk"))
        writeups = WriteUp.objects.published().filter(author=OuterRef("pk"))
        # Each stops at its first row: an author has hundreds of bylines and write-ups at size.
        return Author.objects.filter(first_row_exists(bylines) | first_row_exists(writeups))

    def reports(self, author):
        return Report.objects.published().filter(report_authors__author=author)

    def writeups(self, author):
        return WriteUp.objects.published().filter(author=author)


TAG, SUMMIT, SESSION, SPEAKER, TRACK, PROJECT, AUTHOR = (
    TagSubject(),
    SummitSubject(),
    SessionSubject(),
    SpeakerSubject(),
    TrackSubject(),
    ProjectSubject(),
    AuthorSubject(),
)
