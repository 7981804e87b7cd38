"""Every change to what the public site shows moves the content version (see ContentVersion)."""

from django.db.models.signals import m2m_changed, post_delete, post_save
from django.dispatch import receiver
from taggit.models import Tag

from .models import (
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
from .search import refresh_report_vectors, refresh_writeup_vectors

PUBLIC_CONTENT = (
    Author,
    Project,
    Report,
    ReportAuthor,
    Session,
    Summit,
    TaggedReport,
    TaggedWriteUp,
    Tag,
    Track,
    WriteUp,
)


@receiver(post_save)
@receiver(post_delete)
def content_changed(sender, **kwargs):
    # Raw saves too: restoring a version from the history writes rows that way.
    if sender in PUBLIC_CONTENT:
        ContentVersion.bump()


@receiver(post_save, sender=Report)
@receiver(post_save, sender=WriteUp)
def restored_from_history(sender, instance, raw=False, **kwargs):
    """A raw save (a restored version) skips Model.save(), so the search vector is refreshed here."""
    if not raw:
        return
    if sender is Report:
        refresh_report_vectors(Report.objects.filter(pk=instance.pk))
    else:
        refresh_writeup_vectors(WriteUp.objects.filter(pk=instance.pk), instance.session.title)


@receiver(m2m_changed, sender=Session.projects.through)
def session_projects_changed(sender, action, **kwargs):
    if action in {"post_add", "post_remove", "post_clear"}:
        ContentVersion.bump()
