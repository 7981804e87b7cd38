"""Every public page type passes axe-core in headless Chromium with no serious or critical violation,
on a phone-sized and a desktop-sized window."""

import pytest

from .site_data import build_site
from .tools import AXE_JS, launch_chromium, require_chromium

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.browser]

BLOCKING_IMPACTS = {"serious", "critical"}
VIEWPORTS = {"phone": {"width": 390, "height": 844}, "desktop": {"width": 1280, "height": 900}}


def test_no_serious_accessibility_violations(live_server):
    require_chromium()
    from playwright.sync_api import sync_playwright

    site = build_site(scale=1)
    urls = {**site.page_urls(), "not-found": "/no/such/page/"}
    problems = []
    with sync_playwright() as playwright:
        browser = launch_chromium(playwright)
        try:
            for viewport_name, viewport in VIEWPORTS.items():
                # Our Content-Security-Policy would (rightly) refuse the injected axe script.
                context = browser.new_context(viewport=viewport, bypass_csp=True)
                page = context.new_page()
                for name, url in urls.items():
                    page.goto(live_server.url + url, wait_until="load")
                    page.add_script_tag(path=str(AXE_JS))
                    results = page.evaluate("() => axe.run(document)")
                    for violation in results["violations"]:
                        if violation["impact"] in BLOCKING_IMPACTS:
                            targets = [node["target"] for node in violation["nodes"]][:3]
                            problems.append(f"{viewport_name} {name}: {violation['id']} {targets}")
                context.close()
        finally:
            browser.close()
    assert not problems, "\n".join(problems)
