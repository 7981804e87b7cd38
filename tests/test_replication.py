"""A real PostgreSQL streaming replica whose WAL replay is paused: still no reader gets a stale page.

What this proves, end to end, with the application running in processes of its own (production
settings from the environment, the shared cache in Redis, a primary and a hot standby made here
with initdb and pg_basebackup):

* A reader never sees a page older than the content version announced in the shared cache, even
  when the replica their request was given has not replayed the change (its replay is paused): the
  report page, the home page and the site feed show a report's new title at once, while the
  standby, asked directly at that moment, still has the old one. (The replica's own version is
  behind the announced one, so summitblog.routers.ReplicaReadsMiddleware builds the page from the
  primary; reports.caching keys the page cache by the version, so no old page is served either.)
* Public reads do use the replica once it has caught up: they are not all sent to the primary.

The test brings its own clusters, so it runs whatever DATABASE_URL the rest of the suite uses. It
is skipped (failed in CI, REQUIRE_TEST_TOOLS=1) without the PostgreSQL server binaries or Redis.
"""

import json
import os
import pwd
import shutil
import socket
import subprocess
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path

import psycopg
import pytest

from .tools import manage_with_env, require, require_redis

DATABASE = "summitblog"
REDIS_URL = "redis://127.0.0.1:6379/14"
SLUG = "replicated-trip-report"
OLD_TITLE = "Trip report as first published"
NEW_TITLE = "Trip report renamed while the replica lags"
PUBLIC_URLS = {"report": f"/reports/{SLUG}/", "home": "/", "feed": "/feed.atom"}
SERVER_TOOLS = ("initdb", "pg_ctl", "pg_basebackup", "postgres")
WAIT_SECONDS = 30
# Appended to the primary's postgresql.conf (pg_basebackup copies it to the standby).
SERVER_CONF = """
listen_addresses = '127.0.0.1'
unix_socket_directories = '{sockets}'
wal_level = replica
max_wal_senders = 4
hot_standby = on
fsync = off
"""
HBA_CONF = """
host replication all 127.0.0.1/32 trust
host all all 127.0.0.1/32 trust
"""

# -- The application's side: scripts run with `manage.py shell -c`, printing JSON last ----------

READ_SCRIPT = """
import json
from django.db import connections
from django.test import Client
from django.test.utils import CaptureQueriesContext


def read(url):
    # One anonymous reader's GET: a fresh client, so no cookie from an earlier response.
    with (
        CaptureQueriesContext(connections["default"]) as primary,
        CaptureQueriesContext(connections["replica1"]) as replica,
    ):
        response = Client().get(url)
    body = response.content.decode()
    return {
        "status": response.status_code,
        "titles": [title for title in (OLD_TITLE, NEW_TITLE) if title in body],
        "primary_queries": len(primary),
        "replica_queries": len(replica),
    }
"""

SETUP_SCRIPT = """
from tests.factories import make_report, make_writeup

report = make_report(slug=SLUG, title=OLD_TITLE, tags=["replication"])
make_writeup(report)
print(json.dumps({"report": report.pk}))
"""

RENAME_SCRIPT = """
from reports.models import Report

before = {name: read(url) for name, url in PUBLIC_URLS.items()}
report = Report.objects.get(slug=SLUG)
report.title = NEW_TITLE
report.save()  # autocommit: committed here, and the new version is in the shared cache
after = {name: read(url) for name, url in PUBLIC_URLS.items()}
print(json.dumps({"before": before, "after": after}))
"""

READ_ALL_SCRIPT = """
print(json.dumps({name: read(url) for name, url in PUBLIC_URLS.items()}))
"""


def script(body):
    names = {"SLUG": SLUG, "OLD_TITLE": OLD_TITLE, "NEW_TITLE": NEW_TITLE, "PUBLIC_URLS": PUBLIC_URLS}
    return "".join(f"{name} = {value!r}\n" for name, value in names.items()) + READ_SCRIPT + body


def run_script(env, body):
    """Run a script in a fresh application process; what it printed last, as JSON."""
    result = manage_with_env("shell", "-c", script(body), **env)
    assert result.returncode == 0, f"manage.py shell failed:\n{result.stdout}\n{result.stderr}"
    return json.loads(result.stdout.strip().splitlines()[-1])


# -- PostgreSQL: a primary and a streaming hot standby of it ------------------------------------


def postgres_bindir():
    """Where the server binaries are: $PG_BINDIR, Debian's newest PostgreSQL, or the PATH."""
    debian = sorted(
        Path("/usr/lib/postgresql").glob("*/bin"),
        key=lambda path: [int(part) for part in path.parent.name.split(".") if part.isdigit()],
        reverse=True,
    )
    on_path = shutil.which("pg_ctl")
    for candidate in [os.environ.get("PG_BINDIR"), *debian, on_path and Path(on_path).parent]:
        if candidate and all((Path(candidate) / tool).exists() for tool in SERVER_TOOLS):
            return Path(candidate)
    return None


def as_server_user(command):
    """PostgreSQL refuses to run as root: as root, its commands run as the postgres user."""
    command = [str(part) for part in command]
    return ["runuser", "-u", "postgres", "--", *command] if os.geteuid() == 0 else command


def server_user_available():
    if os.geteuid() != 0:
        return True
    try:
        pwd.getpwnam("postgres")
    except KeyError:
        return False
    return shutil.which("runuser") is not None


def run(*command):
    result = subprocess.run(as_server_user(command), capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, f"{' '.join(map(str, command))} failed:\n{result.stdout}\n{result.stderr}"
    return result


def free_port():
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def wait_until(condition, what):
    """Poll `condition` until it holds, for at most WAIT_SECONDS."""
    deadline = time.monotonic() + WAIT_SECONDS
    while not condition():
        if time.monotonic() > deadline:
            raise AssertionError(f"gave up after {WAIT_SECONDS} s waiting for {what}")
        time.sleep(0.05)


@dataclass
class Server:
    bindir: Path
    datadir: Path
    port: int = field(default_factory=free_port)

    @property
    def url(self):
        return f"postgres://postgres@127.0.0.1:{self.port}/{DATABASE}"

    def start(self):
        """Start the server; `pg_ctl -w` returns once it accepts connections (a standby: read-only)."""
        log = self.datadir.with_suffix(".log")
        command = [self.bindir / "pg_ctl", "-D", self.datadir, "-l", log, "-o", f"-p {self.port}", "-w"]
        result = subprocess.run(
            as_server_user([*command, "-t", WAIT_SECONDS, "start"]),
            capture_output=True,
            text=True,
            timeout=WAIT_SECONDS + 30,
        )
        server_log = log.read_text() if log.exists() else ""
        assert result.returncode == 0, f"pg_ctl start failed:\n{result.stdout}\n{result.stderr}\n{server_log}"

    def stop(self):
        command = as_server_user([self.bindir / "pg_ctl", "-D", self.datadir, "-m", "immediate", "stop"])
        subprocess.run(command, capture_output=True, timeout=60)

    def query(self, sql, params=(), dbname=DATABASE):
        """One row (None for a command), in a connection of its own, in autocommit: the latest state."""
        with psycopg.connect(
            host="127.0.0.1", port=self.port, user="postgres", dbname=dbname, autocommit=True, connect_timeout=5
        ) as connection:
            cursor = connection.execute(sql, params)
            return cursor.fetchone() if cursor.description else None


def create_primary(bindir, root):
    primary = Server(bindir, root / "primary")
    run(bindir / "initdb", "-D", primary.datadir, "-U", "postgres", "-A", "trust", "-E", "UTF8", "--no-sync")
    with open(primary.datadir / "postgresql.conf", "a") as conf:
        conf.write(SERVER_CONF.format(sockets=root))
    with open(primary.datadir / "pg_hba.conf", "a") as hba:
        hba.write(HBA_CONF)
    return primary


def create_standby(primary, root):
    """A streaming replica: a base backup of the running primary, with its replication settings (-R)."""
    standby = Server(primary.bindir, root / "standby")
    run(
        primary.bindir / "pg_basebackup",
        *("-h", "127.0.0.1", "-p", primary.port, "-U", "postgres", "-D", standby.datadir),
        *("-R", "-X", "stream", "-c", "fast", "--no-sync"),
    )
    return standby


def wait_for_replay(primary, standby):
    """Until the standby has replayed everything the primary had written when this was called."""
    target = primary.query("SELECT pg_current_wal_lsn()::text")[0]
    replayed = "SELECT coalesce(pg_last_wal_replay_lsn() >= %s::pg_lsn, false)"
    wait_until(lambda: standby.query(replayed, (target,))[0], f"the standby to replay the WAL up to {target}")


def wait_for_receipt(primary, standby):
    """Until the standby has received (not necessarily replayed) all the primary's WAL so far."""
    target = primary.query("SELECT pg_current_wal_lsn()::text")[0]
    received = "SELECT coalesce(pg_last_wal_receive_lsn() >= %s::pg_lsn, false)"
    wait_until(lambda: standby.query(received, (target,))[0], f"the standby to receive the WAL up to {target}")


def pause_replay(standby):
    standby.query("SELECT pg_wal_replay_pause()")
    state = "SELECT pg_get_wal_replay_pause_state()"
    wait_until(lambda: standby.query(state)[0] == "paused", "the standby to pause its replay")


def resume_replay(standby):
    standby.query("SELECT pg_wal_replay_resume()")


def flush_redis():
    import redis

    redis.Redis.from_url(REDIS_URL, socket_timeout=5).flushdb()


# -- Fixtures -----------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def servers():
    """A primary and a hot standby streaming from it, in a temporary folder; stopped afterwards."""
    bindir = postgres_bindir()
    require(bindir, "the PostgreSQL server binaries", "install PostgreSQL's server (Debian: postgresql-15)")
    require(server_user_available(), "the postgres OS user and runuser", "install PostgreSQL's server package")
    root = Path(tempfile.mkdtemp(prefix="summitblog-replication-"))
    started = []
    try:
        if os.geteuid() == 0:
            shutil.chown(root, "postgres", "postgres")
        primary = create_primary(bindir, root)
        started.append(primary)
        primary.start()
        primary.query(f"CREATE DATABASE {DATABASE}", dbname="postgres")
        standby = create_standby(primary, root)
        started.append(standby)
        standby.start()
        yield primary, standby
    finally:
        for server in reversed(started):
            server.stop()
        shutil.rmtree(root, ignore_errors=True)


@dataclass
class Site:
    primary: Server
    standby: Server
    env: dict


@pytest.fixture(scope="module")
def site(servers):
    """The application on the primary and the standby, migrated, with one published report, the
    standby caught up; its own Redis database, emptied before and after."""
    require_redis()
    primary, standby = servers
    env = {
        "DJANGO_SETTINGS_MODULE": "tests.replication_settings",
        "DATABASE_URL": primary.url,
        "DATABASE_REPLICA_URLS": standby.url,
        "REDIS_URL": REDIS_URL,
        "DEBUG": "0",
        "SECRET_KEY": "replication-test-secret-key",
        "ALLOWED_HOSTS": "testserver",
        "SECURE_SSL_REDIRECT": "0",
        "PAGE_CACHE_SECONDS": "600",
        "MEDIA_ROOT": str(primary.datadir.parent / "media"),
        "LOG_LEVEL": "WARNING",
    }
    flush_redis()
    try:
        result = manage_with_env("migrate", "--no-input", **env)
        assert result.returncode == 0, f"migrate failed:\n{result.stdout}\n{result.stderr}"
        run_script(env, SETUP_SCRIPT)
        wait_for_replay(primary, standby)
        yield Site(primary, standby, env)
    finally:
        flush_redis()


# -- Tests --------------------------------------------------------------------------------------


def test_a_reader_never_gets_a_page_older_than_the_announced_version(site):
    """A reader never sees a page older than the announced version, even from a replica whose
    replay is paused: the title changed on the primary shows at once on the report page, the
    home page and the site feed, while the standby, which has received the change but not
    replayed it, still has the old title."""
    pause_replay(site.standby)
    try:
        seen = run_script(site.env, RENAME_SCRIPT)
        wait_for_receipt(site.primary, site.standby)  # the change is there; only the replay is held
        on_standby = site.standby.query("SELECT title FROM reports_report WHERE slug = %s", (SLUG,))[0]
        state = site.standby.query("SELECT pg_get_wal_replay_pause_state()")[0]
    finally:
        resume_replay(site.standby)
    assert (on_standby, state) == (OLD_TITLE, "paused"), "the standby replayed the change: this proves nothing"
    for name, page in seen["before"].items():
        # While the standby had caught up, the pages were read from it (so it is the replica in use).
        assert page["status"] == 200 and page["titles"] == [OLD_TITLE], (name, seen)
        assert page["replica_queries"] > 0, (name, seen)
    for name, page in seen["after"].items():
        assert page["status"] == 200 and page["titles"] == [NEW_TITLE], (name, seen)


def test_public_reads_use_the_replica_once_it_has_caught_up(site):
    """A reader never sees a page older than the announced version, even from a replica whose
    replay is paused; once the replica has caught up with that version, public pages are read
    from the replica again, and show what the primary has."""
    resume_replay(site.standby)
    wait_for_replay(site.primary, site.standby)
    title = site.primary.query("SELECT title FROM reports_report WHERE slug = %s", (SLUG,))[0]
    # No page cache in this process: every page is built, so the queries show where it was read.
    seen = run_script({**site.env, "PAGE_CACHE_SECONDS": "0"}, READ_ALL_SCRIPT)
    for name, page in seen.items():
        assert page["status"] == 200 and page["titles"] == [title], (name, seen)
        assert page["replica_queries"] > 0, (name, seen)
