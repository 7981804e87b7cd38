"""Bounded load test: sixteen readers for 60 s against gunicorn and PostgreSQL while an editor
publishes twenty reports; afterwards every one of them must be in its tag feed.

    make loadtest            (LOAD_SECONDS=60, LOAD_DATABASE_URL=postgres://postgres@127.0.0.1:5432/summitblog_load)

Prints requests/s, p50 and p99 latency, errors and 5xx responses; exits non-zero on any error.
"""

import csv
import os
import subprocess
import sys
import tempfile
from pathlib import Path
from xml.etree import ElementTree

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.harness import ROOT, app_env, fetch, gunicorn, manage, recreate_database, say, setup_django

SECONDS = int(os.environ.get("LOAD_SECONDS", "60"))
DATABASE = os.environ.get("LOAD_DATABASE_URL", "postgres://postgres@127.0.0.1:5432/summitblog_load")
PORT = int(os.environ.get("LOAD_PORT", "8765"))
# A demo tag readers can read from the first second; the new reports join its feed as they are published.
TAG = "ceph"
DRAFTS = 20

ATOM_LINK = "{http://www.w3.org/2005/Atom}link"


def prepare():
    say(f"== preparing {DATABASE}: migrate, demo content, {DRAFTS} drafts in review")
    recreate_database(DATABASE)
    env = app_env(DATABASE)
    manage(env, "migrate", "--no-input", "-v", "0")
    manage({**env, "DEBUG": "1"}, "load_demo")
    manage(env, "collectstatic", "--no-input", "-v", "0")
    setup_django(env)
    from reports.models import Author, Report, ReportAuthor, Session, WriteUp

    summit_session = Session.objects.select_related("summit").get(summit__slug="sydney-2017", slug="move-to-cells-v2")
    author = Author.objects.get(slug="owen-calloway")
    draft_ids = []
    for number in range(1, DRAFTS + 1):
        report = Report.objects.create(
            summit=summit_session.summit,
            title=f"Load test report {number}",
            slug=f"load-test-report-{number}",
            summary="Published while readers were reading.",
            status=Report.Status.REVIEW,
            introduction=f"Report number {number}.",
        )
        ReportAuthor.objects.create(report=report, author=author)
        report.tags.set([TAG])
        writeup = WriteUp.objects.create(report=report, session=summit_session, body=f"Write-up {number}.")
        writeup.tags.set([TAG])
        draft_ids.append(report.pk)
    report_url = Report.objects.published().first().get_absolute_url()
    return env, draft_ids, report_url


def run_locust(base, draft_ids, report_url, out_dir):
    env = dict(
        os.environ,
        LOAD_DRAFT_IDS=",".join(map(str, draft_ids)),
        LOAD_TAG=TAG,
        LOAD_REPORT_URL=report_url,
        LOAD_SUMMIT_URL="/summits/sydney-2017/",
        LOAD_SECONDS=str(SECONDS),
        LOAD_EDITOR="editor",
        LOAD_EDITOR_PASSWORD="demo-editor-pass",
    )
    say(f"== {SECONDS} s: 16 readers (home, summit, tag, report, tag feed) and 1 editor publishing {DRAFTS} reports")
    subprocess.run(
        [
            sys.executable,
            "-m",
            "locust",
            "-f",
            str(ROOT / "bench" / "loadtest_locustfile.py"),
            "--headless",
            "--users",
            "17",
            "--spawn-rate",
            "17",
            "--run-time",
            f"{SECONDS}s",
            "--host",
            base,
            "--csv",
            str(out_dir / "load"),
            "--only-summary",
            "--loglevel",
            "WARNING",
            "--stop-timeout",
            "10",
        ],
        cwd=ROOT,
        env=env,
        check=False,
    )
    with open(out_dir / "load_stats.csv") as stats:
        return list(csv.DictReader(stats))


def feed_pages(url, pages):
    """The first `pages` pages of an Atom feed, following its RFC 5005 "next" links (each report
    brings a write-up too, so twenty reports fill two pages of twenty items)."""
    text = b""
    for _ in range(pages):
        _, _, page = fetch(url)
        text += page
        # Our own feed, from the server this script started.
        links = ElementTree.fromstring(page).findall(ATOM_LINK)  # nosec B314
        older = [link.get("href") for link in links if link.get("rel") == "next"]
        if not older:
            break
        url = older[0]
    return text


def main():
    env, draft_ids, report_url = prepare()
    with tempfile.TemporaryDirectory() as tmp:
        out_dir = Path(tmp)
        log_path = out_dir / "gunicorn.log"
        with gunicorn(env, PORT, log_path=log_path) as (base, _master):
            rows = run_locust(base, draft_ids, report_url, out_dir)
            feed = feed_pages(f"{base}/tags/{TAG}/feed.atom", pages=3)
        statuses = [line.split(" ", 1)[0] for line in log_path.read_text().splitlines() if line[:1].isdigit()]

    from reports.models import Report

    published = Report.objects.filter(pk__in=draft_ids)
    in_feed = [report for report in published if f"urn:uuid:{report.uid}".encode() in feed]
    server_errors = sum(1 for status in statuses if status.startswith("5"))

    say("\n   name                      requests  failures    req/s   p50 ms   p99 ms")
    for row in rows:
        say(
            f"   {row['Name'][:24]:<24} {int(row['Request Count']):>9} {int(row['Failure Count']):>9} "
            f"{float(row['Requests/s']):>8.1f} {row['50%']:>8} {row['99%']:>8}"
        )
    total = next(row for row in rows if row["Name"] == "Aggregated")
    failures = int(total["Failure Count"])
    say(
        f"\n   requests/s {float(total['Requests/s']):.1f} · p50 {total['50%']} ms · p99 {total['99%']} ms · "
        f"errors {failures} · 5xx {server_errors} · published reports in the tag feed {len(in_feed)}/{DRAFTS}"
    )
    ok = failures == 0 and server_errors == 0 and len(in_feed) == DRAFTS
    say("PASS" if ok else "FAIL")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
