"""Who is told what in the review loop, by email (Django's email framework, EMAIL_* settings).

Sending never makes a save fail: a failed send is logged and returned as a message the admin
shows on the page that follows the action. Emails are sent once the save has committed.
"""

import logging

from django.contrib.auth import get_user_model
from django.core.mail import send_mail
from django.urls import reverse
from django.utils import timezone

from .models import ReviewNote

log = logging.getLogger(__name__)


def editors():
    """Everyone who may publish, with an email address."""
    users = get_user_model().objects.filter(is_active=True).exclude(email="")
    return [user for user in users if user.has_perm("reports.publish_report")]


def authors_of(report):
    users = get_user_model().objects.filter(author__report_authorships__report=report, is_active=True)
    return list(users.exclude(email="").distinct())


def send(subject, body, recipients):
    """Send one email to each recipient; None when sent (or nobody to tell), else what went wrong."""
    addresses = sorted({user.email for user in recipients})
    if not addresses:
        return None
    try:
        for address in addresses:
            send_mail(subject, body, None, [address])
    except Exception as error:
        log.exception("email %r to %s could not be sent", subject, addresses)
        return f"The email “{subject}” could not be sent ({error.__class__.__name__}); nobody was told."
    return None


def name_of(user):
    author = getattr(user, "author", None)
    return author.display_name if author else user.get_username()


def submitted_for_review(request, report, note):
    link = request.build_absolute_uri(reverse("admin:reports_report_change", args=[report.pk]))
    body = f"{name_of(request.user)} submitted “{report.title}” for review.\n\n"
    if note:
        body += f"Their note:\n{note}\n\n"
    body += f"Review it here: {link}\n"
    return send(f"For review: {report.title}", body, editors())


def changes_requested(request, report, note):
    link = request.build_absolute_uri(reverse("admin:reports_report_change", args=[report.pk]))
    body = f"{name_of(request.user)} asked for changes to “{report.title}” (it is a draft again).\n\n"
    body += f"{note or 'No note was given.'}\n\nEdit it here: {link}\n"
    return send(f"Changes requested: {report.title}", body, authors_of(report))


def proposal_sent(request, report, note):
    link = request.build_absolute_uri(reverse("admin:reports_report_change", args=[report.pk]))
    body = f"{name_of(request.user)} proposed changes to the published report “{report.title}”.\n\n"
    if note:
        body += f"Their note:\n{note}\n\n"
    body += f"Load them into the form, check and publish them here: {link}\n"
    return send(f"Proposed changes: {report.title}", body, editors())


def live(report, base_url):
    """Tell the authors their report is public, with its link."""
    body = f"“{report.title}” is published: {base_url}{report.get_absolute_url()}\n"
    return send(f"Published: {report.title}", body, authors_of(report))


def send_due_live_notices(base_url):
    """Notices of publication for reports whose time has come and whose authors were not told
    yet (scheduled ones); returns how many were sent. Run by `manage.py send_notices`."""
    due = ReviewNote.objects.filter(
        kind__in=[ReviewNote.Kind.PUBLISHED, ReviewNote.Kind.SCHEDULED], notified_at__isnull=True
    ).select_related("report")
    sent = 0
    for note in due:
        if note.report.is_public and live(note.report, base_url) is None:
            ReviewNote.objects.filter(pk=note.pk).update(notified_at=timezone.now())
            sent += 1
    return sent
