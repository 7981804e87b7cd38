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
    for name, url in {**site.page_urls(), "sitemap": "/sitemap.xml", **sitemaps}.items():
        client.get(url)  # warm up anything cached per process (content types, etc.)
        with CaptureQueriesContext(connection) as captured:
            response = client.get(url)
        assert response.status_code == 200, name
        counts[name] = len(captured)
    return counts


@pytest.mark.django_db
def test_query_counts_do_not_grow_with_the_data(client):
    small = queries_per_page(client, build_site(scale=1))
    # Four times as much again, beside the first site: more summits, reports, write-ups and tags.
    large = queries_per_page(client, build_site(scale=4, prefix="big-"))
    assert large == small
    too_many = {name: count for name, count in large.items() if count > MAX_QUERIES_PER_PAGE}
    assert not too_many, f"pages over {MAX_QUERIES_PER_PAGE} queries: {too_many}"
