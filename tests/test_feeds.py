"""Feeds: valid RSS, Atom and JSON Feed for every subject, stable ids, cheap to poll, never a draft."""

import json
from datetime import timedelta
from xml.etree import ElementTree

import feedparser
import pytest
from bs4 import BeautifulSoup
from django.utils import timezone

from reports.models import Report

from .factories import make_author, make_report, make_session, make_writeup
from .site_data import build_site

pytestmark = pytest.mark.django_db

ATOM = "{http://www.w3.org/2005/Atom}"
FORMATS = ("rss", "atom", "json")


def fetch(client, url, **headers):
    response = client.get(url, **headers)
    assert response.status_code == 200, (url, response.status_code)
    return response


def parse(client, url):
    """RSS and Atom through feedparser (bozo must be false); JSON Feed, which feedparser 6 does not
    read, through json with its 1.1 required fields checked, into the same shape."""
    response = fetch(client, url)
    if response["Content-Type"].startswith("application/feed+json"):
        return parse_json_feed(json.loads(response.content))
    feed = feedparser.parse(response.content)
    assert not feed.bozo, (url, feed.get("bozo_exception"))
    return feed


def parse_json_feed(data):
    assert data["version"] == "https://jsonfeed.org/version/1.1"
    assert data["title"] and isinstance(data["items"], list)
    entries = []
    for item in data["items"]:
        assert item["id"] and ("content_html" in item or "content_text" in item)
        entries.append(
            feedparser.FeedParserDict(
                id=item["id"],
                link=item["url"],
                title=item["title"],
                summary=item.get("summary", ""),
                content=[feedparser.FeedParserDict(value=item["content_html"])],
                authors=[feedparser.FeedParserDict(name=a["name"]) for a in item["authors"]],
                tags=[feedparser.FeedParserDict(term=tag) for tag in item["tags"]],
                published_parsed=item["date_published"],
                updated_parsed=item["date_modified"],
            )
        )
    return feedparser.FeedParserDict(entries=entries, feed=data)


@pytest.fixture
def tagged(db):
    """A tag carried by a published report and by write-ups of two authors, plus hidden ones."""
    alice, bob = make_author(display_name="Alice Ceph"), make_author(display_name="Bob Rados")
    report = make_report(
        title="Ceph week",
        authors=[alice, bob],
        tags=["ceph", "storage"],
        introduction="Intro with a [link](/tags/ceph/).",
    )
    first = make_writeup(
        report,
        session=make_session(summit=report.summit, title="CephFS now"),
        tags=["ceph"],
        author=alice,
        body="CephFS body ![x](/media/x.png)",
    )
    second = make_writeup(
        report,
        session=make_session(summit=report.summit, title="RBD QoS"),
        tags=["ceph", "qos"],
        author=bob,
        body="No QoS yet.",
    )
    other = make_writeup(report, session=make_session(summit=report.summit, title="Off topic"), tags=["other"])
    hidden = {
        "draft": make_report(status=Report.Status.DRAFT, tags=["ceph"], title="Draft about Ceph"),
        "review": make_report(status=Report.Status.REVIEW, tags=["ceph"], title="Review about Ceph"),
        "scheduled": make_report(publish_at=timezone.now() + timedelta(days=1), tags=["ceph"], title="Scheduled Ceph"),
    }
    for hidden_report in hidden.values():
        make_writeup(hidden_report, tags=["ceph"], body="hidden words")
    return {"report": report, "writeups": [first, second], "other": other, "hidden": hidden}


class TestTagFeed:
    @pytest.mark.parametrize("fmt", FORMATS)
    def test_lists_every_published_report_and_write_up_with_the_tag(self, client, tagged, fmt):
        """A tag's feed, in every format, lists exactly the
        published reports and write-ups with the tag, newest first."""
        feed = parse(client, f"/tags/ceph/feed.{fmt}")
        titles = [entry.title for entry in feed.entries]
        assert titles == ["Ceph week", "RBD QoS · Ceph week", "CephFS now · Ceph week"]  # newest first

    @pytest.mark.parametrize("fmt", FORMATS)
    def test_items_carry_links_authors_categories_dates_and_content(self, client, tagged, fmt):
        """Feed items carry a permalink (a write-up's is its anchor in the report), a stable id, authors,
        tags and summit as categories, dates, a summary, and full content with site links made absolute."""
        feed = parse(client, f"/tags/ceph/feed.{fmt}")
        report_entry, second_entry = feed.entries[0], feed.entries[1]
        report, second = tagged["report"], tagged["writeups"][1]
        assert report_entry.link == f"http://testserver{report.get_absolute_url()}"
        assert second_entry.link == f"http://testserver{second.get_absolute_url()}"
        assert "#" in second_entry.link  # a write-up's permalink is its anchor in the report
        assert report_entry.id == f"urn:uuid:{report.uid}"
        if fmt != "rss":  # RSS 2.0 has one creator element per author, which feedparser joins
            assert [a.name for a in report_entry.authors] == ["Alice Ceph", "Bob Rados"]
        assert {t.term for t in second_entry.tags} >= {"ceph", "qos", report.summit.name}
        assert report_entry.published_parsed is not None
        if fmt != "rss":  # RSS 2.0 items have a publication date only
            assert report_entry.updated_parsed is not None
        content = report_entry.content[0].value
        assert 'href="http://testserver/tags/ceph/"' in content  # site links made absolute
        assert "No QoS yet." in second_entry.content[0].value
        assert second_entry.summary

    def test_rss_names_every_author(self, client, tagged):
        """An RSS item names every author in a creator element of
        their own, and every item has a guid that is not a permalink."""
        root = ElementTree.fromstring(fetch(client, "/tags/ceph/feed.rss").content)
        item = root.find("channel/item")
        creators = [el.text for el in item.findall("{http://purl.org/dc/elements/1.1/}creator")]
        assert creators == ["Alice Ceph", "Bob Rados"]
        assert all(el.find("guid") is not None for el in root.findall("channel/item"))
        assert item.find("guid").get("isPermaLink") == "false"

    def test_atom_has_the_required_elements(self, client, tagged):
        """An Atom feed and each of its entries have every element Atom requires."""
        root = ElementTree.fromstring(fetch(client, "/tags/ceph/feed.atom").content)
        for required in ("id", "title", "updated", "author", "link"):
            assert root.find(f"{ATOM}{required}") is not None, required
        for entry in root.findall(f"{ATOM}entry"):
            for required in ("id", "title", "updated", "author", "link", "content"):
                assert entry.find(f"{ATOM}{required}") is not None, required

    def test_json_feed_has_the_required_fields(self, client, tagged):
        """A JSON Feed is served as application/feed+json with every field JSON Feed 1.1
        requires, and its HTML is escaped so the document stays inert if rendered as HTML."""
        response = fetch(client, "/tags/ceph/feed.json")
        assert response["Content-Type"].startswith("application/feed+json")
        data = json.loads(response.content)
        assert data["version"] == "https://jsonfeed.org/version/1.1"
        assert data["title"] and data["feed_url"] == "http://testserver/tags/ceph/feed.json"
        for item in data["items"]:
            assert item["id"] and item["url"] and item["content_html"] and item["date_published"]
            assert item["authors"] and all(author["name"] for author in item["authors"])
            assert "ceph" in item["tags"]
        # The HTML inside stays inert if something renders the document itself as HTML.
        assert any("<p>" in item["content_html"] for item in data["items"])
        assert not {"<", ">", "&"} & set(response.content.decode())

    @pytest.mark.parametrize("fmt", FORMATS)
    def test_unpublished_and_scheduled_items_are_absent(self, client, tagged, fmt):
        """Drafts, reports in review, scheduled reports and their write-ups never appear in a feed."""
        body = fetch(client, f"/tags/ceph/feed.{fmt}").content.decode()
        assert "Draft about Ceph" not in body and "Review about Ceph" not in body
        assert "Scheduled Ceph" not in body and "hidden words" not in body

    def test_a_scheduled_item_enters_when_its_time_comes(self, client, tagged):
        """A scheduled report enters the feed by itself once its publish time passes."""
        scheduled = tagged["hidden"]["scheduled"]
        Report.objects.filter(pk=scheduled.pk).update(publish_at=timezone.now() - timedelta(seconds=1))
        titles = [entry.title for entry in parse(client, "/tags/ceph/feed.atom").entries]
        assert "Scheduled Ceph" in titles

    def test_an_unpublished_item_leaves_the_feed(self, client, tagged):
        """A report turned back into a draft leaves the feed, with its write-ups."""
        make_report(tags=["ceph"], title="Still public", publish_at=timezone.now() - timedelta(days=30))
        report = tagged["report"]
        report.status = Report.Status.DRAFT
        report.save()
        assert [entry.title for entry in parse(client, "/tags/ceph/feed.atom").entries] == ["Still public"]

    def test_guids_survive_edits_retitles_and_moves(self, client, tagged):
        """Feed item ids never change when a report is retitled or
        given a new slug, a session retitled or a write-up edited."""
        before = {entry.link.split("#")[-1]: entry.id for entry in parse(client, "/tags/ceph/feed.atom").entries}
        report, writeup = tagged["report"], tagged["writeups"][0]
        report.title, report.slug = "Renamed week", "renamed-week"
        report.save()
        writeup.session.title = "CephFS, renamed"
        writeup.session.save()
        writeup.body = "Edited."
        writeup.save()
        after = parse(client, "/tags/ceph/feed.atom").entries
        assert {entry.id for entry in after} == set(before.values())
        assert any(entry.title == "CephFS, renamed · Renamed week" for entry in after)


class TestConditionalRequests:
    def test_polling_again_with_the_etag_gets_a_304(self, client, tagged):
        """A feed has an ETag, Last-Modified and max-age; polling again with its ETag gets an empty 304."""
        first = fetch(client, "/tags/ceph/feed.rss")
        assert first["ETag"] and first["Last-Modified"] and "max-age" in first["Cache-Control"]
        again = client.get("/tags/ceph/feed.rss", HTTP_IF_NONE_MATCH=first["ETag"])
        assert again.status_code == 304
        assert again.content == b""

    def test_if_modified_since_gets_a_304(self, client, tagged):
        """Polling a feed with If-Modified-Since set to its Last-Modified gets a 304."""
        first = fetch(client, "/tags/ceph/feed.atom")
        again = client.get("/tags/ceph/feed.atom", HTTP_IF_MODIFIED_SINCE=first["Last-Modified"])
        assert again.status_code == 304

    def test_the_304_says_what_the_feed_said(self, client, tagged, settings):
        """A 304 for a feed or a page repeats the full response's ETag,
        Last-Modified, Cache-Control and Vary, each with its own max-age."""
        # Answered early (reports.caching.PublicCacheMiddleware), with the feed's own validators.
        settings.FEED_MAX_AGE, settings.PAGE_MAX_AGE = 300, 0
        first = fetch(client, "/tags/ceph/feed.rss")
        again = client.get("/tags/ceph/feed.rss", HTTP_IF_NONE_MATCH=first["ETag"])
        page = fetch(client, "/tags/ceph/")
        page_again = client.get("/tags/ceph/", HTTP_IF_NONE_MATCH=page["ETag"])
        assert (again.status_code, page_again.status_code) == (304, 304)
        for name in ("ETag", "Last-Modified", "Cache-Control", "Vary"):
            assert again[name] == first[name], name
            assert page_again[name] == page[name], name
        assert again["Cache-Control"] == "public, max-age=300" and page_again["Cache-Control"] == "public, max-age=0"

    def test_only_public_pages_are_answered_early(self, client, tagged):
        """Only public pages answer validators with a 304: the
        admin sign-in page and an unknown page answer as usual."""
        first = fetch(client, "/tags/ceph/feed.rss")
        validators = {"HTTP_IF_NONE_MATCH": first["ETag"], "HTTP_IF_MODIFIED_SINCE": first["Last-Modified"]}
        assert client.get("/admin/login/", **validators).status_code == 200
        assert client.get("/no/such/page/", **validators).status_code == 404

    def test_a_stale_etag_gets_the_feed(self, client, tagged):
        """Polling with an ETag that does not match gets the full feed."""
        assert client.get("/tags/ceph/feed.rss", HTTP_IF_NONE_MATCH='"not-this-one"').status_code == 200

    def test_an_edit_changes_the_validators(self, client, tagged):
        """Editing a write-up in a feed changes the feed's ETag, so pollers get the new feed rather than a 304."""
        first = fetch(client, "/tags/ceph/feed.rss")
        writeup = tagged["writeups"][0]
        writeup.body = "Changed."
        writeup.save()
        again = client.get("/tags/ceph/feed.rss", HTTP_IF_NONE_MATCH=first["ETag"])
        assert again.status_code == 200
        assert again["ETag"] != first["ETag"]

    def test_each_format_has_its_own_etag(self, client, tagged):
        """The RSS, Atom and JSON versions of a feed each have their own ETag."""
        etags = {fetch(client, f"/tags/ceph/feed.{fmt}")["ETag"] for fmt in FORMATS}
        assert len(etags) == 3


class TestPaging:
    def test_next_and_prev_archive_links_reach_every_item_once(self, client, settings):
        """A long Atom feed is paged: following its next (also prev-archive) links reaches every item exactly once."""
        settings.FEED_ITEM_LIMIT = 2
        report = make_report(tags=["busy"], title="Busy week")
        for n in range(4):
            make_writeup(report, tags=["busy"], body=f"Item {n}")
        seen, url = [], "/tags/busy/feed.atom"
        while url:
            root = ElementTree.fromstring(fetch(client, url).content)
            seen += [entry.find(f"{ATOM}id").text for entry in root.findall(f"{ATOM}entry")]
            links = {link.get("rel"): link.get("href") for link in root.findall(f"{ATOM}link")}
            assert links.get("next") == links.get("prev-archive")
            url = links.get("next", "").replace("http://testserver", "")
        assert len(seen) == len(set(seen)) == 5

    def test_json_feed_pages_with_next_url(self, client, settings):
        """A long JSON Feed is paged: it shows the item limit and a next_url to the following page."""
        settings.FEED_ITEM_LIMIT = 1
        report = make_report(tags=["busy"])
        make_writeup(report, tags=["busy"])
        data = json.loads(fetch(client, "/tags/busy/feed.json").content)
        assert len(data["items"]) == 1 and data["next_url"].startswith("http://testserver/tags/busy/feed.json?before=")

    def test_the_default_cap_is_twenty(self, client):
        """A feed shows at most twenty items by default."""
        report = make_report(tags=["many"])
        for _ in range(25):
            make_writeup(report, tags=["many"])
        assert len(parse(client, "/tags/many/feed.rss").entries) == 20

    @pytest.mark.parametrize(
        "cursor",
        [
            "junk",
            "2017-01-01~1",
            "2017-01-01T00:00:00~1~1",
            "x~y~z",
            "2017-01-01T00:00:00+00:00~7~1",
            "2017-01-01T00:00:00+00:00~1~-5",
            "2017-01-01T00:00:00+00:00~1~99999999999999999999999",
        ],
    )
    def test_a_bad_cursor_is_a_400(self, client, tagged, cursor):
        """A malformed or out-of-range paging cursor is a 400 saying it did not make sense."""
        response = client.get("/tags/ceph/feed.rss", {"before": cursor})
        assert response.status_code == 400
        assert "did not make sense" in response.content.decode()


class TestEveryFeedKind:
    @pytest.fixture
    def site(self, db):
        return build_site(scale=1)

    def feed_bases(self, site):
        session = site.sessions[0]
        author = site.reports[0].report_authors.first().author
        return [
            "/feed",
            "/tags/ceph/feed",
            site.summits[0].get_absolute_url() + "feed",
            session.get_absolute_url() + "feed",
            session.track.get_absolute_url() + "feed",
            session.projects.first().get_absolute_url() + "feed",
            author.get_absolute_url() + "feed",
            "/reports/feed",
            "/writeups/feed",
        ]

    def test_every_feed_parses_in_every_format_and_has_items(self, client, site):
        """Every kind of feed (site, tag, summit, session, track, project, author, report
        and write-up lists) parses in every format, has items, and shows no hidden report."""
        for base in self.feed_bases(site):
            for fmt in FORMATS:
                feed = parse(client, f"{base}.{fmt}")
                assert feed.entries, f"{base}.{fmt}"
                assert all("Secret" not in entry.title for entry in feed.entries)

    def test_a_filtered_list_has_a_feed_of_its_query(self, client, site):
        """A filtered write-up list has a feed of exactly the published write-ups its filters select."""
        session = site.sessions[0]
        url = f"/writeups/feed.atom?track={session.track.slug}&project={session.projects.first().slug}"
        entries = parse(client, url).entries
        assert entries
        expected = (
            site.sessions[0]
            .writeups.model.objects.published()
            .filter(session__track=session.track, session__projects=session.projects.first())
        )
        assert {entry.id for entry in entries} == {f"urn:uuid:{w.uid}" for w in expected}

    @pytest.mark.parametrize(
        "url",
        [
            "/tags/nope/feed.rss",
            "/summits/nope/feed.atom",
            "/tracks/nope/feed.json",
            "/projects/nope/feed.rss",
            "/authors/nope/feed.rss",
            "/summits/nope/sessions/nope/feed.rss",
            "/feed.xml",
            "/tags/ceph/feed.html",
        ],
    )
    def test_unknown_subjects_are_404_not_empty_feeds(self, client, site, url):
        """A feed of an unknown subject, or in an unknown format, is a 404, not an empty feed."""
        assert client.get(url).status_code == 404

    def test_a_tag_only_drafts_use_is_a_404(self, client, site):
        """A tag used only by a draft has no feed: it is a 404."""
        assert client.get("/tags/secret-draft/feed.rss").status_code == 404

    @pytest.mark.parametrize(
        "query",
        [
            "track=nope",
            "year=abc",
            "kind=%00",
            "q=%00%00",
            "tag=a&tag=b",
            "summit=" + "x" * 3000,
            "page=-1",
            "year=99999999999999999999",
        ],
    )
    def test_junk_filter_parameters_are_ignored_or_refused(self, client, site, query):
        """Junk filter parameters on the list feeds are ignored or refused (200 or 400), never a server error."""
        for base in ("/reports/feed.rss", "/writeups/feed.atom"):
            assert client.get(f"{base}?{query}").status_code in (200, 400)


class TestDiscovery:
    @pytest.fixture
    def site(self, db):
        return build_site(scale=1)

    def test_pages_announce_their_feeds_in_every_format(self, client, site):
        """Pages announce their feeds in RSS, Atom and JSON Feed
        with alternate links, and every announced feed opens."""
        session = site.sessions[0]
        pages = {
            "/": "/feed",
            "/tags/ceph/": "/tags/ceph/feed",
            site.summits[0].get_absolute_url(): site.summits[0].get_absolute_url() + "feed",
            session.get_absolute_url(): session.get_absolute_url() + "feed",
            session.track.get_absolute_url(): session.track.get_absolute_url() + "feed",
            "/writeups/?tag=ceph": "/writeups/feed",
        }
        for page, feed_base in pages.items():
            soup = BeautifulSoup(fetch(client, page).content, "html.parser")
            alternates = {link["type"]: link["href"] for link in soup.find_all("link", rel="alternate")}
            assert alternates["application/rss+xml"].startswith(f"{feed_base}.rss"), page
            assert alternates["application/atom+xml"].startswith(f"{feed_base}.atom"), page
            assert alternates["application/feed+json"].startswith(f"{feed_base}.json"), page
            for href in alternates.values():
                assert client.get(href).status_code == 200

    def test_filtered_list_feeds_keep_the_query(self, client, site):
        """A filtered list announces a feed with the same filters, without the page number."""
        soup = BeautifulSoup(fetch(client, "/writeups/?tag=ceph&page=1").content, "html.parser")
        href = soup.find("link", rel="alternate", type="application/atom+xml")["href"]
        assert href == "/writeups/feed.atom?tag=ceph"

    def test_subject_pages_show_a_visible_subscribe_link(self, client, site):
        """Tag, summit, track, project and author pages show visible RSS, Atom and JSON Feed subscribe links."""
        session = site.sessions[0]
        for page in (
            "/tags/ceph/",
            site.summits[0].get_absolute_url(),
            session.track.get_absolute_url(),
            session.projects.first().get_absolute_url(),
            site.reports[0].report_authors.first().author.get_absolute_url(),
        ):
            soup = BeautifulSoup(fetch(client, page).content, "html.parser")
            assert [a.text for a in soup.select(".subscribe a")] == ["RSS", "Atom", "JSON Feed"], page

    def test_opml_lists_every_summit_feed_and_the_most_used_tags(self, client, site, settings, monkeypatch):
        """The OPML file lists every summit's feed and the feeds of the
        most used tags, no hidden tag, and every feed it lists opens."""
        response = fetch(client, "/feeds.opml")
        root = ElementTree.fromstring(response.content)
        urls = {outline.get("xmlUrl") for outline in root.iter("outline") if outline.get("xmlUrl")}
        assert "http://testserver/tags/ceph/feed.rss" in urls
        for summit in site.summits:
            assert f"http://testserver{summit.get_absolute_url()}feed.rss" in urls
        assert not any("secret" in url for url in urls)
        for url in urls:
            assert client.get(url.replace("http://testserver", "")).status_code == 200
        monkeypatch.setattr("reports.views.OPML_TAGS", 1)
        settings.PAGE_CACHE_SECONDS = 0
        root = ElementTree.fromstring(fetch(client, "/feeds.opml").content)
        tags = [outline.get("text") for outline in root.iter("outline") if "/tags/" in outline.get("xmlUrl", "")]
        assert tags == ["#ceph"]  # the site's most used tag

    def test_opml_escapes_names(self, client, db):
        """The OPML file escapes tag names, so a name with markup characters comes through intact."""
        make_report(tags=['R&D "<lab>"'])
        root = ElementTree.fromstring(fetch(client, "/feeds.opml").content)
        assert '#R&D "<lab>"' in {outline.get("text") for outline in root.iter("outline")}
