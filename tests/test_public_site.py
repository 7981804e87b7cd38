"""The reading site: every page type shows published content, and only published content."""

import re
from datetime import date, timedelta
from urllib.parse import urljoin, urlparse

import pytest
from bs4 import BeautifulSoup
from django.core.management import call_command
from django.utils import timezone

from reports.models import Report

from .factories import make_author, make_report, make_session, make_summit, make_track, make_writeup
from .site_data import HIDDEN_STATES, build_site

pytestmark = pytest.mark.django_db


@pytest.fixture
def site(db):
    return build_site(scale=1)


def html_of(client, url):
    response = client.get(url)
    assert response.status_code == 200, url
    return response.content.decode()


def test_every_page_type_renders(client, site):
    """Every page type of the reading site renders for an anonymous reader."""
    for name, url in site.page_urls().items():
        assert client.get(url).status_code == 200, name


@pytest.mark.parametrize("state", HIDDEN_STATES)
def test_unpublished_reports_appear_nowhere_public(client, site, state):
    """Drafts, reports in review and scheduled reports leak into no page, count, tag list or search."""
    secret = f"secretword{state}"
    sitemaps = [f"/sitemap-{section}.xml" for section in ("reports", "sessions", "tags", "authors", "summits")]
    for url in list(site.page_urls().values()) + sitemaps:
        html = html_of(client, url)
        assert secret not in html, url
        assert f"Secret {state}" not in html, url
        assert f"secret-{state}" not in html, url
    # Searching for the hidden words finds nothing (the query itself is echoed back, escaped).
    for url in (f"/search/?q={secret}", f"/writeups/?q={secret}", f"/reports/?q={secret}"):
        soup = BeautifulSoup(html_of(client, url), "html.parser")
        assert not soup.select("article"), url
    hidden = site.hidden[state]
    assert client.get(hidden.get_absolute_url()).status_code == 404
    assert client.get(f"/tags/secret-{state}/").status_code == 404
    secret_session = hidden.writeups.get(session__title__startswith="Secret").session
    assert client.get(secret_session.get_absolute_url()).status_code == 404


def test_counts_only_count_published_work(client, site):
    """Counts on summit and session pages count published reports and write-ups only, and match what is listed."""
    summit = site.summits[0]
    published_reports = sum(1 for report in site.reports if report.summit_id == summit.pk)
    soup = BeautifulSoup(html_of(client, summit.get_absolute_url()), "html.parser")
    assert f"{published_reports} report" in soup.select_one(".stats").text
    # The public session is written up by published reports only.
    session = site.sessions[0]
    expected = session.writeups.published().count()
    soup = BeautifulSoup(html_of(client, session.get_absolute_url()), "html.parser")
    assert soup.select_one("#writeups-heading").text == f"{expected} attended, {expected} wrote it up"
    assert len(soup.select("article.entry")) == expected


def test_report_page_has_toc_anchors_and_related_reports(client, site):
    """A report page has a table of contents linking to each write-up in order, a link to other write-ups
    of a shared session, related reports, JSON-LD data, a canonical link and an Open Graph title."""
    report = site.reports[0]
    soup = BeautifulSoup(html_of(client, report.get_absolute_url()), "html.parser")
    toc_targets = [a["href"][1:] for a in soup.select("nav.toc ol a")]
    assert toc_targets == [w.anchor for w in report.writeups.order_by("order")]
    for anchor in toc_targets:
        assert soup.find(id=anchor) is not None
    # A session that other attendees wrote up too links to its page.
    assert soup.find("a", string=re.compile(r"\d+ write-ups of this session"))
    assert soup.select(".related .related__list a")
    assert soup.find("script", type="application/ld+json")
    assert soup.find("link", rel="canonical")["href"].endswith(report.get_absolute_url())
    assert soup.find("meta", property="og:title")["content"] == report.title


def test_summit_page_groups_sessions_by_track_with_their_authors(client, site):
    """A summit page groups its sessions by track, alphabetically, and says how many write-ups each has and by whom."""
    summit = site.summits[0]
    soup = BeautifulSoup(html_of(client, summit.get_absolute_url()), "html.parser")
    groups = [h.text.strip() for h in soup.select(".track-group__title")]
    assert groups == sorted(groups)
    first_row = soup.select_one(".session-row__count").text
    assert "write-up" in first_row and "by" in first_row


def test_project_page_is_a_timeline_oldest_first(client, site):
    """A project page is a timeline of its sessions grouped by summit, oldest summit first."""
    project = site.sessions[0].projects.first()
    soup = BeautifulSoup(html_of(client, project.get_absolute_url()), "html.parser")
    summits = [h.a.text for h in soup.select(".summit-group__title")]
    assert summits == sorted(summits)  # "Summit 0" (2013) before "Summit 1" (2014)


def test_track_page_is_grouped_by_summit_newest_first(client, site):
    """A track page groups its sessions by summit, newest summit first."""
    track = site.sessions[0].track
    soup = BeautifulSoup(html_of(client, track.get_absolute_url()), "html.parser")
    summits = [h.a.text for h in soup.select(".summit-group__title")]
    assert summits == sorted(summits, reverse=True)


def test_track_page_follows_each_programme_and_a_summit_that_moves(client):
    """Readers see a track newest summit first and, within a summit, in programme order (each
    session's write-ups together); when an editor moves a summit's dates, the track page
    reorders at once, for sessions saved before the move and after it."""
    track = make_track(name="Storage")
    earlier, later = make_summit(start_date=date(2016, 4, 25)), make_summit(start_date=date(2017, 5, 8))
    report_earlier, report_later = make_report(summit=earlier), make_report(summit=later)
    for report, days in ((report_earlier, (2, 1)), (report_later, (3, 0))):
        for offset in days:
            day = report.summit.start_date + timedelta(days=offset)
            session = make_session(summit=report.summit, track=track, day=day, title=f"{report.summit.slug} {offset}")
            make_writeup(report, session=session)

    def shown():
        soup = BeautifulSoup(html_of(client, track.get_absolute_url()), "html.parser")
        return [title.text.strip() for title in soup.select(".entry__title")]

    assert shown() == [f"{later.slug} 0", f"{later.slug} 3", f"{earlier.slug} 1", f"{earlier.slug} 2"]
    earlier.start_date, earlier.end_date = date(2018, 11, 13), date(2018, 11, 16)
    earlier.save()
    moved = make_session(summit=earlier, track=track, day=date(2018, 11, 13), title=f"{earlier.slug} new")
    make_writeup(report_earlier, session=moved)
    now_first = [f"{earlier.slug} 1", f"{earlier.slug} 2", f"{earlier.slug} new"]
    assert shown() == [*now_first, f"{later.slug} 0", f"{later.slug} 3"]


class TestFilters:
    def test_filters_combine_and_show_counts(self, client, site):
        """List filters combine (summit and tag): the result count is right,
        every track option shows its count, and the chosen summit stays selected."""
        summit = site.summits[0]
        soup = BeautifulSoup(html_of(client, f"/writeups/?summit={summit.slug}&tag=ceph"), "html.parser")
        expected = (
            site.sessions[0]
            .writeups.model.objects.published()
            .filter(session__summit=summit, tags__slug="ceph")
            .count()
        )
        assert soup.select_one("#results-heading").text.startswith(f"{expected} write-up")
        track_options = [label.text.strip() for label in soup.select("#filter-track label")]
        assert track_options and all(re.search(r"\(\d+\)$", text) for text in track_options)
        assert soup.select_one("#filter-summit input[checked]")["value"] == summit.slug

    def test_a_facet_count_is_the_number_of_results_it_gives(self, client, site):
        """The count shown beside each track filter option is the number of write-ups that choosing it lists."""
        soup = BeautifulSoup(html_of(client, "/writeups/"), "html.parser")
        for option in soup.select("#filter-track label"):
            count = int(re.search(r"\((\d+)\)$", option.text.strip()).group(1))
            value = option.input["value"]
            result = BeautifulSoup(html_of(client, f"/writeups/?track={value}"), "html.parser")
            assert result.select_one("#results-heading").text.startswith(f"{count} write-up")

    @pytest.mark.parametrize(
        "query",
        [
            "summit=no-such-summit",
            "year=abc",
            "year=99999999999999999999999",
            "year=2017.5",
            "kind=<script>",
            "tag=%00",
            "author=../../etc",
            "page=abc",
            "q=" + "x" * 5000,
            "track=1&track=2",
            "project=%F0%9F%92%A5",
        ],
    )
    def test_bad_filter_values_are_reported_not_fatal(self, client, site, query):
        """Bad filter values on the report and write-up lists never cause
        a server error (200 or 404) and never put a script into the page."""
        for path in ("/reports/", "/writeups/"):
            response = client.get(f"{path}?{query}")
            assert response.status_code in (200, 404), (path, query)
            assert b"<script>" not in response.content.split(b"</head>")[1].replace(
                b'<script type="application/ld+json">', b""
            )

    def test_a_malformed_filter_is_shown_as_an_error(self, client, site):
        """A malformed filter value is reported as not understood and ignored: the other results still show."""
        soup = BeautifulSoup(html_of(client, "/writeups/?summit=not a slug!"), "html.parser")
        assert "not understood" in soup.select_one(".notice--error").text
        assert soup.select("article.entry")  # and ignored: the other results still show

    def test_an_unknown_value_says_it_matches_nothing(self, client, site):
        """A filter naming a summit that does not exist says so and lists no results."""
        soup = BeautifulSoup(html_of(client, "/writeups/?summit=no-such-summit"), "html.parser")
        assert "No summit “no-such-summit”" in soup.select_one(".notice--warning").text
        assert not soup.select("article.entry")

    def test_out_of_range_pages_are_404(self, client, site):
        """A page number out of range on a paginated list is a 404."""
        for path in ("/reports/?page=999", "/writeups/?page=0", "/tags/?page=-1", "/summits/?page=99"):
            assert client.get(path).status_code == 404, path


class TestSearch:
    def test_finds_write_ups_and_highlights_the_words(self, client, site):
        """Search finds write-ups and highlights the searched words in their snippets."""
        soup = BeautifulSoup(html_of(client, "/search/?q=ceph"), "html.parser")
        assert soup.select("article.entry")
        assert soup.select("article.entry .snippet mark")

    @pytest.mark.parametrize(
        "query",
        [
            "",
            "   ",
            "%00",
            "<script>alert(1)</script>",
            "&&&|||!!!",
            "'",
            '"unbalanced',
            "x" * 3000,
            "%E2%80%8F",
            "or or and not",
        ],
    )
    def test_junk_queries_are_fine(self, client, site, query):
        """Any junk search query (empty, blank, markup, operators,
        very long) gets a normal page and never echoes a script back."""
        response = client.get(f"/search/?q={query}")
        assert response.status_code == 200
        assert b"<script>alert(1)" not in response.content


def test_unknown_slugs_get_the_sites_404_page(client, site):
    """An unknown slug on any page type, or an unknown path, is a 404 with the site's own not-found page."""
    for url in (
        "/reports/nope/",
        "/summits/nope/",
        "/summits/nope/sessions/nope/",
        "/tracks/nope/",
        "/projects/nope/",
        "/tags/nope/",
        "/authors/nope/",
        "/no/such/page/",
    ):
        response = client.get(url)
        assert response.status_code == 404
        assert "We could not find that page" in response.content.decode()


def test_robots_and_sitemap(client, site):
    """robots.txt points to the sitemap index, which lists the reports sitemap, which lists every published report."""
    robots = client.get("/robots.txt").content.decode()
    assert "Sitemap: http://testserver/sitemap.xml" in robots
    index = client.get("/sitemap.xml").content.decode()
    assert "http://testserver/sitemap-reports.xml" in index
    sitemap = client.get("/sitemap-reports.xml").content.decode()
    for report in site.reports:
        assert report.get_absolute_url() in sitemap


def crawl(client, start="/", limit=2000):
    """Follow every internal link from `start`; return {url: status} for every page seen."""
    seen, queue = {}, [start]
    while queue and len(seen) < limit:
        url = queue.pop()
        if url in seen:
            continue
        response = client.get(url)
        seen[url] = response.status_code
        if response.status_code != 200 or "html" not in response.get("Content-Type", ""):
            continue
        for link in BeautifulSoup(response.content, "html.parser").find_all("a", href=True):
            target = urljoin(url, link["href"])
            parsed = urlparse(target)
            if parsed.netloc not in ("", "testserver") or parsed.path.startswith(("/admin", "/media")):
                continue
            queue.append(parsed.path + (f"?{parsed.query}" if parsed.query else ""))
    return seen


def test_crawling_the_demo_site_finds_no_broken_link(client, settings):
    """Following every internal link of the demo site from the
    home page finds no broken link and reaches every page type."""
    settings.DEBUG = True
    call_command("load_demo", verbosity=0)
    settings.DEBUG = False
    statuses = crawl(client)
    broken = {url: status for url, status in statuses.items() if status != 200}
    assert not broken
    page_types = {urlparse(url).path.split("/")[1] for url in statuses}
    assert {"", "reports", "writeups", "summits", "tracks", "projects", "tags", "authors"} <= page_types
    assert len(statuses) > 60


@pytest.mark.django_db
def test_excerpts_show_ampersands_once_escaped(client):
    """Excerpts show an ampersand from Markdown escaped exactly once, never double-escaped."""
    from .factories import make_report, make_writeup

    report = make_report(tags=["telco"])
    make_writeup(report, body="**AT&T** layers the stack three deep.", tags=["telco"])
    page = client.get("/tags/telco/").content.decode()
    assert "AT&amp;T layers the stack three deep." in page
    assert "&amp;amp;" not in page


@pytest.mark.parametrize("state", HIDDEN_STATES)
def test_the_track_and_author_indexes_list_only_those_with_public_work(client, state):
    """A track whose sessions only a hidden report writes up, and an author with only a hidden
    report, are on neither index; once the report is published, both are, whether the author
    has a byline or only a write-up."""
    scheduled = state == "scheduled"
    track = make_track(name="Quiet track")
    byline, writer = make_author(display_name="Byline Only"), make_author(display_name="Writes Only")
    report = make_report(
        authors=[byline],
        status=Report.Status.PUBLISHED if scheduled else state,
        publish_at=timezone.now() + timedelta(days=1) if scheduled else None,
    )
    make_writeup(report, session=make_session(summit=report.summit, track=track), author=writer)
    assert "Quiet track" not in html_of(client, "/tracks/")
    authors = html_of(client, "/authors/")
    assert "Byline Only" not in authors and "Writes Only" not in authors

    report.status, report.publish_at = Report.Status.PUBLISHED, timezone.now() - timedelta(minutes=1)
    report.save()
    assert "Quiet track" in html_of(client, "/tracks/")
    authors = html_of(client, "/authors/")
    assert "Byline Only" in authors and "Writes Only" in authors
