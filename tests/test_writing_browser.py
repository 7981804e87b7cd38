"""Writing a report in the admin, in headless Chromium (Playwright driving Debian's /usr/bin/chromium),
as a person would: autosave and restore, the live Markdown preview, images dropped into the text,
session pickers limited to the report's summit, the review loop's emails, the form at phone width,
accessibility (axe-core) and the strict Content-Security-Policy (static/js/report-form.js).

Screenshots go to test-artifacts/writing/ (git-ignored)."""

import base64
import io
import re
from datetime import datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from django.utils import formats, timezone
from PIL import Image as PILImage

from reports.models import Autosave, Image, Report, ReviewNote, WriteUp

from .factories import make_author, make_report, make_session, make_summit, make_user, make_writeup
from .tools import AXE_JS, launch_chromium, require_chromium

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.browser]

SHOTS = Path(__file__).resolve().parent.parent / "test-artifacts" / "writing"
PASSWORD = "pass-for-tests"
PHONE = {"width": 390, "height": 844}
DESKTOP = {"width": 1280, "height": 900}
BLOCKING_IMPACTS = {"serious", "critical"}


class Browser:
    """One browser context with a page, signed in or not; it records CSP violations and script errors."""

    def __init__(self, chromium, base_url, name, problems, viewport=DESKTOP, **options):
        self.context = chromium.new_context(viewport=viewport, **options)
        self.page = self.context.new_page()
        self.base_url, self.name, self.problems = base_url, name, problems
        self.dialogs = []
        self.context.on("page", self.watch)
        self.watch(self.page)

    def watch(self, page):
        page.on("console", lambda message: self.record_console(page, message))
        page.on("pageerror", lambda error: self.problems.append(f"{self.name} {page.url}: script error {error}"))
        page.on("dialog", self.answer)

    def answer(self, dialog):
        """ "Leave the page?" and the like: noted, and accepted (the test moves on)."""
        self.dialogs.append(dialog.type)
        dialog.accept()

    def record_console(self, page, message):
        if "Content Security Policy" in message.text or "Content-Security-Policy" in message.text:
            self.problems.append(f"{self.name} {page.url}: {message.text}")

    def goto(self, path):
        return self.page.goto(self.base_url + path)

    def open_form(self, path):
        """A report form, once its script has started (after the reload that sets the time zone, if any)."""
        response = self.goto(path)
        self.page.wait_for_selector("html[data-report-form=ready]")
        return response

    def sign_in(self, username):
        self.goto("/admin/login/")
        self.page.fill("#id_username", username)
        self.page.fill("#id_password", PASSWORD)
        self.page.click("input[type=submit]")
        self.page.wait_for_url(re.compile(r"/admin/$"))

    def shot(self, name, full_page=True):
        """A screenshot; of the window only where the sticky save bar should show where it does."""
        SHOTS.mkdir(parents=True, exist_ok=True)
        self.page.screenshot(path=str(SHOTS / f"{name}.png"), full_page=full_page)

    def close(self):
        self.context.close()


@pytest.fixture
def chromium(monkeypatch):
    """Debian's Chromium, headless. Playwright's sync API keeps an event loop in this thread, which
    Django takes for async code: the test's own ORM calls are allowed for the test's duration."""
    require_chromium()
    from playwright.sync_api import sync_playwright

    monkeypatch.setenv("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
    with sync_playwright() as playwright:
        browser = launch_chromium(playwright)
        try:
            yield browser
        finally:
            browser.close()


@pytest.fixture
def problems():
    """CSP violations and script errors seen by any page of the test: there must be none."""
    seen = []
    yield seen
    assert not seen, "\n".join(seen)


@pytest.fixture
def people(db):
    """An editor and a contributor, each with an author profile and an email address."""
    editor = make_user("eva-editor", role="Editor")
    editor.email = "eva@example.org"
    editor.save()
    contributor = make_user("carl-contributor", role="Contributor")
    contributor.email = "carl@example.org"
    contributor.save()
    return {
        "editor": editor,
        "contributor": contributor,
        "editor_author": make_author(user=editor, display_name="Eva Editor"),
        "author": make_author(user=contributor, display_name="Carl Contributor"),
    }


@pytest.fixture
def summits(db):
    """Two summits, each with its own sessions (one of Sydney's titles is long)."""
    sydney = make_summit(name="OpenStack Summit Sydney", city="Sydney", country="Australia")
    boston = make_summit(name="OpenStack Summit Boston")
    return {
        "sydney": sydney,
        "boston": boston,
        "sydney_sessions": [
            make_session(
                summit=sydney,
                title="Storage QoS in Ceph RBD: what operators learned running it at scale in production",
                day=sydney.start_date,
            ),
            make_session(summit=sydney, title="Storage for edge sites", day=sydney.start_date),
        ],
        "boston_sessions": [make_session(summit=boston, title="Storage in Boston: a retrospective")],
    }


def choose(page, select_id, text):
    """Pick `text` in one of the admin's autocomplete (select2) fields."""
    page.click(f"#{select_id} + .select2 .select2-selection")
    page.fill(".select2-container--open .select2-search__field", text)
    page.locator(".select2-container--open .select2-results__option", has_text=text).first.click()


def png_bytes(colour="steelblue", size=(320, 200)):
    buffer = io.BytesIO()
    PILImage.new("RGB", size, colour).save(buffer, format="PNG")
    return buffer.getvalue()


def drop_image(page, selector, data, name="rack.png"):
    """Drop an image file onto an element, as a person dragging it from their desktop would."""
    page.evaluate(
        """([selector, encoded, name]) => {
            const bytes = Uint8Array.from(atob(encoded), (c) => c.charCodeAt(0));
            const transfer = new DataTransfer();
            transfer.items.add(new File([bytes], name, {type: 'image/png'}));
            const target = document.querySelector(selector);
            target.focus();
            for (const type of ['dragenter', 'dragover', 'drop']) {
                target.dispatchEvent(new DragEvent(type, {dataTransfer: transfer, bubbles: true, cancelable: true}));
            }
        }""",
        [selector, base64.b64encode(data).decode(), name],
    )


def drag(page, source, target):
    """Drag with the mouse in small steps, as SortableJS needs to notice a drag."""
    start = page.locator(source).bounding_box()
    end = page.locator(target).bounding_box()
    page.mouse.move(start["x"] + 5, start["y"] + 5)
    page.mouse.down()
    for step in range(1, 21):
        page.mouse.move(start["x"] + 5, start["y"] + 5 + (end["y"] - start["y"]) * step / 20)
        page.wait_for_timeout(30)
    page.mouse.up()
    page.wait_for_timeout(200)


def preview_of(page, field_id):
    """The Preview region that belongs to a Markdown field."""
    return page.locator(f".md-editor:has(#{field_id}) section.md-preview")


def wait_for_autosave(page):
    page.wait_for_function(
        "() => /^Saved /.test(document.getElementById('autosave-status')?.textContent || '')", timeout=15000
    )


def axe_violations(page):
    """axe-core's serious and critical findings on the page (in a context that bypasses the
    Content-Security-Policy, which would rightly refuse the injected script and its styles)."""
    page.add_script_tag(path=str(AXE_JS))
    results = page.evaluate("() => axe.run(document)")
    return [
        f"{violation['id']}: {[node['target'] for node in violation['nodes']][:4]}"
        for violation in results["violations"]
        if violation["impact"] in BLOCKING_IMPACTS
    ]


def no_sideways_scroll(page):
    return page.evaluate("() => document.documentElement.scrollWidth <= window.innerWidth")


def widest_elements(page):
    """For a failure message: the elements that stick out of the viewport."""
    return page.evaluate(
        """() => [...document.querySelectorAll('body *')]
            .filter((el) => el.getBoundingClientRect().right > window.innerWidth + 0.5)
            .filter((el) => getComputedStyle(el).visibility !== 'hidden')
            .slice(0, 12)
            .map((el) => `${el.tagName.toLowerCase()}#${el.id}.${[...el.classList].join('.')}`
                + ` right=${Math.round(el.getBoundingClientRect().right)}`)"""
    )


# -- Autosave and restore ------------------------------------------------------------------------


def test_unsaved_new_report_is_offered_back_after_the_browser_closed(live_server, chromium, problems, people):
    """What is typed into a new, never-saved report is kept on the server every few seconds; after
    the browser is closed without saving and the person signs in again, reopening the add form
    offers the text back with its time, and Restore puts it back into the form."""
    first = Browser(chromium, live_server.url, "first", problems)
    first.sign_in("carl-contributor")
    first.open_form("/admin/reports/report/add/")
    page = first.page
    page.fill("#id_title", "Half-written trip report")
    page.fill("#id_introduction", "We arrived in the rain and went straight to the storage track.")
    wait_for_autosave(page)
    saved = Autosave.objects.get(user=people["contributor"], form_key="report:new")
    assert saved.data["introduction"] == ["We arrived in the rain and went straight to the storage track."]
    first.close()  # no save, no goodbye

    second = Browser(chromium, live_server.url, "second", problems)
    second.sign_in("carl-contributor")
    second.open_form("/admin/reports/report/add/")
    page = second.page
    offer = page.get_by_role("region", name="Unsaved text")
    assert "unsaved text from" in offer.inner_text()
    when = datetime.fromisoformat(offer.locator("time").get_attribute("datetime"))
    assert abs(when - saved.saved_at) < timedelta(seconds=1)
    assert page.input_value("#id_introduction") == ""
    second.shot("restore-offer-desktop", full_page=False)
    offer.get_by_role("button", name="Restore").click()
    assert page.input_value("#id_introduction") == "We arrived in the rain and went straight to the storage track."
    assert page.input_value("#id_title") == "Half-written trip report"
    assert "not saved yet" in offer.inner_text()
    second.close()


def test_signed_out_typing_is_kept_in_the_browser(live_server, chromium, problems, people):
    """When the session has expired, the status line says that nothing reaches the server and the
    typing is kept in the browser; after signing in again, the form offers it back from there."""
    browser = Browser(chromium, live_server.url, "signed-out", problems)
    browser.sign_in("carl-contributor")
    browser.open_form("/admin/reports/report/add/")
    page = browser.page
    page.fill("#id_title", "Typed while signed out")
    browser.context.clear_cookies(name="sessionid")
    page.fill("#id_introduction", "Nobody on the server sees this yet.")
    status = page.locator("#autosave-status")
    status.filter(has_text="you are signed out").wait_for(timeout=15000)
    assert status.inner_text() == ("Not saved to the server: you are signed out. Your typing is kept in this browser.")
    assert not Autosave.objects.exists()

    browser.sign_in("carl-contributor")
    browser.open_form("/admin/reports/report/add/")
    offer = page.get_by_role("region", name="Unsaved text")
    assert "kept in this browser" in offer.inner_text()
    offer.get_by_role("button", name="Restore").click()
    assert page.input_value("#id_introduction") == "Nobody on the server sees this yet."
    browser.close()


def test_leaving_unsaved_changes_asks_first_and_saving_does_not(live_server, chromium, problems, people):
    """Leaving a form with unsaved changes asks first; submitting it does not; Discard forgets the
    unsaved text on the server and in the browser."""
    browser = Browser(chromium, live_server.url, "leave", problems)
    browser.sign_in("carl-contributor")
    page = browser.page
    browser.open_form("/admin/reports/report/add/")
    page.fill("#id_title", "A report I will leave")
    page.goto(live_server.url + "/admin/")
    assert browser.dialogs == ["beforeunload"]

    browser.open_form("/admin/reports/report/add/")
    offer = page.get_by_role("region", name="Unsaved text")
    offer.get_by_role("button", name="Discard").click()
    offer.filter(has_text="Discarded").wait_for()
    page.wait_for_function("() => !Object.keys(localStorage).some((key) => key.startsWith('summitblog.autosave'))")
    for _ in range(50):
        if not Autosave.objects.exists():
            break
        page.wait_for_timeout(100)
    assert not Autosave.objects.exists()
    browser.close()


# -- Live preview, toolbar, images ---------------------------------------------------------------


def test_preview_renders_footnote_and_table_before_any_save(live_server, chromium, problems, people):
    """Beside each Markdown field (behind a toggle on a phone) a region labelled Preview shows the
    text as the public page will render it, as it is typed, before anything is saved."""
    text = "A claim.[^1]\n\n| Back end | Share |\n|---|---|\n| Ceph | 65% |\n\n[^1]: The user survey."
    for viewport_name, viewport in {"desktop": DESKTOP, "phone": PHONE}.items():
        browser = Browser(chromium, live_server.url, viewport_name, problems, viewport=viewport)
        browser.sign_in("carl-contributor")
        browser.open_form("/admin/reports/report/add/")
        page = browser.page
        page.fill("#id_title", "Previewed trip")
        page.locator("#id_introduction").press_sequentially(text[:12])
        page.fill("#id_introduction", text)
        preview = preview_of(page, "id_introduction")
        toggle = page.locator(".md-editor:has(#id_introduction) .md-preview-toggle")
        if viewport_name == "phone":
            assert not preview.is_visible()
            assert toggle.get_attribute("aria-expanded") == "false"
            toggle.click()
            assert toggle.get_attribute("aria-expanded") == "true"
        else:
            assert not toggle.is_visible()
        assert preview.get_attribute("aria-labelledby")
        assert page.get_by_role("region", name=re.compile(r"^Preview of introduction")).count() == 1
        preview.locator("table td", has_text="65%").wait_for()
        assert preview.locator("sup a.footnote-ref").inner_text() == "1"
        assert "The user survey." in preview.locator(".footnote li").inner_text()
        assert not Report.objects.exists()
        # The toolbar inserts Markdown at the cursor; the preview follows.
        if viewport_name == "phone":
            page.locator(".md-editor:has(#id_takeaways) .md-preview-toggle").click()
        page.click("#id_takeaways")
        page.locator(".md-editor:has(#id_takeaways)").get_by_role("button", name="Table").click()
        preview_of(page, "id_takeaways").locator("table th", has_text="Column").first.wait_for()
        takeaways = page.locator("#id_takeaways")
        takeaways.press("Control+End")
        takeaways.press_sequentially("\n\nWorth the trip")
        takeaways.press("Shift+Home")
        takeaways.press("Control+b")
        assert page.input_value("#id_takeaways").endswith("| Cell | Cell |\n\n**Worth the trip**")
        preview_of(page, "id_takeaways").locator("strong", has_text="Worth the trip").wait_for()
        page.evaluate("() => document.querySelector('.field-introduction').scrollIntoView()")
        page.wait_for_timeout(500)  # the takeaways' preview, after its pause
        browser.shot(f"add-form-preview-{viewport_name}", full_page=False)
        browser.close()


def test_dropped_image_is_a_figure_in_preview_and_on_the_public_page(live_server, chromium, problems, people, summits):
    """An image dropped onto a Markdown field is uploaded and a figure with a caption placeholder is
    inserted at the cursor: the preview shows the figure, and once an editor publishes the
    report the figure is on the public page."""
    browser = Browser(chromium, live_server.url, "contributor", problems)
    browser.sign_in("carl-contributor")
    browser.open_form("/admin/reports/report/add/")
    page = browser.page
    choose(page, "id_summit", "Sydney")
    page.fill("#id_title", "Trip with a rack photo")
    page.fill("#id_introduction", "Our rack:")
    page.locator("#id_introduction").press("End")
    drop_image(page, "#id_introduction", png_bytes())
    page.wait_for_function("() => document.querySelector('#id_introduction').value.includes('](/media/images/')")
    typed = page.input_value("#id_introduction")
    assert re.fullmatch(r'Our rack:\n\n!\[Describe the picture\]\(/media/images/\S+\.png "Caption"\)', typed), typed
    # The alt text is selected, ready to be typed over.
    page.keyboard.type("Our rack in the lab")
    figure = preview_of(page, "id_introduction").locator("figure")
    figure.locator("img[alt='Our rack in the lab']").wait_for()
    assert figure.locator("figcaption").inner_text() == "Caption"
    page.get_by_role("button", name="Submit for review").click()
    page.locator(".messagelist").wait_for()
    report = Report.objects.get(title="Trip with a rack photo")
    assert report.status == Report.Status.REVIEW
    assert Image.objects.filter(uploaded_by=people["contributor"]).count() == 1
    browser.close()

    editor = Browser(chromium, live_server.url, "editor", problems)
    editor.sign_in("eva-editor")
    editor.open_form(f"/admin/reports/report/{report.pk}/change/")
    editor.page.get_by_role("button", name="Publish (or schedule at the time set)").click()
    editor.page.locator(".messagelist").wait_for()
    report.refresh_from_db()
    assert report.is_public
    reader = editor.page.context.new_page()
    reader.goto(live_server.url + report.get_absolute_url())
    public_figure = reader.locator("article figure", has=reader.locator("img[alt='Our rack in the lab']"))
    assert public_figure.count() == 1
    assert public_figure.locator("img").get_attribute("src").startswith("/media/images/")
    assert public_figure.locator("figcaption").inner_text() == "Caption"
    editor.close()


def test_an_upload_error_is_said_clearly(live_server, chromium, problems, people):
    """A file that is not a usable image is refused with the server's reason, and nothing is inserted."""
    browser = Browser(chromium, live_server.url, "upload-error", problems)
    browser.sign_in("carl-contributor")
    browser.open_form("/admin/reports/report/add/")
    page = browser.page
    page.fill("#id_introduction", "Before.")
    drop_image(page, "#id_introduction", b"this is not a picture", name="broken.png")
    message = page.locator(".md-editor:has(#id_introduction) .md-message")
    message.filter(has_text="could not be uploaded").wait_for()
    assert "broken.png" in message.inner_text()
    assert page.input_value("#id_introduction") == "Before."
    browser.close()


# -- Sessions, sections, tags ----------------------------------------------------------------------


def test_session_picker_offers_only_the_summits_sessions(live_server, chromium, problems, people, summits):
    """A section's session picker offers only the sessions of the report's summit, with their whole
    titles, in rows added later too; the "+" link adds a session to that summit."""
    browser = Browser(chromium, live_server.url, "sessions", problems)
    browser.sign_in("carl-contributor")
    browser.open_form("/admin/reports/report/add/")
    page = browser.page
    choose(page, "id_summit", "Sydney")
    page.click("#writeups-group .add-row a")
    page.click("#id_writeups-0-session + .select2 .select2-selection")
    page.fill(".select2-container--open .select2-search__field", "storage")
    results = page.locator(".select2-container--open .select2-results__option:not(.loading-results)")
    results.filter(has_text="edge sites").wait_for()
    offered = results.all_inner_texts()
    assert len(offered) == 2, offered
    assert any("what operators learned running it at scale in production" in text for text in offered)
    assert not any("Boston" in text for text in offered)
    long_option = results.filter(has_text="Ceph RBD").first
    box = long_option.bounding_box()
    assert box["height"] > 30 or box["width"] > 500  # the whole title, wrapped or in a wide list
    browser.shot("session-picker-desktop", full_page=False)
    results.filter(has_text="edge sites").click()
    assert "summit=" + str(summits["sydney"].pk) in page.get_attribute("#add_id_writeups-0-session", "href")

    # Another summit: the pickers follow it.
    choose(page, "id_summit", "Boston")
    page.click("#attendances-group .add-row a")
    page.click("#id_attendances-0-session + .select2 .select2-selection")
    page.fill(".select2-container--open .select2-search__field", "storage")
    results.filter(has_text="retrospective").wait_for()
    assert results.all_inner_texts() == [
        text for text in results.all_inner_texts() if "Boston" in text or "retrospective" in text
    ]
    assert len(results.all_inner_texts()) == 1
    browser.close()


def test_sections_move_by_keyboard_fold_when_many_and_keep_their_order(
    live_server, chromium, problems, people, summits
):
    """Sections reorder by drag and drop and, from the keyboard, by Move up / Move down buttons;
    the order is kept on saving. A report of more than four sections starts with them folded to
    their title lines."""
    report = make_report(summit=summits["sydney"], authors=[people["author"]], status=Report.Status.DRAFT)
    for index in range(5):
        make_writeup(report, heading=f"Part {index + 1}", order=index + 1, body=f"Body {index + 1}")
    browser = Browser(chromium, live_server.url, "sections", problems)
    browser.sign_in("carl-contributor")
    browser.open_form(f"/admin/reports/report/{report.pk}/change/")
    page = browser.page
    folds = page.locator("#writeups-group .section-fold")
    assert folds.count() == 5
    assert all(value == "false" for value in [folds.nth(i).get_attribute("aria-expanded") for i in range(5)])
    assert not page.locator("#id_writeups-0-body").is_visible()
    folds.nth(1).click()
    assert folds.nth(1).get_attribute("aria-expanded") == "true"
    assert page.locator("#id_writeups-1-body").is_visible()
    # Part 2 moves to the top, with the keyboard.
    up = page.locator("#writeups-1 .section-move--up")
    up.focus()
    page.keyboard.press("Enter")
    assert page.evaluate("() => document.activeElement.closest('.inline-related').id") == "writeups-1"
    assert page.locator("#writeups-1 .section-move--up").is_disabled()
    orders = page.evaluate(
        "() => [...document.querySelectorAll('#writeups-group .inline-related:not(.empty-form)')]"
        ".map((row) => [row.id, [...row.querySelectorAll('input._reorder_')].map((i) => i.value)])"
    )
    # Every order input of a row (sortable2's hidden one) carries its new place.
    assert [(row, set(values)) for row, values in orders[:2]] == [("writeups-1", {"1"}), ("writeups-0", {"2"})]
    # And by dragging a title line (django-admin-sortable2): Part 5 goes above Part 3.
    page.locator("#writeups-1 .section-fold").click()
    page.locator("#writeups-group").scroll_into_view_if_needed()
    drag(page, "#writeups-4 > h3 b", "#writeups-2 > h3 b")
    shown = page.evaluate(
        "() => [...document.querySelectorAll('#writeups-group .inline-related:not(.empty-form)')]"
        ".map((row) => row.querySelector('input[name$=heading]').value)"
    )
    assert shown.index("Part 5") < shown.index("Part 3")
    page.get_by_role("button", name="Save and continue editing").click()
    page.locator(".messagelist").wait_for()
    headings = list(WriteUp.objects.filter(report=report).order_by("order").values_list("heading", flat=True))
    assert headings == shown
    assert headings[:2] == ["Part 2", "Part 1"]
    browser.close()


def test_tags_offer_existing_tags_as_you_type(live_server, chromium, problems, people, summits):
    """The tags fields suggest existing tags for the term being typed, completing the whole value."""
    make_report(summit=summits["sydney"], tags=["ceph", "cephfs", "neutron"])
    browser = Browser(chromium, live_server.url, "tags", problems)
    browser.sign_in("carl-contributor")
    browser.open_form("/admin/reports/report/add/")
    page = browser.page
    page.locator("#id_tags").press_sequentially("neutron, ce")
    list_id = page.get_attribute("#id_tags", "list")
    page.wait_for_function(f"() => document.getElementById('{list_id}').options.length === 2")
    options = page.eval_on_selector(f"#{list_id}", "(list) => [...list.options].map((o) => o.value)")
    assert options == ["neutron, ceph", "neutron, cephfs"]
    browser.close()


# -- The review loop ---------------------------------------------------------------------------------


def test_review_loop_emails_editors_then_authors(live_server, chromium, problems, people, summits, smtp_server):
    """Submit for review (with a note) emails the editors a link to the report's admin page; an
    editor's Request changes (with a note) emails the authors that note."""
    browser = Browser(chromium, live_server.url, "author", problems)
    browser.sign_in("carl-contributor")
    browser.open_form("/admin/reports/report/add/")
    page = browser.page
    choose(page, "id_summit", "Sydney")
    page.fill("#id_title", "Ready for a look")
    page.fill("#id_introduction", "Short and sweet.")
    page.fill("#id_review_note", "First trip report, be gentle.")
    page.get_by_role("button", name="Submit for review").click()
    page.locator(".messagelist").wait_for()
    report = Report.objects.get(title="Ready for a look")
    assert report.status == Report.Status.REVIEW
    assert browser.dialogs == []  # submitting the form does not ask "leave the page?"
    link = f"{live_server.url}/admin/reports/report/{report.pk}/change/"
    to_editors = [entry for entry in smtp_server.messages if entry["to"] == ["eva@example.org"]]
    assert len(to_editors) == 1
    body = to_editors[0]["message"].get_body(("plain",)).get_content()
    assert "First trip report, be gentle." in body
    assert link in body
    browser.close()

    editor = Browser(chromium, live_server.url, "editor", problems)
    editor.sign_in("eva-editor")
    editor.open_form(f"/admin/reports/report/{report.pk}/change/")
    editor.page.fill("#id_review_note", "Please name the speakers.")
    editor.page.get_by_role("button", name="Request changes").click()
    editor.page.locator(".messagelist").wait_for()
    report.refresh_from_db()
    assert report.status == Report.Status.DRAFT
    to_authors = [entry for entry in smtp_server.messages if entry["to"] == ["carl@example.org"]]
    assert len(to_authors) == 1
    assert "Please name the speakers." in to_authors[0]["message"].get_body(("plain",)).get_content()
    assert ReviewNote.objects.filter(report=report, kind=ReviewNote.Kind.CHANGES).count() == 1
    editor.close()


def test_editor_loads_a_coauthors_proposal_into_the_form(live_server, chromium, problems, people, summits):
    """A co-author's proposed edit of a published report is offered to the editor, who loads it into
    the form and publishes it; the proposal is then marked applied."""
    report = make_report(
        summit=summits["sydney"], authors=[people["author"]], title="Published trip", introduction="Old text."
    )
    author = Browser(chromium, live_server.url, "co-author", problems)
    author.sign_in("carl-contributor")
    author.open_form(f"/admin/reports/report/{report.pk}/change/")
    author.page.fill("#id_introduction", "Better text, with the speakers named.")
    author.page.fill("#id_review_note", "Named the speakers.")
    author.page.get_by_role("button", name="Propose these changes").first.click()
    author.page.locator(".messagelist").wait_for()
    report.refresh_from_db()
    assert report.introduction == "Old text."
    author.close()

    editor = Browser(chromium, live_server.url, "editor", problems)
    editor.sign_in("eva-editor")
    editor.open_form(f"/admin/reports/report/{report.pk}/change/")
    page = editor.page
    offer = page.get_by_role("region", name="Proposed changes by Carl Contributor")
    assert "Named the speakers." in offer.inner_text()
    offer.get_by_role("button", name="Load into the form").click()
    assert page.input_value("#id_introduction") == "Better text, with the speakers named."
    assert page.input_value("input[name=applied_proposal]") == str(report.proposed_changes.get().pk)
    page.get_by_role("button", name="Save", exact=True).click()
    page.locator(".messagelist").wait_for()
    report.refresh_from_db()
    assert report.introduction == "Better text, with the speakers named."
    assert report.proposed_changes.get().status == "applied"
    editor.close()


# -- Phone width, accessibility, time zone -------------------------------------------------------------


def test_form_fits_a_phone_screen(live_server, chromium, problems, people, summits):
    """At 390 px the add and change pages never scroll sideways, with inline rows present."""
    report = make_report(summit=summits["sydney"], authors=[people["author"]], status=Report.Status.DRAFT)
    make_writeup(report, session=summits["sydney_sessions"][0], body="Notes.")
    browser = Browser(chromium, live_server.url, "phone", problems, viewport=PHONE)
    browser.sign_in("carl-contributor")
    page = browser.page
    pages = {"add": "/admin/reports/report/add/", "change": f"/admin/reports/report/{report.pk}/change/"}
    for name, path in pages.items():
        browser.open_form(path)
        for group in ("writeups", "attendances", "attendees", "report_authors"):
            page.click(f"#{group}-group .add-row a")
        page.wait_for_timeout(200)
        assert no_sideways_scroll(page), f"{name}: {widest_elements(page)}"
        page.evaluate("() => window.scrollTo(0, 0)")
        browser.shot(f"{name}-form-phone-top", full_page=False)
        page.evaluate("() => document.getElementById('writeups-group').scrollIntoView()")
        browser.shot(f"{name}-form-phone-sections", full_page=False)
    browser.close()


def test_no_serious_accessibility_violations_on_the_report_form(live_server, chromium, problems, people, summits):
    """axe-core finds no serious or critical violation on the report add and change pages, with
    the preview regions and toolbars in place, at phone and desktop widths."""
    report = make_report(summit=summits["sydney"], authors=[people["author"]], status=Report.Status.DRAFT)
    make_writeup(report, session=summits["sydney_sessions"][0], body="Notes with a footnote.[^1]\n\n[^1]: Here.")
    found = []
    for viewport_name, viewport in {"desktop": DESKTOP, "phone": PHONE}.items():
        browser = Browser(chromium, live_server.url, viewport_name, problems, viewport=viewport, bypass_csp=True)
        browser.sign_in("carl-contributor")
        page = browser.page
        pages = {"add": "/admin/reports/report/add/", "change": f"/admin/reports/report/{report.pk}/change/"}
        for name, path in pages.items():
            browser.open_form(path)
            page.fill("#id_introduction", "Some *text* to preview.")
            if viewport_name == "phone":
                page.locator(".md-editor:has(#id_introduction) .md-preview-toggle").click()
            preview_of(page, "id_introduction").locator("em").wait_for()
            assert page.locator(".md-toolbar").count() >= 2
            found += [f"{viewport_name} {name}: {problem}" for problem in axe_violations(page)]
        browser.close()
    assert not found, "\n".join(found)


def test_times_are_shown_in_the_browsers_time_zone(live_server, chromium, problems, people, summits):
    """The admin takes the browser's time zone (a cookie the form's script sets, reloading once if
    it was missing), so a publish time is shown and typed in Sydney time by someone in Sydney."""
    publish_at = timezone.now().replace(microsecond=0) + timedelta(days=3)
    report = make_report(
        summit=summits["sydney"], authors=[people["editor_author"]], status=Report.Status.DRAFT, publish_at=publish_at
    )
    browser = Browser(chromium, live_server.url, "sydney", problems, timezone_id="Australia/Sydney")
    browser.sign_in("eva-editor")
    browser.open_form(f"/admin/reports/report/{report.pk}/change/")
    page = browser.page
    assert page.evaluate("() => document.cookie").count("tz=Australia/Sydney") == 1
    local = publish_at.astimezone(ZoneInfo("Australia/Sydney"))
    assert page.input_value("#id_publish_at_0") == formats.localize_input(local.date())
    assert page.input_value("#id_publish_at_1") == formats.localize_input(local.time().replace(tzinfo=None))
    assert page.locator(".zone-note").inner_text() == "Times are in Australia/Sydney (your browser's)."
    browser.close()
