"""What readers get while a part of the machinery fails: a real Redis stopped or paused, and a read
replica that refuses connections. The site answers from the database, quickly, and never stale."""

import logging
import shutil
import signal
import socket
import subprocess
import time

import pytest
from django.test import Client

from .factories import make_report, make_writeup
from .tools import require

pytestmark = pytest.mark.django_db

READER_URLS = ["/", "/tags/ceph/", "/tags/ceph/feed.atom"]


def free_port():
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


class RedisServer:
    """A redis-server of the test's own, which the test may stop, start again and pause."""

    def __init__(self):
        self.port = free_port()
        self.process = None

    @property
    def url(self):
        return f"redis://127.0.0.1:{self.port}/0"

    def start(self):
        command = ["redis-server", "--port", str(self.port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no"]
        self.process = subprocess.Popen(command, stdout=subprocess.PIPE, text=True)
        for line in self.process.stdout:  # its log: ready when it says so
            if "Ready to accept connections" in line:
                return
        raise RuntimeError("redis-server did not start")

    def stop(self):
        self.process.terminate()
        self.process.wait()

    def pause(self):
        self.process.send_signal(signal.SIGSTOP)

    def resume(self):
        self.process.send_signal(signal.SIGCONT)


@pytest.fixture
def redis_cache(settings):
    """The page cache (and everything cached) in a real Redis of the test's own."""
    require(shutil.which("redis-server"), "redis-server", "install Debian's redis-server package")
    server = RedisServer()
    server.start()
    settings.CACHES = {"default": {"BACKEND": "summitblog.cache.ResilientRedisCache", "LOCATION": server.url}}
    yield server
    server.resume()
    server.stop()


@pytest.fixture
def story(db):
    report = make_report(title="Before the outage", tags=["ceph"])
    make_writeup(report, tags=["ceph"], body="Notes.")
    return report


def read_everything(reader):
    """Every reader page: each answered 200 within two seconds; returns their texts."""
    texts = []
    for url in READER_URLS:
        started = time.monotonic()
        response = reader.get(url)
        assert response.status_code == 200, url
        assert time.monotonic() - started < 2.0, url
        texts.append(response.content.decode())
    return texts


def retitle(report, title):
    report.title = title
    report.save()


def test_pages_are_built_from_the_database_while_redis_is_stopped(redis_cache, story):
    """Redis stopped: pages answer 200 within a second or two and show edits made meanwhile;
    when Redis is back, nothing older than the edits is served."""
    reader = Client()
    assert all("Before the outage" in text for text in read_everything(reader))
    redis_cache.stop()
    retitle(story, "During the outage")
    assert all("During the outage" in text for text in read_everything(reader))
    redis_cache.start()
    retitle(story, "After the outage")
    assert all("After the outage" in text for text in read_everything(reader))


def test_pages_answer_while_redis_hangs(redis_cache, story):
    """Redis paused (accepting connections, answering nothing): short socket timeouts and a
    circuit breaker keep every page within two seconds; when it resumes with its old entries,
    they are not served for the newer content."""
    reader = Client()
    read_everything(reader)
    redis_cache.pause()
    retitle(story, "While Redis hangs")
    assert all("While Redis hangs" in text for text in read_everything(reader))
    redis_cache.resume()
    assert all("While Redis hangs" in text for text in read_everything(reader))


@pytest.fixture
def refusing_replica(settings):
    """Public reads from a replica alias whose server refuses connections: PostgreSQL on a port
    nobody listens on; SQLite, a file in a folder that does not exist. (Made as a connection of
    its own, not in DATABASES: the test case allows such connections, and sets up no database.)"""
    from django.db import connections

    from summitblog import routers

    replica = connections["default"].copy(alias="refusing")
    if replica.vendor == "sqlite":
        replica.settings_dict["NAME"] = "/nonexistent-directory/replica.sqlite3"
    else:
        replica.settings_dict.update(HOST="127.0.0.1", PORT=str(free_port()))
    replica.settings_dict["CONN_HEALTH_CHECKS"] = True
    connections["refusing"] = replica
    settings.DATABASE_REPLICAS = ["refusing"]
    settings.PAGE_CACHE_SECONDS = 0
    routers.REPLICA_UNAVAILABLE_UNTIL.pop("refusing", None)
    yield "refusing"
    routers.REPLICA_UNAVAILABLE_UNTIL.pop("refusing", None)
    del connections["refusing"]


def test_a_replica_that_refuses_connections_never_takes_the_site_down(refusing_replica, story, caplog):
    """Public pages and feeds are read from the primary within the same request, and the failing
    replica is left alone for a while (one warning for many requests) before it is tried again."""
    reader = Client()
    with caplog.at_level(logging.WARNING, logger="summitblog.routers"):
        texts = read_everything(reader) + read_everything(reader)
    assert all("Before the outage" in text for text in texts)
    warnings = [record for record in caplog.records if "refusing unavailable" in record.getMessage()]
    assert len(warnings) == 1
