"""The editorial workflow end to end through the admin: write, submit, publish, read."""

import pytest
from django.urls import reverse

from reports.models import Report, Session

from .admin_forms import formset_data, report_form_data
from .factories import make_project, make_session, make_summit, make_track

pytestmark = pytest.mark.django_db


def test_contributor_writes_submits_and_editor_publishes(client, contributor, editor):
    """A contributor writes a report (adding a missing session from the popup) and submits it for
    review; it stays hidden until an editor publishes it, and readers then see it with its write-ups."""
    summit = make_summit(name="OpenStack Summit Sydney 2017", slug="sydney-2017")
    storage, networking = make_track(name="Storage"), make_track(name="Networking")
    ceph = make_project(name="Ceph")
    existing = make_session(summit=summit, title="Dos and Don'ts of Ceph", track=storage, projects=[ceph])

    client.force_login(contributor)
    # A session nobody has written up yet, added from the report form's "+" popup.
    response = client.post(
        reverse("admin:reports_session_add") + "?_popup=1",
        {
            "_popup": "1",
            "summit": summit.pk,
            "title": "Neutron to Neutron Routing",
            "slug": "neutron-to-neutron-routing",
            "kind": "breakout",
            "status": "held",
            "track": networking.pk,
            **formset_data("session_speakers", []),
        },
    )
    assert response.status_code == 200
    new_session = Session.objects.get(slug="neutron-to-neutron-routing")

    data = report_form_data(
        summit,
        [contributor.author],
        title="Sydney notes",
        slug="sydney-notes",
        tags="ceph, neutron",
        status="review",
        writeups=[
            {"session": existing, "body": "No QoS in Ceph yet.[^1]\n\n[^1]: Asked the speaker.", "tags": "ceph, qos"},
            {"session": new_session, "body": "BGP VPNs between clouds.", "tags": "neutron, bgp"},
        ],
    )
    response = client.post(reverse("admin:reports_report_add"), data)
    assert response.status_code == 302, response.context["adminform"].form.errors
    report = Report.objects.get(slug="sydney-notes")
    assert report.status == Report.Status.REVIEW
    assert list(report.authors.all()) == [contributor.author]
    assert sorted(report.tags.names()) == ["ceph", "neutron"]
    writeups = list(report.writeups.all())
    assert [w.session for w in writeups] == [existing, new_session]
    assert sorted(writeups[0].tags.names()) == ["ceph", "qos"]
    assert all(w.author == contributor.author for w in writeups)
    assert 'class="footnote"' in writeups[0].body_html

    client.logout()
    assert client.get(report.get_absolute_url()).status_code == 404

    client.force_login(editor)
    client.post(reverse("admin:reports_report_changelist"), {"action": "publish", "_selected_action": [report.pk]})
    client.logout()
    page = client.get(report.get_absolute_url())
    assert page.status_code == 200
    html = page.content.decode()
    assert "Dos and Don&#x27;ts of Ceph" in html and "Neutron to Neutron Routing" in html


def test_the_admin_forms_render_for_both_roles(client, contributor, editor):
    """The admin home, the report and session lists, and the report
    and image add forms open for contributors and editors alike."""
    summit = make_summit()
    make_session(summit=summit)
    for user in (contributor, editor):
        client.force_login(user)
        for name in [
            "admin:index",
            "admin:reports_report_add",
            "admin:reports_report_changelist",
            "admin:reports_session_changelist",
            "admin:reports_image_add",
        ]:
            assert client.get(reverse(name)).status_code == 200, (user, name)


def test_autocomplete_finds_sessions_for_contributors(contributor_client):
    """Contributors can find a session by a word of its title in the write-up's session autocomplete."""
    session = make_session(title="Move to Cells v2")
    response = contributor_client.get(
        reverse("admin:autocomplete"),
        {"term": "cells", "app_label": "reports", "model_name": "writeup", "field_name": "session"},
    )
    assert response.status_code == 200
    assert [row["id"] for row in response.json()["results"]] == [str(session.pk)]


def test_session_search_matches_every_word_in_title_speakers_or_summit(editor_client):
    """Session autocomplete finds the sessions where every word searched for,
    in any case and order, is in the title, the speakers or the summit's name."""
    sydney = make_summit(name="Sydney 2017")
    by_title = make_session(sydney, title="Cells v2 upgrade", speakers=["Dan Smith"])
    by_speaker = make_session(sydney, title="Placement", speakers=["Melanie Witt", "Dan Smith"])
    make_session(make_summit(name="Boston 2017"), title="Cells v2 upgrade, again")

    def found(term):
        response = editor_client.get(
            reverse("admin:autocomplete"),
            {"term": term, "app_label": "reports", "model_name": "writeup", "field_name": "session"},
        )
        assert response.status_code == 200
        return {int(row["id"]) for row in response.json()["results"]}

    assert found("sydney cells") == {by_title.pk}  # a summit's name and a word of the title
    assert found("SMITH sydney") == {by_title.pk, by_speaker.pk}  # any case, any order
    assert found("sydney nothing-like-this") == set()
