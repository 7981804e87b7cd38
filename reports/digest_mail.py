"""The email digests of subscriptions (`manage.py send_digests`): what each one holds, and sending
it exactly once.

A digest holds the published reports (Report.objects.published(): nothing unpublished or
scheduled for later) under the subscriber's confirmed subscriptions, by the rules of the
subjects' own pages (reports.subjects): a report is under a subject when it is, or one of its
write-ups is (a tag on the report or on a section, the summit, a section's session's project, the
byline). A report counts from its publish time: it is in a digest when that time is after the
subscription was confirmed and the subscriber was never sent it before (the DigestItem ledger).
A report that matches several subscriptions is in the email once, with what it matched.

Each subscriber is sent in a transaction of its own, holding its row (`select_for_update`, skipped
by another run that holds it already): the ledger rows are written, the one email is sent, and the
transaction commits. A send that fails rolls the ledger back, so that subscriber is retried on the
next run and the others still get theirs; two overlapping runs never send the same digest twice.
"""

import hashlib
import logging
from collections import defaultdict
from dataclasses import dataclass, field
from urllib.parse import urlsplit

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.db import transaction
from django.db.models import Q
from django.template.loader import render_to_string
from django.urls import NoReverseMatch, reverse
from django.utils.text import Truncator

from .models import DigestItem, Report, Subscriber, Subscription
from .subscriptions import SUBJECTS, forget_unconfirmed, subject_label, subject_of

log = logging.getLogger(__name__)

# More than this waits for the next digest (oldest first): a mass publication stays readable.
MAX_ITEMS = 50


@dataclass
class Item:
    """One report in a digest, with the subjects it was found under."""

    report: Report
    url: str
    authors: str
    excerpt: str
    matched: list = field(default_factory=list)


@dataclass
class Outcome:
    sent: int = 0
    empty: int = 0  # nothing new for them
    failed: int = 0
    busy: int = 0  # being sent by another run at the same time
    forgotten: int = 0  # unconfirmed sign-ups past their time

    def summary(self):
        line = f"sent {self.sent}, nothing to send {self.empty}, failed {self.failed}"
        if self.busy:
            line += f", left to another run {self.busy}"
        if self.forgotten:
            line += f"; forgot {self.forgotten} unconfirmed sign-up(s)"
        return line


def reports_under(kind, subject):
    """Published reports under a subject: its reports, and the reports of its write-ups."""
    via = SUBJECTS[kind]
    condition = Q(pk__in=via.writeups(subject).values("report_id"))
    reports = via.reports(subject)
    if reports is not None:
        condition |= Q(pk__in=reports.values("pk"))
    return Report.objects.published().filter(condition)


def pending(subscriber):
    """(reports, summits, matched) of the subscriber's next digest: the reports it was not sent yet,
    oldest first (at most MAX_ITEMS), the summits of the summit subscriptions that found some, and
    each report's id mapped to the subjects it was found under."""
    already_sent = DigestItem.objects.filter(subscriber=subscriber).values("report_id")
    matched = defaultdict(list)  # report id -> labels of the subscriptions it matched
    summits = {}
    subscriptions = subscriber.subscriptions.filter(confirmed_at__isnull=False).order_by("kind", "pk")
    for subscription in subscriptions:
        subject = subject_of(subscription)
        if subject is None:  # deleted since (a merged tag, say)
            continue
        label = subject_label(subscription.kind, subject)
        found = (
            reports_under(subscription.kind, subject)
            .filter(publish_at__gte=subscription.confirmed_at)
            .exclude(pk__in=already_sent)
            .values_list("pk", flat=True)
        )
        for pk in found:
            matched[pk].append(label)
            if subscription.kind == Subscription.Kind.SUMMIT:
                summits[subject.pk] = subject
    if not matched:
        return [], [], {}
    reports = Report.objects.published().filter(pk__in=list(matched)).with_related()
    reports = list(reports.order_by("publish_at", "pk")[:MAX_ITEMS])
    found_summits = {report.summit_id for report in reports}
    return reports, [summit for pk, summit in summits.items() if pk in found_summits], matched


def compose(subscriber, reports, summits, matched, base_url):
    """The digest email: plain text with an HTML alternative, the unsubscribe link in the body and
    in the List-Unsubscribe headers (RFC 2369, RFC 8058), and a Message-ID made of what it holds
    (a digest sent again after a crash is the same message to the recipient's mail system)."""
    items = [
        Item(
            report=report,
            url=base_url + report.get_absolute_url(),
            authors=", ".join(author.display_name for author in report.ordered_authors),
            excerpt=report.summary or Truncator(report.text).words(40),
            matched=matched[report.pk],
        )
        for report in reversed(reports)  # newest first
    ]
    unsubscribe_url = base_url + reverse("reports:unsubscribe", kwargs={"token": subscriber.token})
    context = {
        "items": items,
        "summit_digests": [(summit.name, url) for summit in summits if (url := summit_digest_url(summit, base_url))],
        "unsubscribe_url": unsubscribe_url,
        "site_url": base_url,
        "site_name": settings.SITE_NAME,
        "frequency": subscriber.get_frequency_display().lower(),
    }
    count = len(items)
    subject = f"{settings.SITE_NAME}: {count} new report{'s' if count != 1 else ''}"
    labels = sorted({" ".join(label.split()) for item in items for label in item.matched})  # one line
    subject += f" ({', '.join(labels[:3])}{', …' if len(labels) > 3 else ''})"
    ids = ",".join(str(report.pk) for report in reports)
    digest = hashlib.sha256(f"{subscriber.pk}:{ids}".encode()).hexdigest()[:24]
    domain = urlsplit(base_url).hostname or "localhost"
    message = EmailMultiAlternatives(
        subject,
        render_to_string("reports/email/digest.txt", context),
        None,
        [subscriber.email],
        headers={
            "List-Unsubscribe": f"<{unsubscribe_url}>",
            "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
            "Message-ID": f"<digest.{subscriber.pk}.{digest}@{domain}>",
            "Auto-Submitted": "auto-generated",
        },
    )
    message.attach_alternative(render_to_string("reports/email/digest.html", context), "text/html")
    return message


def summit_digest_url(summit, base_url):
    try:
        return base_url + reverse("reports:summit-digest", kwargs={"slug": summit.slug})
    except NoReverseMatch:  # the summit digest page is not there (yet)
        return None


def send_digest(subscriber_id, base_url):
    """Send one subscriber its digest: "sent", "empty" or "busy" (another run holds it). Raises
    if the email could not be sent; the ledger is then rolled back with the transaction."""
    with transaction.atomic():
        subscriber = Subscriber.objects.select_for_update(skip_locked=True).filter(pk=subscriber_id).first()
        if subscriber is None:  # another run holds it (or it unsubscribed meanwhile)
            return "busy"
        reports, summits, matched = pending(subscriber)
        if not reports:
            return "empty"
        DigestItem.objects.bulk_create([DigestItem(subscriber=subscriber, report=report) for report in reports])
        compose(subscriber, reports, summits, matched, base_url).send()
    return "sent"


def send_digests(base_url, frequency=None):
    """Every subscriber with a confirmed subscription (of one frequency, if given) is sent what is
    new for them; returns the Outcome. Sign-ups nobody confirmed in time are forgotten first."""
    outcome = Outcome(forgotten=forget_unconfirmed())
    subscribers = Subscriber.objects.filter(subscriptions__confirmed_at__isnull=False)
    if frequency:
        subscribers = subscribers.filter(frequency=frequency)
    for subscriber_id in subscribers.order_by("pk").values_list("pk", flat=True).distinct():
        try:
            result = send_digest(subscriber_id, base_url.rstrip("/"))
        except Exception:
            log.exception("the digest of subscriber %s could not be sent; it is tried again next run", subscriber_id)
            outcome.failed += 1
            continue
        if result == "sent":
            outcome.sent += 1
        elif result == "empty":
            outcome.empty += 1
        else:
            outcome.busy += 1
    return outcome
