"""The second attack on the landed site: behind a proxy, with a broken Redis or replica, with hostile
requests, feeds and Markdown, the site keeps its promises (README, "Security")."""

import io
import secrets
import time
from xml.etree import ElementTree

import feedparser
import pytest
from bs4 import BeautifulSoup
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse
from PIL import Image as PILImage

from reports.models import Image, Report, TaggedReport, TaggedWriteUp
from reports.rendering import render_markdown

from .admin_forms import report_form_data
from .factories import make_author, make_report, make_session, make_writeup
from .tools import manage_with_env

pytestmark = pytest.mark.django_db

ATOM = "{http://www.w3.org/2005/Atom}"


class TestSignInBehindTheProxy:
    PROXY = "10.0.0.2"  # every request reaches the app from the proxy

    def attempt(self, client, client_address, password, forged=""):
        # The proxy appends the address it saw to whatever the client sent.
        forwarded = f"{forged}, {client_address}" if forged else client_address
        return client.post(
            "/admin/login/?next=/admin/",
            {"username": "editor-user", "password": password},
            REMOTE_ADDR=self.PROXY,
            HTTP_X_FORWARDED_FOR=forwarded,
        )

    def test_an_attacker_cannot_lock_the_editor_out_from_elsewhere(self, editor, settings):
        """With BEHIND_PROXY on, wrong passwords from one address lock that address only: the
        editor signs in from theirs, even if the attacker forges their address in the header."""
        settings.BEHIND_PROXY = True
        attacker = Client()
        for _ in range(settings.AXES_FAILURE_LIMIT + 2):
            self.attempt(attacker, "203.0.113.9", "wrong", forged="198.51.100.7")
        assert self.attempt(attacker, "203.0.113.9", "pass-for-tests").status_code == 429
        assert self.attempt(Client(), "198.51.100.7", "pass-for-tests").status_code == 302

    def test_without_the_proxy_setting_the_header_is_ignored(self, editor, settings):
        """Without BEHIND_PROXY, X-Forwarded-For is the client's own claim: a new value per attempt
        does not escape the lockout of the address the requests really come from."""
        settings.BEHIND_PROXY = False
        client = Client()
        for number in range(settings.AXES_FAILURE_LIMIT):
            self.attempt(client, f"192.0.2.{number}", "wrong")
        assert self.attempt(client, "192.0.2.200", "pass-for-tests").status_code == 429

    def test_forwarded_proto_is_believed_only_behind_the_proxy(self):
        code = "from django.conf import settings as s; print(s.SECURE_PROXY_SSL_HEADER)"
        env = {"DEBUG": "0", "SECRET_KEY": secrets.token_urlsafe(50), "ALLOWED_HOSTS": "trips.example.com"}
        assert manage_with_env("shell", "-v", "0", "-c", code, **env).stdout.strip() == "None"
        behind = manage_with_env("shell", "-v", "0", "-c", code, BEHIND_PROXY="1", **env).stdout.strip()
        assert behind == "('HTTP_X_FORWARDED_PROTO', 'https')"


class TestTheSchemeOfPublicPages:
    def test_a_forged_forwarded_proto_does_not_make_links_https(self, client):
        """Without BEHIND_PROXY, a client's X-Forwarded-Proto changes nothing in what is served."""
        make_report(title="Plain")
        feed = client.get("/feed.atom", HTTP_X_FORWARDED_PROTO="https").content.decode()
        assert "https://testserver" not in feed and "http://testserver/" in feed

    def test_pages_over_https_and_http_are_kept_apart(self, client, settings):
        """Behind the proxy, the page cache keeps an https page and an http page separately."""
        settings.BEHIND_PROXY = True
        settings.SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
        make_report(title="Both ways")
        assert "https://testserver" in client.get("/feed.atom", HTTP_X_FORWARDED_PROTO="https").content.decode()
        plain = client.get("/feed.atom", HTTP_X_FORWARDED_PROTO="http").content.decode()
        assert "https://testserver" not in plain and "http://testserver/" in plain


class TestBadRequestsStayFourHundreds:
    @pytest.mark.parametrize("url", ["/", "/reports/", "/tags/", "/feed.rss", "/search/?q=x", "/no-such-page/"])
    def test_too_many_query_parameters_is_a_400(self, client, url):
        """More fields than DATA_UPLOAD_MAX_NUMBER_FIELDS: a 400 page, not a 500 while drawing it."""
        separator = "&" if "?" in url else "?"
        query = "&".join(f"f{number}=1" for number in range(1100))
        response = Client(raise_request_exception=False).get(f"{url}{separator}{query}")
        assert response.status_code == 400

    @pytest.mark.parametrize("method", ["TRACE", "PUT", "DELETE", "PROPFIND", "BREW"])
    @pytest.mark.parametrize("url", ["/", "/feed.rss", "/feeds.opml", "/admin/login/"])
    def test_methods_the_site_does_not_use_are_a_405(self, client, method, url):
        response = client.generic(method, url)
        assert response.status_code == 405
        assert "GET" in response["Allow"]

    def test_a_body_larger_than_any_form_is_a_413(self, client, settings):
        settings.MAX_REQUEST_BYTES = 10_000
        response = client.post("/admin/login/", {"username": "x" * 20_000, "password": "y"})
        assert response.status_code == 413

    def test_an_oversized_image_gets_a_form_error_naming_its_size(self, contributor_client, settings):
        """An upload above MAX_IMAGE_BYTES is refused by the form with its size, and not stored."""
        settings.MAX_IMAGE_BYTES = 20_000
        buffer = io.BytesIO()
        PILImage.effect_noise((400, 400), 100).convert("RGB").save(buffer, format="PNG")
        assert buffer.tell() > 60_000
        upload = SimpleUploadedFile("big.png", buffer.getvalue(), content_type="image/png")
        response = contributor_client.post(reverse("admin:reports_image_add"), {"file": upload, "alt_text": "x"})
        assert response.status_code == 200
        errors = response.context["adminform"].form.errors["file"]
        assert "the limit is 19.5\xa0KB" in errors[0]
        assert not Image.objects.exists()

    def test_every_response_sets_a_permissions_policy(self, client):
        for url in ["/", "/feed.atom", "/admin/login/"]:
            policy = client.get(url)["Permissions-Policy"]
            assert "camera=()" in policy and "geolocation=()" in policy and "microphone=()" in policy


def test_a_database_outage_is_a_503_with_retry_after():
    """With the database unreachable, a public page answers 503 and says when to come back."""
    code = (
        "from django.test import Client; r = Client(raise_request_exception=False).get('/'); "
        "print(r.status_code, r.get('Retry-After'), b'database' in r.content)"
    )
    result = manage_with_env(
        "shell",
        "-v",
        "0",
        "-c",
        code,
        DEBUG="0",
        SECRET_KEY=secrets.token_urlsafe(50),
        ALLOWED_HOSTS="testserver",
        SECURE_SSL_REDIRECT="0",
        DATABASE_URL="postgres://nobody@127.0.0.1:1/none",
        DJANGO_SETTINGS_MODULE="summitblog.settings.test",  # static files from the finders
        LOG_LEVEL="CRITICAL",
    )
    assert result.stdout.split() == ["503", "30", "True"], result.stderr[-2000:]


class TestFeedsCarryTextAsText:
    TYPED = 'Ceph & Swift: a < b, "quoted" <img src=x onerror=alert(1)>'

    @pytest.fixture
    def hostile(self, db):
        report = make_report(title="T", summary=self.TYPED, tags=["ceph"])
        make_writeup(report, body="Body.", tags=["ceph"])
        return report

    def test_rss_summaries_are_text_in_html(self, client, hostile):
        """RSS readers render <description> as HTML: the typed summary arrives as that text."""
        feed = feedparser.parse(client.get("/tags/ceph/feed.rss").content)
        entry = next(e for e in feed.entries if e.title == "T")
        assert BeautifulSoup(entry.summary, "html.parser").find("img") is None
        assert BeautifulSoup(entry.summary, "html.parser").get_text() == self.TYPED

    def test_atom_summaries_are_declared_text(self, client, hostile):
        """A strict XML parser and feedparser both read exactly what was typed."""
        content = client.get("/tags/ceph/feed.atom").content
        root = ElementTree.fromstring(content)
        summaries = [entry.find(f"{ATOM}summary") for entry in root.iter(f"{ATOM}entry")]
        ours = next(s for s in summaries if s is not None and s.text == self.TYPED)
        assert ours.get("type") == "text"
        entry = next(e for e in feedparser.parse(content).entries if e.title == "T")
        assert entry.summary == self.TYPED and entry.summary_detail.type == "text/plain"

    def test_json_feed_summaries_are_the_text(self, client, hostile):
        items = client.get("/tags/ceph/feed.json").json()["items"]
        assert self.TYPED in [item["summary"] for item in items]

    def test_names_in_the_channel_and_in_write_up_content_are_escaped(self, client):
        """A session, summit or track name with markup is text in the channel description and
        inside a write-up's HTML content."""
        report = make_report(title="R")
        session = make_session(summit=report.summit, title="<b>Bold</b> & co")
        report.summit.name = "Summit <i>x</i>"
        report.summit.save()
        writeup = make_writeup(report, session=session, body="Body.")
        url = f"{session.get_absolute_url()}feed.rss"
        feed = feedparser.parse(client.get(url).content)
        assert "<b>" not in feed.feed.subtitle and "&lt;b&gt;Bold" in feed.feed.subtitle
        content = BeautifulSoup(feed.entries[0].content[0].value, "html.parser")
        assert content.find("i") is None and "Summit <i>x</i>" in content.get_text()
        assert writeup.body in content.get_text()


class TestTagMerge:
    def test_is_for_editors_only(self, contributor_client):
        """A contributor's crafted merge is refused and creates no tag, with nothing selected too."""
        report = make_report(tags=["ha", "high-availability"])
        ids = list(report.tags.values_list("pk", flat=True))
        changelist = reverse("admin:taggit_tag_changelist")
        for selection in (ids, []):
            data = {"action": "merge_tags", "_selected_action": selection, "apply": "1", "kept": ids[0]}
            assert contributor_client.post(changelist, data).status_code in (200, 302, 403)
        assert sorted(report.tags.names()) == ["ha", "high-availability"]
        # taggit's own merge view is gone: its address is just an unknown tag.
        response = contributor_client.post("/admin/taggit/tag/merge-tags/", {"new_tag_name": "x"}, follow=True)
        assert "New Tag Name" not in response.content.decode()
        from taggit.models import Tag

        assert not Tag.objects.filter(name="x").exists()

    def test_really_merges_reports_and_write_ups(self, editor_client, client):
        """Everything tagged with a merged tag carries the kept one, once; the merged tag is gone,
        and its old address leads readers to the kept tag's page."""
        from taggit.models import Tag

        both = make_report(tags=["ha", "high-availability"])
        only_old = make_report(tags=["ha"])
        make_writeup(only_old, tags=["ha"])
        kept, merged = Tag.objects.get(name="high-availability"), Tag.objects.get(name="ha")
        changelist = reverse("admin:taggit_tag_changelist")
        selection = {"action": "merge_tags", "_selected_action": [kept.pk, merged.pk]}
        assert "Keep this tag" in editor_client.post(changelist, selection).content.decode()
        response = editor_client.post(changelist, {**selection, "apply": "1", "kept": kept.pk})
        assert response.status_code == 302
        assert not Tag.objects.filter(pk=merged.pk).exists()
        assert list(both.tags.names()) == ["high-availability"]
        assert list(only_old.tags.names()) == ["high-availability"]
        assert TaggedWriteUp.objects.filter(tag=kept).count() == 1
        assert TaggedReport.objects.filter(tag=kept).count() == 2
        old_address = client.get("/tags/ha/")
        assert (old_address.status_code, old_address["Location"]) == (301, "/tags/high-availability/")
        assert only_old.title in client.get("/tags/high-availability/").content.decode()


class TestHostileMarkdown:
    PAYLOADS = {
        "nested brackets": "[" * 15000 + "]" * 15000,
        "open brackets": "[" * 20000,
        "deep list markers": "- " * 5000,
        "deep indentation": "\n".join("  " * depth + "- x" for depth in range(1000)),
        "deep quotes": "> " * 5000,
        "unclosed autolinks": "<http://" * 3000,
        "abbreviation openers": "*[" * 10000,
        "definition lists": "a\n: b\n" * 4000,
        "many links": "[a](" * 6000,
    }

    @pytest.mark.parametrize("name", PAYLOADS)
    def test_renders_quickly_whatever_it_contains(self, name):
        """Rendering is bounded, never a stalled worker or a RecursionError, for any text. What
        this guards against (catastrophic backtracking, recursion) takes minutes, so the bound
        is loose enough for a slow or busy machine (the slowest, definition lists, takes 0.7 s on
        this 2-core VM on a slow day)."""
        started = time.perf_counter()
        html = render_markdown(self.PAYLOADS[name])
        assert time.perf_counter() - started < 5.0
        assert html

    @pytest.mark.parametrize("name", ["nested brackets", "open brackets", "deep indentation"])
    def test_too_much_for_a_body_is_a_form_error(self, contributor_client, contributor, name):
        report = make_report(authors=[contributor.author], status=Report.Status.DRAFT)
        session = make_session(summit=report.summit)
        data = report_form_data(
            report.summit,
            [contributor.author],
            report=report,
            writeups=[{"session": session, "body": self.PAYLOADS[name]}],
        )
        response = contributor_client.post(reverse("admin:reports_report_change", args=[report.pk]), data)
        assert response.status_code == 200
        errors = response.context["inline_admin_formsets"][1].formset.errors
        assert any("limit is" in message for error in errors for message in error.get("body", []))

    def test_only_our_own_classes_survive(self):
        """Markdown cannot dress itself as the site's notices: classes other than the renderer's go."""
        soup = BeautifulSoup(
            render_markdown('<div class="notice notice--warning">Fake</div>\n\nx[^1]\n\n[^1]: n\n\n```ini\nx\n```'),
            "html.parser",
        )
        assert soup.find("div", class_="notice") is None
        assert soup.select_one("a.footnote-ref") and soup.select_one("div.footnote")
        assert soup.select_one("code")["class"] == ["language-ini"]


class TestWriteUpCredits:
    def test_a_write_up_is_credited_to_one_of_the_reports_authors(self, contributor_client, contributor):
        """Crediting a write-up to someone outside the byline is a form error: nobody can be shown
        as the writer of what they did not write."""
        stranger = make_author(display_name="Somebody Else")
        report = make_report(authors=[contributor.author], status=Report.Status.DRAFT)
        session = make_session(summit=report.summit)
        data = report_form_data(
            report.summit,
            [contributor.author],
            report=report,
            writeups=[{"session": session, "body": "Notes.", "author": stranger}],
        )
        response = contributor_client.post(reverse("admin:reports_report_change", args=[report.pk]), data)
        assert response.status_code == 200
        assert not report.writeups.exists()
        errors = response.context["inline_admin_formsets"][1].formset.errors[0]["author"]
        assert "not one of this report's authors" in errors[0]
