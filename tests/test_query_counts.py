"""SQL queries per page stay the same whatever the size of the data (no N+1 in views or templates)."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from reports.sitemaps import SITEMAPS

from .site_data import build_site

MAX_QUERIES_PER_PAGE = 12


def queries_per_page(client, site):
    counts = {}
    sitemaps = {f"sitemap-{section}": f"/sitemap-{section}.xml" for section in SITEMAPS}
    session, summit = site.sessions[0], site.summits[0]
    feeds = {
        f"{name}-{fmt}": f"{base}feed.{fmt}"
        for name, base in [
            ("site-feed", "/"),
            ("tag-feed", "/tags/ceph/"),
            ("summit-feed", summit.get_absolute_url()),
            ("session-feed", session.get_absolute_url()),
            ("track-feed", session.track.get_absolute_url()),
            ("writeups-feed", "/writeups/"),
            ("reports-feed", "/reports/"),
        ]
        for fmt in ("rss", "atom", "json")
    }
    feeds["filtered-feed"] = f"/writeups/feed.atom?tag=ceph&track={session.track.slug}"
    for name, url in {**site.page_urls(), "sitemap": "/sitemap.xml", **sitemaps, **feeds}.items():
        client.get(url)  # warm up anything cached per process (content types, etc.)
        with CaptureQueriesContext(connection) as captured:
            response = client.get(url)
        assert response.status_code == 200, name
        counts[name] = len(captured)
    return counts


@pytest.mark.django_db
def test_query_counts_do_not_grow_with_the_data(client, settings):
    # Count the queries that build each page from scratch: no page cache.
    settings.PAGE_CACHE_SECONDS = 0
    small = queries_per_page(client, build_site(scale=1))
    # Four times as much again, beside the first site: more summits, reports, write-ups and tags.
    large = queries_per_page(client, build_site(scale=4, prefix="big-"))
    assert large == small
    too_many = {name: count for name, count in large.items() if count > MAX_QUERIES_PER_PAGE}
    assert not too_many, f"pages over {MAX_QUERIES_PER_PAGE} queries: {too_many}"


@pytest.mark.django_db
def test_the_admin_report_list_and_autocompletes_stay_bounded(client, django_user_model):
    """The editors' lists at size: the same number of queries with a few or many reports."""
    editor = django_user_model.objects.create_superuser("bounded-editor", password="x")
    client.force_login(editor)
    autocomplete = "/admin/autocomplete/?app_label=reports&"
    urls = {
        "report list": "/admin/reports/report/",
        "session autocomplete": autocomplete + "term=ceph&model_name=writeup&field_name=session",
        "project autocomplete": autocomplete + "term=ceph&model_name=session&field_name=projects",
    }

    def counts():
        found = {}
        for name, url in urls.items():
            client.get(url)
            with CaptureQueriesContext(connection) as captured:
                assert client.get(url).status_code == 200, name
            found[name] = len(captured)
        return found

    build_site(scale=1)
    small = counts()
    build_site(scale=4, prefix="big-")
    assert counts() == small
    assert small["report list"] <= 15
