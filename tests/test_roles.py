"""Editorial roles hold on the server: whatever a contributor's browser sends, they cannot publish,
schedule, or touch a report they do not co-author."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from reports.models import Report, Session

from .admin_forms import formset_data, report_form_data
from .factories import make_report, make_session, make_speaker, make_summit, make_writeup

pytestmark = pytest.mark.django_db


def change_url(report):
    return reverse("admin:reports_report_change", args=[report.pk])


def reload(report):
    return Report.objects.get(pk=report.pk)


class TestContributor:
    def test_a_crafted_post_that_publishes_is_refused(self, contributor_client, contributor):
        """A contributor's crafted POST that adds a report as published is
        refused with a status error and nothing is saved: only editors publish."""
        summit = make_summit()
        data = report_form_data(summit, [contributor.author], status=Report.Status.PUBLISHED)
        response = contributor_client.post(reverse("admin:reports_report_add"), data)
        assert response.status_code == 200
        assert "status" in response.context["adminform"].form.errors
        assert not Report.objects.exists()

    def test_a_crafted_post_cannot_publish_their_own_draft_either(self, contributor_client, contributor):
        """A contributor's crafted POST that publishes their own draft
        is refused: it stays a draft, since only editors publish."""
        report = make_report(status=Report.Status.DRAFT, authors=[contributor.author])
        data = report_form_data(report.summit, [contributor.author], report=report, status="published")
        response = contributor_client.post(change_url(report), data)
        assert response.status_code == 200
        assert reload(report).status == Report.Status.DRAFT

    def test_a_crafted_publish_time_is_ignored(self, contributor_client, contributor):
        """A contributor may submit their draft for review, but a
        publish time in their POST is ignored: only editors schedule."""
        report = make_report(status=Report.Status.DRAFT, authors=[contributor.author])
        soon = (timezone.now() + timedelta(days=1)).strftime("%Y-%m-%d")
        data = report_form_data(
            report.summit,
            [contributor.author],
            report=report,
            status="review",
            publish_at_0=soon,
            publish_at_1="10:00:00",
        )
        response = contributor_client.post(change_url(report), data)
        assert response.status_code == 302, response.context and response.context["adminform"].form.errors
        report = reload(report)
        assert report.status == Report.Status.REVIEW
        assert report.publish_at is None

    def test_cannot_edit_another_authors_report(self, contributor_client, contributor, other_contributor):
        """A contributor cannot edit a report they do not co-author, even by adding themselves to its byline:
        they are sent to the admin home, the report is unchanged, and opening it sends them there too."""
        report = make_report(status=Report.Status.DRAFT, authors=[other_contributor.author], title="Theirs")
        data = report_form_data(
            report.summit, [other_contributor.author, contributor.author], report=report, title="Hijacked"
        )
        response = contributor_client.post(change_url(report), data)
        assert response.status_code == 302
        assert response.url == reverse("admin:index")
        assert reload(report).title == "Theirs"
        assert contributor_client.get(change_url(report)).status_code == 302

    def test_cannot_delete_another_authors_report(self, contributor_client, other_contributor):
        """A contributor cannot delete a report they do not co-author."""
        report = make_report(status=Report.Status.DRAFT, authors=[other_contributor.author])
        url = reverse("admin:reports_report_delete", args=[report.pk])
        contributor_client.post(url, {"post": "yes"})
        assert Report.objects.filter(pk=report.pk).exists()

    def test_their_edit_of_a_published_report_is_a_proposal(self, contributor_client, contributor):
        """Once their report is published, a contributor's save does not change it: it becomes a
        proposal for the editors, and readers keep seeing the published text."""
        report = make_report(authors=[contributor.author], title="Live")
        data = report_form_data(report.summit, [contributor.author], report=report, title="Changed", status="draft")
        data["review_note"] = "Fixed a typo in the title."
        assert contributor_client.post(change_url(report), data).status_code == 302
        report = reload(report)
        assert (report.title, report.status) == ("Live", Report.Status.PUBLISHED)
        proposal = report.proposed_changes.get()
        assert proposal.data["title"] == ["Changed"] and proposal.note == "Fixed a typo in the title."
        assert contributor_client.get(change_url(report)).status_code == 200

    def test_cannot_delete_or_restore_their_published_report(self, contributor_client, contributor):
        """A co-author may propose changes to a published report, never delete it."""
        report = make_report(authors=[contributor.author], title="Live")
        contributor_client.post(reverse("admin:reports_report_delete", args=[report.pk]), {"post": "yes"})
        assert Report.objects.filter(pk=report.pk).exists()

    def test_has_no_publish_action(self, contributor_client, contributor):
        """Contributors have no publish action: the report list does not
        offer it, and posting it anyway leaves the report in review."""
        report = make_report(status=Report.Status.REVIEW, authors=[contributor.author])
        response = contributor_client.post(
            reverse("admin:reports_report_changelist"),
            {"action": "publish", "_selected_action": [report.pk]},
        )
        assert response.status_code in (200, 302)
        assert reload(report).status == Report.Status.REVIEW
        listing = contributor_client.get(reverse("admin:reports_report_changelist"))
        assert "publish" not in dict(listing.context["action_form"].fields["action"].choices)

    def test_sees_only_reports_they_co_author(self, contributor_client, contributor, other_contributor):
        """A contributor's report list shows exactly the reports they co-author, alone or with others."""
        mine = make_report(status=Report.Status.DRAFT, authors=[contributor.author], title="Mine")
        shared = make_report(status=Report.Status.DRAFT, authors=[other_contributor.author, contributor.author])
        make_report(status=Report.Status.DRAFT, authors=[other_contributor.author], title="Not mine")
        response = contributor_client.get(reverse("admin:reports_report_changelist"))
        assert set(response.context["cl"].result_list) == {mine, shared}

    def test_cannot_write_themselves_out_of_the_byline(self, contributor_client, contributor, other_contributor):
        """A contributor cannot remove themselves from the byline of their
        own report: the form is refused and the byline stays as it was."""
        report = make_report(status=Report.Status.DRAFT, authors=[contributor.author])
        data = report_form_data(report.summit, [other_contributor.author], report=report)
        response = contributor_client.post(change_url(report), data)
        assert response.status_code == 200
        assert list(reload(report).authors.all()) == [contributor.author]

    def test_cannot_manage_summits_tracks_or_projects(self, contributor_client):
        """Contributors cannot add summits, tracks, projects or
        authors: the add pages and a crafted POST are refused (403)."""
        for model in ["summit", "track", "project", "author"]:
            assert contributor_client.get(reverse(f"admin:reports_{model}_add")).status_code == 403
        response = contributor_client.post(
            reverse("admin:reports_summit_add"),
            {
                "name": "X",
                "slug": "x",
                "city": "X",
                "country": "X",
                "start_date": "2020-01-01",
                "end_date": "2020-01-02",
            },
        )
        assert response.status_code == 403

    def test_admin_home_lists_their_reports_in_every_status(self, contributor_client, contributor):
        """The admin home lists every report a contributor co-authors, whatever its status."""
        titles = {
            status: make_report(status=status, authors=[contributor.author], title=f"Mine, {status}").title
            for status in Report.Status.values
        }
        html = contributor_client.get(reverse("admin:index")).content.decode()
        for title in titles.values():
            assert title in html

    def test_can_add_a_session_from_the_popup(self, contributor_client):
        """A contributor may add a missing session from the report
        form's popup: the session is saved and the popup closes."""
        summit = make_summit()
        response = contributor_client.post(
            reverse("admin:reports_session_add") + "?_popup=1",
            {
                "_popup": "1",
                "summit": summit.pk,
                "title": "Ceph on the edge",
                "slug": "ceph-on-the-edge",
                "kind": "breakout",
                "status": "held",
                **formset_data("session_speakers", [{"speaker": make_speaker("A. Speaker").pk, "order": 0}]),
            },
        )
        assert response.status_code == 200  # the popup's closing page
        assert "opener" in response.content.decode() or "popup_response" in response.content.decode()
        assert Session.objects.filter(summit=summit, slug="ceph-on-the-edge").exists()


class TestEditor:
    def test_publishes_from_the_form(self, editor_client, editor, client):
        """An editor publishes a report in review by setting its status in the form; it is then public."""
        report = make_report(status=Report.Status.REVIEW)
        data = report_form_data(report.summit, list(report.authors.all()), report=report, status="published")
        assert editor_client.post(change_url(report), data).status_code == 302
        assert reload(report).is_public

    def test_schedules_with_a_future_time(self, editor_client):
        """An editor who publishes with a future publish time schedules the report: it is not public until then."""
        report = make_report(status=Report.Status.REVIEW)
        later = timezone.now() + timedelta(days=3)
        data = report_form_data(
            report.summit,
            list(report.authors.all()),
            report=report,
            status="published",
            publish_at_0=later.strftime("%Y-%m-%d"),
            publish_at_1=later.strftime("%H:%M:%S"),
        )
        assert editor_client.post(change_url(report), data).status_code == 302
        report = reload(report)
        assert report.is_scheduled and not report.is_public

    def test_publishes_and_unpublishes_with_actions(self, editor_client, client):
        """An editor publishes and unpublishes reports with the list actions: publishing makes
        the page public, unpublishing turns the report back into a draft whose page is a 404."""
        report = make_report(status=Report.Status.REVIEW)
        changelist = reverse("admin:reports_report_changelist")
        editor_client.post(changelist, {"action": "publish", "_selected_action": [report.pk]})
        assert client.get(report.get_absolute_url()).status_code == 200
        editor_client.post(changelist, {"action": "unpublish", "_selected_action": [report.pk]})
        assert reload(report).status == Report.Status.DRAFT
        assert client.get(report.get_absolute_url()).status_code == 404

    def test_edits_any_report(self, editor_client, other_contributor):
        """An editor may edit any report, including one they do not co-author."""
        report = make_report(status=Report.Status.DRAFT, authors=[other_contributor.author])
        data = report_form_data(report.summit, [other_contributor.author], report=report, title="Edited")
        assert editor_client.post(change_url(report), data).status_code == 302
        assert reload(report).title == "Edited"

    def test_sees_reports_awaiting_review_on_the_admin_home(self, editor_client):
        """The admin home shows an editor the reports awaiting review."""
        make_report(status=Report.Status.REVIEW, title="Please review me")
        assert "Please review me" in editor_client.get(reverse("admin:index")).content.decode()


def test_a_write_up_about_another_summits_session_is_a_form_error(contributor_client, contributor):
    """A write-up must be about a session of its report's summit: another summit's
    session is a form error saying where it was held, and nothing is saved."""
    summit, elsewhere = make_summit(name="Boston"), make_summit(name="Sydney")
    foreign = make_session(summit=elsewhere, title="Cells v2")
    data = report_form_data(summit, [contributor.author], writeups=[{"session": foreign}])
    response = contributor_client.post(reverse("admin:reports_report_add"), data)
    assert response.status_code == 200
    assert not Report.objects.exists()
    assert "was held at Sydney" in response.content.decode()


def test_a_write_up_without_an_author_is_credited_to_the_first_author(editor_client, contributor, other_contributor):
    """A write-up saved without an author is credited to the report's first author."""
    report = make_report(status=Report.Status.DRAFT, authors=[other_contributor.author, contributor.author])
    writeup = make_writeup(report)
    assert writeup.author == other_contributor.author


def test_a_new_report_starts_with_the_contributor_in_the_byline(contributor_client, contributor):
    """A new report's form starts with the signed-in contributor already chosen as its author."""
    from bs4 import BeautifulSoup

    soup = BeautifulSoup(contributor_client.get(reverse("admin:reports_report_add")).content, "html.parser")
    chosen = soup.select_one("#id_report_authors-0-author option[selected]")
    assert chosen is not None and chosen["value"] == str(contributor.author.pk)
