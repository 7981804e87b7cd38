"""The editorial workflow in a real browser (headless Debian Chromium driven by Playwright), from the
demo contributor's first keystroke to a reader's feed. Each step leaves a screenshot in
test-artifacts/e2e/ (git-ignored)."""

import io
import re
from pathlib import Path

import feedparser
import pytest
from django.core.management import call_command
from PIL import Image as PILImage

from reports import demo_content

from .tools import launch_chromium, require_chromium

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.browser]

SHOTS = Path(__file__).resolve().parent.parent / "test-artifacts" / "e2e"
ACCOUNTS = {account["username"]: account["password"] for account in demo_content.ACCOUNTS}
TITLE = "E2E trip: Sydney storage and networking"
SLUG = "e2e-trip-sydney-storage-and-networking"
NEW_SESSION = "E2E: Routed Provider Networks in Practice"


class Browser:
    """One signed-in (or anonymous) browser context, its screenshots and any CSP violation seen."""

    def __init__(self, chromium, base_url, name, violations):
        self.context = chromium.new_context(viewport={"width": 1280, "height": 900})
        self.page = self.context.new_page()
        self.base_url, self.name, self.violations = base_url, name, violations
        self.context.on("page", self.watch)
        self.watch(self.page)

    def watch(self, page):
        page.on("console", lambda message: self.record(page, message))

    def record(self, page, message):
        if "Content Security Policy" in message.text:
            self.violations.append(f"{page.url}: {message.text}")

    def goto(self, path):
        response = self.page.goto(self.base_url + path)
        return response

    def shot(self, step):
        SHOTS.mkdir(parents=True, exist_ok=True)
        self.page.screenshot(path=str(SHOTS / f"{step}-{self.name}.png"), full_page=True)

    def sign_in(self, username):
        self.goto("/admin/login/")
        self.page.fill("#id_username", username)
        self.page.fill("#id_password", ACCOUNTS[username])
        self.page.click("input[type=submit]")
        self.page.wait_for_url(re.compile(r"/admin/$"))


def choose(page, select_id, text):
    """Pick `text` in one of the admin's autocomplete (select2) fields."""
    page.click(f"#{select_id} + .select2 .select2-selection")
    page.fill(".select2-container--open .select2-search__field", text)
    page.locator(".select2-container--open .select2-results__option", has_text=text).first.click()


@pytest.fixture
def demo(settings):
    settings.DEBUG = True
    call_command("load_demo", verbosity=0)
    settings.DEBUG = False


def test_contributor_writes_editor_publishes_reader_finds(live_server, demo, tmp_path):
    require_chromium()
    from playwright.sync_api import sync_playwright

    picture = tmp_path / "rack.png"
    buffer = io.BytesIO()
    PILImage.new("RGB", (320, 200), "steelblue").save(buffer, format="PNG")
    picture.write_bytes(buffer.getvalue())
    violations = []

    with sync_playwright() as playwright:
        chromium = launch_chromium(playwright)
        try:
            # 1. The demo contributor signs in and uploads a picture.
            priya = Browser(chromium, live_server.url, "contributor", violations)
            priya.sign_in("priya")
            priya.shot("01-signed-in")
            priya.goto("/admin/reports/image/add/")
            priya.page.set_input_files("#id_file", str(picture))
            priya.page.fill("#id_alt_text", "Our rack in the lab")
            priya.page.click("input[name=_save]")
            snippet = priya.page.locator("td.field-markdown_snippet code").first.inner_text()
            assert snippet.startswith("![Our rack in the lab](/media/images/")
            priya.shot("02-image-uploaded")

            # 2. She writes a report: two write-ups on different tracks and projects, tags, a footnote.
            page = priya.page
            priya.goto("/admin/reports/report/add/")
            choose(page, "id_summit", "Sydney")
            page.locator("#id_title").press_sequentially(TITLE)
            assert page.input_value("#id_slug") == SLUG  # filled in from the title
            page.fill("#id_summary", "Two sessions, two tracks, one rack photo.")
            page.fill("#id_tags", "e2e-demo, ceph")
            page.fill("#id_introduction", "We went back to the storage rooms.[^1]\n\n[^1]: And the hallway.")
            page.click("#writeups-group .add-row a")
            choose(page, "id_writeups-0-session", "Dos and Don")
            page.fill("#id_writeups-0-body", f"Ceph still has no QoS.\n\n{snippet}")
            page.fill("#id_writeups-0-tags", "e2e-demo, qos")
            page.click("#writeups-group .add-row a")
            # A session nobody has written up yet, added without leaving the form.
            with page.expect_popup() as popup_info:
                page.click("#add_id_writeups-1-session")
            popup = popup_info.value
            popup.wait_for_load_state()
            choose(popup, "id_summit", "Sydney")
            popup.locator("#id_title").press_sequentially(NEW_SESSION)
            popup.select_option("#id_kind", "breakout")
            choose(popup, "id_track", "Networking")
            choose(popup, "id_projects", "Neutron")
            popup.click("input[name=_save]")
            popup.wait_for_event("close")
            assert NEW_SESSION in page.locator("#id_writeups-1-session + .select2").inner_text()
            page.fill("#id_writeups-1-body", "Segments map onto cells.[^seg]\n\n[^seg]: Per the speaker.")
            page.fill("#id_writeups-1-tags", "e2e-demo, neutron")
            page.select_option("#id_status", "review")
            priya.shot("03-report-written")
            page.click("input[name=_save]")
            assert "was added successfully" in page.locator(".messagelist").inner_text()
            priya.shot("04-submitted-for-review")

            # 3. A reader cannot see it yet.
            reader = Browser(chromium, live_server.url, "reader", violations)
            assert reader.goto(f"/reports/{SLUG}/").status == 404
            reader.shot("05-not-public-yet")

            # 4. The demo editor publishes it.
            editor = Browser(chromium, live_server.url, "editor", violations)
            editor.sign_in("editor")
            editor.goto("/admin/reports/report/?status__exact=review")
            editor.page.locator("tr", has_text=TITLE).locator("input.action-select").check()
            editor.page.select_option("select[name=action]", "publish")
            editor.page.click("button[name=index]")
            assert "Published 1 report" in editor.page.locator(".messagelist").inner_text()
            editor.shot("06-published")

            # 5. A reader finds it from the home page through the summit page...
            reader.goto("/")
            reader.page.click("text=OpenStack Summit Sydney 2017 >> nth=0")
            reader.page.wait_for_url(re.compile(r"/summits/sydney-2017/$"))
            reader.shot("07-summit-page")
            reader.page.click(f"a:has-text('{TITLE}')")
            reader.page.wait_for_url(re.compile(rf"/reports/{SLUG}/$"))
            article = reader.page.locator("article.report")
            assert NEW_SESSION in article.inner_text()
            assert reader.page.locator("img[alt='Our rack in the lab']").count() == 1
            assert reader.page.locator(".footnote li").count() == 2
            reader.shot("08-report-page")
            # ... through its tag page ...
            reader.page.click("a.tag:has-text('#e2e-demo') >> nth=0")
            reader.page.wait_for_url(re.compile(r"/tags/e2e-demo/$"))
            assert TITLE in reader.page.content()
            reader.shot("09-tag-page")
            # ... the tag feed it announces ...
            feed_url = reader.page.locator("link[rel=alternate][type='application/atom+xml']").first.get_attribute(
                "href"
            )
            feed = feedparser.parse(reader.page.request.get(live_server.url + feed_url).body())
            titles = [entry.title for entry in feed.entries]
            assert f"{NEW_SESSION} · {TITLE}" in titles
            assert any(title.startswith("Dos and Don") and title.endswith(TITLE) for title in titles)
            # ... the search box ...
            reader.page.fill("#site-search", "routed provider networks")
            reader.page.press("#site-search", "Enter")
            reader.page.wait_for_url(re.compile(r"/search/\?q="))
            assert reader.page.locator("article.entry", has_text=NEW_SESSION).count() == 1
            reader.shot("10-search")
            # ... and the filtered list.
            reader.goto("/writeups/")
            reader.page.check("#filter-tag input[value=e2e-demo]")
            reader.page.click(".filters button[type=submit]")
            reader.page.wait_for_url(re.compile(r"tag=e2e-demo"))
            assert reader.page.locator("#results-heading").inner_text().startswith("2 write-ups")
            reader.shot("11-filtered-list")
        finally:
            chromium.close()
    assert not violations, "\n".join(violations)
