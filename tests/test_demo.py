"""The demo loader: complete, idempotent, faithful to its five seed reports, and never run in production."""

import re

import pytest
from bs4 import BeautifulSoup
from django.contrib.auth import get_user_model
from django.core.management import CommandError, call_command

from reports.models import (
    Attendance,
    Attendee,
    Author,
    Image,
    Report,
    Session,
    SessionSpeaker,
    Speaker,
    Summit,
    WriteUp,
)

pytestmark = pytest.mark.django_db

# Each published demo report carries one seed report whole. What each one holds:
# (sessions written up, free sections, sessions also attended, attendees, days its sections fall on).
SEED_REPORTS = {
    "boston-2017-four-days-of-kubernetes": (13, 4, 4, 0, 4),  # Boston 2017, day by day
    "nfv-at-boston-2017": (6, 3, 0, 0, 1),  # Boston 2017, NFV
    "tokyo-2015-tuesday-notes": (4, 1, 0, 0, 1),  # Tokyo 2015, Tuesday 27 October
    "hong-kong-2013-ha-storage-deployment": (10, 2, 12, 5, 0),  # Hong Kong 2013
    "sydney-2017-ceph-has-won": (12, 1, 0, 1, 1),  # Sydney 2017
}
BOSTON_DIARY = "boston-2017-four-days-of-kubernetes"
# The reports whose seed had pictures: each has a cover and a captioned figure in a section.
ILLUSTRATED = ["boston-2017-four-days-of-kubernetes", "nfv-at-boston-2017", "tokyo-2015-tuesday-notes"]
FOLLOW_UP = re.compile(r"^\s*(?:[-*]\s+)?(?:\*\*Follow-up:\*\*|Follow-up:|\[[ x]\]\s)", re.MULTILINE)


@pytest.fixture
def demo(settings):
    settings.DEBUG = True
    call_command("load_demo", verbosity=0)


def counts():
    models = (Summit, Session, Speaker, SessionSpeaker, Author, Report, WriteUp, Attendance, Attendee, Image)
    return {model.__name__: model.objects.count() for model in (*models, get_user_model())}


def page(client, url):
    response = client.get(url)
    assert response.status_code == 200, url
    return BeautifulSoup(response.content, "html.parser")


def test_loads_the_demo_and_is_idempotent(settings):
    """The demo loader fills the site (at least four summits, five reports, thirty write-ups,
    attendances and attendees), and loading it again changes nothing."""
    settings.DEBUG = True
    call_command("load_demo", verbosity=0)
    first = counts()
    assert first["Summit"] >= 4 and first["Report"] >= 5 and first["WriteUp"] >= 30
    assert first["Attendance"] and first["Attendee"] and first["SessionSpeaker"]
    call_command("load_demo", verbosity=0)
    assert counts() == first


@pytest.mark.parametrize("slug", SEED_REPORTS)
def test_each_seed_report_is_loaded_whole(demo, slug):
    """Each of the five seed reports is a published demo report with the sessions written up, free
    sections, sessions also attended, attendees and days that its seed holds."""
    report = Report.objects.published().get(slug=slug)
    sections = list(report.writeups.select_related("session"))
    days = {section.section_day for section in sections if section.section_day}
    held = (
        sum(not section.is_free for section in sections),
        sum(section.is_free for section in sections),
        report.attendances.count(),
        report.attendees.count(),
        len(days),
    )
    assert held == SEED_REPORTS[slug]
    assert all(section.body.strip() for section in sections)


def test_the_boston_diary_shows_its_four_days_as_headings(demo, client):
    """The Boston day-by-day report's public page groups its sections under one heading per day,
    Monday to Thursday, each with the sections of that day."""
    soup = page(client, Report.objects.get(slug=BOSTON_DIARY).get_absolute_url())
    headings = soup.select("h2.day-heading")
    assert [heading.get_text(strip=True) for heading in headings] == [
        "Monday 8 May 2017",
        "Tuesday 9 May 2017",
        "Wednesday 10 May 2017",
        "Thursday 11 May 2017",
    ]
    for heading in headings:
        assert heading.find_next_sibling().name == "section", heading


def test_the_no_show_talk_says_it_was_cancelled(demo, client):
    """The Boston talk whose speakers did not show is stored as cancelled, and both its write-up in
    the report and the session's own page say so, with the reason."""
    session = Session.objects.get(summit__slug="boston-2017", slug="scaling-22-nodes-to-100")
    assert session.is_cancelled and session.status_note == "the speakers did not show"
    notice = "This session was cancelled: the speakers did not show."

    writeup = session.writeups.get(report__slug=BOSTON_DIARY)
    section = page(client, writeup.report.get_absolute_url()).find(id=writeup.anchor)
    assert section.select_one(".notice").get_text(strip=True) == notice
    assert page(client, session.get_absolute_url()).select_one(".notice").get_text(strip=True) == notice


def test_the_tokyo_keynote_lists_its_six_speakers_with_roles(demo, client):
    """The Tokyo keynote has its six speakers in programme order, each with an affiliation and all
    but one with a role, and its page shows the roles next to the names."""
    session = Session.objects.get(summit__slug="tokyo-2015", slug="tuesday-keynotes")
    speakers = session.speaker_list
    assert [speaker.name for speaker in speakers] == [
        "Egle Sigler",
        "Lachlan Evenson",
        "Takuya Ito",
        "Erica Brescia",
        "Imad Sousou",
        "Jonathan Bryce",
    ]
    assert all(speaker.affiliation for speaker in speakers)
    assert sum(bool(speaker.role) for speaker in speakers) == 5
    facts = page(client, session.get_absolute_url()).select_one("dl.facts").get_text(" ", strip=True)
    assert "Jonathan Bryce Executive Director, OpenStack Foundation" in facts
    assert "Erica Brescia COO, Bitnami" in facts


@pytest.mark.parametrize("slug", ILLUSTRATED)
def test_reports_whose_seed_had_pictures_have_a_cover_and_a_captioned_figure(demo, client, slug):
    """A report whose seed had pictures has a captioned cover image and, in one of its sections,
    a figure with a caption; every picture has alternative text."""
    report = Report.objects.get(slug=slug)
    assert report.cover_image and report.cover_caption
    soup = page(client, report.get_absolute_url())
    figures = soup.select("section.writeup figure")
    assert figures and all(figure.figcaption.get_text(strip=True) for figure in figures)
    assert all(figure.img["alt"] for figure in figures)


@pytest.mark.parametrize("slug", SEED_REPORTS)
def test_the_follow_ups_a_seed_promises_are_marked(demo, slug):
    """Every seed report promises something ("we should follow up", "track that talk down"); the
    demo marks each promise in a section as a Follow-up: line or a task item."""
    report = Report.objects.get(slug=slug)
    marked = [line for section in report.writeups.all() for line in FOLLOW_UP.findall(section.body)]
    assert marked


def test_demo_covers_a_shared_session_with_two_write_ups(demo):
    """The demo includes a published session with at least two published write-ups."""
    shared = [s for s in Session.objects.published() if s.writeups.published().count() >= 2]
    assert shared, "two attendees of the same summit should have written up one session"


def test_demo_accounts_can_sign_in(demo, client):
    """Every demo account has its email address, can sign in and opens the admin."""
    from reports import demo_content

    for account in demo_content.ACCOUNTS:
        assert get_user_model().objects.get(username=account["username"]).email == account["email"]
        client.logout()
        response = client.post(
            "/admin/login/?next=/admin/", {"username": account["username"], "password": account["password"]}
        )
        assert response.status_code == 302 and response.url == "/admin/"
        assert client.get("/admin/").status_code == 200


def test_demo_has_every_status(demo):
    """The demo has reports in every status."""
    assert {r.status for r in Report.objects.all()} == set(Report.Status.values)


def test_refuses_to_run_with_debug_off(settings):
    """The demo loader refuses to run with DEBUG off, as in production, and loads nothing."""
    settings.DEBUG = False
    with pytest.raises(CommandError):
        call_command("load_demo", verbosity=0)
    assert not Report.objects.exists()


def test_the_demo_summit_week(demo, client):
    """Boston's coverage board has plans, what was attended and written, and Owen's clash; Ceph's
    follow-up is on the Ceph project page; every demo summit with published reports has a digest."""
    boston = Summit.objects.get(slug="boston-2017")
    client.force_login(get_user_model().objects.get(username="priya"))
    board = BeautifulSoup(client.get(f"/admin/reports/summit/{boston.pk}/coverage/").content, "html.parser")
    text = " ".join(board.get_text(" ").split())
    assert "Will write it up:" in text and "Will attend:" in text
    assert "Written up by:" in text and "Attended:" in text
    (clash,) = board.select(".coverage-clashes li")
    assert "overlap (Wed 10 May, both at 11:00)" in " ".join(clash.get_text(" ").split())
    client.logout()
    ceph = BeautifulSoup(client.get("/projects/ceph/").content, "html.parser")
    assert any("Ceph deployment" in item.get_text() for item in ceph.select(".follow-ups li"))
    for summit in Summit.objects.filter(reports__status=Report.Status.PUBLISHED).distinct():
        digest = client.get(f"/summits/{summit.slug}/digest/")
        assert digest.status_code == 200 and summit.name in digest.content.decode()
        assert b"Sessions, by track" in digest.content
