"""Past one machine: public reads from replicas, writes on the primary; media on object storage."""

from datetime import timedelta

import pytest
from django.db import connections
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from .factories import make_report
from .tools import manage_with_env

# Committed data (transaction=True): the replica alias is a second connection to the test database.
pytestmark = pytest.mark.django_db(transaction=True, databases=["default", "replica1"])


@pytest.fixture
def replicas(settings):
    settings.DATABASE_REPLICAS = ["replica1"]
    settings.PAGE_CACHE_SECONDS = 0


def queries_by_alias(client, method, url, data=None):
    with (
        CaptureQueriesContext(connections["default"]) as primary,
        CaptureQueriesContext(connections["replica1"]) as replica,
    ):
        response = getattr(client, method)(url, data or {})
    return response, len(primary), len(replica)


def test_a_public_page_is_read_from_the_replica(replicas):
    """An anonymous reader's page is read entirely from a replica, not the primary."""
    report = make_report(title="Read me from a replica")
    response, primary, replica = queries_by_alias(Client(), "get", report.get_absolute_url())
    assert response.status_code == 200
    assert "Read me from a replica" in response.content.decode()
    assert replica > 0 and primary == 0


def test_feeds_are_read_from_the_replica(replicas):
    """Feeds are read entirely from a replica, not the primary."""
    make_report(tags=["ceph"])
    response, primary, replica = queries_by_alias(Client(), "get", "/tags/ceph/feed.atom")
    assert response.status_code == 200 and replica > 0 and primary == 0


def test_a_page_is_built_from_the_primary_while_the_replica_lags_behind_the_version(replicas, shared_cache):
    """The version in the shared cache is the primary's: a replica whose own version is older (it
    has not replayed the latest change) is asked for its version only, and the page is read from
    the primary. (tests/test_replication.py proves it with a real streaming replica.)"""
    from reports.caching import VERSION_KEY, current_version, version_as_stored

    report = make_report(title="Newer than the replica")
    # As if the primary had moved on and the replica had not caught up yet.
    shared_cache.set(VERSION_KEY, version_as_stored(current_version() + timedelta(hours=1)), 60)
    response, primary, replica = queries_by_alias(Client(), "get", report.get_absolute_url())
    assert response.status_code == 200
    assert replica == 1 and primary > 0  # the replica is only asked for its version


def test_the_admin_reads_and_writes_the_primary(replicas, editor_client):
    """The admin reads and writes the primary only, never a replica."""
    report = make_report()
    response, primary, replica = queries_by_alias(
        editor_client,
        "post",
        reverse("admin:reports_report_changelist"),
        {"action": "unpublish", "_selected_action": [report.pk]},
    )
    assert response.status_code == 302 and primary > 0 and replica == 0


def test_signed_in_users_read_the_public_site_from_the_primary(replicas, editor_client):
    """A signed-in user reads the public site from the primary, never a replica."""
    report = make_report()
    response, primary, replica = queries_by_alias(editor_client, "get", report.get_absolute_url())
    assert response.status_code == 200 and primary > 0 and replica == 0


def test_without_replicas_everything_uses_the_primary(settings):
    """With no replicas configured, public pages are read from the primary."""
    settings.DATABASE_REPLICAS = []
    report = make_report()
    response, primary, replica = queries_by_alias(Client(), "get", report.get_absolute_url())
    assert response.status_code == 200 and primary > 0 and replica == 0


def test_replica_urls_become_database_aliases():
    """Each URL in DATABASE_REPLICA_URLS becomes a numbered replica database alias (replica1, replica2, ...)."""
    code = "from django.conf import settings as s; print(s.DATABASE_REPLICAS, s.DATABASES['replica2']['HOST'])"
    result = manage_with_env(
        "shell",
        "-v",
        "0",
        "-c",
        code,
        DEBUG="1",
        DATABASE_URL="postgres://app@primary:5432/trips",
        DATABASE_REPLICA_URLS="postgres://app@replica-a:5432/trips,postgres://app@replica-b:5432/trips",
    )
    assert result.stdout.strip() == "['replica1', 'replica2'] replica-b", result.stderr


def test_media_goes_to_s3_compatible_storage_when_a_bucket_is_named():
    """When a bucket is named, media goes to S3-compatible storage, served from
    its custom domain, which the Content Security Policy allows for images."""
    code = (
        "from django.core.files.storage import storages; from django.conf import settings as s; "
        "d = storages['default']; "
        "print(type(d).__name__, d.url('images/a.png'), s.CONTENT_SECURITY_POLICY['DIRECTIVES']['img-src'][-1])"
    )
    result = manage_with_env(
        "shell",
        "-v",
        "0",
        "-c",
        code,
        DEBUG="1",
        AWS_STORAGE_BUCKET_NAME="trip-media",
        AWS_S3_CUSTOM_DOMAIN="media.trips.example.com",
        AWS_ACCESS_KEY_ID="x",
        AWS_SECRET_ACCESS_KEY="y",
    )
    assert result.stdout.split() == [
        "S3Storage",
        "https://media.trips.example.com/images/a.png",
        "https://media.trips.example.com",
    ], result.stderr
