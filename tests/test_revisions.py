"""Nothing is lost: every save is a version; editors compare, restore, and undo deletes; two people
editing the same report never silently overwrite each other."""

import re

import pytest
from bs4 import BeautifulSoup
from django.urls import reverse
from reversion.models import Version

from reports.models import Report, WriteUp

from .admin_forms import report_form_data
from .factories import make_report, make_session, make_writeup

pytestmark = pytest.mark.django_db


def change_url(report):
    return reverse("admin:reports_report_change", args=[report.pk])


def save_through_admin(client, report, **fields):
    report = Report.objects.get(pk=report.pk)
    writeups = fields.pop("writeups", None)
    if writeups is None:
        writeups = [
            {"session": w.session, "body": w.body, "id": w.pk, "author": w.author, "tags": ", ".join(w.tags.names())}
            for w in report.writeups.all()
        ]
    data = report_form_data(report.summit, list(report.authors.all()), report=report, writeups=writeups, **fields)
    response = client.post(change_url(report), data)
    assert response.status_code == 302, response.context and response.context["adminform"].form.errors
    return Report.objects.get(pk=report.pk)


@pytest.fixture
def edited_report(editor_client, editor):
    """A report saved twice in the admin: version 1 with two write-ups and tags, version 2 changed."""
    report = make_report(authors=[editor.author], title="First title", status=Report.Status.DRAFT)
    keep = make_writeup(report, session=make_session(summit=report.summit, title="Kept session"), body="Kept body")
    dropped = make_writeup(report, session=make_session(summit=report.summit, title="Dropped"), body="Dropped body")
    save_through_admin(editor_client, report, tags="ceph, storage")
    writeups = [
        {"session": keep.session, "body": "Rewritten body", "id": keep.pk, "author": editor.author},
        {"session": dropped.session, "body": dropped.body, "id": dropped.pk, "DELETE": "on"},
    ]
    report = save_through_admin(editor_client, report, title="Second title", tags="networking", writeups=writeups)
    return report


def form_data_from_page(html):
    """What a browser would submit from the admin's report form as shown."""
    soup = BeautifulSoup(html, "html.parser")
    data = {}
    for field in soup.select("form#report_form input, form#report_form textarea, form#report_form select"):
        name, kind = field.get("name"), field.get("type")
        if not name or kind in ("submit", "file") or (kind == "checkbox" and not field.has_attr("checked")):
            continue
        if field.name == "textarea":
            data[name] = field.text.removeprefix("\n")
        elif field.name == "select":
            chosen = field.find("option", selected=True)
            data[name] = chosen["value"] if chosen else ""
        else:
            data[name] = field.get("value", "")
    return data


def versions_of(report):
    return list(Version.objects.get_for_object(report).order_by("revision__date_created"))


def test_every_save_keeps_a_version_with_write_ups_and_tags(edited_report):
    first, second = versions_of(edited_report)
    first_objects = {(v.content_type.model, v.object_repr) for v in first.revision.version_set.all()}
    assert ("report", "First title") in first_objects
    assert {model for model, _ in first_objects} >= {"report", "writeup", "taggedreport", "reportauthor"}
    assert second.field_dict["title"] == "Second title"


def test_editors_see_the_history_and_compare_versions(editor_client, edited_report):
    history = editor_client.get(reverse("admin:reports_report_history", args=[edited_report.pk]))
    assert history.status_code == 200
    first, second = versions_of(edited_report)
    compare = editor_client.get(
        reverse("admin:reports_report_compare", args=[edited_report.pk]),
        {"version_id1": first.pk, "version_id2": second.pk},
    )
    assert compare.status_code == 200
    text = BeautifulSoup(compare.content, "html.parser").get_text()
    assert "First title" in text and "Second title" in text


def test_restoring_a_version_brings_back_its_write_ups_and_tags(editor_client, edited_report, client):
    first = versions_of(edited_report)[0]
    url = reverse("admin:reports_report_revision", args=[edited_report.pk, first.pk])
    form = editor_client.get(url)
    assert form.status_code == 200
    assert Report.objects.get(pk=edited_report.pk).title == "Second title"  # viewing does not revert
    # Post the version's own form back, as the "Save" button on the revert page does.
    report = Report.objects.get(pk=edited_report.pk)
    response = editor_client.post(url, form_data_from_page(form.content))
    assert response.status_code == 302
    report = Report.objects.get(pk=report.pk)
    assert report.title == "First title"
    assert sorted(report.tags.names()) == ["ceph", "storage"]
    assert sorted(w.body for w in report.writeups.all()) == ["Dropped body", "Kept body"]
    assert all(w.body_html for w in report.writeups.all())


def test_an_editor_can_undo_a_delete(editor_client, edited_report):
    editor_client.post(reverse("admin:reports_report_delete", args=[edited_report.pk]), {"post": "yes"})
    assert not Report.objects.filter(pk=edited_report.pk).exists()
    recover_list = editor_client.get(reverse("admin:reports_report_recoverlist"))
    assert recover_list.status_code == 200
    deleted = Version.objects.get_deleted(Report).get(object_id=str(edited_report.pk))
    recover_url = reverse("admin:reports_report_recover", args=[deleted.pk])
    assert recover_url in recover_list.content.decode()
    page = editor_client.get(recover_url)
    assert editor_client.post(recover_url, form_data_from_page(page.content)).status_code == 302
    restored = Report.objects.get(pk=edited_report.pk)
    assert restored.title == "Second title"
    assert [w.body for w in restored.writeups.all()] == ["Rewritten body"]


def test_contributors_cannot_recover_deleted_reports(contributor_client):
    assert contributor_client.get(reverse("admin:reports_report_recoverlist")).status_code == 403


def refused_page(client, report, data):
    """POST a stale form: it must be refused (200, nothing saved); returns the page's form data."""
    response = client.post(change_url(report), data)
    assert response.status_code == 200, response.status_code
    return response, form_data_from_page(response.content)


class TestNoSilentOverwrite:
    def test_the_older_form_is_refused_with_who_and_when(self, client, editor, contributor):
        """A contributor saving a form opened before an editor's save is refused, told who saved and
        when, keeps what they typed, and the editor's version stays stored."""
        report = make_report(authors=[contributor.author], status=Report.Status.DRAFT, title="Original")
        stale = report_form_data(
            report.summit,
            [contributor.author],
            report=report,
            title="Contributor's title",
            introduction="Contributor's careful paragraph.",
        )
        client.force_login(editor)
        save_through_admin(client, report, title="Editor's title")

        client.force_login(contributor)
        response, _ = refused_page(client, report, stale)
        html = response.content.decode()
        assert "Eddie Editor saved this report at" in html
        assert "Contributor&#x27;s careful paragraph." in html  # what they typed is still there
        assert Report.objects.get(pk=report.pk).title == "Editor's title"  # and theirs is kept
        changes = BeautifulSoup(html, "html.parser").select(".merge-report tbody tr")
        assert any("Title" in row.get_text() and "Editor's title" in row.get_text() for row in changes)

    def test_saving_again_keeps_their_changes_to_fields_you_did_not_touch(self, client, editor, contributor):
        """After a refusal, the form holds the other person's changes to the fields this person left
        alone: saving it keeps both people's work (a three-way merge on fields)."""
        report = make_report(
            authors=[contributor.author], status=Report.Status.DRAFT, title="Original", introduction="Intro."
        )
        stale = report_form_data(report.summit, [contributor.author], report=report, introduction="My new intro.")
        client.force_login(editor)
        save_through_admin(client, report, title="Editor's title", summary="Editor's summary")

        client.force_login(contributor)
        _, merged = refused_page(client, report, stale)
        assert merged["title"] == "Editor's title" and merged["introduction"] == "My new intro."
        assert client.post(change_url(report), merged).status_code == 302
        saved = Report.objects.get(pk=report.pk)
        assert (saved.title, saved.summary, saved.introduction) == (
            "Editor's title",
            "Editor's summary",
            "My new intro.",
        )
        titles = [v.field_dict["title"] for v in versions_of(report)]
        assert titles[-1] == "Editor's title"

    def test_a_field_both_changed_is_replaced_only_when_confirmed(self, client, editor, contributor):
        """Where both changed the same field, saving again is refused until the person ticks
        "Replace their changes with mine"; then theirs is replaced and both stay in the history."""
        report = make_report(authors=[contributor.author], status=Report.Status.DRAFT, title="Original")
        stale = report_form_data(report.summit, [contributor.author], report=report, title="Contributor's title")
        client.force_login(editor)
        save_through_admin(client, report, title="Editor's title")

        client.force_login(contributor)
        _, merged = refused_page(client, report, stale)
        assert merged["title"] == "Contributor's title"
        response, merged = refused_page(client, report, merged)
        assert "Replace their changes with mine" in response.content.decode()
        assert Report.objects.get(pk=report.pk).title == "Editor's title"
        merged["replace_their_changes"] = "on"
        assert client.post(change_url(report), merged).status_code == 302
        assert Report.objects.get(pk=report.pk).title == "Contributor's title"
        titles = [v.field_dict["title"] for v in versions_of(report)]
        assert "Editor's title" in titles and "Contributor's title" in titles

    def test_their_change_to_a_write_up_survives_your_save(self, client, editor, contributor):
        """A write-up the other person rewrote, and this person did not touch, keeps their text."""
        report = make_report(authors=[contributor.author], status=Report.Status.DRAFT, introduction="Intro.")
        writeup = make_writeup(report, body="First notes.")
        stale = report_form_data(
            report.summit,
            [contributor.author],
            report=report,
            introduction="My intro.",
            writeups=[{"session": writeup.session, "id": writeup.pk, "body": "First notes."}],
        )
        client.force_login(editor)
        rewritten = [{"session": writeup.session, "id": writeup.pk, "body": "Editor's notes.", "author": None}]
        save_through_admin(client, report, writeups=rewritten)

        client.force_login(contributor)
        _, merged = refused_page(client, report, stale)
        assert client.post(change_url(report), merged).status_code == 302
        assert WriteUp.objects.get(pk=writeup.pk).body == "Editor's notes."
        assert Report.objects.get(pk=report.pk).introduction == "My intro."

    def test_a_form_without_its_version_is_refused(self, editor_client, editor):
        """A form that does not say which version it was opened from cannot overwrite a change."""
        report = make_report(authors=[editor.author], status=Report.Status.DRAFT, title="Original")
        data = report_form_data(report.summit, [editor.author], report=report, title="Blind overwrite")
        del data["loaded_version"]
        assert editor_client.post(change_url(report), data).status_code == 200
        assert Report.objects.get(pk=report.pk).title == "Original"

    def test_a_publish_in_between_turns_the_save_into_a_proposal(self, client, editor, contributor):
        """A report an editor published after the contributor opened it is no longer theirs to
        change in place: their save is kept as a proposal and the published report stays as it is."""
        report = make_report(authors=[contributor.author], status=Report.Status.REVIEW, title="Reviewed")
        stale = report_form_data(report.summit, [contributor.author], report=report, status="review", title="Mine")
        client.force_login(editor)
        client.post(reverse("admin:reports_report_changelist"), {"action": "publish", "_selected_action": [report.pk]})
        client.force_login(contributor)
        assert client.post(change_url(report), stale).status_code == 302
        report = Report.objects.get(pk=report.pk)
        assert (report.title, report.status) == ("Reviewed", Report.Status.PUBLISHED)
        assert report.proposed_changes.get().data["title"] == ["Mine"]


@pytest.mark.django_db(transaction=True)
def test_two_simultaneous_saves_of_one_version_cannot_both_win(editor, contributor):
    """Two saves of the same form version arriving together: exactly one is stored, the other is
    refused as stale (the check and the write happen under the report's row lock)."""
    from concurrent.futures import ThreadPoolExecutor
    from threading import Barrier

    from django.db import connection
    from django.test import Client

    report = make_report(authors=[contributor.author, editor.author], status=Report.Status.DRAFT, title="Original")
    forms = {
        user: report_form_data(report.summit, [contributor.author, editor.author], report=report, title=f"By {user}")
        for user in (editor, contributor)
    }
    start = Barrier(2)

    def save(user):
        client = Client()
        client.force_login(user)
        start.wait(timeout=30)  # only ever reached if the other save failed to start
        try:
            return client.post(change_url(report), forms[user]).status_code
        finally:
            connection.close()

    with ThreadPoolExecutor(max_workers=2) as pool:
        codes = sorted(pool.map(save, [editor, contributor]))
    assert codes == [200, 302]
    assert Report.objects.get(pk=report.pk).title in {f"By {editor}", f"By {contributor}"}


def test_search_vectors_follow_a_restore(edited_report, django_capture_on_commit_callbacks):
    """A restored version's rows (saved raw) are searchable by their restored text once committed."""
    from django.db import connection

    if connection.vendor != "postgresql":
        pytest.skip("stored search vectors exist on PostgreSQL only")
    first = versions_of(edited_report)[0]
    with django_capture_on_commit_callbacks(execute=True):  # as the restore's commit would
        first.revision.revert(delete=True)
    writeup = WriteUp.objects.get(report=edited_report, body="Kept body")
    assert re.search("kept", str(WriteUp.objects.filter(pk=writeup.pk).values_list("search_vector", flat=True)[0]))
