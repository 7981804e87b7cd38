"""The benchmark behind `make bench`.

On PostgreSQL with generated data (BENCH_REPORTS, default 10,000 reports, about 60,000 write-ups),
served by gunicorn with DEBUG off and REDIS_URL set to a Redis database of its own (flushed at the
start), as in production. For every public page type and every feed kind: SQL queries and bytes of
a page built from scratch, a single client's p50 built from scratch (PAGE_CACHE_SECONDS=0: no page
cache at all; the counts and facets kept per content version as in production), and, with the page
cache on, wrk's requests/s, p50, p99 and errors on loopback (fixed duration and concurrency) and
the ratio to the ceiling: a trivial view returning a fixed 50 kB page through the same stack,
measured in turns with each row, second by second, because the machine's speed drifts. Then writing while reading
(bench/writing.py): 16 readers over the page mix with and without five authors saving drafts in
the admin, and an editor publishing one. Prints one table, then the admin at size, worker memory
and the targets.

Environment: BENCH_DATABASE_URL (postgres://postgres@127.0.0.1:5432/summitblog_bench),
BENCH_REPORTS (10000), BENCH_SECONDS (5 one-second load runs of each row, in turns with the
ceiling), BENCH_CONNECTIONS (16), BENCH_WRITE_SECONDS per reader run (60), BENCH_REUSE=1 to keep
an already generated database, BENCH_REDIS_URL (redis://127.0.0.1:6379/3), BENCH_ONLY
(comma-separated row names, for a quick look at a few).
"""

import os
import statistics
import subprocess
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench import writing
from bench.harness import app_env, fetch, flush_redis, generate, gunicorn, manage, say, setup_django, worker_rss_mb
from bench.pages import POLLED_FEED, busiest_subjects, count_queries, pick_urls
from bench.timing import single_client_p50, warm, wrk

DATABASE = os.environ.get("BENCH_DATABASE_URL", "postgres://postgres@127.0.0.1:5432/summitblog_bench")
REPORTS = int(os.environ.get("BENCH_REPORTS", "10000"))
SECONDS = int(os.environ.get("BENCH_SECONDS", "5"))
CONNECTIONS = int(os.environ.get("BENCH_CONNECTIONS", "16"))
WRITE_SECONDS = int(os.environ.get("BENCH_WRITE_SECONDS", "60"))
PORT = int(os.environ.get("BENCH_PORT", "8777"))
REDIS_URL = os.environ.get("BENCH_REDIS_URL", "redis://127.0.0.1:6379/3")
ONLY = [name.strip() for name in os.environ.get("BENCH_ONLY", "").split(",") if name.strip()]
POLL_ROW = "feed poll answered 304"
WRITING_ROW = "writing while reading"
# The pages that must show a report from the very request after it is published.
PUBLISHED_ON = ["home", "summit", "tag", "feed site (atom)"]

TARGETS = {
    "p50_scratch_ms": 50,
    "queries": 12,
    "ratio_cached": 0.9,
    "hits": 0.98,
    "p50_with_writers": 1.2,
    "rss_mb": 200,
    "admin_list_ms": 300,
    "admin_list_queries": 15,
    "autocomplete_ms": 100,
}


def prepare():
    """The database (generated, or kept with BENCH_REUSE=1), the authors and the editor; Django
    set up in this process with the app's settings."""
    flush_redis(REDIS_URL)
    env = app_env(DATABASE, ROOT_URLCONF="bench.urls", REDIS_URL=REDIS_URL)
    if os.environ.get("BENCH_REUSE") != "1":
        generate(env, DATABASE, REPORTS)
    manage(env, "collectstatic", "--no-input", "-v", "0")
    setup_django(env)
    subjects = busiest_subjects()
    # Before anything is measured: an author profile is public, so creating one moves the version.
    authors = writing.prepare_authors(subjects["summit"], subjects["tag"])
    return env, authors, writing.prepare_editor()


def poll_headers(base, url):
    """A feed reader's conditional poll: the feed's ETag as it last saw it."""
    return {"If-None-Match": fetch(base + url)[1]["ETag"]}


def measure_scratch(env, urls, polled):
    """A single client's p50 of every row built from scratch (no page cache), of the ceiling, and
    of the poll of `polled` answered 304."""
    results = {}
    with gunicorn({**env, "PAGE_CACHE_SECONDS": "0"}, PORT) as (base, _master):
        say("== built from scratch: warming every worker")
        warm(base, ["/bench/ceiling/", *urls.values()], CONNECTIONS)
        poll = poll_headers(base, polled)
        results["ceiling"] = {"single": single_client_p50(base + "/bench/ceiling/")}
        for name, url in [*urls.items(), (POLL_ROW, polled)]:
            say(f"   from scratch  {name}")
            results[name] = {"single": single_client_p50(base + url, poll if name == POLL_ROW else None)}
    return results


def loaded_rows(base, rows):
    """wrk's figures for each (name, URL, headers), against the ceiling measured in turns with it:
    one-second runs of the row and of the ceiling, alternating, SECONDS of each. The machine's
    speed drifts within seconds, so a row is compared with the ceiling of the same moments."""
    ceiling_url = base + "/bench/ceiling/"
    results, ceilings = {}, []
    for name, url, headers in rows:
        say(f"   page cache on {name}")
        row_slices, ceiling_slices = [], []
        for _ in range(SECONDS):
            ceiling_slices.append(wrk(ceiling_url, 1, CONNECTIONS))
            row_slices.append(wrk(base + url, 1, CONNECTIONS, headers))
        results[name] = {**combined(row_slices), "ceiling_rps": combined(ceiling_slices)["rps"]}
        ceilings += ceiling_slices
    rates = [ceiling["rps"] for ceiling in ceilings]
    say(f"   ceiling: {min(rates):.0f} to {max(rates):.0f} req/s in one-second runs")
    results["ceiling"] = {**combined(ceilings), "ceiling_rps": combined(ceilings)["rps"]}
    return results


def combined(slices):
    """wrk's figures of equal-length runs taken together: the mean rate, the median p50, the
    highest p99 and every error."""
    return {
        "rps": statistics.mean(run["rps"] for run in slices),
        "p50": statistics.median(run["p50"] for run in slices),
        "p99": max(run["p99"] for run in slices),
        "errors": sum(run["errors"] for run in slices),
    }


def writing_while_reading(base, urls, authors, editor_account):
    """Readers without, then with, the authors saving; then the editor publishes the first draft."""
    paths = list(urls.values())
    say(f"== writing while reading: {writing.READERS} readers for {WRITE_SECONDS} s, without writers")
    alone, _ = writing.read_while(base, paths, WRITE_SECONDS)
    say(f"   again, with {len(authors)} authors saving their drafts every {writing.SAVE_EVERY_SECONDS} s")
    writers = [(writing.AdminUser(base, username, password), report.pk) for username, password, report in authors]
    editor = writing.AdminUser(base, *editor_account)
    together, saves = writing.read_while(base, paths, WRITE_SECONDS, writers)
    report = authors[0][2]
    say(f"   the editor publishes {report.title!r}")
    shown = writing.shown_after_publishing(editor, report, {name: urls[name] for name in PUBLISHED_ON})
    return {"alone": alone, "together": together, "saves": saves, "shown": shown, "title": report.title}


def measure_cached(env, urls, every_url, authors, editor):
    """The page cache on: wrk's rows (`urls`, then the 304 poll), then writing while reading over
    `every_url`; and the workers' memory after."""
    with gunicorn(env, PORT) as (base, master):
        say("== page cache on: warming every worker")
        warm(base, ["/bench/ceiling/", *urls.values()], CONNECTIONS)
        rows = [(name, url, ()) for name, url in urls.items()]
        poll = [f"{key}: {value}" for key, value in poll_headers(base, every_url[POLLED_FEED]).items()]
        rows.append((POLL_ROW, every_url[POLLED_FEED], poll))
        loaded = loaded_rows(base, rows)
        writes = writing_while_reading(base, every_url, authors, editor)
        rss = max(worker_rss_mb(master))
    return loaded, writes, rss


def admin_at_size():
    """The report list and the autocompletes as an editor sees them, timed in this process."""
    from django.contrib.auth import get_user_model
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    client = Client(SERVER_NAME="127.0.0.1")
    client.force_login(get_user_model().objects.get(username="bench-editor"))
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


HEADER = (
    f"{'':<24}{'SQL':>4}{'bytes':>8} | {'from scratch':>12} | {'page cache on: req/s':>20}{'p50':>7}{'p99':>7}"
    f"{'ratio':>7}{'err':>5}\n{'':<36} | {'p50 1 client':>12} |"
)


def table_rows(names, queries, scratch, loaded):
    """The table's lines for `names` (the ceiling, every row, the 304 poll); and the targets they miss."""
    lines, problems = [], []
    for name in names:
        q, size = queries.get(name, ("-", "-"))
        row = loaded[name]
        ratio = row["rps"] / row["ceiling_rps"]
        lines.append(
            f"{name:<24}{q!s:>4}{size!s:>8} | {scratch[name]['single']:>9.1f} ms | {row['rps']:>20.0f}"
            f"{row['p50']:>7.1f}{row['p99']:>7.1f}{ratio:>7.2f}{row['errors']:>5}"
        )
        if name == "ceiling":
            continue
        if row["errors"]:
            problems.append(f"{name}: {row['errors']} errors under load")
        if ratio < TARGETS["ratio_cached"]:
            problems.append(f"{name}: page cache on at {ratio:.2f} of the ceiling (target {TARGETS['ratio_cached']})")
        if name == POLL_ROW:
            continue
        if scratch[name]["single"] > TARGETS["p50_scratch_ms"]:
            problems.append(
                f"{name}: p50 from scratch {scratch[name]['single']:.1f} ms (target {TARGETS['p50_scratch_ms']})"
            )
        if q > TARGETS["queries"]:
            problems.append(f"{name}: {q} SQL queries (target {TARGETS['queries']})")
    return lines, problems


def writing_row(writes):
    """The table's line for writing while reading, and the targets it misses."""
    alone, together, saves = writes["alone"], writes["together"], writes["saves"]
    slower = together["p50"] / alone["p50"]
    failed = sum(1 for ok, _ in saves if not ok)
    line = (
        f"{WRITING_ROW:<24}{'-':>4}{'-':>8} | {'-':>12} | {together['rps']:>20.0f}{together['p50']:>7.1f}"
        f"{together['p99']:>7.1f}{'-':>7}{together['errors']:>5} | page-cache hits {together['hits']:.3f}, "
        f"p50 {slower:.2f}x the {alone['p50']:.1f} ms without writers; {len(saves)} draft saves "
        f"(p50 {1000 * statistics.median(seconds for _, seconds in saves):.0f} ms), {failed} failed"
    )
    problems = []
    if together["errors"] or alone["errors"]:
        problems.append(f"{WRITING_ROW}: {alone['errors'] + together['errors']} readers' errors")
    if together["hits"] < TARGETS["hits"]:
        problems.append(f"{WRITING_ROW}: page-cache hits {together['hits']:.3f} (target {TARGETS['hits']})")
    if slower > TARGETS["p50_with_writers"]:
        problems.append(
            f"{WRITING_ROW}: readers' p50 {slower:.2f}x without writers (target {TARGETS['p50_with_writers']})"
        )
    if failed or not saves:
        problems.append(f"{WRITING_ROW}: {failed} of {len(saves)} draft saves failed")
    missing = [name for name, shown in writes["shown"].items() if not shown]
    if missing:
        problems.append(f"published report missing from the very next request of: {', '.join(missing)}")
    return line, problems


def admin_lines(admin):
    lines, problems = [], []
    for name, (ms, count) in admin.items():
        limit = TARGETS["admin_list_ms"] if name == "admin report list" else TARGETS["autocomplete_ms"]
        lines.append(f"{name:<24} {ms:7.1f} ms  {count:3d} queries")
        if ms > limit:
            problems.append(f"{name}: {ms:.0f} ms (target {limit})")
        if name == "admin report list" and count > TARGETS["admin_list_queries"]:
            problems.append(f"{name}: {count} queries (target {TARGETS['admin_list_queries']})")
    return lines, problems


def main():
    """Measure everything, print the table and the targets; exit 1 when a target is missed."""
    env, authors, editor = prepare()
    every_url = pick_urls()
    urls = {name: url for name, url in every_url.items() if not ONLY or name in ONLY}
    queries = count_queries(urls)
    say(
        f"== measuring every row built from scratch (single client), then with the page cache on (wrk: 2 threads, "
        f"{CONNECTIONS} connections, {SECONDS} s a row), then writing while reading ({WRITE_SECONDS} s a run)"
    )
    scratch = measure_scratch(env, urls, every_url[POLLED_FEED])
    loaded, writes, rss = measure_cached(env, urls, every_url, authors, editor)
    admin = admin_at_size()

    lines, problems = table_rows(["ceiling", *urls, POLL_ROW], queries, scratch, loaded)
    line, writing_problems = writing_row(writes)
    more_lines, admin_problems = admin_lines(admin)
    problems += writing_problems + admin_problems
    shown = ", ".join(name for name, ok in writes["shown"].items() if ok) or "none"
    say("\n" + "\n".join([HEADER, *lines, line]))
    say(f"\npublished {writes['title']!r} through the admin; its very next request showed it on: {shown}")
    say("\n".join(more_lines))
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
