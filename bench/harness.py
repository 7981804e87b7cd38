"""Shared plumbing for the load test and the benchmark: a scratch PostgreSQL database, the app
served by gunicorn with DEBUG off on loopback, and the load tools' figures."""

import os
import re
import secrets
import signal
import subprocess
import sys
import time
import urllib.error
import urllib.request
from contextlib import contextmanager
from pathlib import Path
from urllib.parse import urlparse

ROOT = Path(__file__).resolve().parent.parent
PYTHON = sys.executable
ADMIN_DATABASE = "postgres://postgres@127.0.0.1:5432/postgres"


def say(message):
    print(message, flush=True)


def recreate_database(url):
    """Drop and create the database named in `url` (a scratch database for this run only)."""
    import psycopg

    name = urlparse(url).path.lstrip("/")
    if not re.fullmatch(r"[a-z_][a-z0-9_]*", name):
        raise SystemExit(f"refusing to recreate a database named {name!r}")
    with psycopg.connect(ADMIN_DATABASE, autocommit=True) as connection:
        connection.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        connection.execute(f'CREATE DATABASE "{name}"')


def flush_redis(url):
    """Empty the Redis database the run uses (its own), or stop: the run needs it."""
    import redis

    try:
        redis.Redis.from_url(url, socket_connect_timeout=2).flushdb()
    except redis.RedisError as error:
        raise SystemExit(f"bench: Redis at {url} is needed: {error}") from error


def generate(env, database_url, reports):
    """A scratch database with `reports` generated reports (reports/management/commands/generate_data.py);
    answer the seconds generating took."""
    say(f"== generating {reports} reports into {database_url}")
    recreate_database(database_url)
    manage(env, "migrate", "--no-input", "-v", "0")
    started = time.monotonic()
    manage(env, "generate_data", "--reports", str(reports))
    seconds = time.monotonic() - started
    say(f"   generated in {seconds:.0f} s")
    return seconds


def app_env(database_url, **extra):
    """Production settings (DEBUG off) on plain-HTTP loopback."""
    env = dict(os.environ)
    env.update(
        DJANGO_SETTINGS_MODULE="summitblog.settings.base",
        DATABASE_URL=database_url,
        DEBUG="0",
        SECRET_KEY=env.get("BENCH_SECRET_KEY") or secrets.token_urlsafe(50),
        ALLOWED_HOSTS="127.0.0.1,localhost",
        SECURE_SSL_REDIRECT="0",
        SESSION_COOKIE_SECURE="0",
        CSRF_COOKIE_SECURE="0",
        SECURE_HSTS_SECONDS="0",
        LOG_LEVEL="WARNING",
    )
    env.update({key: str(value) for key, value in extra.items()})
    return env


def manage(env, *args):
    subprocess.run([PYTHON, "manage.py", *args], cwd=ROOT, env=env, check=True)


def setup_django(env):
    """Use the same settings in this process (for direct ORM work before the server starts)."""
    os.environ.update(env)
    import django

    django.setup()


@contextmanager
def gunicorn(env, port, workers=None, threads=1, log_path=None):
    """The app under gunicorn on 127.0.0.1:`port`; yields the base URL and the master process."""
    workers = workers or (2 * os.cpu_count() + 1)
    log = open(log_path or os.devnull, "w")
    process = subprocess.Popen(
        [
            PYTHON,
            "-m",
            "gunicorn",
            "summitblog.wsgi",
            "--bind",
            f"127.0.0.1:{port}",
            "--workers",
            str(workers),
            "--threads",
            str(threads),
            "--access-logfile",
            "-",
            "--access-logformat",
            "%(s)s %(U)s",
            "--error-logfile",
            "-",
            "--log-level",
            "warning",
        ],
        cwd=ROOT,
        env=env,
        stdout=log,
        stderr=subprocess.STDOUT,
        start_new_session=True,
    )
    base = f"http://127.0.0.1:{port}"
    try:
        for _ in range(100):
            try:
                # The server this script started, on loopback.
                urllib.request.urlopen(base + "/robots.txt", timeout=2)  # nosec B310
                break
            except OSError:
                if process.poll() is not None:
                    raise SystemExit("gunicorn exited during start-up; see its log") from None
                time.sleep(0.2)
        else:
            raise SystemExit("gunicorn did not answer within 20 s")
        yield base, process
    finally:
        os.killpg(process.pid, signal.SIGTERM)
        process.wait(timeout=30)
        log.close()


def worker_rss_mb(master):
    """Resident memory of each gunicorn worker (children of the master), in MB."""
    children = Path(f"/proc/{master.pid}/task/{master.pid}/children").read_text().split()
    sizes = []
    for pid in children:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmRSS:"):
                sizes.append(int(line.split()[1]) / 1024)
    return sizes


def fetch(url, headers=None):
    request = urllib.request.Request(url, headers=headers or {})
    try:
        # Only ever URLs of the server this script started, on loopback.
        with urllib.request.urlopen(request, timeout=30) as response:  # nosec B310
            return response.status, dict(response.headers), response.read()
    except urllib.error.HTTPError as error:  # urllib raises for a 304 too
        if error.code != 304:
            raise
        return error.code, dict(error.headers), b""
