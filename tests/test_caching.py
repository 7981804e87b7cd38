"""The page cache never shows a reader something older than what an editor just did."""

import time
from datetime import timedelta

import pytest
from django.core.cache import caches
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from reports.models import Report, WriteUp

from .admin_forms import report_form_data
from .factories import make_report, make_session, make_summit, make_writeup
from .tools import require_redis

pytestmark = pytest.mark.django_db


@pytest.fixture
def reader(db):
    """An anonymous browser of its own (editor_client is the `client` fixture, signed in)."""
    return Client()


@pytest.fixture
def story(db):
    """A published report with a tagged write-up, and a scheduled one, all pages cached once."""
    report = make_report(title="Cached title", tags=["ceph"], summary="First summary")
    writeup = make_writeup(
        report, session=make_session(summit=report.summit, title="Cached session"), tags=["ceph"], body="Cached body"
    )
    scheduled = make_report(
        title="Scheduled title", tags=["ceph"], summit=report.summit, publish_at=timezone.now() + timedelta(hours=2)
    )
    return {"report": report, "writeup": writeup, "scheduled": scheduled}


FORMATS = ("rss", "atom", "json")
PAGES = ["/", "/reports/", "/writeups/", "/tags/ceph/", "/tags/ceph/feed.atom", "/feed.rss"]


def warm(client, story):
    pages = [*PAGES, story["report"].get_absolute_url(), story["report"].summit.get_absolute_url()]
    for url in pages:
        first, second = client.get(url), client.get(url)
        assert first.status_code == second.status_code == 200
        assert first.content == second.content  # the second one came from the cache
    return pages


def test_pages_are_cached_and_served_from_the_cache(client, story, django_assert_max_num_queries):
    warm(client, story)
    with django_assert_max_num_queries(1):  # only the content version is read
        assert client.get("/tags/ceph/").status_code == 200


def test_the_caches_can_be_turned_off(client, story, settings, django_assert_max_num_queries):
    from django.core.cache import cache

    settings.PAGE_CACHE_SECONDS = 0
    client.get("/tags/ceph/")
    assert not [key for key in cache._cache if ":page:" in key]  # nothing kept whole
    settings.FRAGMENT_CACHE_SECONDS = 0
    caches["fragments"].clear()  # as in a process started with it off: nothing was ever kept
    client.get("/tags/ceph/")
    with pytest.raises(pytest.fail.Exception):
        with django_assert_max_num_queries(1):
            client.get("/tags/ceph/")  # built from scratch: the rows are read again


def test_a_kept_page_comes_back_with_the_headers_it_was_built_with(client, story, django_assert_num_queries):
    first = client.get("/tags/ceph/")
    with django_assert_num_queries(1):  # the content version; the page is served before any view runs
        again = client.get("/tags/ceph/")
    assert again.content == first.content
    for name in ("Content-Type", "Content-Security-Policy", "X-Frame-Options", "ETag", "Cache-Control", "Vary"):
        assert again[name] == first[name], name


class TestEveryEditorialActionShowsAtOnce:
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
        import reversion
        from reversion.models import Version

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

    def test_a_scheduled_report_appears_when_its_time_comes(self, reader, story):
        scheduled = story["scheduled"]
        scheduled.publish_at = timezone.now() + timedelta(seconds=2)
        scheduled.save()
        warm(reader, story)
        assert "Scheduled title" not in reader.get("/").content.decode()
        # No save, no signal from here on: only the clock moves past the publish time.
        time.sleep(max(0, (scheduled.publish_at - timezone.now()).total_seconds()) + 0.2)
        for url in ["/", "/tags/ceph/", "/tags/ceph/feed.atom"]:
            assert "Scheduled title" in reader.get(url).content.decode(), url

    def test_a_stale_etag_gets_the_new_page(self, reader, story):
        first = reader.get("/tags/ceph/")
        assert reader.get("/tags/ceph/", HTTP_IF_NONE_MATCH=first["ETag"]).status_code == 304
        WriteUp.objects.filter(pk=story["writeup"].pk).first().save()
        again = reader.get("/tags/ceph/", HTTP_IF_NONE_MATCH=first["ETag"])
        assert again.status_code == 200 and again["ETag"] != first["ETag"]


@pytest.mark.usefixtures("page_cache_off")
class TestEveryEditorialActionShowsAtOnceWithOnlyFragmentsKept(TestEveryEditorialActionShowsAtOnce):
    """With the page cache off, pages are built around kept rows, panels and feed entries
    (reports.fragments): an editor's action shows at once all the same."""


@pytest.fixture
def page_cache_off(settings):
    settings.PAGE_CACHE_SECONDS = 0


def test_pages_built_around_kept_fragments_are_the_pages_built_from_scratch(client, settings):
    from .site_data import build_site

    site = build_site(scale=1)
    session = site.sessions[0]
    feeds = [f"{base}feed.{fmt}" for base in ["/", "/tags/ceph/", session.get_absolute_url()] for fmt in FORMATS]
    urls = [*site.page_urls().values(), "/sitemap.xml", "/sitemap-reports.xml", "/writeups/?tag=ceph", *feeds]
    settings.PAGE_CACHE_SECONDS = settings.FRAGMENT_CACHE_SECONDS = 0
    from_scratch = {url: client.get(url).content for url in urls}
    settings.FRAGMENT_CACHE_SECONDS = 3600
    for url in urls:
        assert client.get(url).content == from_scratch[url], f"{url}, fragments made"
        assert client.get(url).content == from_scratch[url], f"{url}, fragments kept"


def test_kept_fragments_save_the_rows_queries(client, story, settings, django_assert_max_num_queries):
    settings.PAGE_CACHE_SECONDS = 0
    for url in ["/tags/ceph/", "/tags/ceph/feed.atom", "/"]:
        client.get(url)
        with django_assert_max_num_queries(2):  # the content version and the page's subject
            assert client.get(url).status_code == 200


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


def test_with_redis_the_cache_is_shared_and_still_never_stale(client, story, settings):
    require_redis()
    settings.CACHES = {
        alias: {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": "redis://127.0.0.1:6379/15",
            "KEY_PREFIX": f"summitblog-test-{alias}",
        }
        for alias in ("default", "fragments")
    }
    from django.core.cache import cache

    cache.clear()
    warm(client, story)
    assert any(key for key in cache._cache.get_client().keys("summitblog-test-default:*"))
    story["report"].title = "Title via Redis"
    story["report"].save()
    assert "Title via Redis" in client.get("/").content.decode()
    cache.clear()


# Committed transactions (transaction=True): a change reaches Redis when it commits, as in production.
@pytest.mark.django_db(transaction=True)
@pytest.mark.usefixtures("version_in_redis")
class TestEveryEditorialActionShowsAtOnceWithTheVersionInRedis(TestEveryEditorialActionShowsAtOnce):
    def test_a_cached_page_and_a_304_need_no_database_query(self, reader, story, django_assert_num_queries):
        first = reader.get("/tags/ceph/")
        assert reader.get("/tags/ceph/").content == first.content
        with django_assert_num_queries(0):
            assert reader.get("/tags/ceph/").status_code == 200
            assert reader.get("/tags/ceph/", HTTP_IF_NONE_MATCH=first["ETag"]).status_code == 304


@pytest.mark.django_db(transaction=True)
def test_a_slow_reader_cannot_store_a_version_older_than_a_write(version_in_redis, story):
    from reports.models import ContentVersion

    before = ContentVersion.current()
    version_in_redis.local.remembered = None  # as after a change: the next reader reads the database

    def read_then_a_write_commits():
        read = ContentVersion.current_and_next_due(using="default")
        story["report"].save()  # commits, and notes the write in Redis, after the read above
        return read

    assert version_in_redis.current(read_then_a_write_commits) == before
    assert ContentVersion.current() > before


def test_without_redis_the_version_is_read_from_the_database(story, django_assert_num_queries):
    reader = Client()
    reader.get("/tags/ceph/")
    with django_assert_num_queries(1):
        assert reader.get("/tags/ceph/").status_code == 200


@pytest.mark.django_db(transaction=True)
def test_another_process_forgets_its_version_when_an_editor_saves(version_in_redis, story):
    """A second thread has its own subscription and remembered version, as another worker would."""
    from concurrent.futures import ThreadPoolExecutor

    from django.db import connection

    from reports.models import ContentVersion

    def read_in_other_worker():
        try:
            return ContentVersion.current()
        finally:
            connection.close()

    with ThreadPoolExecutor(max_workers=1) as other_worker:
        before = other_worker.submit(read_in_other_worker).result()
        assert other_worker.submit(read_in_other_worker).result() == before  # remembered
        story["report"].save()  # returns once committed and announced
        assert other_worker.submit(read_in_other_worker).result() > before
