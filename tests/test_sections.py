"""A report holds what trip reports really contain: free sections beside write-ups, days, sessions
attended without notes, the rest of the team, speakers as people, cancelled talks and verdicts."""

from datetime import date

import pytest
from bs4 import BeautifulSoup
from django.db import IntegrityError, transaction
from django.urls import reverse

from reports.models import Attendance, Attendee, Report, Session, WriteUp
from reports.rendering import render_markdown

from .admin_forms import report_form_data
from .factories import make_author, make_report, make_session, make_speaker, make_summit, make_writeup

pytestmark = pytest.mark.django_db


def soup_of(client, url):
    response = client.get(url)
    assert response.status_code == 200, url
    return BeautifulSoup(response.content, "html.parser")


class TestModelRules:
    def test_a_section_is_a_write_up_or_a_free_section_never_both_or_neither(self):
        """The database refuses a section with both a session and a heading, and one with neither."""
        report = make_report()
        session = make_session(summit=report.summit)
        for fields in ({"session": session, "heading": "Both"}, {"session": None, "heading": ""}):
            with pytest.raises(IntegrityError), transaction.atomic():
                WriteUp.objects.create(report=report, body="x", **fields)
        assert make_writeup(report, heading="Hallway track").is_free
        assert not make_writeup(report, session=session).is_free

    def test_the_report_form_says_what_a_section_needs(self, contributor_client, contributor):
        """A section with neither a session nor a heading is a form error that says what to give."""
        report = make_report(authors=[contributor.author], status=Report.Status.DRAFT)
        data = report_form_data(report.summit, [contributor.author], report=report, writeups=[{"body": "Notes."}])
        response = contributor_client.post(reverse("admin:reports_report_change", args=[report.pk]), data)
        assert response.status_code == 200
        errors = str(response.context["inline_admin_formsets"][1].formset.errors)
        assert "pick the session" in errors and "give it a heading" in errors

    def test_an_attended_session_has_a_one_line_note_and_no_body(self, contributor_client, contributor):
        """Sessions also attended carry at most one line; a second line is a form error."""
        report = make_report(authors=[contributor.author], status=Report.Status.DRAFT)
        session = make_session(summit=report.summit)
        assert not {"body", "body_html"} & {field.name for field in Attendance._meta.get_fields()}
        data = report_form_data(
            report.summit, [contributor.author], report=report, attended=[(session, "Line one\nline two")]
        )
        response = contributor_client.post(reverse("admin:reports_report_change", args=[report.pk]), data)
        assert response.status_code == 200 and not report.attendances.exists()
        data = report_form_data(report.summit, [contributor.author], report=report, attended=[(session, "Worth it.")])
        assert (
            contributor_client.post(reverse("admin:reports_report_change", args=[report.pk]), data).status_code == 302
        )
        assert report.attendances.get().note == "Worth it."

    def test_an_attended_session_is_one_of_the_reports_summit(self, contributor_client, contributor):
        """Like a write-up, an attended session must have been held at the report's summit."""
        report = make_report(authors=[contributor.author], status=Report.Status.DRAFT)
        elsewhere = make_session(summit=make_summit(name="Another summit"))
        data = report_form_data(report.summit, [contributor.author], report=report, attended=[(elsewhere, "")])
        response = contributor_client.post(reverse("admin:reports_report_change", args=[report.pk]), data)
        assert response.status_code == 200
        assert "was held at Another summit" in str(response.context["inline_admin_formsets"][2].formset.errors)


@pytest.fixture
def week(db):
    """A published report over two days: two write-ups, a free section, a session attended, a
    colleague who did not write, a cancelled talk and a keynote with speakers as people."""
    summit = make_summit(name="Boston Summit", start_date=date(2017, 5, 8))
    alice, bob = make_author(display_name="Alice Writer"), make_author(display_name="Bob Writer")
    keynote = make_session(
        summit=summit,
        title="Day one keynote",
        kind="keynote",
        day=date(2017, 5, 8),
        speakers=[make_speaker("Egle Sigler", role="Principal Architect", affiliation="Rackspace")],
    )
    cancelled = make_session(
        summit=summit,
        title="Scaling to a hundred nodes",
        day=date(2017, 5, 10),
        status=Session.Status.CANCELLED,
        status_note="the speakers did not show",
    )
    attended = make_session(summit=summit, title="Interop panel", day=date(2017, 5, 11))
    report = make_report(summit=summit, authors=[alice, bob], title="Our Boston week")
    make_writeup(report, session=keynote, order=0, author=alice, verdict="recommended", body="Keynote notes.")
    make_writeup(report, heading="Tuesday hallway notes", day=date(2017, 5, 9), order=1, author=bob, body="Hallways.")
    make_writeup(report, session=cancelled, order=2, author=bob, body="We waited twenty minutes.")
    Attendance.objects.create(report=report, session=attended, author=alice, note="Good questions from the floor.")
    Attendee.objects.create(report=report, name="Carol Colleague", affiliation="Acme Cloud")
    return {"report": report, "summit": summit, "keynote": keynote, "cancelled": cancelled, "attended": attended}


class TestTheReportPage:
    def test_shows_day_headings_and_its_contents_follow_them(self, client, week):
        """Sections spanning days are grouped under day headings; the contents list follows them."""
        soup = soup_of(client, week["report"].get_absolute_url())
        days = [heading.text.strip() for heading in soup.select("h2.day-heading")]
        assert days == ["Monday 8 May 2017", "Tuesday 9 May 2017", "Wednesday 10 May 2017"]
        assert [day.text.strip() for day in soup.select("nav.toc .toc__day")] == [
            "Monday 8 May",
            "Tuesday 9 May",
            "Wednesday 10 May",
        ]
        free = soup.find(id="tuesday-hallway-notes")
        assert free is not None and "Hallways." in free.text

    def test_a_single_day_report_says_so(self, client, week):
        """A report that covers one day says which, and its sections are not split into days."""
        report = make_report(summit=week["summit"], covers_day=date(2017, 5, 9), title="Our Tuesday")
        make_writeup(report, heading="Tuesday notes", body="Only Tuesday.")
        soup = soup_of(client, report.get_absolute_url())
        assert "About Tuesday 9 May 2017" in soup.select_one(".report__day").text

    def test_lists_what_else_was_attended_and_who_else_was_there(self, client, week):
        """Also attended: each session links to its page, with its one-liner; the team is named."""
        soup = soup_of(client, week["report"].get_absolute_url())
        entry = soup.select_one("#also-attended li")
        assert entry.a["href"] == week["attended"].get_absolute_url()
        assert "Good questions from the floor." in entry.text
        assert "Carol Colleague (Acme Cloud)" in soup.select_one(".report__team").text

    def test_shows_verdicts_cancellations_and_speakers(self, client, week):
        """A verdict is shown on its write-up; a cancelled talk says so; speakers have their roles."""
        soup = soup_of(client, week["report"].get_absolute_url())
        assert soup.find(id="day-one-keynote").select_one(".verdict").text == "Recommended"
        assert "cancelled: the speakers did not show" in soup.find(id="scaling-to-a-hundred-nodes").text
        facts = soup.find(id="day-one-keynote").select_one(".facts").text
        assert "Egle Sigler" in facts and "Principal Architect, Rackspace" in facts

    def test_written_by_appears_where_there_are_several_authors(self, client, week):
        """With one author, sections do not repeat the byline; with several, each says who wrote it."""
        soup = soup_of(client, week["report"].get_absolute_url())
        assert "Written by Alice Writer" in soup.find(id="day-one-keynote").text
        solo = make_report(summit=week["summit"], title="Alone")
        make_writeup(solo, session=week["keynote"], body="Solo notes.")
        assert "Written by" not in soup_of(client, solo.get_absolute_url()).find(id="day-one-keynote").text


class TestSessionsAttendedAndSpeakers:
    def test_the_session_page_counts_who_attended_and_who_wrote(self, client, week):
        """A session page says how many attended and how many wrote it up, with the one-liners."""
        other = make_report(summit=week["summit"], title="Another view")
        Attendance.objects.create(report=other, session=week["keynote"], note="Loud room.")
        soup = soup_of(client, week["keynote"].get_absolute_url())
        assert soup.select_one("#writeups-heading").text == "2 attended, 1 wrote it up"
        assert "Loud room." in soup.select_one("ul.attended").text

    def test_a_session_only_attended_is_public_and_on_its_summit_page(self, client, week):
        """A session nobody wrote up but someone attended has its page and appears on the summit's."""
        soup = soup_of(client, week["attended"].get_absolute_url())
        assert soup.select_one("#writeups-heading").text == "1 attended, 0 wrote it up"
        summit = soup_of(client, week["summit"].get_absolute_url())
        assert "Interop panel" in summit.select_one("#sessions-heading").parent.text
        assert "1 more attended" in summit.text

    def test_a_draft_attendance_reveals_nothing(self, client, week):
        """A session only a draft attended stays hidden, and so does the draft's note."""
        draft = make_report(summit=week["summit"], status=Report.Status.DRAFT)
        hidden = make_session(summit=week["summit"], title="Secret session")
        Attendance.objects.create(report=draft, session=hidden, note="secret note")
        Attendance.objects.create(report=draft, session=week["keynote"], note="secret note")
        assert client.get(hidden.get_absolute_url()).status_code == 404
        assert "secret note" not in client.get(week["keynote"].get_absolute_url()).content.decode()

    def test_the_speaker_page_lists_their_sessions_and_what_was_written(self, client, week):
        """A speaker has a page: their sessions across summits and the write-ups of them."""
        speaker = week["keynote"].speaker_list[0]
        later = make_session(summit=make_summit(name="Sydney Summit"), title="A later talk", speakers=[speaker])
        make_writeup(make_report(summit=later.summit), session=later, body="Later notes.")
        soup = soup_of(client, speaker.get_absolute_url())
        sessions = [a.text for a in soup.select(".session-row__title")]
        assert set(sessions) == {"Day one keynote", "A later talk"}
        assert "Keynote notes." in soup.text or "Later notes." in soup.text
        assert (
            client.get(reverse("reports:speaker-feed", kwargs={"slug": speaker.slug, "fmt": "atom"})).status_code == 200
        )

    def test_the_summit_page_names_who_was_there(self, client, week):
        """Who was there: the writers and the attendees who did not write."""
        panel = soup_of(client, week["summit"].get_absolute_url()).find(id="authors-heading").parent.text
        assert "Alice Writer" in panel and "Carol Colleague" in panel


class TestFeedsSearchAndFilters:
    def test_feeds_carry_the_notes_not_bare_attended_rows(self, client, week):
        """The report's feed item lists the sessions also attended with their notes; an attendance
        is never an item of its own."""
        feed = client.get("/feed.atom").content.decode()
        assert "Good questions from the floor." in feed
        assert feed.count("<entry>") == 4  # the report and its three sections

    def test_search_finds_a_report_by_a_note(self, client, week):
        """The one-liners of attended sessions are searchable."""
        from .tools import refresh_search_vectors

        refresh_search_vectors()
        soup = soup_of(client, "/search/?q=questions+floor")
        assert "Our Boston week" in soup.text

    def test_write_ups_filter_by_verdict(self, client, week):
        """The write-up list filters by verdict, with a count per verdict."""
        soup = soup_of(client, "/writeups/?verdict=recommended")
        assert [a.text for a in soup.select("article.entry .entry__title a")] == ["Day one keynote"]
        assert "Recommended (1)" in soup.select_one("#filter-verdict").text


class TestMarkdown:
    def test_bare_urls_become_links_footnotes_included(self):
        html = render_markdown("See https://ceph.io/en/ for more.[^1]\n\n[^1]: https://example.org/talk", "t")
        links = [a["href"] for a in BeautifulSoup(html, "html.parser").find_all("a") if a.get("href", "")[:4] == "http"]
        assert links == ["https://ceph.io/en/", "https://example.org/talk"]

    def test_an_image_with_a_title_alone_in_its_paragraph_is_a_captioned_figure(self):
        """`![alt](src "caption")` on its own line is a figure with a caption; elsewhere an image."""
        soup = BeautifulSoup(
            render_markdown('![The stage](/media/a.jpg "Keynote <stage>")\n\nText ![x](/b.png "t")'), "html.parser"
        )
        figure = soup.find("figure")
        assert figure.img["alt"] == "The stage" and figure.figcaption.text == "Keynote <stage>"
        assert len(soup.find_all("figure")) == 1
