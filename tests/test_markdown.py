"""Authors write Markdown; readers get sanitised HTML with nothing executable in it."""

import pytest
from bs4 import BeautifulSoup

from reports.rendering import render_markdown

from .factories import make_report, make_writeup

# Classic and less classic XSS vectors; none may survive as markup that runs.
XSS_PAYLOADS = [
    "<script>alert(1)</script>",
    "<img src=x onerror=alert(1)>",
    "<svg onload=alert(1)>",
    '<iframe src="https://evil.example"></iframe>',
    "[click](javascript:alert(1))",
    "[click](JaVaScRiPt:alert(1))",
    "[click](  javascript:alert(1))",
    "[click](data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==)",
    "[click](vbscript:msgbox(1))",
    "![x](javascript:alert(1))",
    '<a href="javascript&#58;alert(1)">x</a>',
    '<a href="&#x6A;avascript:alert(1)">x</a>',
    '<div style="background:url(javascript:alert(1))">x</div>',
    "<body onload=alert(1)>",
    '<object data="https://evil.example/x.swf"></object>',
    '<embed src="https://evil.example/x.swf">',
    '<form action="https://evil.example"><input name=q></form>',
    '<math><mi xlink:href="javascript:alert(1)">x</mi></math>',
    "<details open ontoggle=alert(1)>",
    '<a href="#" onclick="alert(1)">x</a>',
    "<p onmouseover=alert(1)>hover</p>",
    "<link rel=stylesheet href=https://evil.example/x.css>",
    '<meta http-equiv=refresh content="0;url=https://evil.example">',
    '<base href="https://evil.example/">',
    "<style>body{display:none}</style>",
    "<scr<script>ipt>alert(1)</script>",
    "```\n</code></pre><script>alert(1)</script>\n```",
    "`<script>alert(1)</script>`",
    '<img src="x" alt="" onerror="alert(1)">',
    '<table><tr><td background="javascript:alert(1)">x</td></tr></table>',
]

EVENT_HANDLER_PREFIX = "on"
FORBIDDEN_TAGS = {
    "script",
    "iframe",
    "object",
    "embed",
    "form",
    "input",
    "style",
    "link",
    "meta",
    "base",
    "svg",
    "math",
}


def assert_nothing_executable(html):
    soup = BeautifulSoup(html, "html.parser")
    for element in soup.find_all(True):
        assert element.name not in FORBIDDEN_TAGS, html
        for attribute, value in element.attrs.items():
            assert not attribute.lower().startswith(EVENT_HANDLER_PREFIX), html
            assert attribute.lower() != "style", html
            if attribute in {"href", "src"}:
                scheme = str(value).strip().lower().split(":", 1)[0] if ":" in str(value) else ""
                assert scheme in {"", "http", "https", "mailto"}, html


@pytest.mark.parametrize("payload", XSS_PAYLOADS)
def test_no_payload_survives_rendering(payload):
    """Whatever XSS payload an author types, rendered Markdown
    has no dangerous tag, event handler, style or script link."""
    assert_nothing_executable(render_markdown(f"Before\n\n{payload}\n\nAfter"))


@pytest.mark.django_db
@pytest.mark.parametrize("payload", XSS_PAYLOADS[:8])
def test_no_payload_reaches_the_public_page(client, payload):
    """No XSS payload in a report's title, summary, introduction, takeaways or
    write-up reaches its public page as a script, event handler or javascript: link."""
    report = make_report(introduction=payload, takeaways=payload, summary=payload, title=f"T {payload}")
    make_writeup(report, body=payload)
    html = client.get(report.get_absolute_url()).content.decode()
    soup = BeautifulSoup(html, "html.parser")
    # The only scripts on a report page are our own JSON-LD data block.
    assert [s.get("type") for s in soup.find_all("script")] == ["application/ld+json"]
    for element in soup.find_all(True):
        assert not any(attr.lower().startswith("on") for attr in element.attrs), element
    assert "javascript:" not in " ".join(a.get("href", "") for a in soup.find_all("a")).lower()


def test_footnotes_render_with_links_both_ways():
    """Footnotes render with a link from the reference to the note and one back."""
    html = render_markdown("A claim.[^1]\n\n[^1]: The source.", "w1")
    soup = BeautifulSoup(html, "html.parser")
    ref = soup.select_one("sup a.footnote-ref")
    assert ref["href"] == "#w1-fn:1"
    note = soup.find(id="w1-fn:1")
    assert note is not None and "The source." in note.text
    assert note.select_one("a.footnote-backref")["href"] == "#w1-fnref:1"


def test_two_texts_on_one_page_never_share_a_footnote_id():
    """Two texts on one page never share a footnote id: each text's ids carry its own prefix."""
    first = BeautifulSoup(render_markdown("x[^1]\n\n[^1]: a", "one"), "html.parser")
    second = BeautifulSoup(render_markdown("y[^1]\n\n[^1]: b", "two"), "html.parser")
    ids = [tag["id"] for tag in [*first.find_all(id=True), *second.find_all(id=True)]]
    assert len(ids) == len(set(ids)) == 4


def test_tables_render():
    """Markdown tables render as HTML tables with a head and a body."""
    html = render_markdown("| Back end | Share |\n|---|---:|\n| Ceph RBD | 65% |")
    soup = BeautifulSoup(html, "html.parser")
    assert [th.text for th in soup.select("thead th")] == ["Back end", "Share"]
    assert [td.text for td in soup.select("tbody td")] == ["Ceph RBD", "65%"]


def test_fenced_code_keeps_its_language_and_escapes_its_content():
    """Fenced code keeps its language as a class, and its content shows as written, escaped."""
    html = render_markdown("```ini\n[DEFAULT]\nx = <y>\n```")
    soup = BeautifulSoup(html, "html.parser")
    code = soup.select_one("pre code")
    assert code["class"] == ["language-ini"]
    assert code.text == "[DEFAULT]\nx = <y>\n"


def test_links_lists_and_images_survive():
    """Links, lists and images in Markdown survive sanitising."""
    html = render_markdown("- [Ceph](https://ceph.io)\n- item\n\n![diagram](/media/images/cells.png)")
    soup = BeautifulSoup(html, "html.parser")
    assert soup.select_one("li a")["href"] == "https://ceph.io"
    assert len(soup.select("ul li")) == 2
    image = soup.find("img")
    assert image["src"] == "/media/images/cells.png" and image["alt"] == "diagram"


def test_an_image_without_alt_text_gets_an_empty_one():
    """An image without alt text gets an empty alt attribute."""
    soup = BeautifulSoup(render_markdown('<img src="/media/x.png">'), "html.parser")
    assert soup.find("img")["alt"] == ""
