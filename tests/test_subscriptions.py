"""Email subscriptions by tag, summit, project and author: sign-up on the subject's page, double
opt-in, digests by `send_digests` against a real SMTP server on loopback, one-click unsubscribe."""

import io
import re
from datetime import timedelta
from urllib.parse import urlsplit

import pytest
from bs4 import BeautifulSoup
from django.core.management import CommandError, call_command
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from reports.models import DigestItem, Report, Subscriber, Subscription

from .factories import make_author, make_project, make_report, make_session, make_summit, make_user, make_writeup

pytestmark = pytest.mark.django_db

CONFIRM_LINK = re.compile(r"https?://\S+/subscriptions/confirm/[\w-]+/")


@pytest.fixture(autouse=True)
def site_url(settings):
    settings.SITE_URL = "http://testserver"


@pytest.fixture
def ceph(db):
    """The tag "ceph", with a report that was public long before anyone subscribed."""
    make_report(title="Old Ceph news", tags=["ceph"], publish_at=timezone.now() - timedelta(days=30))


# -- Helpers: what a reader does, through the pages and the emails ---------------------------------


def subscribe_form(html):
    return BeautifulSoup(html, "html.parser").select_one("form.subscribe__form")


def sign_up(page_url, email, frequency="weekly", client=None):
    """Fill in the form found on a subject's page and send it to its action, as a browser would
    (CSRF checks on: the cached page carries no token, and needs none)."""
    client = client or Client(enforce_csrf_checks=True)
    form = subscribe_form(client.get(page_url).content)
    data = {field["name"]: field.get("value", "") for field in form.select("input[type=hidden]")}
    data.update(email=email, frequency=frequency)
    return client.post(form["action"], data)


def confirmation_link(smtp_server, email):
    """The link in the latest email to `email`."""
    latest = [entry for entry in smtp_server.messages if entry["to"] == [email]][-1]
    return CONFIRM_LINK.search(plain(latest)).group(0)


def press_confirm(link):
    """Open the confirmation link and press its button (a browser with cookies and CSRF checks)."""
    client = Client(enforce_csrf_checks=True)
    path = urlsplit(link).path
    page = client.get(path)
    token = BeautifulSoup(page.content, "html.parser").select_one("input[name=csrfmiddlewaretoken]")["value"]
    return client.post(path, {"csrfmiddlewaretoken": token})


def subscribed(page_url, email, smtp_server, frequency="weekly"):
    """Signed up on the page and confirmed from the email."""
    assert sign_up(page_url, email, frequency).status_code == 200
    assert press_confirm(confirmation_link(smtp_server, email)).status_code == 200


def send_digests(**options):
    out = io.StringIO()
    call_command("send_digests", stdout=out, **options)
    return out.getvalue()


def digests(smtp_server):
    return [entry for entry in smtp_server.messages if entry["message"]["List-Unsubscribe"]]


def plain(entry):
    return entry["message"].get_body(("plain",)).get_content()


def fresh_report(**fields):
    """A report published now (after the subscriptions the test made)."""
    return make_report(publish_at=timezone.now(), **fields)


TAG_PAGE = "/tags/ceph/"


# -- The whole path ----------------------------------------------------------------------------


def test_subscribe_confirm_digest_unsubscribe_end_to_end(ceph, smtp_server):
    """The reader's whole path: the form on a tag page (and on an author's), a confirmation email,
    a confirm page that confirms only when its button is pressed, one digest holding each new
    report once, nothing on a second run, one-click unsubscribe from the header's URL with no
    cookie, and nothing after that."""
    author = make_author(display_name="Dara Writer")
    make_report(title="Dara's old report", authors=[author], publish_at=timezone.now() - timedelta(days=9))

    assert sign_up(TAG_PAGE, "reader@example.org").status_code == 200
    assert sign_up(author.get_absolute_url(), "reader@example.org", frequency="daily").status_code == 200
    assert [entry["to"] for entry in smtp_server.messages] == [["reader@example.org"]] * 2
    links = [CONFIRM_LINK.search(body).group(0) for body in smtp_server.bodies()]

    # A mail scanner following the link confirms nothing.
    page = Client().get(urlsplit(links[0]).path)
    assert page.status_code == 200 and "Confirm" in page.content.decode()
    assert not Subscription.objects.filter(confirmed_at__isnull=False).exists()
    for link in links:
        confirmed = press_confirm(link)
        assert confirmed.status_code == 200 and "You are subscribed" in confirmed.content.decode()
    assert Subscription.objects.filter(confirmed_at__isnull=False).count() == 2
    assert Subscriber.objects.get().frequency == "daily"  # the latest confirmed choice

    both = fresh_report(title="Ceph by Dara", tags=["ceph"], authors=[author], summary="Ceph has won.")
    via_section = fresh_report(title="Storage day")
    make_writeup(via_section, tags=["ceph"])

    output = send_digests()
    assert "sent 1, nothing to send 0, failed 0" in output
    [digest] = digests(smtp_server)
    assert digest["to"] == ["reader@example.org"]
    text = plain(digest)
    assert text.count("Ceph by Dara") == 1 and text.count("Storage day") == 1
    assert "Old Ceph news" not in text and "Dara's old report" not in text
    assert f"http://testserver{both.get_absolute_url()}" in text and "Ceph has won." in text
    assert "(You follow Dara Writer, #ceph.)" in text  # what it matched
    html = digest["message"].get_body(("html",)).get_content()
    assert html.count(">Ceph by Dara<") == 1 and ">Storage day<" in html
    message = digest["message"]
    assert message["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    assert message["Message-ID"].startswith("<digest.")
    [unsubscribe_url] = re.findall(r"<([^>]+)>", message["List-Unsubscribe"])  # RFC 2369: <URL>
    assert unsubscribe_url in text

    assert "sent 0, nothing to send 1" in send_digests()
    assert len(digests(smtp_server)) == 1

    # RFC 8058: the mail provider POSTs this body to the header's URL, with no cookie and no token.
    response = Client(enforce_csrf_checks=True).post(
        urlsplit(unsubscribe_url).path, "List-Unsubscribe=One-Click", content_type="application/x-www-form-urlencoded"
    )
    assert 200 <= response.status_code < 300
    assert not Subscriber.objects.exists() and not Subscription.objects.exists()

    fresh_report(title="Ceph after unsubscribing", tags=["ceph"], authors=[author])
    send_digests()
    assert len(digests(smtp_server)) == 1


# -- What a digest holds -------------------------------------------------------------------------


def test_drafts_reports_in_review_and_scheduled_reports_never_appear(ceph, smtp_server):
    """Only public reports are in a digest: a draft, a report in review and one scheduled for
    later never are; a scheduled report is sent once its time has come. A report public before
    the subscription was confirmed is not news."""
    subscribed(TAG_PAGE, "reader@example.org", smtp_server)
    fresh_report(title="Public one", tags=["ceph"])
    make_report(title="A draft", tags=["ceph"], status=Report.Status.DRAFT)
    make_report(title="In review", tags=["ceph"], status=Report.Status.REVIEW)
    scheduled = make_report(title="Scheduled", tags=["ceph"], publish_at=timezone.now() + timedelta(days=2))
    draft_with_section = make_report(title="Draft with a tagged section", status=Report.Status.DRAFT)
    make_writeup(draft_with_section, tags=["ceph"])

    send_digests()
    [digest] = digests(smtp_server)
    text = plain(digest)
    assert "Public one" in text
    for hidden in ("A draft", "In review", "Scheduled", "Draft with a tagged section", "Old Ceph news"):
        assert hidden not in text

    Report.objects.filter(pk=scheduled.pk).update(publish_at=timezone.now())  # its time has come
    send_digests()
    assert len(digests(smtp_server)) == 2 and "Scheduled" in plain(digests(smtp_server)[1])
    send_digests()
    assert len(digests(smtp_server)) == 2


def test_an_unconfirmed_subscription_gets_nothing(ceph, smtp_server):
    """A sign-up whose link was never confirmed is sent no digest, whatever is published."""
    assert sign_up(TAG_PAGE, "reader@example.org").status_code == 200
    fresh_report(title="New Ceph", tags=["ceph"])
    assert "sent 0" in send_digests()
    assert digests(smtp_server) == [] and len(smtp_server.messages) == 1  # the confirmation only


def test_summit_and_project_subscriptions(smtp_server):
    """A summit subscription finds the summit's reports (and links to the summit's digest page); a
    project subscription finds the reports with a write-up of a session about the project."""
    summit = make_summit(name="Sydney 2017")
    project = make_project(name="Ceph")
    make_report(summit=summit, publish_at=timezone.now() - timedelta(days=3))  # the summit is listed
    old = make_report(publish_at=timezone.now() - timedelta(days=3))
    make_writeup(old, session=make_session(summit=old.summit, projects=[project]))  # the project too
    subscribed(summit.get_absolute_url(), "summit@example.org", smtp_server)
    subscribed(project.get_absolute_url(), "project@example.org", smtp_server)

    at_summit = fresh_report(title="Sydney, day one", summit=summit)
    about_ceph = fresh_report(title="Ceph everywhere")
    make_writeup(about_ceph, session=make_session(summit=about_ceph.summit, projects=[project]))
    fresh_report(title="Unrelated")

    send_digests()
    sent = {entry["to"][0]: plain(entry) for entry in digests(smtp_server)}
    assert "Sydney, day one" in sent["summit@example.org"] and "Ceph everywhere" not in sent["summit@example.org"]
    digest_url = "http://testserver" + reverse("reports:summit-digest", kwargs={"slug": summit.slug})
    assert digest_url in sent["summit@example.org"]
    assert "Ceph everywhere" in sent["project@example.org"] and "Sydney" not in sent["project@example.org"]
    assert "Unrelated" not in "".join(sent.values())
    assert at_summit.pk in DigestItem.objects.values_list("report_id", flat=True)


def test_a_resubscription_to_a_confirmed_subject_sends_nothing(ceph, smtp_server):
    """Signing up again for a subject already confirmed answers the same page and sends nothing."""
    subscribed(TAG_PAGE, "reader@example.org", smtp_server)
    first = sign_up(TAG_PAGE, "Reader@Example.org")
    assert first.status_code == 200 and "Check your inbox" in first.content.decode()
    assert len(smtp_server.messages) == 1 and Subscriber.objects.count() == 1


# -- Sign-up rules -------------------------------------------------------------------------------


def test_sign_ups_are_rate_limited_per_client_address(ceph, settings, smtp_server):
    """More than SUBSCRIBE_RATE_PER_HOUR sign-ups from one address in an hour answer 429 with a
    page that says why; another address is not affected."""
    settings.SUBSCRIBE_RATE_PER_HOUR = 3
    for number in range(3):
        assert sign_up(TAG_PAGE, f"reader{number}@example.org").status_code == 200
    refused = sign_up(TAG_PAGE, "reader3@example.org")
    assert refused.status_code == 429 and "Too many sign-ups" in refused.content.decode()
    assert refused["Retry-After"].isdigit()
    assert not Subscriber.objects.filter(email="reader3@example.org").exists()
    other_address = Client(enforce_csrf_checks=True, REMOTE_ADDR="192.0.2.7")
    assert sign_up(TAG_PAGE, "reader3@example.org", client=other_address).status_code == 200


def test_bad_input_is_a_form_error_not_a_server_error(client, ceph, smtp_server):
    """A malformed address, an unknown kind or frequency, or nothing at all: a 400 page with the
    errors (and the form again when the subject is known), never the typed text, never a 500."""
    response = client.post(
        reverse("reports:subscribe"),
        {"email": "not an <b>address", "frequency": "weekly", "kind": "tag", "slug": "ceph"},
    )
    assert response.status_code == 400
    page = BeautifulSoup(response.content, "html.parser")
    assert "valid email address" in page.select_one(".subscribe__errors").get_text()
    assert subscribe_form(response.content) is not None and "not an" not in response.content.decode()
    for data in ({}, {"email": "a@example.org", "frequency": "hourly", "kind": "tag", "slug": "ceph"},
                 {"email": "a@example.org", "frequency": "daily", "kind": "session", "slug": "ceph"},
                 {"email": "a@example.org" * 30, "frequency": "daily", "kind": "tag", "slug": "../x"}):  # fmt: skip
        assert client.post(reverse("reports:subscribe"), data).status_code == 400
    nul = {"email": "a\x00@example.org", "frequency": "daily\x00", "kind": "tag", "slug": "ceph\x00"}
    assert client.post(reverse("reports:subscribe"), nul).status_code == 400
    assert client.get(reverse("reports:subscribe")).status_code == 405
    assert not Subscriber.objects.exists() and smtp_server.messages == []


def test_an_unknown_subject_is_a_404(client, smtp_server):
    """A subject that does not exist, or a tag only a draft uses, is a 404 and nobody is written to."""
    make_report(status=Report.Status.DRAFT, tags=["secret-plans"])
    for kind, slug in [("tag", "no-such-tag"), ("tag", "secret-plans"), ("summit", "nowhere"), ("author", "nobody")]:
        data = {"email": "a@example.org", "frequency": "daily", "kind": kind, "slug": slug}
        assert client.post(reverse("reports:subscribe"), data).status_code == 404
    assert not Subscriber.objects.exists() and smtp_server.messages == []


def test_the_form_is_on_every_subscribable_page_and_the_same_for_everyone(ceph, settings, smtp_server):
    """Tag, summit, project and author pages carry the sign-up form (a labelled email field,
    autocomplete, required, a frequency choice, no CSRF token); pages are byte-identical for two
    visitors, even with subscribers signed up, and never show an address."""
    settings.PAGE_CACHE_SECONDS = 0  # each page built afresh
    project = make_project(slug="ceph-project")
    report = make_report(publish_at=timezone.now() - timedelta(days=1))
    make_writeup(report, session=make_session(summit=report.summit, projects=[project]))
    author = report.ordered_authors[0]
    pages = [TAG_PAGE, report.summit.get_absolute_url(), project.get_absolute_url(), author.get_absolute_url()]
    subscribed(TAG_PAGE, "private.reader@example.org", smtp_server)
    sign_up(author.get_absolute_url(), "pending.reader@example.org")
    for url in pages:
        first, second = Client().get(url), Client(REMOTE_ADDR="198.51.100.4").get(url)
        assert first.status_code == 200 and first.content == second.content, url
        html = first.content.decode()
        assert "reader@example.org" not in html and "csrfmiddlewaretoken" not in html
        assert not first.cookies
        form = subscribe_form(first.content)
        assert form["method"] == "post" and form["action"] == reverse("reports:subscribe")
        email = form.select_one("input[name=email]")
        assert (email["type"], email["autocomplete"]) == ("email", "email") and email.has_attr("required")
        assert form.select_one(f"label[for={email['id']}]").get_text(strip=True)
        assert {o["value"] for o in form.select("select[name=frequency] option")} == {"daily", "weekly"}
    session_page = Client().get(report.writeups.get().session.get_absolute_url())
    assert subscribe_form(session_page.content) is None


def test_confirmation_and_unsubscribe_links_answer_404_when_unknown_and_unsubscribing_twice_is_fine(
    client, ceph, smtp_server
):
    """An unknown or malformed confirmation or unsubscribe token is a 404 (never a 500, even with a
    NUL byte); the unsubscribe POST can be repeated."""
    for token in ["nope", "%00", "x" * 5000, "%3Cscript%3E", "a%2F..%2Fb"]:
        for path in (f"/subscriptions/confirm/{token}/", f"/unsubscribe/{token}/"):
            assert client.post(path, "List-Unsubscribe=One-Click", content_type="text/plain").status_code in (200, 404)
            if token != "%00":  # a NUL in any GET path: the moved-address middleware's (reports/redirects.py)
                assert client.get(path).status_code == 404, path
    subscribed(TAG_PAGE, "reader@example.org", smtp_server)
    token = Subscriber.objects.get().token
    page = client.get(f"/unsubscribe/{token}/")
    assert page.status_code == 200 and BeautifulSoup(page.content, "html.parser").select_one("form[method=post]")
    assert client.post(f"/unsubscribe/{token}/").status_code == 200
    assert client.post(f"/unsubscribe/{token}/").status_code == 200
    assert not Subscriber.objects.exists()


# -- Sending -------------------------------------------------------------------------------------


def test_a_failed_send_is_retried_next_run_and_does_not_stop_the_others(ceph, smtp_server):
    """The mail server refuses one recipient: the others get their digest, the command exits
    non-zero, and the next run sends the refused one its digest exactly once."""
    for email in ("first@example.org", "refused@example.org", "third@example.org"):
        subscribed(TAG_PAGE, email, smtp_server)
    fresh_report(title="New Ceph", tags=["ceph"])
    smtp_server.refused.add("refused@example.org")

    with pytest.raises(CommandError, match="1 digest"):
        send_digests()
    assert sorted(entry["to"][0] for entry in digests(smtp_server)) == ["first@example.org", "third@example.org"]
    assert not DigestItem.objects.filter(subscriber__email="refused@example.org").exists()

    smtp_server.refused.clear()
    assert "sent 1, nothing to send 2, failed 0" in send_digests()
    assert sorted(entry["to"][0] for entry in digests(smtp_server)) == [
        "first@example.org",
        "refused@example.org",
        "third@example.org",
    ]
    send_digests()
    assert len(digests(smtp_server)) == 3


def test_frequency_picks_the_run(ceph, smtp_server):
    """`--frequency daily` sends the daily subscribers only; the weekly run sends the others."""
    subscribed(TAG_PAGE, "daily@example.org", smtp_server, frequency="daily")
    subscribed(TAG_PAGE, "weekly@example.org", smtp_server, frequency="weekly")
    fresh_report(title="New Ceph", tags=["ceph"])
    send_digests(frequency="daily")
    assert [entry["to"] for entry in digests(smtp_server)] == [["daily@example.org"]]
    send_digests(frequency="weekly")
    assert [entry["to"] for entry in digests(smtp_server)][1:] == [["weekly@example.org"]]


@pytest.mark.django_db(transaction=True)
def test_two_overlapping_runs_send_each_digest_once(smtp_server, settings):
    """Two send_digests started together (two cron runs overlapping): every subscriber gets one
    email, whichever run got to them first (the subscriber's row is held while it is sent)."""
    from concurrent.futures import ThreadPoolExecutor
    from threading import Barrier

    from django.db import connection

    make_report(title="Old Ceph news", tags=["ceph"], publish_at=timezone.now() - timedelta(days=30))
    emails = [f"reader{number}@example.org" for number in range(6)]
    for email in emails:
        subscribed(TAG_PAGE, email, smtp_server)
    fresh_report(title="New Ceph", tags=["ceph"])
    start = Barrier(2)

    def run(_):
        start.wait(timeout=30)
        try:
            return send_digests()
        finally:
            connection.close()

    with ThreadPoolExecutor(max_workers=2) as pool:
        list(pool.map(run, range(2)))
    assert sorted(entry["to"][0] for entry in digests(smtp_server)) == emails
    assert DigestItem.objects.count() == len(emails)


def test_unconfirmed_sign_ups_are_forgotten_after_a_week(ceph, smtp_server):
    """send_digests deletes sign-ups nobody confirmed within a week, with addresses left with none."""
    sign_up(TAG_PAGE, "never@example.org")
    subscribed(TAG_PAGE, "kept@example.org", smtp_server)
    Subscription.objects.update(created_at=timezone.now() - timedelta(days=8))
    Subscriber.objects.update(created_at=timezone.now() - timedelta(days=8))
    assert "forgot 1 unconfirmed" in send_digests()
    assert list(Subscriber.objects.values_list("email", flat=True)) == ["kept@example.org"]


# -- Who sees subscribers -------------------------------------------------------------------------


def test_subscribers_in_the_admin_are_for_those_allowed_never_contributors(contributor_client, ceph, smtp_server):
    """A contributor holds no permission on subscribers and gets a 403 on their admin list; a
    superuser sees the addresses there (and may delete them, not add or edit them)."""
    from django.contrib.auth.models import Group

    subscribed(TAG_PAGE, "reader@example.org", smtp_server)
    changelist = reverse("admin:reports_subscriber_changelist")
    assert contributor_client.get(changelist).status_code == 403
    codenames = Group.objects.get(name="Contributor").permissions.values_list("codename", flat=True)
    assert not [name for name in codenames if "subscri" in name or "digest" in name]

    admin = make_user("root")
    admin.is_staff = admin.is_superuser = True
    admin.save()
    client = Client()
    client.force_login(admin)
    listing = client.get(changelist)
    assert listing.status_code == 200 and "reader@example.org" in listing.content.decode()
    subscriber = Subscriber.objects.get()
    detail = client.get(reverse("admin:reports_subscriber_change", args=[subscriber.pk]))
    assert detail.status_code == 200 and "#ceph" in detail.content.decode()
    assert client.get(reverse("admin:reports_subscriber_add")).status_code == 403
