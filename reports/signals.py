"""Derived data kept current when content changes, once the change has committed.

The content version (reports.caching) moves only for what readers can see: a report that is or
was published (scheduled included: its time is part of the version), anything attached to such a
report (write-ups, byline, tags), and any change to summits, sessions, tracks, projects, authors
and existing tags. A draft or a report in review can be saved, autosaved and deleted, write-ups,
byline and tags included, without a single cached page going cold. Raw saves count too: restoring
a version from the history writes rows that way.

The search index (PostgreSQL's stored vectors, SQLite's FTS5 table) is refreshed here on commit,
for the same reason: a restored version's raw saves skip Model.save().
"""

from django.db import transaction
from django.db.models.signals import m2m_changed, post_delete, post_save, pre_save
from django.dispatch import receiver
from taggit.models import Tag

from . import search
from .caching import content_changed
from .followups import sync_follow_ups
from .models import (
    Attendance,
    Attendee,
    Author,
    FollowUp,
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

ALWAYS_PUBLIC = (Author, Project, Session, SessionSpeaker, Speaker, Summit, Track)
# Attached to a report: public when their report is (the path from them to its status).
ATTACHED = {
    WriteUp: "report_id",
    ReportAuthor: "report_id",
    Attendance: "report_id",
    Attendee: "report_id",
    FollowUp: "report_id",
    TaggedReport: "content_object_id",
    TaggedWriteUp: "content_object__report_id",
}


def is_published(report_id):
    return Report.objects.filter(pk=report_id, status=Report.Status.PUBLISHED).exists()


def report_of(instance):
    path = ATTACHED[type(instance)]
    if path == "content_object__report_id":
        return WriteUp.objects.filter(pk=instance.content_object_id).values_list("report_id", flat=True).first()
    return getattr(instance, path)


@receiver(pre_save, sender=Report)
def note_stored_status(sender, instance, **kwargs):
    """Whether the stored report was published before this save (an unpublish must count)."""
    instance.was_published = bool(instance.pk) and is_published(instance.pk)


@receiver(post_save, sender=Report)
@receiver(post_delete, sender=Report)
def report_changed(sender, instance, **kwargs):
    if instance.status == Report.Status.PUBLISHED or getattr(instance, "was_published", False):
        content_changed()


@receiver(post_save)
@receiver(post_delete)
def attached_or_shared_content_changed(sender, instance, created=False, **kwargs):
    if sender in ALWAYS_PUBLIC:
        content_changed()
    elif sender is Tag and not created:
        content_changed()  # a new tag has no public work yet; a renamed or deleted one may
    elif sender in ATTACHED and is_published(report_of(instance)):
        content_changed()


@receiver(m2m_changed, sender=Session.projects.through)
def session_projects_changed(sender, action, **kwargs):
    if action in {"post_add", "post_remove", "post_clear"}:
        content_changed()


@receiver(post_save, sender=WriteUp)
def follow_ups_marked(sender, instance, **kwargs):
    """A section's follow-ups follow its text (raw saves too: a restored version brings its own)."""
    sync_follow_ups(instance)


# -- Search vectors ------------------------------------------------------------------------------


@receiver(post_save, sender=Report)
def refresh_report_search(sender, instance, **kwargs):
    transaction.on_commit(lambda: search.refresh_report_vectors(Report.objects.filter(pk=instance.pk)))


@receiver(post_save, sender=Attendance)
@receiver(post_delete, sender=Attendance)
def refresh_report_search_for_notes(sender, instance, **kwargs):
    """A report is searchable by the one-liners of the sessions its authors also attended."""
    transaction.on_commit(lambda: search.refresh_report_vectors(Report.objects.filter(pk=instance.report_id)))


@receiver(post_save, sender=WriteUp)
def refresh_writeup_search(sender, instance, **kwargs):
    transaction.on_commit(lambda: search.refresh_writeup_vectors(WriteUp.objects.filter(pk=instance.pk)))


@receiver(post_delete, sender=Report)
@receiver(post_delete, sender=WriteUp)
def forget_search_entry(sender, instance, using="default", **kwargs):
    uid = str(instance.uid)
    transaction.on_commit(lambda: search.fts_forget(using, [uid]))


@receiver(post_save, sender=Session)
def refresh_session_writeups_search(sender, instance, created=False, **kwargs):
    if not created:  # write-ups are searchable by their session's title
        transaction.on_commit(lambda: search.refresh_writeup_vectors(WriteUp.objects.filter(session=instance.pk)))
