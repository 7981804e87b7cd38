"""The page cache at the edge: a reader never sees something older than what an editor just did,
and nobody's writing a draft turns a cached page cold."""

from datetime import timedelta

import pytest
import reversion
from bs4 import BeautifulSoup
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from reversion.models import Version
from taggit.models import Tag

from reports.caching import version_timeout
from reports.models import Report, WriteUp

from .admin_forms import report_form_data
from .factories import make_author, make_project, make_report, make_session, make_summit, make_track, make_writeup

pytestmark = pytest.mark.django_db


@pytest.fixture
def reader(db):
    """An anonymous browser of its own (editor_client is the `client` fixture, signed in)."""
    return Client()


@pytest.fixture
def story(db):
    """A published report with a tagged write-up, and a scheduled one."""
    report = make_report(title="Cached title", tags=["ceph"], summary="First summary")
    writeup = make_writeup(
        report, session=make_session(summit=report.summit, title="Cached session"), tags=["ceph"], body="Cached body"
    )
    scheduled = make_report(
        title="Scheduled title", tags=["ceph"], summit=report.summit, publish_at=timezone.now() + timedelta(hours=2)
    )
    return {"report": report, "writeup": writeup, "scheduled": scheduled}


PAGES = ["/", "/reports/", "/writeups/", "/tags/ceph/", "/tags/ceph/feed.atom", "/feed.rss"]


def warm(client, story):
    pages = [*PAGES, story["report"].get_absolute_url(), story["report"].summit.get_absolute_url()]
    for url in pages:
        first, second = client.get(url), client.get(url)
        assert first.status_code == second.status_code == 200
        assert first.content == second.content
    return pages


def test_a_kept_page_is_served_before_any_view_runs(client, story, django_assert_num_queries):
    """The second request for a page is answered from the page cache: one query (the version)."""
    first = client.get("/tags/ceph/")
    with django_assert_num_queries(1):
        again = client.get("/tags/ceph/")
    assert again.content == first.content
    for name in ("Content-Type", "Content-Security-Policy", "X-Frame-Options", "ETag", "Cache-Control", "Vary"):
        assert again[name] == first[name], name


def test_the_page_cache_can_be_turned_off(client, story, settings, django_assert_max_num_queries):
    """PAGE_CACHE_SECONDS=0: every request builds its page."""
    settings.PAGE_CACHE_SECONDS = 0
    client.get("/tags/ceph/")
    with pytest.raises(pytest.fail.Exception):
        with django_assert_max_num_queries(1):
            client.get("/tags/ceph/")


class TestEveryEditorialActionShowsAtOnce:
    """Readers see every editor's action on the very next request, cached pages or not."""

    def test_publishing(self, reader, story, editor_client):
        warm(reader, story)
        draft = make_report(
            title="Fresh news", tags=["ceph"], status=Report.Status.REVIEW, summit=story["report"].summit
        )
        editor_client.post(
            reverse("admin:reports_report_changelist"), {"action": "publish", "_selected_action": [draft.pk]}
        )
        for url in ["/", "/reports/", "/tags/ceph/", "/tags/ceph/feed.atom", "/feed.rss"]:
            assert "Fresh news" in reader.get(url).content.decode(), url

    def test_unpublishing(self, reader, story, editor_client):
        pages = warm(reader, story)
        editor_client.post(
            reverse("admin:reports_report_changelist"),
            {"action": "unpublish", "_selected_action": [story["report"].pk]},
        )
        for url in pages[:-2]:
            assert "Cached title" not in reader.get(url).content.decode(), url
        assert reader.get(story["report"].get_absolute_url()).status_code == 404

    def test_editing_a_report_in_the_admin(self, reader, story, editor_client):
        warm(reader, story)
        report = story["report"]
        data = report_form_data(
            report.summit,
            list(report.authors.all()),
            report=report,
            title="Edited title",
            status="published",
            tags="ceph",
            summary="First summary",
            writeups=[
                {"session": story["writeup"].session, "id": story["writeup"].pk, "body": "Edited body", "tags": "ceph"}
            ],
        )
        data["publish_at_0"], data["publish_at_1"] = report.publish_at.strftime("%Y-%m-%d"), "00:00:00"
        response = editor_client.post(reverse("admin:reports_report_change", args=[report.pk]), data)
        assert response.status_code == 302
        assert "Edited title" in reader.get("/").content.decode()
        assert "Edited body" in reader.get(report.get_absolute_url()).content.decode()
        assert "Edited body" in reader.get("/tags/ceph/feed.atom").content.decode()

    def test_editing_a_session_title(self, reader, story):
        warm(reader, story)
        session = story["writeup"].session
        reader.get(session.get_absolute_url())
        session.title = "Renamed session"
        session.save()
        assert "Renamed session" in reader.get(session.get_absolute_url()).content.decode()
        assert "Renamed session" in reader.get(story["report"].get_absolute_url()).content.decode()
        assert "Renamed session" in reader.get("/tags/ceph/feed.atom").content.decode()

    def test_renaming_an_author(self, reader, story):
        warm(reader, story)
        author = story["report"].authors.first()
        reader.get(author.get_absolute_url())
        author.display_name = "Renamed Author"
        author.save()
        assert "Renamed Author" in reader.get("/").content.decode()
        assert "Renamed Author" in reader.get(author.get_absolute_url()).content.decode()
        assert "Renamed Author" in reader.get(f"{author.get_absolute_url()}feed.atom").content.decode()

    def test_retagging(self, reader, story):
        warm(reader, story)
        story["writeup"].tags.set(["other"])
        story["report"].tags.set(["other"])
        assert reader.get("/tags/ceph/").status_code == 404
        assert "Cached session" in reader.get("/tags/other/").content.decode()

    def test_deleting(self, reader, story, editor_client):
        warm(reader, story)
        editor_client.post(reverse("admin:reports_report_delete", args=[story["report"].pk]), {"post": "yes"})
        assert "Cached title" not in reader.get("/").content.decode()
        assert reader.get(story["report"].get_absolute_url()).status_code == 404

    def test_restoring_a_version(self, reader, story):
        report = story["report"]
        with reversion.create_revision():
            report.save()
        report.title = "Briefly renamed"
        report.save()
        warm(reader, story)
        assert "Briefly renamed" in reader.get("/").content.decode()
        Version.objects.get_for_object(report).first().revision.revert(delete=True)
        assert "Cached title" in reader.get("/").content.decode()

    def test_counts_panels_indexes_and_filters_follow(self, reader, story):
        pages = ["/", "/tags/", "/authors/", "/summits/", "/reports/", "/writeups/"]
        for url in pages:
            reader.get(url)
        report = make_report(title="Counted", tags=["freshly-counted"], summit=make_summit(name="Fresh Summit"))
        make_writeup(report, tags=["freshly-counted"])
        for url in ["/", "/tags/", "/reports/", "/writeups/"]:
            assert "freshly-counted" in reader.get(url).content.decode(), url
        for url in ["/", "/summits/", "/reports/"]:
            assert "Fresh Summit" in reader.get(url).content.decode(), url
        author = report.authors.get().display_name
        assert author in reader.get("/authors/").content.decode()

    def test_a_lists_count_and_pages_follow(self, reader, story, settings):
        """The count of a paginated list is kept per version: a new write-up adds to it, and to its
        pages, on the very next request (page cache off, so only the kept count could lag)."""
        settings.PAGE_CACHE_SECONDS = 0

        def count_shown():
            page = BeautifulSoup(reader.get("/search/", {"q": "zeppelin"}).content, "html.parser")
            return int(page.select_one("#writeup-results .count").text)

        make_writeup(story["report"], heading="Zeppelin notes", body="The zeppelin session.")
        assert count_shown() == 1
        make_writeup(make_report(title="Counted twice"), heading="More zeppelin", body="Zeppelin again.")
        assert count_shown() == 2

    def test_sitemaps_follow(self, reader, story, settings):
        """The sitemaps' kept counts move with the version: a report published after the sitemaps
        were read is in them on the next request."""
        settings.PAGE_CACHE_SECONDS = 0
        reader.get("/sitemap.xml")
        reader.get("/sitemap-reports.xml")
        fresh = make_report(title="Mapped later", slug="mapped-later")
        assert fresh.get_absolute_url() in reader.get("/sitemap-reports.xml").content.decode()
        assert "sitemap-reports.xml" in reader.get("/sitemap.xml").content.decode()

    def test_a_scheduled_report_appears_when_its_time_comes(self, reader, story):
        warm(reader, story)
        assert "Scheduled title" not in reader.get("/").content.decode()
        # No save and no signal: only its publish time comes (as if the clock had reached it now).
        Report.objects.filter(pk=story["scheduled"].pk).update(publish_at=timezone.now())
        for url in ["/", "/tags/ceph/", "/tags/ceph/feed.atom"]:
            assert "Scheduled title" in reader.get(url).content.decode(), url

    def test_a_stale_etag_gets_the_new_page(self, reader, story):
        first = reader.get("/tags/ceph/")
        assert reader.get("/tags/ceph/", HTTP_IF_NONE_MATCH=first["ETag"]).status_code == 304
        WriteUp.objects.filter(pk=story["writeup"].pk).first().save()
        again = reader.get("/tags/ceph/", HTTP_IF_NONE_MATCH=first["ETag"])
        assert again.status_code == 200 and again["ETag"] != first["ETag"]


# -- What moves the version, and what does not ---------------------------------------------------


def etag(reader):
    return reader.get("/")["ETag"]


def save_draft_in_the_admin(client, report, **fields):
    """The author's save of their draft through the admin form, write-ups and tags included."""
    writeups = [
        {"session": w.session, "id": w.pk, "body": fields.pop("body", w.body), "tags": "draft-tag, ceph"}
        for w in report.writeups.all()
    ]
    data = report_form_data(
        report.summit, list(report.authors.all()), report=report, writeups=writeups, status=report.status, **fields
    )
    response = client.post(reverse("admin:reports_report_change", args=[report.pk]), data)
    assert response.status_code == 302, response.context and response.context["adminform"].form.errors


class TestWritingAnUnpublishedReportKeepsEveryCachedPageWarm:
    """Saving, autosaving or deleting a draft or a report in review, with its write-ups, byline
    and tags, changes nothing a reader sees: not even the version, so no cached page goes cold."""

    @pytest.fixture
    def draft(self, contributor, story):
        report = make_report(authors=[contributor.author], status=Report.Status.DRAFT, summit=story["report"].summit)
        make_writeup(report, session=story["writeup"].session, body="Draft notes.")
        return report

    @pytest.mark.parametrize("status", [Report.Status.DRAFT, Report.Status.REVIEW])
    def test_saving_it_through_the_admin(self, reader, contributor_client, draft, status):
        Report.objects.filter(pk=draft.pk).update(status=status)
        draft.refresh_from_db()
        before = etag(reader)
        save_draft_in_the_admin(contributor_client, draft, title="A better title", body="More draft notes.")
        assert etag(reader) == before

    def test_adding_a_write_up_a_co_author_and_a_new_tag(self, reader, draft, story):
        colleague = make_author()
        before = etag(reader)
        make_writeup(draft, session=story["writeup"].session, tags=["brand-new-tag"])
        draft.report_authors.create(author=colleague, order=5)
        draft.tags.add("another-new-tag")
        assert etag(reader) == before

    def test_deleting_it(self, reader, contributor_client, draft):
        before = etag(reader)
        contributor_client.post(reverse("admin:reports_report_delete", args=[draft.pk]), {"post": "yes"})
        assert not Report.objects.filter(pk=draft.pk).exists()
        assert etag(reader) == before

    def test_a_cached_page_stays_cached(self, reader, draft, django_assert_num_queries):
        reader.get("/tags/ceph/")
        draft.title = "Retitled draft"
        draft.save()
        with django_assert_num_queries(1):  # the version, which has not moved: the page is kept
            reader.get("/tags/ceph/")


class TestWhatReadersCanSeeMovesTheVersion:
    """Publishing, unpublishing, scheduling, a scheduled time arriving, editing or restoring a
    published report, and any change to summits, sessions, tracks, projects, authors and tags."""

    def test_publishing_and_unpublishing(self, reader, story, editor_client):
        draft = make_report(status=Report.Status.REVIEW)
        for action in ("publish", "unpublish"):
            before = etag(reader)
            changelist = reverse("admin:reports_report_changelist")
            editor_client.post(changelist, {"action": action, "_selected_action": [draft.pk]})
            assert etag(reader) != before, action

    def test_scheduling(self, reader, story):
        draft = make_report(status=Report.Status.DRAFT)
        before = etag(reader)
        draft.status, draft.publish_at = Report.Status.PUBLISHED, timezone.now() + timedelta(days=3)
        draft.save()
        assert etag(reader) != before

    def test_a_scheduled_time_arriving(self, reader, story):
        before = etag(reader)
        Report.objects.filter(pk=story["scheduled"].pk).update(publish_at=timezone.now())
        assert etag(reader) != before

    def test_editing_a_published_report_and_its_write_ups(self, reader, story):
        for change in (lambda: story["report"].save(), lambda: story["writeup"].save()):
            before = etag(reader)
            change()
            assert etag(reader) != before

    def test_restoring_a_published_reports_version(self, reader, story):
        with reversion.create_revision():
            story["report"].save()
        before = etag(reader)
        Version.objects.get_for_object(story["report"]).first().revision.revert(delete=True)
        assert etag(reader) != before

    @pytest.mark.parametrize(
        "change",
        [
            lambda story: make_summit(),
            lambda story: make_session(summit=story["report"].summit),
            lambda story: make_track(),
            lambda story: make_project(),
            lambda story: make_author(),
            lambda story: rename_tag("ceph", "Ceph"),
            lambda story: Tag.objects.get(name="ceph").delete(),
            lambda story: story["writeup"].session.projects.add(make_project()),
        ],
        ids=["summit", "session", "track", "project", "author", "tag renamed", "tag deleted", "session projects"],
    )
    def test_shared_content(self, reader, story, change):
        before = etag(reader)
        change(story)
        assert etag(reader) != before


def rename_tag(old, new):
    tag = Tag.objects.get(name=old)
    tag.name = new
    tag.save()


def test_the_shared_version_is_kept_until_the_next_publish_time_at_most():
    """A version read from the shared cache expires after a minute, or sooner when a scheduled
    report is due, so that its publication shows on time."""
    assert version_timeout(None) == 60
    assert version_timeout(timezone.now() + timedelta(seconds=10)) <= 11
    assert version_timeout(timezone.now() + timedelta(hours=1)) == 60
    assert version_timeout(timezone.now() - timedelta(seconds=5)) == 1


class TestHeaders:
    def test_pages_can_be_cached_by_a_cdn(self, reader, story):
        response = reader.get("/tags/ceph/")
        assert response["Cache-Control"].startswith("public")
        assert response["ETag"] and response["Last-Modified"]
        assert {"Cookie", "Accept-Encoding"} <= {v.strip() for v in response["Vary"].split(",")}

    def test_signed_in_editors_never_get_or_fill_the_shared_cache(self, story, editor_client):
        editor_client.get("/")
        response = editor_client.get("/")
        assert "ETag" not in response
        assert "Cookie" in response["Vary"]

    def test_previews_are_private(self, story, editor_client):
        draft = make_report(status=Report.Status.DRAFT)
        response = editor_client.get(draft.get_preview_url())
        assert response["Cache-Control"] == "private, no-store"


# Committed transactions (transaction=True): a change reaches the shared cache when it commits.
@pytest.mark.django_db(transaction=True)
@pytest.mark.usefixtures("shared_cache")
class TestWithTheCacheInRedis:
    """With the cache in Redis the version is read from it, not the database: a kept page costs no
    query, and every change readers can see still shows on the next request."""

    def test_a_cached_page_and_a_304_need_no_database_query(self, reader, story, django_assert_num_queries):
        first = reader.get("/tags/ceph/")
        with django_assert_num_queries(0):
            assert reader.get("/tags/ceph/").content == first.content
            assert reader.get("/tags/ceph/", HTTP_IF_NONE_MATCH=first["ETag"]).status_code == 304

    def test_publishing_editing_and_deleting_show_at_once(self, reader, story, editor_client):
        warm(reader, story)
        draft = make_report(title="Fresh news", tags=["ceph"], status=Report.Status.REVIEW)
        changelist = reverse("admin:reports_report_changelist")
        editor_client.post(changelist, {"action": "publish", "_selected_action": [draft.pk]})
        assert "Fresh news" in reader.get("/tags/ceph/").content.decode()
        story["writeup"].body = "Edited in Redis"
        story["writeup"].save()
        assert "Edited in Redis" in reader.get("/tags/ceph/feed.atom").content.decode()
        editor_client.post(reverse("admin:reports_report_delete", args=[draft.pk]), {"post": "yes"})
        assert "Fresh news" not in reader.get("/tags/ceph/").content.decode()

    def test_writing_a_draft_keeps_the_shared_version(self, reader, story, django_assert_num_queries):
        draft = make_report(status=Report.Status.DRAFT, summit=story["report"].summit)
        reader.get("/tags/ceph/")
        draft.title = "Retitled draft"
        draft.save()
        make_writeup(draft, session=story["writeup"].session, tags=["ceph"])
        with django_assert_num_queries(0):
            reader.get("/tags/ceph/")
