"""The history views django-reversion and reversion-compare add (history, revision, restore, compare,
recover) apply the change view's rules: crafted requests by a contributor against other people's
reports, published and unpublished, reach nothing."""

import pytest
import reversion
from bs4 import BeautifulSoup
from django.contrib.admin.models import LogEntry
from django.urls import reverse
from reversion.models import Version

from reports.models import Report

from .factories import make_report, make_writeup
from .test_revisions import form_data_from_page

pytestmark = pytest.mark.django_db


def with_two_versions(report, first_title="Version one", second_title="Version two", **second):
    """The report saved twice as a revision, as the admin would: the first version is the old one."""
    with reversion.create_revision():
        report.title = first_title
        report.save()
    with reversion.create_revision():
        report.title = second_title
        for name, value in second.items():
            setattr(report, name, value)
        report.save()
    return list(Version.objects.get_for_object(report).order_by("pk"))


@pytest.fixture
def colleagues_report(other_contributor):
    """A published report by someone else, whose first version was a draft."""
    report = make_report(authors=[other_contributor.author], status=Report.Status.DRAFT)
    make_writeup(report, body="Their careful notes.")
    versions = with_two_versions(report, status=Report.Status.PUBLISHED)
    return Report.objects.get(pk=report.pk), versions


def history_urls(report, versions):
    return {
        "history": reverse("admin:reports_report_history", args=[report.pk]),
        "revision": reverse("admin:reports_report_revision", args=[report.pk, versions[0].pk]),
        "compare": reverse("admin:reports_report_compare", args=[report.pk])
        + f"?version_id1={versions[0].pk}&version_id2={versions[1].pk}",
    }


class TestAContributorAgainstSomeoneElsesReport:
    def test_restoring_an_old_version_by_post_is_refused_and_changes_nothing(
        self, contributor_client, colleagues_report
    ):
        """The attack: POST the CSRF token to the revision URL of a colleague's published report.
        Nothing is reverted, nothing is recorded, the report stays published."""
        report, versions = colleagues_report
        before = Version.objects.count()
        response = contributor_client.post(history_urls(report, versions)["revision"], {})
        assert response.status_code in (403, 404)
        report.refresh_from_db()
        assert (report.title, report.status) == ("Version two", Report.Status.PUBLISHED)
        assert report.writeups.count() == 1
        assert Version.objects.count() == before

    @pytest.mark.parametrize("view", ["history", "revision", "compare"])
    def test_no_history_view_shows_it(self, contributor_client, colleagues_report, view):
        """History, an old version's form and the comparison of two versions are all a 404."""
        report, versions = colleagues_report
        response = contributor_client.get(history_urls(report, versions)[view])
        assert response.status_code == 404
        assert b"Version one" not in response.content

    def test_an_unpublished_report_is_as_closed(self, contributor_client, other_contributor):
        """Someone else's draft: its versions' fields cannot be read through the compare view."""
        report = make_report(authors=[other_contributor.author], status=Report.Status.DRAFT, summary="secret plan")
        versions = with_two_versions(report, summary="secret plan, revised")
        for url in history_urls(report, versions).values():
            response = contributor_client.get(url)
            assert response.status_code == 404 and b"secret plan" not in response.content


class TestAContributorOnTheirOwnReport:
    def test_cannot_restore_their_published_report(self, contributor_client, contributor):
        """Published reports are the editors': a co-author cannot roll one back to a draft version."""
        report = make_report(authors=[contributor.author], status=Report.Status.DRAFT)
        versions = with_two_versions(report, status=Report.Status.PUBLISHED)
        response = contributor_client.post(history_urls(report, versions)["revision"], {})
        assert response.status_code == 403
        report.refresh_from_db()
        assert report.status == Report.Status.PUBLISHED and report.title == "Version two"

    def test_may_read_the_history_of_a_report_they_co_author(self, contributor_client, contributor):
        report = make_report(authors=[contributor.author], status=Report.Status.DRAFT)
        versions = with_two_versions(report)
        urls = history_urls(report, versions)
        assert contributor_client.get(urls["history"]).status_code == 200
        compare = contributor_client.get(urls["compare"])
        assert compare.status_code == 200 and b"Version one" in compare.content

    def test_restoring_their_draft_is_recorded_as_a_new_version_and_in_the_log(self, contributor_client, contributor):
        """A restore is itself a version, "Restored from the version of <date> by <who>", and an
        entry in the admin log."""
        report = make_report(authors=[contributor.author], status=Report.Status.DRAFT)
        versions = with_two_versions(report)
        url = history_urls(report, versions)["revision"]
        page = contributor_client.get(url)
        assert page.status_code == 200
        assert contributor_client.post(url, form_data_from_page(page.content)).status_code == 302
        report.refresh_from_db()
        assert report.title == "Version one"
        latest = Version.objects.get_for_object(report).order_by("-pk").first()
        comment = latest.revision.get_comment()
        assert comment.startswith("Restored from the version of") and "Connie Contributor" in comment
        assert latest.revision.user == contributor
        entry = LogEntry.objects.filter(object_id=str(report.pk)).latest("action_time")
        assert entry.get_change_message().startswith("Restored from the version of")

    def test_a_restore_that_would_drop_them_from_the_byline_is_refused(
        self, contributor_client, contributor, other_contributor
    ):
        """An old version whose byline does not include them cannot be restored by them (it would
        put the report out of their reach without their form ever being saved)."""
        report = make_report(authors=[other_contributor.author], status=Report.Status.DRAFT)
        with reversion.create_revision():
            report.save()
        old = Version.objects.get_for_object(report).first()
        report.report_authors.create(author=contributor.author, order=1)
        with reversion.create_revision():
            report.title = "With both of us"
            report.save()
        url = reverse("admin:reports_report_revision", args=[report.pk, old.pk])
        assert contributor_client.post(url, {}).status_code == 403
        assert report.report_authors.filter(author=contributor.author).exists()

    def test_the_history_page_lists_restores(self, editor_client, editor):
        """An editor restoring a version sees the restore in the history, with their name."""
        report = make_report(authors=[editor.author], status=Report.Status.PUBLISHED)
        versions = with_two_versions(report)
        url = history_urls(report, versions)["revision"]
        page = editor_client.get(url)
        assert editor_client.post(url, form_data_from_page(page.content)).status_code == 302
        history = editor_client.get(history_urls(report, versions)["history"])
        text = BeautifulSoup(history.content, "html.parser").get_text()
        assert "Restored from the version of" in text and "Eddie Editor" in text


def test_recovering_a_deleted_report_is_for_editors_only(contributor_client, contributor):
    """A deleted report belongs to nobody: contributors cannot list or recover deleted reports."""
    report = make_report(authors=[contributor.author], status=Report.Status.DRAFT)
    with reversion.create_revision():
        report.save()
    version = Version.objects.get_for_object(report).first()
    report.delete()
    assert contributor_client.get(reverse("admin:reports_report_recoverlist")).status_code == 403
    recover = reverse("admin:reports_report_recover", args=[version.pk])
    assert contributor_client.post(recover, {}).status_code == 403
    assert not Report.objects.filter(pk=report.pk).exists()
