"""The benchmark behind `make bench`.

On PostgreSQL with generated data (BENCH_REPORTS, default 10,000 reports, about 60,000 write-ups),
served by gunicorn with DEBUG off, for every public page type and every feed kind: SQL queries and
response bytes of a page built from scratch, a single client's p50 latency built from scratch (no
page cache, no kept fragments), and with the page cache off (rendered fragments kept per content
version, reports.fragments) and on: a single client's p50 and, under wrk on loopback (fixed
duration and concurrency), requests/s, p50 and p99 latency and errors. The same
for a trivial view returning a fixed 50 kB page through the same stack: the ceiling. Prints one
table with each row's ratio to the ceiling, then the admin at size, worker memory, and the targets.

Environment: BENCH_DATABASE_URL (postgres://postgres@127.0.0.1:5432/summitblog_bench),
BENCH_REPORTS (10000), BENCH_SECONDS per load run (5), BENCH_CONNECTIONS (16), BENCH_REUSE=1 to
keep an already generated database, BENCH_REDIS_URL (redis://127.0.0.1:6379/3: the content version
announcements, as in production), BENCH_ONLY (comma-separated row names, for a quick look at a few).
"""

import os
import re
import statistics
import subprocess
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.harness import (
    app_env,
    fetch,
    gunicorn,
    manage,
    recreate_database,
    say,
    setup_django,
    worker_rss_mb,
)

DATABASE = os.environ.get("BENCH_DATABASE_URL", "postgres://postgres@127.0.0.1:5432/summitblog_bench")
REPORTS = int(os.environ.get("BENCH_REPORTS", "10000"))
SECONDS = int(os.environ.get("BENCH_SECONDS", "5"))
CONNECTIONS = int(os.environ.get("BENCH_CONNECTIONS", "16"))
PORT = int(os.environ.get("BENCH_PORT", "8777"))
REDIS_URL = os.environ.get("BENCH_REDIS_URL", "redis://127.0.0.1:6379/3")
ONLY = [name.strip() for name in os.environ.get("BENCH_ONLY", "").split(",") if name.strip()]
SINGLE_CLIENT_REQUESTS = 25

TARGETS = {
    "p50_single_ms": 50,
    "ratio_off": 0.25,
    "ratio_on": 0.70,
    "ratio_304": 0.80,
    "queries": 12,
    "search_p50_ms": 100,
    "rss_mb": 200,
    "admin_list_ms": 300,
    "admin_list_queries": 15,
    "autocomplete_ms": 100,
}


def prepare():
    import redis

    try:
        redis.Redis.from_url(REDIS_URL, socket_connect_timeout=2).ping()
    except redis.RedisError as error:
        raise SystemExit(f"bench: Redis at {REDIS_URL} is needed (BENCH_REDIS_URL): {error}") from error
    env = app_env(DATABASE, ROOT_URLCONF="bench.urls", CONTENT_VERSION_REDIS_URL=REDIS_URL)
    if os.environ.get("BENCH_REUSE") != "1":
        say(f"== generating {REPORTS} reports into {DATABASE}")
        recreate_database(DATABASE)
        manage(env, "migrate", "--no-input", "-v", "0")
        started = time.monotonic()
        manage(env, "generate_data", "--reports", str(REPORTS))
        say(f"   generated in {time.monotonic() - started:.0f} s")
    manage(env, "collectstatic", "--no-input", "-v", "0")
    setup_django(env)
    return env


def pick_urls():
    """One representative URL per page type and feed kind, chosen from the generated data."""
    from django.db.models import Count
    from taggit.models import Tag

    from reports.models import Author, Project, Report, Session, Summit, Track, WriteUp
    from reports.stats import public_counts

    report = Report.objects.published().annotate(n=Count("writeups")).filter(n__gte=6).order_by("-publish_at").first()
    summit = Summit.objects.annotate(n=Count("reports")).order_by("-n").first()
    session = Session.objects.published().annotate(n=Count("writeups")).order_by("-n").first()
    track = Track.objects.annotate(n=Count("sessions")).order_by("-n").first()
    project = Project.objects.annotate(n=Count("sessions")).order_by("-n")[10]
    tag_counts = public_counts().tags
    tag = Tag.objects.get(pk=max(tag_counts, key=lambda pk: sum(tag_counts[pk])))
    author = Author.objects.annotate(n=Count("writeups")).order_by("-n").first()
    assert WriteUp.objects.published().count() > 0
    pages = {
        "home": "/",
        "report": report.get_absolute_url(),
        "summit": summit.get_absolute_url(),
        "session": session.get_absolute_url(),
        "track": track.get_absolute_url(),
        "project": project.get_absolute_url(),
        "tag": f"/tags/{tag.slug}/",
        "author": author.get_absolute_url(),
        "summits index": "/summits/",
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
        "feed tag (atom)": f"/tags/{tag.slug}/feed.atom",
        "feed tag (json)": f"/tags/{tag.slug}/feed.json",
        "feed summit": f"{summit.get_absolute_url()}feed.atom",
        "feed session": f"{session.get_absolute_url()}feed.atom",
        "feed track": f"{track.get_absolute_url()}feed.atom",
        "feed project": f"{project.get_absolute_url()}feed.atom",
        "feed author": f"{author.get_absolute_url()}feed.atom",
        "feed filtered": f"/writeups/feed.atom?track={track.slug}&tag={tag.slug}",
        "opml": "/feeds.opml",
    }
    return {**pages, **feeds}


def count_queries(urls):
    """SQL queries and bytes per URL, built from scratch (no page cache, no kept fragments), in this process."""
    from django.conf import settings
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    settings.PAGE_CACHE_SECONDS = settings.FRAGMENT_CACHE_SECONDS = 0
    client = Client(SERVER_NAME="127.0.0.1")
    figures = {}
    for name, url in urls.items():
        client.get(url)
        with CaptureQueriesContext(connection) as captured:
            response = client.get(url)
        assert response.status_code == 200, (name, url, response.status_code)
        figures[name] = (len(captured), len(response.content))
    return figures


def single_client_p50(url, headers=()):
    timings = []
    for _ in range(SINGLE_CLIENT_REQUESTS):
        started = time.perf_counter()
        fetch(url, dict(header.split(": ", 1) for header in headers))
        timings.append((time.perf_counter() - started) * 1000)
    return statistics.median(timings)


WRK_LATENCY = re.compile(r"^\s+(50|99)%\s+([\d.]+)(us|ms|s)\s*$", re.MULTILINE)
UNIT_MS = {"us": 0.001, "ms": 1, "s": 1000}


def wrk(url, headers=(), seconds=SECONDS):
    command = ["wrk", "-t", "2", "-c", str(CONNECTIONS), "-d", f"{seconds}s", "--latency", "--timeout", "10s"]
    for header in headers:
        command += ["-H", header]
    output = subprocess.run([*command, url], capture_output=True, text=True, check=True).stdout
    latency = {int(p): float(v) * UNIT_MS[u] for p, v, u in WRK_LATENCY.findall(output)}
    rps = float(re.search(r"Requests/sec:\s+([\d.]+)", output).group(1))
    bad = re.search(r"Non-2xx or 3xx responses: (\d+)", output)
    socket_errors = re.search(r"Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)", output)
    errors = (int(bad.group(1)) if bad else 0) + (sum(map(int, socket_errors.groups())) if socket_errors else 0)
    return {"rps": rps, "p50": latency.get(50, 0.0), "p99": latency.get(99, 0.0), "errors": errors}


# What each run keeps: built from scratch (single client only), the page cache off with rendered
# fragments kept (reports.fragments), and the page cache on.
MODES = {
    "scratch": {"PAGE_CACHE_SECONDS": "0", "FRAGMENT_CACHE_SECONDS": "0"},
    "off": {"PAGE_CACHE_SECONDS": "0"},
    "on": {"PAGE_CACHE_SECONDS": "600"},
}


def measure(env, urls, mode, poll_url):
    """Single-client p50 and (but from scratch) loaded figures for every URL, the ceiling and the 304 poll."""
    results = {}
    under_load = mode != "scratch"
    with gunicorn({**env, **MODES[mode]}, PORT, workers=2 * os.cpu_count() + 1) as (base, master):
        # Steady state: every worker has its connections, its share of the data caches (counts,
        # page orderings: seconds to compute at this size, once per version and worker) and its
        # fragments or pages; a request or two would warm only the workers they reach.
        for url in ["/bench/ceiling/", *urls.values()]:
            wrk(base + url, seconds=1)
            fetch(base + url)  # returns once a worker is free again
        # The machine's speed drifts (it is shared): the ceiling is measured between every two
        # rows, and each row's ratio is taken against the mean of the ceilings either side of it.
        ceiling_url = base + "/bench/ceiling/"
        ceilings = [{"single": single_client_p50(ceiling_url), **(wrk(ceiling_url) if under_load else {})}]
        tag_feed = base + poll_url
        _, headers, _ = fetch(tag_feed)
        rows = {name: (base + url, ()) for name, url in urls.items()}
        rows["feed poll answered 304"] = (tag_feed, [f"If-None-Match: {headers['ETag']}"])
        for name, (url, request_headers) in rows.items():
            say(f"   {mode:<8} {name}")
            results[name] = {"single": single_client_p50(url, request_headers)}
            if under_load:
                results[name].update(wrk(url, headers=request_headers))
                ceilings.append(wrk(ceiling_url))
                results[name]["ceiling_rps"] = (ceilings[-2]["rps"] + ceilings[-1]["rps"]) / 2
        if under_load:
            rates = [ceiling["rps"] for ceiling in ceilings]
            say(f"   ceiling: {min(rates):.0f} to {max(rates):.0f} req/s over the run")
            results["ceiling"] = {**ceilings[0], "rps": statistics.mean(rates), "ceiling_rps": statistics.mean(rates)}
        else:
            results["ceiling"] = ceilings[0]
        rss = worker_rss_mb(master)
    return results, rss


def admin_at_size():
    """The report list and the autocompletes as an editor sees them, timed in this process."""
    from django.contrib.auth import get_user_model
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    user, _ = get_user_model().objects.get_or_create(username="bench-editor", defaults={"is_staff": True})
    user.is_superuser = True
    user.save()
    client = Client(SERVER_NAME="127.0.0.1")
    client.force_login(user)
    autocomplete = "/admin/autocomplete/?app_label=reports&"
    checks = {
        "admin report list": "/admin/reports/report/",
        "autocomplete: session": autocomplete + "term=storage&model_name=writeup&field_name=session",
        "autocomplete: project": autocomplete + "term=ceph&model_name=session&field_name=projects",
        "autocomplete: tag": autocomplete + "term=nova&model_name=taggedreport&field_name=tag",
    }
    figures = {}
    for name, url in checks.items():
        client.get(url)
        timings = []
        for _ in range(7):
            with CaptureQueriesContext(connection) as captured:
                started = time.perf_counter()
                response = client.get(url)
                timings.append((time.perf_counter() - started) * 1000)
            assert response.status_code == 200, (name, response.status_code)
        figures[name] = (statistics.median(timings), len(captured))
    return figures


def main():
    env = prepare()
    every_url = pick_urls()
    urls = {name: url for name, url in every_url.items() if not ONLY or name in ONLY}
    queries = count_queries(urls)
    say(
        "== measuring pages built from scratch (single client), then with the page cache off "
        "(fragments kept), then on "
        f"(wrk: 2 threads, {CONNECTIONS} connections, {SECONDS} s per row; "
        f"single client: {SINGLE_CLIENT_REQUESTS} requests)"
    )
    poll_url = every_url["feed tag (atom)"]
    scratch, rss_scratch = measure(env, urls, "scratch", poll_url)
    off, rss_off = measure(env, urls, "off", poll_url)
    on, rss_on = measure(env, urls, "on", poll_url)
    admin = admin_at_size()

    problems = []
    say("")
    say(
        f"{'':<24}{'SQL':>4}{'bytes':>8} | {'from scratch: p50 1 client':>26} | {'cache off: p50 1 client':>23}"
        f"{'req/s':>8}{'p50':>7}{'p99':>7}{'ratio':>7}{'err':>5} | {'cache on: req/s':>15}{'p50':>7}{'p99':>7}"
        f"{'ratio':>7}{'err':>5}"
    )
    for name in ["ceiling", *urls, "feed poll answered 304"]:
        q, size = queries.get(name, ("-", "-"))
        a, b = off[name], on[name]
        ratio_off, ratio_on = a["rps"] / a["ceiling_rps"], b["rps"] / b["ceiling_rps"]
        say(
            f"{name:<24}{q!s:>4}{size!s:>8} | {scratch[name]['single']:>23.1f} ms |"
            f" {a['single']:>20.1f} ms{a['rps']:>8.0f}{a['p50']:>7.1f}{a['p99']:>7.1f}"
            f"{ratio_off:>7.2f}{a['errors']:>5} | {b['rps']:>15.0f}{b['p50']:>7.1f}{b['p99']:>7.1f}{ratio_on:>7.2f}"
            f"{b['errors']:>5}"
        )
        if name == "ceiling":
            continue
        if a["errors"] or b["errors"]:
            problems.append(f"{name}: errors under load")
        if name == "feed poll answered 304":
            if ratio_off < TARGETS["ratio_304"]:
                problems.append(f"{name}: {ratio_off:.2f} of the ceiling (target {TARGETS['ratio_304']})")
            continue
        limit = TARGETS["search_p50_ms"] if name == "search" else TARGETS["p50_single_ms"]
        for how, figures in [("from scratch", scratch), ("cache off", off)]:
            if figures[name]["single"] > limit:
                problems.append(f"{name}: single-client p50 {how} {figures[name]['single']:.0f} ms (target {limit})")
        if ratio_off < TARGETS["ratio_off"]:
            problems.append(f"{name}: cache off at {ratio_off:.2f} of the ceiling (target {TARGETS['ratio_off']})")
        if ratio_on < TARGETS["ratio_on"]:
            problems.append(f"{name}: cache on at {ratio_on:.2f} of the ceiling (target {TARGETS['ratio_on']})")
        if q > TARGETS["queries"]:
            problems.append(f"{name}: {q} SQL queries (target {TARGETS['queries']})")

    say("")
    for name, (ms, count) in admin.items():
        limit = TARGETS["admin_list_ms"] if name == "admin report list" else TARGETS["autocomplete_ms"]
        say(f"{name:<24} {ms:7.1f} ms  {count:3d} queries")
        if ms > limit:
            problems.append(f"{name}: {ms:.0f} ms (target {limit})")
        if name == "admin report list" and count > TARGETS["admin_list_queries"]:
            problems.append(f"{name}: {count} queries (target {TARGETS['admin_list_queries']})")
    rss = max(rss_scratch + rss_off + rss_on)
    say(f"gunicorn worker RSS after the runs: max {rss:.0f} MB")
    if rss > TARGETS["rss_mb"]:
        problems.append(f"worker RSS {rss:.0f} MB (target {TARGETS['rss_mb']})")
    say(
        f"machine: {os.cpu_count()} cores, {os.uname().machine}, Python {sys.version.split()[0]}, "
        f"{subprocess.run(['psql', '--version'], capture_output=True, text=True).stdout.strip()}"
    )
    say("\nTARGETS: all hold" if not problems else "\nTARGETS NOT MET:\n  " + "\n  ".join(problems))
    return 0 if not problems else 1


if __name__ == "__main__":
    sys.exit(main())
