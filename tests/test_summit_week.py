"""Summit week: the coverage board, follow-ups kept as data, and a summit's digest."""

from datetime import date, timedelta

import feedparser
import pytest
from bs4 import BeautifulSoup
from django.core.cache import caches
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test import TestCase
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from reports.followups import marked_items
from reports.models import FollowUp, Report, SummitMember

from .admin_forms import formset_data, report_form_data
from .factories import make_project, make_report, make_session, make_summit, make_track, make_user, make_writeup

pytestmark = pytest.mark.django_db

# A fixture schedule: two talks at 11:00, a workshop from 11:20 that overlaps both, and a Tuesday slot.
SCHEDULE = (
    "title,day,start,end,track\n"
    "Opening keynotes,2017-05-08,09:00,10:30,Keynotes\n"
    "Ceph at scale,2017-05-08,11:00,11:40,Storage\n"
    "Cells v2 in production,2017-05-08,11:00,11:40,Compute\n"
    "Manila hands-on workshop,2017-05-08,11:20,12:50,Storage\n"
    "Lightning talks,2017-05-09,14:00,14:40,Community\n"
)


def board_url(summit):
    return reverse("admin:reports_summit_coverage", args=[summit.pk])


def board_rows(response):
    """The board as the page shows it: {session title: {slot, planned, reports, flags}}."""
    assert response.status_code == 200
    page = BeautifulSoup(response.content, "html.parser")
    rows = {}
    for table in page.select("table.coverage-slot"):
        slot = table.caption.get_text(strip=True)
        for row in table.select("tbody tr"):
            cells = row.find_all("td")
            rows[row.select_one(".coverage-row__title").get_text(strip=True)] = {
                "slot": slot,
                "planned": " ".join(cells[0].get_text(" ", strip=True).split()),
                "reports": " ".join(cells[1].get_text(" ", strip=True).split()),
                "flags": [flag.get_text(strip=True) for flag in row.select(".coverage-flag")],
            }
    return rows


def clashes(response):
    page = BeautifulSoup(response.content, "html.parser")
    return [" ".join(item.get_text(" ", strip=True).split()) for item in page.select(".coverage-clashes li")]


def plan(client, summit, title, plan_value, person=None):
    session = summit.sessions.get(title=title)
    data = {"session": session.pk, "plan": plan_value, **({"person": person.pk} if person else {})}
    return client.post(board_url(summit), data)


@pytest.fixture
def boston(editor_client, contributor, other_contributor):
    """A summit with the fixture schedule imported, and two contributors on its team."""
    summit = make_summit(start_date=date(2017, 5, 8))
    upload = SimpleUploadedFile("schedule.csv", SCHEDULE.encode(), content_type="text/csv")
    url = reverse("admin:reports_summit_import_schedule", args=[summit.pk])
    assert editor_client.post(url, {"file": upload}).status_code == 302
    for user in (contributor, other_contributor):
        SummitMember.objects.create(summit=summit, user=user)
    return summit


def publish(report):
    with TestCase.captureOnCommitCallbacks(execute=True):
        report.status, report.publish_at = Report.Status.PUBLISHED, timezone.now() - timedelta(seconds=1)
        report.save()


class TestCoverageBoard:
    def test_slots_clashes_uncovered_and_double_write_ups(self, client, boston, contributor, other_contributor):
        """Sessions are grouped by start time; a person's overlapping plans are a clash; a session
        nobody plans or reports on is flagged, and so is one two people plan to write up."""
        client.force_login(contributor)
        assert plan(client, boston, "Ceph at scale", "write").status_code == 302
        assert plan(client, boston, "Manila hands-on workshop", "attend").status_code == 302
        client.force_login(other_contributor)
        plan(client, boston, "Ceph at scale", "write")
        plan(client, boston, "Opening keynotes", "attend")

        response = client.get(board_url(boston))
        rows = board_rows(response)
        assert [rows[title]["slot"] for title in rows] == ["09:00", "11:00", "11:00", "11:20", "14:00"]
        assert rows["Ceph at scale"]["planned"] == "Will write it up: Connie Contributor, Otto Other"
        assert "Written up twice" in rows["Ceph at scale"]["flags"]
        assert rows["Cells v2 in production"]["flags"] == ["Nobody covers it"]
        assert rows["Lightning talks"]["flags"] == ["Nobody covers it"]
        assert "Clash: Connie Contributor" in rows["Manila hands-on workshop"]["flags"]
        assert "Clash: Connie Contributor" in rows["Ceph at scale"]["flags"]
        assert "Nobody covers it" not in rows["Opening keynotes"]["flags"]
        assert clashes(response) == [
            "Connie Contributor : Ceph at scale and Manila hands-on workshop overlap (Mon 8 May, 11:00 and 11:20)."
        ]

    def test_the_reports_show_what_was_covered_without_revealing_drafts(
        self, client, boston, contributor, other_contributor, editor
    ):
        """What the reports cover fills the board: published reports for everyone, a draft only for
        its own authors and the editors."""
        cells = boston.sessions.get(title="Cells v2 in production")
        lightning = boston.sessions.get(title="Lightning talks")
        published = make_report(summit=boston, authors=[contributor.author])
        make_writeup(published, session=cells, body="Cells worked.")
        draft = make_report(summit=boston, authors=[other_contributor.author], status=Report.Status.DRAFT)
        make_writeup(draft, session=lightning, body="Five minutes each.")

        client.force_login(contributor)
        rows = board_rows(client.get(board_url(boston)))
        assert rows["Cells v2 in production"]["reports"] == "Written up by: Connie Contributor"
        assert rows["Cells v2 in production"]["flags"] == []
        assert rows["Lightning talks"]["reports"] == "Not in any report"
        client.force_login(other_contributor)
        assert board_rows(client.get(board_url(boston)))["Lightning talks"]["reports"] == "Written up by: Otto Other"
        client.force_login(editor)
        assert board_rows(client.get(board_url(boston)))["Lightning talks"]["reports"] == "Written up by: Otto Other"

    def test_only_the_team_and_the_editors_see_the_board(self, client, boston, editor):
        """A contributor who is not on the summit's team gets 403 for the board and its form;
        signed out, the admin asks to sign in."""
        outsider = make_user("outsider", role="Contributor")
        session = boston.sessions.first()
        client.logout()
        assert client.get(board_url(boston)).status_code == 302
        client.force_login(outsider)
        assert client.get(board_url(boston)).status_code == 403
        assert client.post(board_url(boston), {"session": session.pk, "plan": "write"}).status_code == 403
        assert not session.coverage_plans.exists()
        client.force_login(editor)
        assert client.get(board_url(boston)).status_code == 200

    def test_editors_assign_and_contributors_cannot_set_others_plans(
        self, client, boston, editor, contributor, other_contributor
    ):
        """An editor sets a team member's plan (the board shows it); a contributor's crafted post
        for someone else, or for another summit's session, is a form error and changes nothing."""
        client.force_login(editor)
        assert plan(client, boston, "Lightning talks", "write", person=other_contributor).status_code == 302
        client.force_login(contributor)
        response = plan(client, boston, "Cells v2 in production", "write", person=other_contributor)
        assert response.status_code == 400 and b"Only an editor" in response.content
        elsewhere = make_session(title="Another summit's talk")
        response = client.post(board_url(boston), {"session": elsewhere.pk, "plan": "write"})
        assert response.status_code == 400
        response = client.post(board_url(boston), {"session": "not-a-number", "plan": "sideways"})
        assert response.status_code == 400
        rows = board_rows(client.get(board_url(boston)))
        assert rows["Lightning talks"]["planned"] == "Will write it up: Otto Other"
        assert rows["Cells v2 in production"]["planned"] == "No plans"

    def test_clearing_a_plan(self, client, boston, contributor):
        """ "No plan" takes the person off the session again."""
        client.force_login(contributor)
        plan(client, boston, "Lightning talks", "attend")
        plan(client, boston, "Lightning talks", "")
        assert board_rows(client.get(board_url(boston)))["Lightning talks"]["planned"] == "No plans"

    def test_the_summit_page_says_how_many_attendees_covered_it(self, client, boston, contributor):
        """Readers see "covered by N attendees" from published reports only."""
        report = make_report(summit=boston, authors=[contributor.author])
        make_writeup(report, session=boston.sessions.get(title="Ceph at scale"))
        draft = make_report(summit=boston, status=Report.Status.DRAFT)
        make_writeup(draft, session=boston.sessions.get(title="Lightning talks"))
        text = " ".join(BeautifulSoup(client.get(boston.get_absolute_url()).content, "html.parser").get_text().split())
        assert "Covered by 1 attendee: 1 session attended, 1 written up." in text


class TestFollowUpMarking:
    def test_lines_and_tasks_are_follow_ups(self):
        """`Follow-up:` lines (plain, bold, in a list) and task items are follow-ups; a code block
        and ordinary lines are not; a follow-up runs on over its paragraph; @name is its person."""
        text = (
            "We liked it.\n\n"
            "Follow-up: ask @dara about Ceph\nquotas next week.\n\n"
            "**Follow-up:** read the Manila docs\n\n"
            "- Follow-up: try Cinder QoS\n"
            "- a plain item\n"
            "- [ ] watch the recording\n"
            "- [x] email the speaker\n\n"
            "```\nFollow-up: not this one\n```\n"
            "Nothing to follow up here.\n"
        )
        items = [(item.text, item.done, item.person) for item in marked_items(text)]
        assert items == [
            ("ask @dara about Ceph quotas next week.", False, "dara"),
            ("read the Manila docs", False, ""),
            ("try Cinder QoS", False, ""),
            ("watch the recording", False, ""),
            ("email the speaker", True, ""),
        ]


def follow_up_list(client, **query):
    """The public follow-ups page as (state, text, project) rows."""
    response = client.get(reverse("reports:follow-ups"), query)
    assert response.status_code == 200
    page = BeautifulSoup(response.content, "html.parser")
    rows = []
    for item in page.select("li.follow-up-item"):
        meta = item.select_one(".follow-up-item__meta a")
        rows.append(
            (
                "done" if "follow-up-item--done" in item["class"] else "open",
                item.select_one(".follow-up-item__text").get_text(strip=True),
                meta.get_text(strip=True) if meta and "/projects/" in meta["href"] else None,
            )
        )
    return rows


def edit_body(editor_client, report, writeup, body):
    data = report_form_data(
        report.summit,
        report.ordered_authors,
        report=report,
        status=report.status,
        publish_at_0="",
        writeups=[{"id": writeup.pk, "session": writeup.session, "body": body}],
    )
    data.update({key: value for key, value in published_time(report).items()})
    response = editor_client.post(reverse("admin:reports_report_change", args=[report.pk]), data)
    assert response.status_code == 302, response.content.decode()[:2000]


def published_time(report):
    local = timezone.localtime(report.publish_at)
    return {"publish_at_0": local.strftime("%Y-%m-%d"), "publish_at_1": local.strftime("%H:%M:%S")}


class TestFollowUpsAsData:
    def test_edits_add_change_and_remove_follow_ups_and_done_stays_done(self, editor_client, client):
        """Saving a section brings its follow-ups in line with its text; one an editor marked
        done stays done through later edits, and a ticked task is done."""
        ceph = make_project(name="Ceph", slug="ceph")
        report = make_report(title="Sydney notes")
        writeup = make_writeup(report, body="Follow-up: ask about Ceph QoS\n\nFollow-up: find the slides")
        assert follow_up_list(client) == [("open", "ask about Ceph QoS", "Ceph"), ("open", "find the slides", None)]

        done = FollowUp.objects.get(text="find the slides")
        response = editor_client.post(
            reverse("admin:reports_followup_changelist"),
            {"action": "mark_done", "_selected_action": [done.pk], "index": 0},
        )
        assert response.status_code == 302
        edit_body(
            editor_client,
            report,
            writeup,
            "Follow-up: find the slides\n\n- [ ] try Manila\n- [x] email the speaker",
        )
        client.logout()
        assert follow_up_list(client) == [
            ("open", "try Manila", None),
            ("done", "find the slides", None),
            ("done", "email the speaker", None),
        ]
        assert follow_up_list(client, project=ceph.slug) == []

    def test_contributors_mark_their_own_follow_ups_only(self, client, contributor, other_contributor):
        """A report's writer marks its follow-ups done; a crafted action, change or history request
        for someone else's report changes nothing and shows nothing."""
        mine = make_report(authors=[contributor.author])
        make_writeup(mine, body="Follow-up: mine")
        theirs = make_report(authors=[other_contributor.author])
        make_writeup(theirs, body="Follow-up: theirs")
        mine_item, their_item = FollowUp.objects.get(text="mine"), FollowUp.objects.get(text="theirs")
        client.force_login(contributor)
        changelist = reverse("admin:reports_followup_changelist")
        listing = client.get(changelist).content.decode()
        assert "mine" in listing and "theirs" not in listing
        client.post(changelist, {"action": "mark_done", "_selected_action": [mine_item.pk, their_item.pk]})
        for view in ("change", "history"):
            url = reverse(f"admin:reports_followup_{view}", args=[their_item.pk])
            assert client.get(url).status_code in (302, 403, 404)
        url = reverse("admin:reports_followup_change", args=[their_item.pk])
        client.post(url, {"done": "on"})
        client.logout()
        assert sorted(follow_up_list(client)) == [("done", "mine", None), ("open", "theirs", None)]

    def test_unpublished_follow_ups_are_nowhere_public(self, client, reports_in_every_state):
        """Follow-ups of drafts, reports in review and scheduled reports are not on the list, the
        feed, a project page or a summit's digest."""
        project = make_project(name="Manila", slug="manila")
        for state, report in reports_in_every_state.items():
            make_writeup(
                report,
                session=make_session(summit=report.summit, projects=[project]),
                body=f"Follow-up: Manila {state}",
            )
        assert follow_up_list(client) == [("open", "Manila published", "Manila")]
        feed = feedparser.parse(client.get(reverse("reports:follow-up-feed", kwargs={"fmt": "atom"})).content)
        assert [entry.title for entry in feed.entries] == ["Manila published"]
        project_page = client.get(project.get_absolute_url()).content.decode()
        assert "Manila published" in project_page and "Manila draft" not in project_page
        for report in reports_in_every_state.values():
            digest = client.get(reverse("reports:summit-digest", kwargs={"slug": report.summit.slug}))
            assert digest.status_code == 200
            assert "Manila draft" not in digest.content.decode() and "Manila scheduled" not in digest.content.decode()

    def test_a_project_page_lists_open_follow_ups_from_the_last_three_summits(self, client):
        """A project's page shows its open follow-ups from the three latest summits; older or done
        ones are on the full list."""
        ceph = make_project(name="Ceph", slug="ceph")
        for year in (2014, 2015, 2016, 2017):
            summit = make_summit(name=f"Summit {year}", start_date=date(year, 5, 1))
            report = make_report(summit=summit)
            session = make_session(summit=summit, projects=[ceph])
            make_writeup(report, session=session, body=f"- [ ] Ceph item {year}\n- [x] Ceph done {year}")
        page = BeautifulSoup(client.get(ceph.get_absolute_url()).content, "html.parser")
        listed = [item.select_one(".follow-up-item__text").get_text() for item in page.select(".follow-ups li")]
        assert sorted(listed) == ["Ceph item 2015", "Ceph item 2016", "Ceph item 2017"]
        assert len(follow_up_list(client, project="ceph")) == 8

    def test_follow_ups_render_as_ticked_boxes_and_marked_lines(self, client):
        """On the report page a task shows its box, ticked when done, and a follow-up line stands out."""
        report = make_report()
        make_writeup(report, body="- [ ] open one\n- [x] closed one\n\nFollow-up: a line")
        page = BeautifulSoup(client.get(report.get_absolute_url()).content, "html.parser")
        assert [item.get_text() for item in page.select(".prose li.task")] == ["☐ open one", "☑ closed one"]
        assert page.select_one(".prose p.follow-up").get_text() == "Follow-up: a line"
        listed = [item.get_text(" ", strip=True) for item in page.select("#report-follow-ups li")]
        assert len(listed) == 3 and listed[1].startswith("☑ Done: closed one")


def digest_text(client, summit):
    response = client.get(reverse("reports:summit-digest", kwargs={"slug": summit.slug}))
    assert response.status_code == 200
    return " ".join(BeautifulSoup(response.content, "html.parser").get_text(" ").split())


class TestDigest:
    @pytest.fixture
    def week(self, contributor, other_contributor):
        summit = make_summit(name="Sydney 2017", slug="sydney-2017", start_date=date(2017, 11, 6))
        storage, networking = make_track(name="Storage"), make_track(name="Networking")
        ceph = make_session(summit=summit, title="CephFS now fully awesome", track=storage, day=date(2017, 11, 6))
        bgp = make_session(summit=summit, title="BGP in Neutron", track=networking, day=date(2017, 11, 7))
        make_session(summit=summit, title="Nobody went here")
        secret = make_session(summit=summit, title="Draft-only session", track=storage)
        report = make_report(summit=summit, authors=[contributor.author], title="Sydney by Connie")
        make_writeup(report, session=ceph, verdict="recommended", body="CephFS is ready for Manila.\n\n- [ ] try it")
        make_writeup(report, heading="Hallway track", body="Talked to three operators.")
        other = make_report(summit=summit, authors=[other_contributor.author], title="Sydney by Otto")
        make_writeup(other, session=bgp, verdict="skip", body="BGP speakers everywhere.")
        other.attendances.create(session=ceph, note="")
        draft = make_report(summit=summit, status=Report.Status.DRAFT, title="Unfinished draft")
        make_writeup(draft, session=secret, body="Words nobody may read yet.\n\nFollow-up: secret plan")
        return summit, draft

    def test_the_digest_holds_sessions_by_track_with_who_covered_them(self, client, week):
        """The digest lists the summit's published write-ups by track with their first lines,
        verdicts and writers, who else attended, free sections, follow-ups and coverage figures."""
        summit, _ = week
        text = digest_text(client, summit)
        assert text.index("Networking") < text.index("BGP in Neutron") < text.index("Storage")
        assert "Recommended CephFS is ready for Manila." in text and "Written up by Connie Contributor" in text
        assert "Skip it BGP speakers everywhere." in text
        assert "Also attended by Otto Other" in text
        assert "Hallway track Talked to three operators." in text
        assert "☐ Open: try it" in text
        assert "2 attendees reporting 2 sessions attended 2 written up 2 of 4 on the programme uncovered" in text

    def test_unpublished_work_never_appears_until_it_is_published(self, client, week, editor_client):
        """A draft's sessions, words and follow-ups are absent; once published, the (cached) digest
        shows them, and an editor's pinned introduction sits on top."""
        summit, draft = week
        text = digest_text(client, summit)
        for hidden in ("Unfinished draft", "Draft-only session", "Words nobody may read", "secret plan"):
            assert hidden not in text
        publish(draft)
        text = digest_text(client, summit)
        assert "Draft-only session" in text and "secret plan" in text

        data = {
            "name": summit.name,
            "slug": summit.slug,
            "city": summit.city,
            "country": summit.country,
            "start_date": summit.start_date.isoformat(),
            "end_date": summit.end_date.isoformat(),
            "digest_intro": "Read **the storage track** first.",
            **formset_data("members", []),
            **formset_data("sessions", []),
        }
        response = editor_client.post(reverse("admin:reports_summit_change", args=[summit.pk]), data)
        assert response.status_code == 302, response.content.decode()[:3000]
        assert "Read the storage track first." in digest_text(client, summit)

    def test_the_summit_page_links_its_digest_and_the_digest_feed_has_it(self, client, week):
        """The summit page links to the digest; the digests feed has an item for the summit."""
        summit, _ = week
        digest = reverse("reports:summit-digest", kwargs={"slug": summit.slug})
        assert f'href="{digest}"' in client.get(summit.get_absolute_url()).content.decode()
        feed = feedparser.parse(client.get(reverse("reports:digest-feed", kwargs={"fmt": "rss"})).content)
        assert [(entry.title, entry.link.endswith(digest)) for entry in feed.entries] == [("Digest: Sydney 2017", True)]

    def test_the_digest_takes_the_same_number_of_queries_whatever_the_summit_holds(self, client, week):
        """More reports, write-ups and follow-ups do not add queries to the digest."""
        summit, _ = week
        url = reverse("reports:summit-digest", kwargs={"slug": summit.slug})
        with CaptureQueriesContext(connection) as small:
            client.get(url)
        for number in range(6):
            report = make_report(summit=summit)
            session = make_session(summit=summit, track=make_track(), day=date(2017, 11, 8))
            make_writeup(report, session=session, verdict="watch", body=f"Text {number}\n\n- [ ] item {number}")
            report.attendances.create(session=make_session(summit=summit))
        for cache in caches.all():
            cache.clear()
        with CaptureQueriesContext(connection) as large:
            assert client.get(url).status_code == 200
        assert len(large) == len(small)
