"""The demo's coverage board in a real browser (headless Debian Chromium driven by Playwright): a
team member sees the clash and the flags, plans a session with one click, and the page is
axe-clean on a desktop and a phone. Screenshots go to test-artifacts/summit-week/ (git-ignored)."""

import re
from pathlib import Path

import pytest
from django.core.management import call_command

from reports import demo_content
from reports.models import Summit

from .tools import AXE_JS, launch_chromium, require_chromium

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.browser]

SHOTS = Path(__file__).resolve().parent.parent / "test-artifacts" / "summit-week"
PASSWORDS = {account["username"]: account["password"] for account in demo_content.ACCOUNTS}
VIEWPORTS = {"desktop": {"width": 1280, "height": 900}, "phone": {"width": 390, "height": 844}}


@pytest.fixture
def demo(settings):
    settings.DEBUG = True
    call_command("load_demo", verbosity=0)
    settings.DEBUG = False


def serious_violations(page):
    """axe-core's serious and critical findings on the page (our CSP would refuse the script: bypassed)."""
    page.add_script_tag(path=str(AXE_JS))
    results = page.evaluate("() => axe.run(document)")
    return [
        f"{violation['id']}: {[node['target'] for node in violation['nodes']][:3]}"
        for violation in results["violations"]
        if violation["impact"] in {"serious", "critical"}
    ]


def sign_in(page, base_url, username):
    page.goto(base_url + "/admin/login/")
    page.fill("#id_username", username)
    page.fill("#id_password", PASSWORDS[username])
    page.click("input[type=submit]")
    page.wait_for_url(re.compile(r"/admin/$"))


def test_the_demo_board_shows_the_clash_takes_a_plan_and_is_axe_clean(live_server, demo):
    """Priya, on the Boston team, sees Owen's clash, marks an uncovered session "Will attend" and
    sees the board say so; the board has no serious accessibility problem at 1280 or 390 px wide,
    and no sideways scrolling on the phone."""
    require_chromium()
    from playwright.sync_api import sync_playwright

    board = f"/admin/reports/summit/{Summit.objects.get(slug='boston-2017').pk}/coverage/"
    SHOTS.mkdir(parents=True, exist_ok=True)
    with sync_playwright() as playwright:
        chromium = launch_chromium(playwright)
        try:
            problems = {}
            for name, viewport in VIEWPORTS.items():
                context = chromium.new_context(viewport=viewport, bypass_csp=True)
                page = context.new_page()
                sign_in(page, live_server.url, "priya")
                page.goto(live_server.url + board)
                clash = page.locator(".coverage-clashes li").first.inner_text()
                assert clash.startswith("Owen Calloway: Keeping RabbitMQ Stable with oslo.messaging and Orchestrating")
                page.screenshot(path=str(SHOTS / f"board-{name}.png"), full_page=True)
                problems[name] = serious_violations(page)
                if name == "phone":
                    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")
                context.close()

            context = chromium.new_context(viewport=VIEWPORTS["desktop"])
            page = context.new_page()
            sign_in(page, live_server.url, "priya")
            page.goto(live_server.url + board)
            row = page.locator("tr", has_text="So You Want to Be a PTL?")
            assert "Will attend: Elena Marsh" in row.inner_text()
            row.get_by_role("button", name="Will attend").click()
            page.wait_for_url(re.compile(r"/coverage/#session-\d+$"))
            row = page.locator("tr", has_text="So You Want to Be a PTL?")
            assert "Will attend: Elena Marsh, Priya Natarajan" in row.inner_text()
            assert row.get_by_role("button", name="Will attend").get_attribute("aria-pressed") == "true"
            context.close()
        finally:
            chromium.close()
    assert problems == {"desktop": [], "phone": []}
