"""Security settings and hostile content: headers, production settings, sign-in throttling, uploads,
and script-free pages whatever authors type into any field."""

import io
import secrets

import pytest
from bs4 import BeautifulSoup
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse
from PIL import Image as PILImage

from reports.models import Image

from .factories import make_author, make_project, make_report, make_session, make_track, make_writeup
from .test_markdown import XSS_PAYLOADS
from .tools import manage_with_env

pytestmark = pytest.mark.django_db


def production_env(**extra):
    """Production settings: DEBUG off, a real secret, an allowed host."""
    return {
        "DEBUG": "0",
        "SECRET_KEY": secrets.token_urlsafe(50),
        "ALLOWED_HOSTS": "trips.example.com",
        "DATABASE_URL": "sqlite:////tmp/summitblog-unused.db",
        **extra,
    }


class TestProductionSettings:
    def test_check_deploy_is_clean(self):
        """With production settings, Django's deployment check passes without a single warning."""
        result = manage_with_env("check", "--deploy", "--fail-level", "WARNING", **production_env())
        assert result.returncode == 0, result.stdout + result.stderr

    def test_secure_transport_is_on_when_debug_is_off(self):
        """With DEBUG off the site redirects to HTTPS, sends session and CSRF cookies over HTTPS only, and sets HSTS."""
        code = (
            "from django.conf import settings as s; print(s.SECURE_SSL_REDIRECT, s.SESSION_COOKIE_SECURE, "
            "s.CSRF_COOKIE_SECURE, s.SECURE_HSTS_SECONDS > 0, s.DEBUG)"
        )
        result = manage_with_env("shell", "-v", "0", "-c", code, **production_env())
        assert result.stdout.split() == ["True", "True", "True", "True", "False"], result.stderr

    @pytest.mark.parametrize("missing", ["SECRET_KEY", "ALLOWED_HOSTS"])
    def test_production_refuses_to_start_without(self, missing):
        """Production refuses to start without a SECRET_KEY or ALLOWED_HOSTS, naming the missing setting."""
        result = manage_with_env("check", **production_env(**{missing: ""}))
        assert result.returncode != 0
        assert "ImproperlyConfigured" in result.stderr and missing in result.stderr


class TestHeaders:
    @pytest.mark.parametrize("url", ["/", "/tags/", "/admin/login/"])
    def test_every_page_has_a_strict_content_security_policy(self, client, url):
        """Every page, public or admin, has a strict Content Security Policy: scripts
        and styles from the site only, no plugins, no framing, nothing unsafe."""
        policy = client.get(url)["Content-Security-Policy"]
        directives = dict(part.strip().split(" ", 1) for part in policy.split(";"))
        assert directives["script-src"] == "'self'"
        assert directives["style-src"] == "'self'"
        assert directives["object-src"] == "'none'"
        assert directives["frame-ancestors"] == "'none'"
        assert "unsafe" not in policy

    def test_clickjacking_and_sniffing_protection(self, client):
        """Pages refuse to be framed, forbid content-type sniffing and send the referrer to the same origin only."""
        response = client.get("/")
        assert response["X-Frame-Options"] == "DENY"
        assert response["X-Content-Type-Options"] == "nosniff"
        assert response["Referrer-Policy"] == "same-origin"

    def test_admin_posts_need_a_csrf_token(self, editor):
        """An admin POST without a CSRF token is refused (403), even from a signed-in editor."""
        client = Client(enforce_csrf_checks=True)
        client.force_login(editor)
        response = client.post(reverse("admin:reports_track_add"), {"name": "X", "slug": "x"})
        assert response.status_code == 403


class TestSignInThrottling:
    def attempt(self, client, password):
        return client.post("/admin/login/?next=/admin/", {"username": "editor-user", "password": password})

    def test_locked_out_after_repeated_failures_even_with_the_right_password(self, client, editor, settings):
        """After the allowed number of failed sign-ins, further sign-ins are
        refused (429) with a message saying why, even with the right password."""
        for _ in range(settings.AXES_FAILURE_LIMIT - 1):
            assert self.attempt(client, "wrong").status_code == 200  # the form again, with an error
        assert self.attempt(client, "wrong").status_code == 429  # the last allowed failure locks
        response = self.attempt(client, "pass-for-tests")
        assert response.status_code == 429
        assert "Too many failed sign-ins" in response.content.decode()

    def test_a_success_before_the_limit_resets_the_count(self, client, editor, settings):
        """A successful sign-in before the limit resets the failure count, so a new run of failures starts from zero."""
        for _ in range(settings.AXES_FAILURE_LIMIT - 1):
            self.attempt(client, "wrong")
        assert self.attempt(client, "pass-for-tests").status_code == 302
        client.logout()
        for _ in range(settings.AXES_FAILURE_LIMIT - 1):
            self.attempt(client, "wrong")
        assert self.attempt(client, "pass-for-tests").status_code == 302


def image_bytes(fmt="PNG", size=(60, 40), exif=False, trailer=b""):
    buffer = io.BytesIO()
    image = PILImage.new("RGB", size, "orange")
    options = {}
    if exif:
        data = PILImage.Exif()
        data[0x010F] = "SecretCameraMaker"  # Make
        data[0x8825] = {2: (51.0, 30.0, 0.0)}  # GPS latitude
        options["exif"] = data
    image.save(buffer, format=fmt, **options)
    return buffer.getvalue() + trailer


class TestUploads:
    def upload(self, client, content, name="picture.jpg"):
        return client.post(
            reverse("admin:reports_image_add"),
            {
                "file": SimpleUploadedFile(name, content, content_type="image/jpeg"),
                "alt_text": "A picture",
            },
        )

    def test_an_upload_is_re_encoded_without_metadata_or_trailing_data(self, contributor_client):
        """An uploaded image is re-encoded and stored without its EXIF metadata
        (camera, GPS) or data appended to it, in the same format and size."""
        original = image_bytes("JPEG", exif=True, trailer=b"<script>alert(1)</script>")
        assert b"SecretCameraMaker" in original
        assert self.upload(contributor_client, original).status_code == 302
        stored = Image.objects.get().file.read()
        assert b"SecretCameraMaker" not in stored and b"<script>" not in stored
        with PILImage.open(io.BytesIO(stored)) as image:
            assert image.format == "JPEG" and image.size == (60, 40)
            assert not image.getexif()

    @pytest.mark.parametrize("fmt", ["BMP", "TIFF"])
    def test_other_image_types_are_refused(self, contributor_client, fmt):
        """Only accepted image types may be uploaded: BMP and TIFF are refused."""
        response = self.upload(contributor_client, image_bytes(fmt), name=f"picture.{fmt.lower()}")
        assert response.status_code == 200
        assert "not accepted" in str(response.context["adminform"].form.errors["file"])

    def test_too_many_bytes_are_refused(self, contributor_client, settings):
        """An upload larger than the byte limit is refused with an error giving the limit."""
        settings.MAX_IMAGE_BYTES = 500
        response = self.upload(contributor_client, image_bytes("PNG", size=(400, 400)))
        assert response.status_code == 200
        assert "the limit is" in str(response.context["adminform"].form.errors["file"])

    def test_a_cover_image_is_re_encoded_too(self, editor_client, editor):
        """A report's cover image is re-encoded too: its EXIF metadata is not stored."""
        from .admin_forms import report_form_data
        from .factories import make_summit

        data = report_form_data(make_summit(), [editor.author], slug="with-cover")
        data["cover_image"] = SimpleUploadedFile("c.jpg", image_bytes("JPEG", exif=True), content_type="image/jpeg")
        assert editor_client.post(reverse("admin:reports_report_add"), data).status_code == 302
        from reports.models import Report

        with Report.objects.get(slug="with-cover").cover_image.open("rb") as stored:
            assert b"SecretCameraMaker" not in stored.read()


def assert_no_script(html, where):
    soup = BeautifulSoup(html, "html.parser")
    for script in soup.find_all("script"):
        assert script.get("type") == "application/ld+json", where
        assert "</script" not in script.string.lower(), where
    for element in soup.find_all(True):
        for attribute, value in element.attrs.items():
            assert not attribute.lower().startswith("on"), (where, element)
            if attribute in ("href", "src", "action", "formaction"):
                assert not str(value).strip().lower().startswith(("javascript:", "data:", "vbscript:")), (
                    where,
                    element,
                )
    for tag in ("iframe", "object", "embed", "svg", "math", "base", "form[action^=javascript]"):
        assert not soup.select(tag) or tag == "svg", (where, tag)


@pytest.mark.parametrize("payload", XSS_PAYLOADS)
def test_payloads_in_every_field_leave_every_page_script_free(client, payload):
    """Titles, summaries, bodies, tags, names, speakers and links all carry the payload."""
    track = make_track(name=f"Track {payload}"[:100])
    project = make_project(name=f"Project {payload}"[:100])
    author = make_author(
        display_name=f"Name {payload}"[:100],
        bio=payload,
        affiliation=payload[:100],
        website="javascript:alert(1)",
        handle=payload[:100],
    )
    report = make_report(
        authors=[author],
        title=f"Title {payload}"[:200],
        summary=payload,
        introduction=payload,
        takeaways=payload,
        tags=[f"tag {payload}"[:90], "plain"],
        original_url="javascript:alert(1)",
    )
    session = make_session(
        summit=report.summit,
        title=f"Session {payload}"[:255],
        speakers=[payload[:150]],
        track=track,
        projects=[project],
        description=payload,
        video_url="javascript:alert(1)",
        slides_url="data:text/html,<script>alert(1)</script>",
    )
    make_writeup(report, session=session, body=payload, tags=[f"w {payload}"[:90], "plain"])
    report.summit.description = payload
    report.summit.website = "javascript:alert(1)"
    report.summit.save()
    pages = [
        "/",
        report.get_absolute_url(),
        report.summit.get_absolute_url(),
        session.get_absolute_url(),
        track.get_absolute_url(),
        project.get_absolute_url(),
        author.get_absolute_url(),
        "/tags/plain/",
        "/tags/",
        "/authors/",
        "/tracks/",
        "/projects/",
        "/summits/",
        "/reports/",
        "/writeups/",
        f"/search/?q={payload}",
        f"/writeups/?q={payload}&tag=plain",
    ]
    for url in pages:
        response = client.get(url)
        assert response.status_code == 200, url
        assert_no_script(response.content.decode(), url)


def test_the_admin_refuses_script_links(editor_client):
    """The admin refuses a javascript: link as a session's video URL."""
    session = make_session()
    response = editor_client.post(
        reverse("admin:reports_session_change", args=[session.pk]),
        {
            "summit": session.summit.pk,
            "title": session.title,
            "slug": session.slug,
            "kind": "breakout",
            "video_url": "javascript:alert(1)",
        },
    )
    assert response.status_code == 200
    assert "video_url" in response.context["adminform"].form.errors
