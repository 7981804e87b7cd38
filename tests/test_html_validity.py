"""Every public page type is valid HTML according to the Nu Html Checker."""

import json
import subprocess

import pytest
from django.core.management import call_command

from .site_data import build_site
from .tools import VNU_JAR, require_vnu

pytestmark = [pytest.mark.django_db, pytest.mark.validator]


def test_every_public_page_type_is_valid_html(client, settings, tmp_path):
    require_vnu()
    site = build_site(scale=1, prefix="t-")
    pages = dict(site.page_urls())
    pages["not-found"] = "/no/such/page/"
    settings.DEBUG = True
    call_command("load_demo", verbosity=0)
    settings.DEBUG = False
    pages["demo-report-with-cover"] = "/reports/sydney-2017-ceph-has-won/"
    pages["demo-team-report"] = "/reports/hong-kong-2013-ha-storage-deployment/"

    files = []
    for name, url in pages.items():
        response = client.get(url)
        assert response.status_code in (200, 404), name
        path = tmp_path / f"{name}.html"
        path.write_bytes(response.content)
        files.append(str(path))
    server_error = tmp_path / "server-error.html"
    server_error.write_text(render_500())
    files.append(str(server_error))

    result = subprocess.run(
        ["java", "-jar", str(VNU_JAR), "--errors-only", "--format", "json", *files],
        capture_output=True,
        text=True,
        timeout=300,
    )
    messages = json.loads(result.stderr or result.stdout or '{"messages": []}')["messages"]
    errors = [f"{m['url'].rsplit('/', 1)[-1]}:{m.get('lastLine')}: {m['message']}" for m in messages]
    assert not errors, "\n".join(errors)


def render_500():
    from django.template import loader

    return loader.get_template("500.html").render()
