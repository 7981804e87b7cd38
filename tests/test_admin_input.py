"""Bad input in the admin is a form error with the data kept, never a 500."""

import io
from datetime import date

import pytest
from django.urls import reverse
from PIL import Image as PILImage

from reports.models import Image, Report, Summit

from .admin_forms import report_form_data
from .factories import make_report, make_session, make_summit

pytestmark = pytest.mark.django_db


def form_errors(response):
    return response.context["adminform"].form.errors


def test_a_summit_that_ends_before_it_starts(editor_client):
    """A summit that ends before it starts is refused with an error on its end date, and nothing is saved."""
    response = editor_client.post(
        reverse("admin:reports_summit_add"),
        {
            "name": "Backwards",
            "slug": "backwards",
            "city": "X",
            "country": "Y",
            "start_date": "2017-05-11",
            "end_date": "2017-05-08",
            "sessions-TOTAL_FORMS": "0",
            "sessions-INITIAL_FORMS": "0",
        },
    )
    assert response.status_code == 200
    assert "end_date" in form_errors(response)
    assert not Summit.objects.exists()


def test_the_database_refuses_a_backwards_summit_too(db):
    """The database itself refuses a summit that ends before it starts, even when no form checks it."""
    from django.db import IntegrityError, transaction

    with pytest.raises(IntegrityError), transaction.atomic():
        make_summit(start_date=date(2017, 5, 11), end_date=date(2017, 5, 8))


def test_a_duplicate_session_slug_within_a_summit_is_refused(editor_client):
    """Two sessions of one summit cannot share a slug: adding the second is a form error."""
    session = make_session(slug="keynotes")
    response = editor_client.post(
        reverse("admin:reports_session_add"),
        {
            "summit": session.summit.pk,
            "title": "Keynotes again",
            "slug": "keynotes",
            "kind": "keynote",
        },
    )
    assert response.status_code == 200
    assert form_errors(response)


@pytest.mark.parametrize(
    "field,value",
    [
        ("slug", "not a slug!"),
        ("title", ""),
        ("summit", "999999"),
        ("summit", "not-a-number"),
        ("original_url", "javascript:alert(1)"),
        ("publish_at_0", "2017-13-45"),
        ("status", "nonsense"),
    ],
)
def test_bad_report_fields_are_form_errors(editor_client, editor, field, value):
    """A bad report field (slug, empty title, unknown summit, script link, impossible date,
    unknown status) is a form error: nothing is saved and the text the author typed is kept."""
    summit = make_summit()
    data = report_form_data(summit, [editor.author], introduction="Keep this text.")
    data[field] = value
    if field == "publish_at_0":
        data["publish_at_1"] = "10:00"
    response = editor_client.post(reverse("admin:reports_report_add"), data)
    assert response.status_code == 200
    assert "Keep this text." in response.content.decode()  # what the author typed is still there
    assert not Report.objects.exists()


def test_bogus_inline_ids_are_form_errors(editor_client, editor):
    """Inline rows naming a session or author that does not
    exist are a form error, not a crash, and nothing is saved."""
    summit = make_summit()
    data = report_form_data(summit, [editor.author], writeups=[{"session": "424242"}])
    data["report_authors-0-author"] = "not-an-id"
    response = editor_client.post(reverse("admin:reports_report_add"), data)
    assert response.status_code == 200
    assert not Report.objects.exists()


def test_a_report_without_any_author_is_refused(editor_client):
    """A report must have at least one author: one without is refused with an error saying so."""
    summit = make_summit()
    response = editor_client.post(reverse("admin:reports_report_add"), report_form_data(summit, []))
    assert response.status_code == 200
    assert "at least one author" in response.content.decode()


def test_an_editor_changing_a_missing_report_is_redirected(editor_client):
    """An editor opening a report that does not exist for editing is redirected rather than shown an error."""
    response = editor_client.get(reverse("admin:reports_report_change", args=[987654]))
    assert response.status_code == 302


def png_bytes(size=(40, 30)):
    buffer = io.BytesIO()
    PILImage.new("RGB", size, "teal").save(buffer, format="PNG")
    return buffer.getvalue()


def upload(name, content):
    from django.core.files.uploadedfile import SimpleUploadedFile

    return SimpleUploadedFile(name, content, content_type="image/png")


def test_an_uploaded_image_gets_a_markdown_snippet(contributor_client):
    """An uploaded image gets a Markdown snippet, with its alt text and URL, ready to paste into a report."""
    response = contributor_client.post(
        reverse("admin:reports_image_add"), {"file": upload("diagram.png", png_bytes()), "alt_text": "A diagram"}
    )
    assert response.status_code == 302
    image = Image.objects.get()
    assert image.markdown == f"![A diagram]({image.file.url})"


def test_a_file_that_is_not_an_image_is_refused(contributor_client):
    """A file that is not really an image is refused, whatever its name, and nothing is stored."""
    response = contributor_client.post(
        reverse("admin:reports_image_add"), {"file": upload("evil.png", b"<script>alert(1)</script>"), "alt_text": "x"}
    )
    assert response.status_code == 200
    assert "file" in form_errors(response)
    assert not Image.objects.exists()


def test_an_oversized_image_is_refused(contributor_client, settings):
    """An image larger than the allowed pixel dimensions is refused with an error naming the limit."""
    settings.MAX_IMAGE_PIXELS = (20, 20)
    response = contributor_client.post(
        reverse("admin:reports_image_add"), {"file": upload("big.png", png_bytes((40, 30))), "alt_text": "x"}
    )
    assert response.status_code == 200
    assert "limit" in str(form_errors(response)["file"])


def test_a_contributor_cannot_edit_someone_elses_image(client, contributor, other_contributor):
    """A contributor cannot change another contributor's uploaded image."""
    client.force_login(other_contributor)
    client.post(reverse("admin:reports_image_add"), {"file": upload("a.png", png_bytes()), "alt_text": "Theirs"})
    image = Image.objects.get()
    client.force_login(contributor)
    client.post(reverse("admin:reports_image_change", args=[image.pk]), {"alt_text": "Mine now"})
    image.refresh_from_db()
    assert image.alt_text == "Theirs"


def test_report_change_form_keeps_inline_data_on_error(editor_client, editor):
    """When a report's change form has an error, the write-ups typed into it are kept on the page."""
    report = make_report(authors=[editor.author], status=Report.Status.DRAFT)
    session = make_session(summit=report.summit)
    data = report_form_data(
        report.summit,
        [editor.author],
        report=report,
        slug="bad slug!",
        writeups=[{"session": session, "body": "Precious notes"}],
    )
    response = editor_client.post(reverse("admin:reports_report_change", args=[report.pk]), data)
    assert response.status_code == 200
    assert "Precious notes" in response.content.decode()
