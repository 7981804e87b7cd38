"""The publishing rules: only a published report whose time has come is public."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from reports.models import Report

from .factories import make_report, make_writeup

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("state", ["draft", "review", "scheduled"])
def test_an_unpublished_report_page_is_a_404(client, reports_in_every_state, state):
    """A report that is a draft, in review or scheduled has no public page: readers get a 404."""
    report = reports_in_every_state[state]
    assert client.get(report.get_absolute_url()).status_code == 404


def test_a_published_report_page_is_public(client, reports_in_every_state):
    """A published report whose time has come is public: readers see its page."""
    response = client.get(reports_in_every_state["published"].get_absolute_url())
    assert response.status_code == 200
    assert "Published report" in response.content.decode()


def test_a_scheduled_report_appears_by_itself_when_its_time_comes(client):
    """A scheduled report becomes public by itself once its publish time passes; no job has to run."""
    report = make_report(publish_at=timezone.now() + timedelta(hours=1))
    assert client.get(report.get_absolute_url()).status_code == 404
    # No job runs in between: moving the clock (here, the publish time) is all it takes.
    Report.objects.filter(pk=report.pk).update(publish_at=timezone.now() - timedelta(seconds=1))
    assert client.get(report.get_absolute_url()).status_code == 200


def test_publishing_without_a_time_publishes_now(db):
    """Publishing a report without a publish time publishes it now: the time is filled in and the report is public."""
    report = make_report(status=Report.Status.DRAFT)
    report.status = Report.Status.PUBLISHED
    report.save()
    assert report.publish_at is not None
    assert Report.objects.published().filter(pk=report.pk).exists()


def test_unpublishing_hides_the_report_again(client):
    """Turning a published report back into a draft hides its public page again (404)."""
    report = make_report()
    assert client.get(report.get_absolute_url()).status_code == 200
    report.status = Report.Status.DRAFT
    report.save()
    assert client.get(report.get_absolute_url()).status_code == 404


def test_write_ups_are_public_exactly_when_their_report_is(reports_in_every_state):
    """A write-up is public exactly when its report is: of write-ups
    in reports of every state, only the published report's is public."""
    from reports.models import WriteUp

    writeups = {state: make_writeup(report) for state, report in reports_in_every_state.items()}
    public = set(WriteUp.objects.published())
    assert public == {writeups["published"]}


class TestPreview:
    """A draft's preview is for its authors and editors; anyone else gets a 404."""

    def test_an_author_previews_their_own_draft(self, client, contributor):
        """An author may preview their own draft; the page says
        it is a preview and asks search engines not to index it."""
        report = make_report(status=Report.Status.DRAFT, authors=[contributor.author], title="My draft")
        client.force_login(contributor)
        response = client.get(report.get_preview_url())
        assert response.status_code == 200
        assert "Preview" in response.content.decode()
        assert response["X-Robots-Tag"] == "noindex"

    def test_an_editor_previews_any_draft(self, editor_client):
        """An editor may preview any unpublished report, such as one in review by someone else."""
        report = make_report(status=Report.Status.REVIEW)
        assert editor_client.get(report.get_preview_url()).status_code == 200

    def test_another_contributor_gets_a_404(self, client, contributor, other_contributor):
        """A contributor who is not an author of a draft gets a 404 for its preview."""
        report = make_report(status=Report.Status.DRAFT, authors=[contributor.author])
        client.force_login(other_contributor)
        assert client.get(report.get_preview_url()).status_code == 404

    def test_an_anonymous_visitor_gets_a_404(self, client):
        """An anonymous visitor gets a 404 for a draft's preview."""
        report = make_report(status=Report.Status.DRAFT)
        assert client.get(report.get_preview_url()).status_code == 404

    def test_unknown_slug_is_a_404(self, editor_client):
        """Previewing a report that does not exist is a 404, even for an editor."""
        assert editor_client.get(reverse("reports:report-preview", args=["no-such-report"])).status_code == 404
