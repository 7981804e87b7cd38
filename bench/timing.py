"""Timing the served app: a single client's median latency, and wrk's figures under load."""

import re
import statistics
import subprocess
import time

from bench.harness import fetch

SINGLE_CLIENT_REQUESTS = 25
WRK_LATENCY = re.compile(r"^\s+(50|99)%\s+([\d.]+)(us|ms|s)\s*$", re.MULTILINE)
UNIT_MS = {"us": 0.001, "ms": 1, "s": 1000}


def single_client_p50s(urls, headers=None, requests=SINGLE_CLIENT_REQUESTS):
    """The median latency (ms) of each URL for one client, one request at a time. The URLs take
    turns, request by request, so that when the machine's speed drifts they all see the drift."""
    timings = [[] for _ in urls]
    for _ in range(requests):
        for url, url_timings in zip(urls, timings, strict=True):
            started = time.perf_counter()
            fetch(url, headers)
            url_timings.append((time.perf_counter() - started) * 1000)
    return [statistics.median(url_timings) for url_timings in timings]


def single_client_p50(url, headers=None):
    return single_client_p50s([url], headers)[0]


def wrk(url, seconds, connections, headers=()):
    """wrk's requests/s, p50 and p99 (ms) and errors (non-2xx/3xx responses and socket errors)."""
    command = ["wrk", "-t", "2", "-c", str(connections), "-d", f"{seconds}s", "--latency", "--timeout", "10s"]
    for header in headers:
        command += ["-H", header]
    output = subprocess.run([*command, url], capture_output=True, text=True, check=True).stdout
    latency = {int(p): float(v) * UNIT_MS[u] for p, v, u in WRK_LATENCY.findall(output)}
    rps = float(re.search(r"Requests/sec:\s+([\d.]+)", output).group(1))
    bad = re.search(r"Non-2xx or 3xx responses: (\d+)", output)
    socket_errors = re.search(r"Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)", output)
    errors = (int(bad.group(1)) if bad else 0) + (sum(map(int, socket_errors.groups())) if socket_errors else 0)
    return {"rps": rps, "p50": latency.get(50, 0.0), "p99": latency.get(99, 0.0), "errors": errors}


def warm(base, paths, connections):
    """Bring every worker to its steady state for each path: its connections, its compiled
    templates, and the counts of this content version (a request or two would reach only the
    workers they happen to land on)."""
    for path in paths:
        wrk(base + path, seconds=1, connections=connections)
        fetch(base + path)  # returns once a worker is free again
