"""The pages the benchmarks measure: one URL per public page type and feed kind, chosen from the
generated data, and what each costs built from scratch (SQL queries, bytes).

Used in-process by bench/run_bench.py; bench/run_bench_scale.py runs it once per database
(`python bench/pages.py`, with that database's environment) and reads the JSON it prints.
"""

import json
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

# The row whose conditional poll is answered 304 (a feed reader's poll of an unchanged feed).
POLLED_FEED = "feed tag (atom)"
VERSION_TABLE = '"reports_contentversion"'


def busiest_subjects():
    """The summit, session, track, project, tag, author and speaker with the most public work."""
    from django.db.models import Count
    from taggit.models import Tag

    from reports.models import Author, Project, Session, Speaker, Summit, Track
    from reports.stats import merged, public_counts

    tag_counts = merged(public_counts(), "tag_reports", "tag_writeups")
    return {
        "summit": Summit.objects.annotate(n=Count("reports")).order_by("-n", "pk").first(),
        "session": Session.objects.published().annotate(n=Count("writeups")).order_by("-n", "pk").first(),
        "track": Track.objects.annotate(n=Count("sessions")).order_by("-n", "pk").first(),
        # Not the busiest project: the eleventh, a page more like most of them.
        "project": Project.objects.annotate(n=Count("sessions")).order_by("-n", "pk")[10],
        "tag": Tag.objects.get(pk=max(tag_counts, key=lambda pk: sum(tag_counts[pk]))),
        "author": Author.objects.annotate(n=Count("writeups")).order_by("-n", "pk").first(),
        "speaker": Speaker.objects.annotate(n=Count("session_speakers")).order_by("-n", "pk").first(),
    }


def pick_urls():
    """{row name: URL} for every page type, then every feed kind."""
    from django.db.models import Count

    from reports.models import Report

    report = Report.objects.published().annotate(n=Count("writeups")).filter(n__gte=6).order_by("-publish_at").first()
    subject = busiest_subjects()
    summit, session, track, tag = subject["summit"], subject["session"], subject["track"], subject["tag"]
    pages = {
        "home": "/",
        "report": report.get_absolute_url(),
        "summit": summit.get_absolute_url(),
        "session": session.get_absolute_url(),
        "speaker": subject["speaker"].get_absolute_url(),
        "track": track.get_absolute_url(),
        "project": subject["project"].get_absolute_url(),
        "tag": f"/tags/{tag.slug}/",
        "author": subject["author"].get_absolute_url(),
        "summits index": "/summits/",
        "speakers index": "/speakers/",
        "tracks index": "/tracks/",
        "projects index": "/projects/",
        "tags index": "/tags/",
        "authors index": "/authors/",
        "reports list": "/reports/",
        "write-ups filtered": f"/writeups/?track={track.slug}&tag={tag.slug}&year={summit.start_date.year}",
        "search": "/search/?q=ceph+upgrades",
        "sitemap index": "/sitemap.xml",
        "sitemap reports": "/sitemap-reports.xml",
    }
    feeds = {
        "feed site (atom)": "/feed.atom",
        "feed tag (rss)": f"/tags/{tag.slug}/feed.rss",
        POLLED_FEED: f"/tags/{tag.slug}/feed.atom",
        "feed tag (json)": f"/tags/{tag.slug}/feed.json",
        **{f"feed {kind}": f"{pages[kind]}feed.atom" for kind in ["summit", "session", "speaker", "track", "project"]},
        "feed author": f"{pages['author']}feed.atom",
        "feed filtered": f"/writeups/feed.atom?track={track.slug}&tag={tag.slug}",
        "opml": "/feeds.opml",
    }
    return {**pages, **feeds}


def count_queries(urls):
    """{row name: (SQL queries, bytes)} of each URL built from scratch (no page cache; the counts
    and facets kept per content version, as in production), in this process."""
    from django.conf import settings
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    settings.PAGE_CACHE_SECONDS = 0
    client = Client(SERVER_NAME="127.0.0.1")
    figures = {}
    for name, url in urls.items():
        client.get(url)  # the counts and facets of this version, as any page after the first finds them
        with CaptureQueriesContext(connection) as captured:
            response = client.get(url)
        assert response.status_code == 200, (name, url, response.status_code)
        # The shared content version is read from the database once a minute, by whichever page
        # is asked for then: not a query of the page.
        page_queries = [query for query in captured if VERSION_TABLE not in query["sql"]]
        figures[name] = (len(page_queries), len(response.content))
    return figures


def main():
    """Print {row name: {url, queries, bytes}} as JSON, for the database the environment names."""
    import django

    django.setup()
    urls = pick_urls()
    figures = count_queries(urls)
    print(json.dumps({name: {"url": urls[name], "queries": q, "bytes": b} for name, (q, b) in figures.items()}))


if __name__ == "__main__":
    main()
