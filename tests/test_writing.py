"""Writing at conference speed, on the server side: autosave, preview, image drop, tag suggestions,
schedule import and the review loop with its emails (a real SMTP server on loopback).

The browser side (typing, dropping, restoring) is in tests/test_writing_browser.py."""

import io
import zoneinfo
from datetime import date, timedelta

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from PIL import Image as PILImage
from reversion.models import Version

from reports.models import Autosave, Image, ProposedChange, Report, ReviewNote, Session

from .admin_forms import report_form_data
from .factories import make_author, make_report, make_summit, make_user

pytestmark = pytest.mark.django_db

AUTOSAVE = reverse("admin:reports_report_autosave")
PREVIEW = reverse("admin:reports_report_markdown_preview")
UPLOAD = reverse("admin:reports_report_upload_image")
TAGS = reverse("admin:reports_report_tags")


def change_url(report):
    return reverse("admin:reports_report_change", args=[report.pk])


def png(size=(40, 30)):
    buffer = io.BytesIO()
    PILImage.new("RGB", size, "teal").save(buffer, format="PNG")
    return buffer.getvalue()


@pytest.fixture
def draft(contributor):
    return make_report(
        authors=[contributor.author], status=Report.Status.DRAFT, title="My draft", introduction="Intro."
    )


class TestAutosave:
    def test_what_is_typed_is_kept_for_its_author_alone(self, client, contributor, other_contributor, draft):
        """An autosave is kept per user and form: its author gets it back; nobody else sees it."""
        client.force_login(contributor)
        response = client.post(AUTOSAVE, {"form_key": f"report:{draft.pk}", "introduction": "Typed on the bus."})
        assert response.status_code == 200
        saved = client.get(AUTOSAVE, {"form_key": f"report:{draft.pk}"}).json()["autosave"]
        assert saved["data"]["introduction"] == ["Typed on the bus."]
        client.force_login(other_contributor)
        assert client.get(AUTOSAVE, {"form_key": f"report:{draft.pk}"}).status_code in (403, 404)
        assert client.post(AUTOSAVE, {"form_key": f"report:{draft.pk}", "introduction": "x"}).status_code in (403, 404)

    def test_is_never_the_report_nor_a_version_nor_public(self, client, contributor, draft):
        """Autosaving changes nothing stored: not the report, not its history, not a reader's page."""
        reader = Client()
        before = reader.get("/")["ETag"]
        client.force_login(contributor)
        client.post(AUTOSAVE, {"form_key": f"report:{draft.pk}", "introduction": "Unsaved words."})
        draft.refresh_from_db()
        assert draft.introduction == "Intro."
        assert not Version.objects.get_for_object(draft).exists()
        assert reader.get("/")["ETag"] == before

    def test_a_new_report_is_autosaved_too_and_offered_back_on_the_add_form(self, client, contributor):
        """A never-saved report's typing comes back on the add form (the page's configuration)."""
        client.force_login(contributor)
        client.post(AUTOSAVE, {"form_key": "report:new", "title": "Half a title"})
        page = client.get(reverse("admin:reports_report_add"))
        config = page.context["report_form_config"]
        assert config["autosave"]["data"]["title"] == ["Half a title"]

    def test_saving_the_form_clears_the_autosave_and_discard_removes_it(self, client, contributor, draft):
        """Once saved, the autosave is gone; Discard removes it without saving."""
        client.force_login(contributor)
        client.post(AUTOSAVE, {"form_key": f"report:{draft.pk}", "introduction": "x"})
        data = report_form_data(draft.summit, [contributor.author], report=draft, introduction="Saved words.")
        assert client.post(change_url(draft), data).status_code == 302
        assert not Autosave.objects.exists()
        client.post(AUTOSAVE, {"form_key": "report:new", "title": "x"})
        client.post(AUTOSAVE, {"form_key": "report:new", "discard": "1"})
        assert not Autosave.objects.exists()

    def test_anonymous_requests_get_the_sign_in_page(self, client, draft):
        """Signed out, the endpoints answer with the admin's sign-in redirect and keep nothing."""
        response = client.post(AUTOSAVE, {"form_key": f"report:{draft.pk}", "introduction": "x"})
        assert response.status_code == 302 and "/admin/login/" in response.url
        assert not Autosave.objects.exists()


class TestPreviewUploadAndTags:
    def test_the_preview_renders_as_the_public_page_will(self, contributor_client):
        """A footnote and a table are rendered and sanitised by the public renderer."""
        response = contributor_client.post(
            PREVIEW, {"text": "A claim.[^1]\n\n| a | b |\n|---|---|\n| 1 | 2 |\n\n[^1]: Source.\n\n<script>x</script>"}
        )
        html = response.json()["html"]
        assert 'class="footnote-ref"' in html and "<table>" in html and "<script>" not in html

    def test_previews_are_rate_limited(self, contributor_client, settings):
        """Past PREVIEW_RATE_PER_MINUTE, a preview is a 429, not another render."""
        settings.PREVIEW_RATE_PER_MINUTE = 3
        codes = [contributor_client.post(PREVIEW, {"text": "x"}).status_code for _ in range(5)]
        assert codes[:3] == [200, 200, 200] and codes[-1] == 429

    def test_previews_need_a_signed_in_writer(self, client):
        """Anonymous users are sent to sign in; staff without report permissions are refused."""
        assert client.post(PREVIEW, {"text": "x"}).status_code == 302
        client.force_login(make_user("no-role-staff", role=None))
        assert client.post(PREVIEW, {"text": "x"}).status_code == 302  # not staff: the sign-in page

    def test_a_dropped_image_is_validated_stored_and_linked_to_its_report(self, contributor_client, draft):
        """An image dropped into a text goes through the upload rules and comes back as a figure snippet."""
        upload = SimpleUploadedFile("stage.png", png(), content_type="image/png")
        response = contributor_client.post(UPLOAD, {"file": upload, "form_key": f"report:{draft.pk}"})
        assert response.status_code == 201
        image = Image.objects.get()
        assert image.report == draft and response.json()["markdown"].endswith(f'({image.file.url} "Caption")')
        bad = SimpleUploadedFile("x.png", b"not an image", content_type="image/png")
        assert contributor_client.post(UPLOAD, {"file": bad, "form_key": f"report:{draft.pk}"}).status_code == 400

    def test_no_image_lands_in_someone_elses_report(self, client, other_contributor, draft):
        """An upload for a report the user may not change is refused."""
        client.force_login(other_contributor)
        upload = SimpleUploadedFile("stage.png", png(), content_type="image/png")
        assert client.post(UPLOAD, {"file": upload, "form_key": f"report:{draft.pk}"}).status_code in (403, 404)
        assert not Image.objects.exists()

    def test_tags_are_suggested_as_you_type(self, contributor_client):
        """Existing tags that start with what is typed come first."""
        make_report(tags=["hardware", "ha", "ceph", "charms"])
        assert contributor_client.get(TAGS, {"q": "ha"}).json()["tags"] == ["ha", "hardware", "charms"]

    def test_a_whole_report_is_previewed_before_any_save_and_nothing_is_kept(self, contributor_client, contributor):
        """The full preview shows the report in the public page's look; nothing is stored."""
        summit = make_summit()
        data = report_form_data(
            summit, [contributor.author], title="Not saved yet", slug="not-saved-yet", introduction="Hello **there**."
        )
        response = contributor_client.post(reverse("admin:reports_report_preview"), data)
        assert response.status_code == 200 and "no-store" in response["Cache-Control"]
        assert "<strong>there</strong>" in response.content.decode()
        assert not Report.objects.filter(slug="not-saved-yet").exists()


def test_the_cover_image_survives_a_validation_error(contributor_client, contributor):
    """A cover chosen with a form that is refused for another reason is kept for the next save."""
    summit = make_summit()
    data = report_form_data(summit, [contributor.author], title="", slug="with-a-cover")
    data["cover_image"] = SimpleUploadedFile("cover.png", png((120, 60)), content_type="image/png")
    refused = contributor_client.post(reverse("admin:reports_report_add"), data)
    assert refused.status_code == 200
    kept = refused.context["adminform"].form["pending_cover"].value()
    assert kept and "Kept from your last try" in refused.content.decode()
    data = report_form_data(summit, [contributor.author], title="With a cover", slug="with-a-cover")
    data["pending_cover"] = kept
    assert contributor_client.post(reverse("admin:reports_report_add"), data).status_code == 302
    report = Report.objects.get(slug="with-a-cover")
    assert report.cover_image and report.cover_image.name == Image.objects.get(pk=kept).file.name


class TestSessionsFoundFast:
    def test_the_picker_offers_only_the_reports_summits_sessions(self, contributor_client):
        """The session search, given the report's summit, answers only that summit's sessions,
        labelled with the whole title, day, time and track."""
        sydney, boston = make_summit(name="Sydney"), make_summit(name="Boston")
        from .factories import make_session

        make_session(summit=sydney, title="Ceph in Sydney", day=sydney.start_date)
        make_session(summit=boston, title="Ceph in Boston")
        url = "/admin/autocomplete/?app_label=reports&model_name=writeup&field_name=session&term=ceph"
        results = contributor_client.get(f"{url}&summit={sydney.pk}").json()["results"]
        assert [result["text"].split(" · ")[0] for result in results] == ["Ceph in Sydney"]
        assert results[0]["text"].startswith(f"Ceph in Sydney · {sydney.start_date:%a %d %b}")

    def test_a_schedule_is_imported_from_csv_and_again_without_duplicates(self, editor_client):
        """A CSV schedule creates the summit's sessions with days, times, tracks and speakers; a
        second import updates them."""
        summit = make_summit(start_date=date(2017, 11, 6))
        csv = (
            "title,day,start,end,track,speakers\n"
            'Cells v2 upgrade,2017-11-06,11:00,11:40,Compute,"Dan Smith (Core reviewer, Red Hat); Melanie Witt"\n'
            "Ceph and Manila,2017-11-07,14:00,14:40,Storage,\n"
        )
        url = reverse("admin:reports_summit_import_schedule", args=[summit.pk])
        for _ in range(2):
            upload = SimpleUploadedFile("schedule.csv", csv.encode(), content_type="text/csv")
            assert editor_client.post(url, {"file": upload}).status_code == 302
        sessions = Session.objects.filter(summit=summit).order_by("day")
        assert [session.title for session in sessions] == ["Cells v2 upgrade", "Ceph and Manila"]
        first = sessions[0]
        assert (first.start_time.hour, first.end_time.minute, str(first.track)) == (11, 40, "Compute")
        speaker = first.speaker_list[0]
        assert (speaker.name, speaker.role, speaker.affiliation) == ("Dan Smith", "Core reviewer", "Red Hat")

    def test_a_schedule_is_imported_from_icalendar_by_uid(self, editor_client):
        """An .ics file's events become sessions matched by their UID on a later import."""
        summit = make_summit(start_date=date(2017, 5, 8), time_zone="America/New_York")
        ics = (
            "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//test//EN\r\nBEGIN:VEVENT\r\nUID:talk-1@summit\r\n"
            "DTSTART:20170508T140000Z\r\nDTEND:20170508T144000Z\r\nSUMMARY:{title}\r\n"
            "CATEGORIES:Edge\r\nX-SPEAKERS:Ann Edge (Architect, Acme)\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n"
        )
        url = reverse("admin:reports_summit_import_schedule", args=[summit.pk])
        for title in ("Edge computing", "Edge computing, revised"):
            upload = SimpleUploadedFile("s.ics", ics.format(title=title).encode(), content_type="text/calendar")
            assert editor_client.post(url, {"file": upload}).status_code == 302
        session = Session.objects.get(summit=summit)
        assert session.title == "Edge computing, revised" and session.start_time.hour == 10  # New York time
        assert session.speaker_list[0].affiliation == "Acme"

    def test_a_bad_schedule_is_a_form_error_and_contributors_need_the_summits_leave(self, client, contributor):
        """A malformed file is a form error naming the line; contributors import only where allowed."""
        summit = make_summit()
        url = reverse("admin:reports_summit_import_schedule", args=[summit.pk])
        client.force_login(contributor)
        upload = SimpleUploadedFile("s.csv", b"title,day\nX,not-a-date\n", content_type="text/csv")
        assert client.post(url, {"file": upload}).status_code == 403
        summit.contributors_import_schedule = True
        summit.save()
        response = client.post(url, {"file": SimpleUploadedFile("s.csv", b"title,day\nX,not-a-date\n")})
        assert response.status_code == 200 and "Line 2" in str(response.context["form"].errors)
        assert not Session.objects.exists()


@pytest.fixture
def people(db):
    """An editor and a contributor with email addresses and author profiles."""
    editor = make_user("eve", role="Editor")
    editor.email = "eve@example.org"
    editor.save()
    make_author(user=editor, display_name="Eve Editor")
    writer = make_user("wes", role="Contributor")
    writer.email = "wes@example.org"
    writer.save()
    make_author(user=writer, display_name="Wes Writer")
    return editor, writer


class TestTheReviewLoop:
    def submit(self, client, report, writer, button, **fields):
        data = report_form_data(report.summit, [writer.author], report=report, **fields)
        data[button] = "1"
        return client.post(change_url(report), data)

    def test_submitting_for_review_emails_the_editors_with_the_link(self, client, people, smtp_server):
        """ "Submit for review" with a note: the report is in review, the note is kept, and the
        editors receive an email with a link to it in the admin."""
        editor, writer = people
        report = make_report(authors=[writer.author], status=Report.Status.DRAFT, introduction="Intro.")
        client.force_login(writer)
        response = self.submit(client, report, writer, "_submit_for_review", review_note="Ready, I think.")
        assert response.status_code == 302
        assert Report.objects.get(pk=report.pk).status == Report.Status.REVIEW
        assert ReviewNote.objects.get(kind="submitted").text == "Ready, I think."
        [mail] = smtp_server.messages
        assert mail["to"] == ["eve@example.org"]
        body = smtp_server.bodies()[0]
        assert "Ready, I think." in body and f"http://testserver{change_url(report)}" in body

    def test_requesting_changes_sends_the_note_to_the_authors(self, client, people, smtp_server):
        """An editor's "Request changes" puts the report back to draft and emails the authors the note."""
        editor, writer = people
        report = make_report(authors=[writer.author], status=Report.Status.REVIEW, introduction="Intro.")
        client.force_login(editor)
        response = self.submit(client, report, writer, "_request_changes", status="review", review_note="Add days.")
        assert response.status_code == 302
        assert Report.objects.get(pk=report.pk).status == Report.Status.DRAFT
        assert smtp_server.messages[0]["to"] == ["wes@example.org"] and "Add days." in smtp_server.bodies()[0]

    def test_the_authors_are_told_when_it_goes_live_scheduled_or_not(self, client, people, smtp_server):
        """Published now: the authors get its link at once. Scheduled: when its time has come
        (`send_notices`, from cron), once."""
        editor, writer = people
        client.force_login(editor)
        now_report = make_report(authors=[writer.author], status=Report.Status.REVIEW, introduction="Intro.")
        self.submit(client, now_report, writer, "_publish_now", status="review")
        assert now_report.get_absolute_url() in smtp_server.bodies()[0]
        later = make_report(authors=[writer.author], status=Report.Status.REVIEW, introduction="Intro.")
        data = report_form_data(later.summit, [writer.author], report=later, status="published")
        soon = timezone.localtime() + timedelta(hours=1)
        data.update(publish_at_0=soon.strftime("%Y-%m-%d"), publish_at_1=soon.strftime("%H:%M:%S"))
        assert client.post(change_url(later), data).status_code == 302
        assert len(smtp_server.messages) == 1 and ReviewNote.objects.get(kind="scheduled")
        Report.objects.filter(pk=later.pk).update(publish_at=timezone.now())
        call_command("send_notices", base_url="https://trips.example.com", stdout=io.StringIO())
        call_command("send_notices", base_url="https://trips.example.com", stdout=io.StringIO())
        assert len(smtp_server.messages) == 2
        assert f"https://trips.example.com{later.get_absolute_url()}" in smtp_server.bodies()[1]

    def test_a_failed_email_never_fails_the_save(self, client, people, settings):
        """With the mail server unreachable, the report is still submitted and the page says the
        email could not be sent."""
        settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
        settings.EMAIL_HOST, settings.EMAIL_PORT = "127.0.0.1", 9
        editor, writer = people
        report = make_report(authors=[writer.author], status=Report.Status.DRAFT, introduction="Intro.")
        client.force_login(writer)
        response = self.submit(client, report, writer, "_submit_for_review")
        assert Report.objects.get(pk=report.pk).status == Report.Status.REVIEW
        page = client.get(response.url)
        assert "could not be sent" in page.content.decode()

    def test_notes_are_on_the_history_page(self, client, people):
        """Every review step and its note is listed on the report's history page."""
        editor, writer = people
        report = make_report(authors=[writer.author], status=Report.Status.DRAFT, introduction="Intro.")
        client.force_login(writer)
        self.submit(client, report, writer, "_submit_for_review", review_note="Please look at day two.")
        history = client.get(reverse("admin:reports_report_history", args=[report.pk])).content.decode()
        assert "Submitted for review" in history and "Please look at day two." in history

    def test_an_editor_publishes_a_co_authors_proposal(self, client, people, smtp_server):
        """A co-author's edit of their published report waits as a proposal (the editors are told);
        an editor who saves the form with it loaded publishes it, and it is marked applied."""
        editor, writer = people
        report = make_report(authors=[writer.author], title="Live title", introduction="Intro.")
        client.force_login(writer)
        data = report_form_data(report.summit, [writer.author], report=report, title="Fixed title")
        assert client.post(change_url(report), data).status_code == 302
        proposal = ProposedChange.objects.get()
        assert Report.objects.get(pk=report.pk).title == "Live title"
        assert "proposed changes to the published report “Live title”" in smtp_server.bodies()[0]
        client.force_login(editor)
        config = client.get(change_url(report)).context["report_form_config"]
        assert [entry["id"] for entry in config["proposals"]] == [proposal.pk]
        loaded = {name: values[0] if len(values) == 1 else values for name, values in proposal.data.items()}
        loaded.update(applied_proposal=proposal.pk, status="published")
        assert client.post(change_url(report), loaded).status_code == 302
        assert Report.objects.get(pk=report.pk).title == "Fixed title"
        assert ProposedChange.objects.get().status == ProposedChange.Status.APPLIED


def test_the_admin_shows_times_in_the_browsers_zone(editor_client, editor):
    """With the browser's zone in the `tz` cookie, a scheduled time is shown in that zone."""
    report = make_report(authors=[editor.author], publish_at=timezone.now() + timedelta(days=2))
    editor_client.cookies["tz"] = "Australia/Sydney"
    page = editor_client.get(change_url(report))
    shown = timezone.localtime(report.publish_at, timezone=zoneinfo.ZoneInfo("Australia/Sydney"))
    assert f"Scheduled for {shown:%d %b %Y %H:%M}" in page.content.decode()
    editor_client.cookies["tz"] = "Not/AZone"
    assert editor_client.get(change_url(report)).status_code == 200  # an unknown zone is ignored
