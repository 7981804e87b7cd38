"""The benchmark behind `make bench-scale` (not in CI: generating takes a few minutes).

The from-scratch rows of `make bench` (SQL queries and a single client's p50 of every page type and
feed kind, no page cache, the counts and facets kept per content version as in production) at
100,000 reports (BENCH_SCALE_REPORTS) beside the same at 10,000 (BENCH_REPORTS), each in a scratch
database of its own with a Redis database of its own, both served at once by gunicorn (DEBUG off,
one worker each: one client needs no more). The two sizes take turns request by request, so the
machine's drift touches both alike. Prints one table with both sizes and their ratio, then the
targets: every page's p50 within 1.5x of its figure at 10,000, no more SQL queries, search p50
at most 100 ms, and the 100,000 reports generated in under 15 minutes.

Environment: BENCH_SCALE_DATABASE_URL (postgres://postgres@127.0.0.1:5432/summitblog_bench_scale),
BENCH_SCALE_BASE_DATABASE_URL (…/summitblog_bench_scale_base), BENCH_SCALE_REPORTS (100000),
BENCH_REPORTS (10000), BENCH_REUSE=1 to keep both databases as generated before. Redis databases
5 (10,000) and 4 (100,000) of 127.0.0.1:6379 are flushed at the start.
"""

import json
import os
import subprocess
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.harness import PYTHON, ROOT, app_env, fetch, flush_redis, generate, gunicorn, manage, say
from bench.timing import single_client_p50s

SIZES = [
    # (reports, database, Redis database: each size its own, so that their content versions never meet)
    (
        int(os.environ.get("BENCH_REPORTS", "10000")),
        os.environ.get(
            "BENCH_SCALE_BASE_DATABASE_URL", "postgres://postgres@127.0.0.1:5432/summitblog_bench_scale_base"
        ),
        "redis://127.0.0.1:6379/5",
    ),
    (
        int(os.environ.get("BENCH_SCALE_REPORTS", "100000")),
        os.environ.get("BENCH_SCALE_DATABASE_URL", "postgres://postgres@127.0.0.1:5432/summitblog_bench_scale"),
        "redis://127.0.0.1:6379/4",
    ),
]
PORTS = [8778, 8779]
TARGETS = {"ratio": 1.5, "search_p50_ms": 100, "generate_seconds": 15 * 60}


def prepare():
    """[(reports, environment, seconds generating took or None)], generated unless BENCH_REUSE=1."""
    sizes = []
    for reports, database, redis_url in SIZES:
        flush_redis(redis_url)
        env = app_env(database, ROOT_URLCONF="bench.urls", REDIS_URL=redis_url, PAGE_CACHE_SECONDS="0")
        seconds = generate(env, database, reports) if os.environ.get("BENCH_REUSE") != "1" else None
        sizes.append((reports, env, seconds))
    manage(sizes[0][1], "collectstatic", "--no-input", "-v", "0")
    return sizes


def rows_of(env):
    """{row name: {url, queries, bytes}} in the database of `env` (bench/pages.py, in a process of its own)."""
    output = subprocess.run(
        [PYTHON, str(ROOT / "bench" / "pages.py")], cwd=ROOT, env=env, capture_output=True, text=True, check=True
    ).stdout
    return json.loads(output)


def measure(envs, rows):
    """{row name: [p50 at each size]}: both servers up at once, the sizes taking turns."""
    with gunicorn(envs[0], PORTS[0], workers=1) as (base, _), gunicorn(envs[1], PORTS[1], workers=1) as (scaled, _):
        bases = [base, scaled]
        urls = {"ceiling": ["/bench/ceiling/"] * 2, **{name: [row[name]["url"] for row in rows] for name in rows[0]}}
        say("== warming both servers")
        for paths in urls.values():
            for _ in range(3):
                for server, path in zip(bases, paths, strict=True):
                    fetch(server + path)
        p50s = {}
        for name, paths in urls.items():
            say(f"   from scratch  {name}")
            p50s[name] = single_client_p50s([server + path for server, path in zip(bases, paths, strict=True)])
    return p50s


def report(sizes, rows, p50s):
    """Print the table and the targets; answer the targets missed."""
    small, large = sizes[0][0], sizes[1][0]
    say(f"\n{'':<24}{'SQL queries':>14} | p50 1 client, built from scratch")
    say(f"{'':<24}{small:>7}{large:>7} | {f'{small} reports':>15}{f'{large} reports':>16}{'ratio':>7}")
    problems = []
    for name, (p50, p50_large) in p50s.items():
        queries = [str(row[name]["queries"]) if name in row else "-" for row in rows]
        ratio = p50_large / p50
        say(f"{name:<24}{queries[0]:>7}{queries[1]:>7} | {p50:>12.1f} ms{p50_large:>13.1f} ms{ratio:>7.2f}")
        if name == "ceiling":
            continue
        if ratio > TARGETS["ratio"]:
            problems.append(f"{name}: p50 {ratio:.2f}x at {large} reports (target {TARGETS['ratio']})")
        # A feed page reads each kind of entry it holds in a few queries, and none for a kind it
        # does not hold: fewer queries at size mean a page of one kind, more would mean growth.
        if queries[0] != "-" and int(queries[1]) > int(queries[0]):
            problems.append(f"{name}: {queries[0]} SQL queries at {small} reports, {queries[1]} at {large}")
        if name == "search" and p50_large > TARGETS["search_p50_ms"]:
            problems.append(f"search: p50 {p50_large:.0f} ms at {large} reports (target {TARGETS['search_p50_ms']})")
    seconds = sizes[1][2]
    if seconds is not None:
        say(f"\n{large} reports generated in {seconds:.0f} s")
        if seconds > TARGETS["generate_seconds"]:
            problems.append(f"generating {large} reports took {seconds:.0f} s (target {TARGETS['generate_seconds']})")
    return problems


def main():
    sizes = prepare()
    envs = [env for _, env, _ in sizes]
    say("== SQL queries and bytes of every row, at each size")
    rows = [rows_of(env) for env in envs]
    p50s = measure(envs, rows)
    problems = report(sizes, rows, p50s)
    say(f"machine: {os.cpu_count()} cores, {os.uname().machine}, Python {sys.version.split()[0]}")
    say("\nTARGETS: all hold" if not problems else "\nTARGETS NOT MET:\n  " + "\n  ".join(problems))
    return 0 if not problems else 1


if __name__ == "__main__":
    sys.exit(main())
