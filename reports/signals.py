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
def content_changed(sender, raw=False, **kwargs):
    if sender in PUBLIC_CONTENT and not raw:
        ContentVersion.bump()


@receiver(m2m_changed, sender=Session.projects.through)
def session_projects_changed(sender, action, **kwargs):
    if action in {"post_add", "post_remove", "post_clear"}:
        ContentVersion.bump()
