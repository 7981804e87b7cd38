"""The reading site reads like a publication, on a 390 px phone and a 1280 px desktop, in light and dark:
cover pictures on the cards, the bundled type faces in use, a reading measure, day headings, session
facts as one quiet line, results first on a phone, no sideways scrolling, a subscribe link wherever
there is a feed, a print stylesheet, and axe-core finding nothing serious in either colour scheme.

Each page leaves a full-page screenshot in test-artifacts/look/ (git-ignored), and the report a PDF
of its printed form, for a person to look at."""

import statistics
from pathlib import Path

import pytest
from django.core.management import call_command

from .tools import AXE_JS, launch_chromium, require_chromium

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.browser]

SHOTS = Path(__file__).resolve().parent.parent / "test-artifacts" / "look"
BOSTON_DIARY = "/reports/boston-2017-four-days-of-kubernetes/"
LINKED_REPORT = "/reports/sydney-2017-ceph-has-won/"  # its prose links to other sites
PAGES = {
    "home": "/",
    "report": BOSTON_DIARY,
    "summit": "/summits/boston-2017/",
    "session": "/summits/tokyo-2015/sessions/tuesday-keynotes/",
    "tag": "/tags/kubernetes/",
    "project": "/projects/ceph/",
    "author": "/authors/owen-calloway/",
    "search": "/search/?q=kuberntes",  # a near miss: "did you mean kubernetes"
    "filtered": "/reports/?summit=boston-2017",
}
# The pages that list report cards, and where the cards are.
CARD_PAGES = ("home", "summit", "tag", "author", "filtered")
VIEWPORTS = {"phone": {"width": 390, "height": 844}, "desktop": {"width": 1280, "height": 900}}
SCHEMES = ("light", "dark")
BLOCKING_IMPACTS = {"serious", "critical"}

# Characters per full line of the longest paragraph of prose, line by line (a Range per character).
CHARACTERS_PER_LINE = """() => {
  const paragraphs = [...document.querySelectorAll('.report .prose p')];
  const paragraph = paragraphs.sort((a, b) => b.textContent.length - a.textContent.length)[0];
  const walker = document.createTreeWalker(paragraph, NodeFilter.SHOW_TEXT);
  const lines = new Map();
  const range = document.createRange();
  for (let node = walker.nextNode(); node; node = walker.nextNode()) {
    for (let i = 0; i < node.length; i++) {
      range.setStart(node, i); range.setEnd(node, i + 1);
      const rect = range.getClientRects()[0];
      if (!rect) continue;
      const top = Math.round(rect.top);
      lines.set(top, (lines.get(top) || 0) + 1);
    }
  }
  return [...lines.entries()].sort((a, b) => a[0] - b[0]).map(([, count]) => count).slice(0, -1);
}"""

FONTS_IN_USE = """async () => {
  await document.fonts.ready;
  const loaded = [...document.fonts]
    .filter((face) => face.status === 'loaded')
    .map((face) => face.family.replace(/"/g, ''));
  return {
    loaded,
    serifReady: document.fonts.check('600 20px "Source Serif 4"'),
    sansReady: document.fonts.check('16px Inter'),
    heading: getComputedStyle(document.querySelector('h1')).fontFamily,
    body: getComputedStyle(document.body).fontFamily,
  };
}"""

FACTS_LINES = """() => [...document.querySelectorAll('section.writeup')]
  .filter((s) => s.querySelector('.writeup__facts'))
  .map((section) => {
  const summary = section.querySelector('.writeup__facts > summary');
  const text = section.querySelector('.prose p') || section.querySelector('.prose');
  const style = getComputedStyle(text);
  return {
    id: section.id,
    open: section.querySelector('.writeup__facts').open,
    height: summary.getBoundingClientRect().height,
    size: parseFloat(getComputedStyle(summary).fontSize),
    textSize: parseFloat(style.fontSize),
    textLine: parseFloat(style.lineHeight),
  };
})"""


def luminance(css_color):
    """Relative luminance of an rgb()/rgba() computed colour."""
    channels = [float(part) / 255 for part in css_color[css_color.index("(") + 1 : -1].split(",")[:3]]
    linear = [c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
    return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]


@pytest.fixture
def demo(settings):
    settings.DEBUG = True
    call_command("load_demo", verbosity=0)
    settings.DEBUG = False


def test_the_reading_site_reads_like_a_publication(live_server, demo):
    require_chromium()
    from playwright.sync_api import sync_playwright

    SHOTS.mkdir(parents=True, exist_ok=True)
    problems, csp = [], []
    axe_source = AXE_JS.read_text()
    with sync_playwright() as playwright:
        browser = launch_chromium(playwright)
        try:
            for scheme in SCHEMES:
                for viewport_name, viewport in VIEWPORTS.items():
                    context = browser.new_context(viewport=viewport, color_scheme=scheme)
                    page = context.new_page()
                    page.on(
                        "console",
                        lambda message: "Content Security Policy" in message.text and csp.append(message.text),
                    )
                    for name, path in PAGES.items():
                        where = f"{scheme} {viewport_name} {name}"
                        response = page.goto(live_server.url + path, wait_until="networkidle")
                        assert response.status == 200, where
                        fonts = page.evaluate(FONTS_IN_USE)
                        page.screenshot(path=str(SHOTS / f"{name}-{viewport['width']}-{scheme}.png"), full_page=True)
                        problems += check_page(page, name, viewport_name, scheme, fonts)
                        # axe-core, evaluated through the DevTools protocol: the page's CSP stays on.
                        page.evaluate(axe_source)
                        results = page.evaluate("() => axe.run(document)")
                        for violation in results["violations"]:
                            if violation["impact"] in BLOCKING_IMPACTS:
                                targets = [node["target"] for node in violation["nodes"]][:3]
                                problems.append(f"{where}: axe {violation['id']} {targets}")
                    context.close()
            problems += check_print(browser, live_server.url)
        finally:
            browser.close()
    assert not csp, "\n".join(csp)
    assert not problems, "\n".join(problems)


def check_page(page, name, viewport_name, scheme, fonts):
    """What can be measured of one page as a reader sees it; a list of what is wrong."""
    where = f"{scheme} {viewport_name} {name}"
    problems = []

    def expect(condition, message):
        if not condition:
            problems.append(f"{where}: {message}")

    width, inner = page.evaluate("[document.documentElement.scrollWidth, window.innerWidth]")
    expect(width <= inner, f"scrolls sideways ({width} px wide in a {inner} px window)")

    # The bundled faces are the ones in use: loaded from static/fonts/, first in the computed stacks.
    expect({"Source Serif 4", "Inter"} <= set(fonts["loaded"]), f"bundled fonts not loaded: {fonts['loaded']}")
    expect(fonts["serifReady"] and fonts["sansReady"], "bundled fonts not ready")
    expect(fonts["heading"].startswith('"Source Serif 4"'), f"headings in {fonts['heading']}")
    expect(fonts["body"].startswith("Inter"), f"interface in {fonts['body']}")

    # Light or dark, as the reader's system asks.
    background = luminance(page.evaluate("getComputedStyle(document.body).backgroundColor"))
    expect(background < 0.05 if scheme == "dark" else background > 0.8, f"background luminance {background:.2f}")

    # A page with a feed announces it and shows a subscribe link.
    if page.locator("link[rel=alternate]").count():
        expect(page.locator(".subscribe a").first.is_visible(), "no visible subscribe link")

    if viewport_name == "phone":
        header = page.locator(".site-header").bounding_box()["height"]
        expect(header <= 110, f"the header takes {header:.0f} px of the phone's screen")

    if name in CARD_PAGES:
        cards = page.locator(".card")
        with_cover = page.locator(".card:not(.card--no-image)")
        expect(cards.count() > 0, "no report cards")
        expect(with_cover.count() > 0, "no card has a cover")
        pictures = page.locator(".card img[srcset][sizes][width][height]")
        expect(pictures.count() == with_cover.count(), "a card with a cover shows no responsive picture")
        lazy = page.locator(".card img[loading=lazy]").count()
        expect(lazy >= pictures.count() - 1, "pictures below the first one are not lazy")
        first = page.locator(".card img").first
        expect(first.evaluate("(img) => img.complete && img.naturalWidth > 0"), "the first card's picture did not load")

    if name == "report":
        days = page.locator("h2.day-heading")
        expect(days.count() == 4, f"{days.count()} day headings")
        cover = page.locator(".report__cover img[srcset]")
        expect(cover.count() == 1 and cover.get_attribute("loading") == "eager", "no eager responsive cover")
        facts = page.evaluate(FACTS_LINES)
        expect(len(facts) > 5, "session facts missing")
        for line in facts:
            expect(not line["open"], f"{line['id']}: the session's facts are open")
            expect(line["size"] < line["textSize"], f"{line['id']}: facts set as large as the text")
            expect(line["height"] <= line["textLine"] * 1.2, f"{line['id']}: facts line {line['height']:.0f} px tall")
        per_line = page.evaluate(CHARACTERS_PER_LINE)
        measure = statistics.median(per_line) if per_line else 0
        if viewport_name == "desktop":
            expect(60 <= measure <= 75, f"a line of prose holds {measure} characters")
        else:
            expect(measure <= 75, f"a line of prose holds {measure} characters")
        toc = page.locator("nav.toc ol a").first
        expect(
            toc.is_visible() == (viewport_name == "desktop"),
            "the contents are not a button on a phone and a column on a desktop",
        )

    if name == "search":
        expect(page.locator(".suggestion a").is_visible(), "no 'did you mean'")
        expect(page.locator("article.entry").count() > 0, "no write-up found")

    if name == "filtered":
        expect(page.locator(".active-filters .chip").count() == 1, "the summit filter is not a removable chip")
        title = page.locator(".cards .card .card__title").first.bounding_box()
        if viewport_name == "phone":
            expect(
                title["y"] + title["height"] <= 844, f"the first result ends {title['y'] + title['height']:.0f} px down"
            )
            expect(not page.locator("#filters-heading").is_visible(), "the filters are not behind their button")
            expect(page.locator(".filters-panel__toggle").is_visible(), "no button for the filters")
        else:
            expect(page.locator(".filters button[type=submit]").is_visible(), "the filters are hidden on a wide screen")
    return problems


def check_print(browser, base_url):
    """A report printed: no header, footer, contents or reading-on links; the session facts written
    out and the links' addresses after them. Leaves the Boston diary's PDF beside the screenshots."""
    problems = []
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    page = context.new_page()
    page.emulate_media(media="print")
    page.goto(base_url + BOSTON_DIARY, wait_until="networkidle")
    for selector in (".site-header", ".site-footer", "nav.toc", ".read-on", ".subscribe", ".site-search"):
        if page.locator(selector).first.is_visible():
            problems.append(f"print: {selector} is printed")
    if not page.locator("section.writeup .facts").first.is_visible():
        problems.append("print: the session facts are not printed")
    page.pdf(path=str(SHOTS / "report-print.pdf"), format="A4")
    # A report whose prose links out: each link is followed by its address.
    page.goto(base_url + LINKED_REPORT, wait_until="networkidle")
    after = page.evaluate("getComputedStyle(document.querySelector('.prose a[href^=http]'), '::after').content")
    if "attr(href)" not in after and "http" not in after:
        problems.append(f"print: links are printed without their address ({after})")
    context.close()
    return problems
