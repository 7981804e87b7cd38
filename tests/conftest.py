import pytest

from reports.models import Report

from .factories import make_author, make_report, make_user


@pytest.fixture
def editor(db):
    user = make_user("editor-user", role="Editor")
    make_author(user=user, display_name="Eddie Editor")
    return user


@pytest.fixture
def contributor(db):
    user = make_user("contributor-user", role="Contributor")
    make_author(user=user, display_name="Connie Contributor")
    return user


@pytest.fixture
def other_contributor(db):
    user = make_user("other-contributor", role="Contributor")
    make_author(user=user, display_name="Otto Other")
    return user


@pytest.fixture
def editor_client(client, editor):
    client.force_login(editor)
    return client


@pytest.fixture
def contributor_client(client, contributor):
    client.force_login(contributor)
    return client


@pytest.fixture
def reports_in_every_state(db):
    """One report per visibility state, keyed by the state's name."""
    from datetime import timedelta

    from django.utils import timezone

    return {
        "published": make_report(title="Published report"),
        "draft": make_report(title="Draft report", status=Report.Status.DRAFT),
        "review": make_report(title="Report in review", status=Report.Status.REVIEW),
        "scheduled": make_report(title="Scheduled report", publish_at=timezone.now() + timedelta(days=2)),
    }


@pytest.fixture(autouse=True)
def empty_cache():
    """Each test starts with empty caches (they live in process memory across tests)."""
    from django.core.cache import caches

    for cache in caches.all():
        cache.clear()


@pytest.fixture
def shared_cache(settings):
    """The cache in Redis, shared as by every web process in production (the content version is
    then read from it). A database of Redis's own for the tests, emptied before and after."""
    from django.core.cache import cache, caches

    from .tools import require_redis

    require_redis()
    settings.CACHES = {
        "default": {"BACKEND": "summitblog.cache.ResilientRedisCache", "LOCATION": "redis://127.0.0.1:6379/15"},
        # As in production: the pages also kept in the process's memory (summitblog.settings.base).
        "pages": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "LOCATION": "test-pages"},
    }
    cache.clear()
    caches["pages"].clear()
    yield cache
    cache.clear()
    caches["pages"].clear()


class CollectedMail:
    """What a real SMTP server on loopback received (aiosmtpd): one entry per message."""

    def __init__(self):
        self.messages = []
        self.refused = set()  # recipients it answers 550 (a mailbox that does not exist)

    async def handle_RCPT(self, server, session, envelope, address, rcpt_options):
        if address in self.refused:
            return "550 5.1.1 No such mailbox"
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server, session, envelope):
        from email import message_from_bytes
        from email.policy import default

        message = message_from_bytes(envelope.content, policy=default)
        self.messages.append({"to": envelope.rcpt_tos, "message": message})
        return "250 OK"

    def bodies(self):
        return [entry["message"].get_body(("plain",)).get_content() for entry in self.messages]


@pytest.fixture
def smtp_server(settings):
    """A real SMTP server on 127.0.0.1 that the site's email settings point at."""
    import socket

    from aiosmtpd.controller import Controller

    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    mail = CollectedMail()
    controller = Controller(mail, hostname="127.0.0.1", port=port)
    controller.start()
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT, settings.EMAIL_USE_TLS = "127.0.0.1", port, False
    settings.EMAIL_HOST_USER = settings.EMAIL_HOST_PASSWORD = ""
    yield mail
    controller.stop()
