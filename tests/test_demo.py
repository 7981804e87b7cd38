"""The demo loader: complete, idempotent, and never run in production."""

import pytest
from django.core.management import CommandError, call_command

from reports.models import Author, Image, Report, Session, Summit, WriteUp

pytestmark = pytest.mark.django_db


def counts():
    return {model.__name__: model.objects.count() for model in (Summit, Session, Author, Report, WriteUp, Image)}


def test_loads_the_demo_and_is_idempotent(settings, client):
    settings.DEBUG = True
    call_command("load_demo", verbosity=0)
    first = counts()
    assert first["Summit"] >= 4 and first["Report"] >= 5 and first["WriteUp"] >= 30
    call_command("load_demo", verbosity=0)
    assert counts() == first


def test_demo_covers_a_shared_session_with_two_write_ups(settings):
    settings.DEBUG = True
    call_command("load_demo", verbosity=0)
    shared = [s for s in Session.objects.published() if s.writeups.published().count() >= 2]
    assert shared, "two attendees of the same summit should have written up one session"


def test_demo_accounts_can_sign_in(settings, client):
    settings.DEBUG = True
    call_command("load_demo", verbosity=0)
    from reports import demo_content

    for account in demo_content.ACCOUNTS:
        client.logout()
        response = client.post(
            "/admin/login/?next=/admin/", {"username": account["username"], "password": account["password"]}
        )
        assert response.status_code == 302 and response.url == "/admin/"
        assert client.get("/admin/").status_code == 200


def test_demo_has_every_status(settings):
    settings.DEBUG = True
    call_command("load_demo", verbosity=0)
    assert {r.status for r in Report.objects.all()} == set(Report.Status.values)


def test_refuses_to_run_with_debug_off(settings):
    settings.DEBUG = False
    with pytest.raises(CommandError):
        call_command("load_demo", verbosity=0)
    assert not Report.objects.exists()
