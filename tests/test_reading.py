"""The reading site forgives and remembers: search finds what was meant, lists combine filters the
way readers expect, excerpts are plain text, and no address ever breaks."""

from datetime import date

import feedparser
import pytest
from bs4 import BeautifulSoup
from django.urls import reverse
from taggit.models import Tag

from .factories import make_author, make_project, make_report, make_session, make_summit, make_track, make_writeup

pytestmark = pytest.mark.django_db


def soup_of(client, url, **params):
    response = client.get(url, params)
    assert response.status_code == 200, url
    return BeautifulSoup(response.content, "html.parser")


def found_titles(client, query):
    soup = soup_of(client, "/search/", q=query)
    return [a.text for a in soup.select("article h3 a")], soup


@pytest.fixture
def cells(db):
    """Write-ups that spell one thing three ways, and one about Kubernetes."""
    report = make_report(title="Sydney notes", summary="Compute and storage.")
    make_writeup(report, session=make_session(summit=report.summit, title="Move to Cells v2"), body="Upgrade notes.")
    make_writeup(report, session=make_session(summit=report.summit, title="CephFS Now Fully Awesome"), body="Fast.")
    other = make_report(title="Boston notes", summary="Containers.", tags=["kubernetes"])
    make_writeup(other, session=make_session(summit=other.summit, title="Kubernetes on OpenStack"), body="Helm.")
    return report


class TestSearchForgives:
    @pytest.mark.parametrize("query", ["Cellsv2", "Cells v2", "cells-v2", "cellsv2"])
    def test_compound_and_hyphenated_words_find_the_same_write_up(self, client, cells, query):
        """However "Cells v2" is written, the write-up about it is found."""
        titles, _ = found_titles(client, query)
        assert "Move to Cells v2" in titles

    @pytest.mark.parametrize("query", ["CephFS", "Ceph FS", "cephfs"])
    def test_a_split_or_joined_name_finds_it(self, client, cells, query):
        titles, _ = found_titles(client, query)
        assert "CephFS Now Fully Awesome" in titles

    def test_a_prefix_finds_the_whole_word(self, client, cells):
        """The start of a word is enough: "kube" finds Kubernetes."""
        titles, _ = found_titles(client, "kube")
        assert "Kubernetes on OpenStack" in titles

    def test_a_typo_finds_the_word_and_says_did_you_mean(self, client, cells):
        """A near miss of a known word finds it, and the page offers the corrected query."""
        titles, soup = found_titles(client, "kubernets")
        assert "Kubernetes on OpenStack" in titles
        assert soup.select_one(".suggestion a").text == "kubernetes"

    def test_the_best_match_comes_first(self, client, cells):
        """A title match ranks above a passing mention."""
        mention = make_report(title="Elsewhere", summary="x")
        make_writeup(mention, heading="Misc", body="Somebody mentioned kubernetes once.")
        titles, _ = found_titles(client, "kubernetes")
        assert titles.index("Kubernetes on OpenStack") < titles.index("Misc")

    def test_drafts_teach_the_vocabulary_nothing(self, client, cells):
        """No "did you mean" ever reveals a word only a draft uses."""
        draft = make_report(status="draft", title="Zyxwvutsrq secret")
        make_writeup(draft, heading="Zyxwvutsrq", body="secret")
        _, soup = found_titles(client, "zyxwvutsrp")
        assert soup.select_one(".suggestion") is None

    def test_only_a_search_that_finds_nothing_asks_not_to_be_indexed(self, client, cells):
        """Search engines may index a results page (it is a page worth landing on), never an empty one."""
        _, found = found_titles(client, "kubernetes")
        _, empty = found_titles(client, "qqqqqqqqqq")
        assert found.select_one("meta[name=robots]") is None
        assert empty.select_one("meta[name=robots]")["content"] == "noindex"


class TestListsCombineFilters:
    @pytest.fixture
    def tagged(self, db):
        storage, compute = make_track(name="Storage"), make_track(name="Compute")
        summit = make_summit()
        rows = {}
        for name, tags, track in [
            ("ceph", ["ceph"], storage),
            ("swift", ["swift"], storage),
            ("nova", ["nova"], compute),
        ]:
            report = make_report(summit=summit, title=f"About {name}", tags=tags)
            make_writeup(report, session=make_session(summit=summit, title=f"{name} talk", track=track), tags=tags)
            rows[name] = report
        return {"storage": storage, "compute": compute, **rows}

    def test_several_values_of_one_filter_mean_any_of_them(self, client, tagged):
        """`?tag=ceph&tag=swift` lists what carries either tag, and says both are chosen."""
        soup = soup_of(client, "/writeups/?tag=ceph&tag=swift")
        assert {a.text for a in soup.select("article.entry h3 a")} == {"ceph talk", "swift talk"}
        chips = [chip.text for chip in soup.select(".active-filters a")]
        assert len(chips) == 2 and all("Tag" in chip for chip in chips)

    def test_filters_on_different_axes_mean_all_of_them(self, client, tagged):
        soup = soup_of(client, f"/writeups/?tag=ceph&tag=nova&track={tagged['storage'].slug}")
        assert [a.text for a in soup.select("article.entry h3 a")] == ["ceph talk"]

    def test_a_chip_removes_only_its_value(self, client, tagged):
        soup = soup_of(client, "/reports/?tag=ceph&tag=swift")
        without_swift = next(a["href"] for a in soup.select(".active-filters a") if "swift" in a.text)
        assert "tag=ceph" in without_swift and "swift" not in without_swift

    def test_the_lists_feed_follows_the_same_rules(self, client, tagged):
        """The filtered list's feed carries exactly what the list shows."""
        feed = feedparser.parse(client.get("/writeups/feed.atom?tag=ceph&tag=swift").content)
        assert {entry.title.split(" · ")[0] for entry in feed.entries} == {"ceph talk", "swift talk"}
        reports = feedparser.parse(client.get("/reports/feed.rss?tag=ceph&tag=nova").content)
        assert {entry.title for entry in reports.entries} == {"About ceph", "About nova"}


def test_excerpts_carry_no_markdown(client):
    """List rows show the words of the text: no heading underlines, no emphasis marks, no links' URLs."""
    report = make_report(tags=["clean"])
    body = (
        "Component Recommendation\n-----------\n\nUse **snake_case** and [the docs](https://example.org).\n\n> quoted"
    )
    make_writeup(report, tags=["clean"], body=body)
    excerpt = soup_of(client, "/tags/clean/").select_one(".entry__excerpt").text
    assert excerpt.startswith("Component Recommendation Use snake_case and the docs")
    for artefact in ("---", "**", "](", "> "):
        assert artefact not in excerpt


class TestAddressesThatNeverBreak:
    def assert_moved(self, client, old, new):
        response = client.get(old)
        assert response.status_code == 301, old
        assert response["Location"] == new
        assert client.get(new).status_code == 200

    def test_a_renamed_report_keeps_its_old_address(self, client):
        report = make_report(slug="old-name")
        report.slug = "new-name"
        report.save()
        self.assert_moved(client, "/reports/old-name/", "/reports/new-name/")

    def test_a_renamed_summit_moves_its_sessions_and_feeds_too(self, client):
        """Everything under a summit's old address follows it: its sessions, their feeds, any query."""
        summit = make_summit(slug="boston")
        session = make_session(summit=summit, slug="keynote")
        make_writeup(make_report(summit=summit), session=session)
        summit.slug = "boston-2017"
        summit.save()
        self.assert_moved(client, "/summits/boston/", "/summits/boston-2017/")
        self.assert_moved(client, "/summits/boston/feed.atom", "/summits/boston-2017/feed.atom")
        self.assert_moved(
            client, "/summits/boston/sessions/keynote/feed.rss", "/summits/boston-2017/sessions/keynote/feed.rss"
        )
        assert client.get("/summits/boston/?page=1")["Location"] == "/summits/boston-2017/?page=1"

    @pytest.mark.parametrize("kind", ["track", "project", "author"])
    def test_every_subject_keeps_its_old_address(self, client, kind):
        obj = {"track": make_track, "project": make_project, "author": make_author}[kind](slug=f"old-{kind}")
        report = make_report(authors=[obj] if kind == "author" else ())
        session = make_session(
            summit=report.summit, track=obj if kind == "track" else None, projects=[obj] if kind == "project" else []
        )
        make_writeup(report, session=session, author=obj if kind == "author" else None)
        obj.slug = f"new-{kind}"
        obj.save()
        base = {"track": "/tracks/", "project": "/projects/", "author": "/authors/"}[kind]
        self.assert_moved(client, f"{base}old-{kind}/", f"{base}new-{kind}/")
        self.assert_moved(client, f"{base}old-{kind}/feed.json", f"{base}new-{kind}/feed.json")

    def test_renaming_twice_never_chains_redirects_and_moving_back_restores(self, client):
        report = make_report(slug="first")
        for slug in ("second", "third"):
            report.slug = slug
            report.save()
        assert client.get("/reports/first/")["Location"] == "/reports/third/"
        report.slug = "first"
        report.save()
        assert client.get("/reports/first/").status_code == 200
        assert client.get("/reports/third/")["Location"] == "/reports/first/"

    def test_a_renamed_tag_and_a_merged_tag_lead_to_the_kept_tag(self, client, editor_client):
        """Renaming a tag in the admin, or merging it into another, redirects its pages and feeds."""
        report = make_report(tags=["ha", "high-availability", "k8s"])
        make_writeup(report, tags=["ha"])
        kept, merged = Tag.objects.get(name="high-availability"), Tag.objects.get(name="ha")
        changelist = reverse("admin:taggit_tag_changelist")
        editor_client.post(
            changelist,
            {"action": "merge_tags", "_selected_action": [kept.pk, merged.pk], "apply": "1", "kept": kept.pk},
        )
        self.assert_moved(client, "/tags/ha/", "/tags/high-availability/")
        self.assert_moved(client, "/tags/ha/feed.rss", "/tags/high-availability/feed.rss")
        tag = Tag.objects.get(name="k8s")
        response = editor_client.post(
            reverse("admin:taggit_tag_change", args=[tag.pk]), {"name": "kubernetes", "slug": "kubernetes"}
        )
        assert response.status_code == 302
        self.assert_moved(client, "/tags/k8s/", "/tags/kubernetes/")

    def test_an_unknown_address_is_still_a_404(self, client):
        assert client.get("/reports/never-existed/").status_code == 404


def test_a_tag_and_a_project_of_one_name_link_to_each_other(client):
    """The tag "ceph" and the project Ceph are one subject to a reader: each page links the other."""
    ceph = make_project(name="Ceph", slug="ceph")
    report = make_report(tags=["ceph"])
    make_writeup(report, session=make_session(summit=report.summit, projects=[ceph]), tags=["ceph"])
    tag_page = soup_of(client, "/tags/ceph/")
    assert tag_page.find("a", href=ceph.get_absolute_url(), string="The Ceph project")
    project_page = soup_of(client, ceph.get_absolute_url())
    assert project_page.find("a", href="/tags/ceph/", string="Tagged #ceph")


def test_a_report_leads_to_the_previous_and_next_ones(client):
    """Below a report, the reports published just before and after it."""
    from datetime import timedelta

    from django.utils import timezone

    now = timezone.now()
    first, middle, last = (
        make_report(title=t, publish_at=now - timedelta(days=d)) for t, d in [("A", 3), ("B", 2), ("C", 1)]
    )
    soup = soup_of(client, middle.get_absolute_url())
    assert soup.select_one("a[rel=prev]")["href"] == first.get_absolute_url()
    assert soup.select_one("a[rel=next]")["href"] == last.get_absolute_url()


def test_a_speaker_page_lists_their_newest_sessions_and_says_when_there_are_older_ones(client):
    """Readers see a speaker's 30 newest public sessions, newest summit first, and are told the
    write-ups below go further back; with 30 or fewer, every one and no such line."""
    from reports.models import Speaker

    older, newer = make_summit(start_date=date(2015, 5, 1)), make_summit(start_date=date(2017, 5, 1))
    report = make_report(summit=older)
    for number in range(30):
        make_writeup(report, session=make_session(summit=older, title=f"Old talk {number}", speakers=["Ada Speaker"]))
    url = Speaker.objects.get(slug="ada-speaker").get_absolute_url()
    page = BeautifulSoup(client.get(url).content, "html.parser")
    assert len(page.select("#sessions-heading + ul .session-row")) == 30
    assert "go further back" not in page.text

    make_writeup(
        make_report(summit=newer), session=make_session(summit=newer, title="New talk", speakers=["Ada Speaker"])
    )
    page = BeautifulSoup(client.get(url).content, "html.parser")
    titles = [row.text for row in page.select("#sessions-heading + ul .session-row__title")]
    assert len(titles) == 30 and titles[0] == "New talk"
    assert "the write-ups below go further back" in page.text
