"""Importing reports (WordPress exports, Markdown files with front matter, RSS and Atom feed files)
and exporting them (Markdown with front matter, WXR): `manage.py import_reports`, `manage.py
export_reports` and the admin's Import page, on a real database."""

import io
import shutil
import zipfile
from datetime import date
from pathlib import Path

import pytest
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.core.management.base import CommandError
from django.urls import reverse
from reversion.models import Version

from reports.models import Attendance, Attendee, Image, Report, Session, WriteUp
from reports.rendering import MAX_MARKDOWN_CHARS

from .factories import make_author, make_report, make_session, make_summit, make_user, make_writeup

FIXTURES = Path(__file__).parent / "fixtures" / "import"
IMPORT_URL = "admin:reports_report_import"


@pytest.fixture
def boston(db):
    """OpenStack Summit Boston (8-11 May 2017) with the sessions the fixtures write about."""
    summit = make_summit(slug="boston-2017", name="OpenStack Summit Boston", start_date=date(2017, 5, 8))
    titles = {
        "ceph": ("Ceph at Scale: Lessons from Three Clusters", date(2017, 5, 8)),
        "neutron": ("Neutron Routed Networks in Practice", date(2017, 5, 9)),
        "upstream": ("Upstream Institute", date(2017, 5, 10)),
        "kubernetes": ("Kubernetes on OpenStack: A Panel", date(2017, 5, 10)),
    }
    summit.by_key = {
        key: make_session(summit=summit, title=title, slug=key, day=day) for key, (title, day) in titles.items()
    }
    return summit


@pytest.fixture
def priya(db):
    user = make_user("priya", role="Contributor")
    return make_author(user=user, slug="priya", display_name="Priya Raman")


@pytest.fixture
def editor_author(editor):
    return editor.author


def run_import(*paths, summit="boston-2017", author="editor-user", extra=()):
    out, err = io.StringIO(), io.StringIO()
    arguments = [str(path) for path in paths] + ["--author", author, *extra]
    if summit:
        arguments += ["--summit", summit]
    call_command("import_reports", *arguments, stdout=out, stderr=err)
    return out.getvalue()


def failing_import(*paths, **kwargs):
    with pytest.raises(CommandError) as raised:
        run_import(*paths, **kwargs)
    return str(raised.value)


def sections(report):
    return list(report.writeups.select_related("session", "author").order_by("order"))


# -- WordPress exports --------------------------------------------------------------------------------


def test_wxr_posts_become_draft_reports_with_sections_linked_to_sessions(boston, priya, editor_author):
    """Each post of a WordPress export becomes a draft report on the summit, cut at its headings:
    a heading naming a session (whatever its case and punctuation) is that session's write-up, any
    other a free section, the text before the first heading the introduction."""
    output = run_import(FIXTURES / "wordpress-export.xml")

    assert Report.objects.count() == 2
    day_one = Report.objects.get(source_id="https://trips.example.org/?p=40")
    assert day_one.status == Report.Status.DRAFT
    assert day_one.title == "Boston, day one: storage all morning"
    assert day_one.slug == "boston-day-one"
    assert day_one.summit == boston
    assert "registration queue wrapped around the lobby" in day_one.introduction
    assert "edge computing" in day_one.introduction
    ceph, hallway = sections(day_one)
    assert ceph.session == boston.by_key["ceph"] and ceph.heading == ""
    assert hallway.session is None and hallway.heading == "Hallway track"
    assert "routed provider networks" in hallway.body
    assert sorted(tag.name for tag in day_one.tags.all()) == ["Storage", "ceph"]
    assert day_one.ordered_authors == [priya]  # dc:creator, known here by that username
    assert day_one.summary == "Three Ceph clusters, one hallway conversation."
    assert day_one.original_url == "https://trips.example.org/2017/05/boston-day-one/"
    assert day_one.publish_at.isoformat() == "2017-05-09T01:30:00+00:00"  # a trusted import keeps the date
    assert "created: wordpress-export.xml, <item> at line 43 “Boston, day one: storage all morning”" in output
    (version,) = Version.objects.get_for_object(day_one)  # the import is the report's first version
    assert version.revision.comment == "Imported from wordpress-export.xml, <item> at line 43."

    day_two = Report.objects.get(source_id="https://trips.example.org/?p=52")
    assert day_two.status == Report.Status.DRAFT
    assert day_two.publish_at is None and day_two.original_url == ""  # a WordPress draft never appeared
    neutron, swift = sections(day_two)
    assert neutron.session == boston.by_key["neutron"]
    assert swift.session is None and swift.heading == "Project onboarding: Swift"
    assert "- Ring builder basics" in swift.body


def test_wxr_skips_pages_attachments_revisions_menu_items_and_trash(boston, priya, editor_author):
    """Only posts are imported: pages, attachments, revisions, menu items and trashed posts are
    skipped, and the command says so."""
    output = run_import(FIXTURES / "wordpress-export.xml")

    titles = set(Report.objects.values_list("title", flat=True))
    assert titles == {"Boston, day one: storage all morning", "Boston, day two: networks and onboarding"}
    assert "attachment ×1" in output and "page ×1" in output
    assert "revision ×1" in output and "menu item ×1" in output
    assert "its WordPress status is “trash”" in output


def test_wordpress_html_becomes_our_markdown(boston, priya, editor_author):
    """WordPress HTML becomes Markdown: paragraphs without <p>, lists, sub-headings, a [caption]
    shortcode as a captioned figure, footnote plugins' markup and shortcodes as footnotes of the
    section that refers to them; remote pictures stay links."""
    run_import(FIXTURES / "wordpress-export.xml")

    day_one = Report.objects.get(source_id="https://trips.example.org/?p=40")
    ceph = day_one.writeups.get(session=boston.by_key["ceph"])
    assert "- BlueStore halved their write latency on spinning disks.[^2]" in ceph.body
    assert "[^2]: Measured on their 4 TB SATA nodes." in ceph.body
    assert "↩" not in ceph.body
    figure = (
        "![A capacity dashboard](https://trips.example.org/wp-content/uploads/2017/05/ceph-dashboard.jpg "
        '"The capacity dashboard they showed")'
    )
    assert figure in ceph.body
    assert "<figcaption>The capacity dashboard they showed</figcaption>" in ceph.body_html
    assert "### Questions from the floor" in ceph.body  # below the section's own level
    assert "[^1]" in day_one.introduction and "[^1]: Coffee ran out by half past eight." in day_one.introduction
    assert 'class="footnote-ref"' in day_one.introduction_html

    day_two = Report.objects.get(source_id="https://trips.example.org/?p=52")
    neutron = day_two.writeups.get(session=boston.by_key["neutron"])
    assert "[^1]: Nova asks placement which segments still have free addresses." in neutron.body
    assert '"Segments map to racks")' in neutron.body
    assert "wp:paragraph" not in neutron.body + day_two.introduction
    assert "\n\n\n" not in neutron.body  # the block editor's comments leave no gaps
    assert Image.objects.count() == 0  # remote pictures are not fetched


def test_reimporting_a_post_updates_its_draft_instead_of_duplicating_it(boston, priya, editor_author):
    """Importing the same export again updates each draft (matched by the post's GUID): no
    duplicate report, the sections replaced rather than added."""
    run_import(FIXTURES / "wordpress-export.xml")
    day_one = Report.objects.get(source_id="https://trips.example.org/?p=40")
    day_one.title = "Edited here in the meantime"
    day_one.save()

    output = run_import(FIXTURES / "wordpress-export.xml")

    assert Report.objects.count() == 2
    day_one.refresh_from_db()
    assert day_one.title == "Boston, day one: storage all morning"
    assert day_one.writeups.count() == 2
    assert output.count("updated: ") == 2


def test_reimport_leaves_a_report_that_is_no_longer_a_draft_alone(boston, priya, editor_author):
    """A re-import of a report someone has published (or sent to review) does not overwrite it:
    it is reported as skipped."""
    run_import(FIXTURES / "wordpress-export.xml")
    day_one = Report.objects.get(source_id="https://trips.example.org/?p=40")
    day_one.status, day_one.title = Report.Status.PUBLISHED, "Published with an edited title"
    day_one.save()

    output = run_import(FIXTURES / "wordpress-export.xml")

    day_one.refresh_from_db()
    assert day_one.title == "Published with an edited title"
    assert day_one.status == Report.Status.PUBLISHED
    assert "skipped: wordpress-export.xml" in output and "which is published now: left as it is" in output
    assert Report.objects.count() == 2


def test_new_sessions_option_turns_unmatched_headings_into_sessions(boston, priya, editor_author):
    """With --new-sessions, a heading that names none of the summit's sessions becomes a new
    session of the summit (and the section its write-up), not a free section."""
    output = run_import(FIXTURES / "wordpress-export.xml", extra=["--new-sessions"])

    session = Session.objects.get(summit=boston, title="Project onboarding: Swift")
    assert WriteUp.objects.get(session=session).heading == ""
    assert "new session at OpenStack Summit Boston: “Project onboarding: Swift”" in output


# -- Markdown files and feeds ------------------------------------------------------------------------------


def test_markdown_folder_imports_front_matter_sections_and_local_pictures(boston, priya, editor, editor_author):
    """A folder of Markdown files (at any depth) imports each file as a draft report: its front
    matter gives title, date, summit, tags and authors; the section lines give days, verdicts,
    authors and tags; a local picture is uploaded through the image pipeline and the text points
    at the stored copy; attended sessions, attendees and takeaways come along."""
    run_import(FIXTURES / "markdown", summit=None)

    day_three = Report.objects.get(title="Boston, day three: containers and upstream")
    assert day_three.status == Report.Status.DRAFT
    assert day_three.summit == boston and day_three.ordered_authors == [priya]
    assert sorted(tag.name for tag in day_three.tags.all()) == ["kubernetes", "upstream"]
    assert day_three.publish_at.isoformat() == "2017-05-10T22:30:00+00:00"
    assert day_three.summary == "Kubernetes on OpenStack, and a morning at the Upstream Institute."
    assert day_three.source_id == "markdown:boston-day-three"
    upstream, kubernetes, mixer = sections(day_three)
    assert upstream.session == boston.by_key["upstream"]
    assert upstream.verdict == "recommended" and upstream.author == priya
    assert sorted(tag.name for tag in upstream.tags.all()) == ["community", "upstream"]
    assert "[^cla]: It takes a day to go through." in upstream.body
    assert kubernetes.session == boston.by_key["kubernetes"]
    assert mixer.session is None and mixer.heading == "Evening: the marketplace mixer"
    assert mixer.day == date(2017, 5, 10)

    image = Image.objects.get()
    assert image.uploaded_by == editor and image.alt_text == "The Upstream Institute whiteboard"
    assert f'![The Upstream Institute whiteboard]({image.file.url} "Gerrit, drawn by hand")' in upstream.body
    assert default_storage.exists(image.file.name)

    wrap_up = Report.objects.get(title="Boston, what we brought home")
    assert wrap_up.writeups.count() == 0
    assert "Keep clusters under 70% full." in wrap_up.takeaways
    attended = Attendance.objects.get(report=wrap_up)
    assert attended.session == boston.by_key["ceph"] and attended.note == "Already written up in the day-one post."
    assert list(Attendee.objects.filter(report=wrap_up).values_list("name", "affiliation")) == [
        ("Dana Whitfield", "Our storage team")
    ]


def test_feed_files_import_their_entries_as_drafts(boston, editor_author):
    """An RSS or an Atom feed saved to disk imports each entry as a draft report, sections linked
    to the summit's sessions, known by the entry's id."""
    run_import(FIXTURES / "feed.rss", FIXTURES / "feed.atom")

    routed = Report.objects.get(source_id="https://owen.example.net/2017/05/boston-routed-networks/")
    assert routed.status == Report.Status.DRAFT
    neutron, dinner = sections(routed)
    assert neutron.session == boston.by_key["neutron"]
    assert dinner.session is None and dinner.heading == "Dinner with the Neutron team"
    assert sorted(tag.name for tag in routed.tags.all()) == ["networking", "neutron"]
    assert routed.summary == "Why I came home wanting routed provider networks."
    ceph = Report.objects.get(source_id="https://owen.example.net/2017/05/boston-ceph/")
    assert sections(ceph)[0].session == boston.by_key["ceph"]
    assert "**three clusters**" in ceph.introduction

    swift = Report.objects.get(source_id="tag:mara.example.com,2017:boston-swift")
    assert sections(swift)[0].session == boston.by_key["upstream"]
    assert swift.summary == "The onboarding session, and what I will try at home."
    assert Report.objects.get(source_id="tag:mara.example.com,2017:boston-skipped").introduction.startswith("Not")
    assert Report.objects.filter(status=Report.Status.DRAFT).count() == 4

    run_import(FIXTURES / "feed.atom")
    assert Report.objects.count() == 4


# -- Malformed and unknown files ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "where", "message"),
    [
        ("malformed.xml", "malformed.xml, line 9", "malformed XML: mismatched tag"),
        ("entities.xml", "entities.xml, line 3", "declares entities"),
        ("not-a-feed.xml", "not-a-feed.xml, line 2", "<opml> is neither a WordPress export"),
        ("notes.txt", "notes.txt", "not a file we can import"),
        ("bad-front-matter.md", "bad-front-matter.md, line 4", "not valid YAML"),
    ],
)
def test_a_malformed_or_unknown_file_gets_an_error_naming_it_and_imports_nothing(
    boston, editor_author, name, where, message
):
    """A malformed or unknown file fails with an error that names the file and the line (or the
    element) of the problem; nothing of it is imported."""
    error = failing_import(FIXTURES / name)

    assert f"{where}: " in error and message in error
    assert Report.objects.count() == 0


def test_a_failing_post_is_not_imported_and_the_others_are(boston, editor_author):
    """One post that cannot be read (here a date that is not one) fails with its file, element and
    line; the other posts of the file are imported."""
    error = failing_import(FIXTURES / "wordpress-bad-date.xml")

    assert "wordpress-bad-date.xml, <item> at line 16, <wp:post_date_gmt>: " in error
    assert "“Thursday, after lunch” is not a date and time" in error
    assert list(Report.objects.values_list("title", flat=True)) == ["Boston, the last afternoon"]


def test_nothing_of_a_failing_post_is_half_imported(boston, editor_author, tmp_path):
    """A post that fails after some of it was written (a new session, a stored picture, early
    sections) leaves nothing behind: one transaction per report, stored files removed too."""
    folder = tmp_path / "posts"
    (folder / "images").mkdir(parents=True)
    shutil.copy(FIXTURES / "markdown" / "images" / "whiteboard.png", folder / "images" / "board.png")
    too_long = "word " * (MAX_MARKDOWN_CHARS // 5 + 10)
    (folder / "long.md").write_text(
        "---\ntitle: Too long\nsummit: boston-2017\n---\nIntro.\n\n"
        "## A session nobody has heard of\n\n![Board](images/board.png)\n\n"
        f"## Ceph at scale\n\nFine.\n\n## Far too long\n\n{too_long}\n",
        encoding="utf-8",
    )
    files_before = set(default_storage.listdir("images")[0]) if default_storage.exists("images") else set()

    error = failing_import(folder, extra=["--new-sessions"])

    assert "posts/long.md, line 15 (“Far too long”): " in error and "the limit is 30,000" in error
    assert Report.objects.count() == 0 and WriteUp.objects.count() == 0
    assert not Session.objects.filter(title="A session nobody has heard of").exists()
    assert Image.objects.count() == 0
    files_after = set(default_storage.listdir("images")[0]) if default_storage.exists("images") else set()
    assert files_after == files_before


def test_a_missing_local_picture_names_the_file_and_line(boston, editor_author, tmp_path):
    """A Markdown file showing a picture that is not next to it fails with the file and line of the
    reference; a picture outside the folder is refused the same way."""
    (tmp_path / "day.md").write_text(
        "---\ntitle: Pictures\n---\nText.\n\n![Gone](images/missing.png)\n", encoding="utf-8"
    )
    (tmp_path / "escape.md").write_text("---\ntitle: Escape\n---\n![Out](../../etc/secret.png)\n", encoding="utf-8")

    error = failing_import(tmp_path)

    assert f"{tmp_path.name}/day.md, line 6: there is no picture “images/missing.png” next to the file" in error
    assert f"{tmp_path.name}/escape.md, line 4: the picture is outside the folder being imported" in error
    assert Report.objects.count() == 0


# -- Export, and back ---------------------------------------------------------------------------------------


def structure(report):
    """What an export must carry back: the report's fields, sections, sessions attended and people."""
    return {
        "fields": [getattr(report, name) for name in ["title", "slug", "summit_id", "summary", "original_url"]]
        + [report.covers_day, report.publish_at, report.introduction, report.takeaways],
        "tags": sorted(tag.name for tag in report.tags.all()),
        "authors": [author.slug for author in report.ordered_authors],
        "sections": [
            (w.session_id, w.heading, w.day, w.verdict, w.author.slug, sorted(t.name for t in w.tags.all()), w.body)
            for w in sections(report)
        ],
        "attended": [(a.session_id, a.author.slug, a.note) for a in report.attendances.order_by("order")],
        "attendees": [(a.name, a.affiliation, a.author_id) for a in report.attendees.order_by("order")],
    }


def shape(report):
    """The structure without the texts (which a trip through HTML words differently)."""
    full = structure(report)
    full["sections"] = [section[:-1] for section in full["sections"]]
    full["fields"] = full["fields"][:7]
    return full


@pytest.fixture
def full_report(boston, priya, editor_author):
    """A report using every part of the structure, sessions with the same title on two days included."""
    early = make_session(summit=boston, title="Lightning talks", slug="lightning-1", day=date(2017, 5, 8))
    late = make_session(summit=boston, title="Lightning talks", slug="lightning-2", day=date(2017, 5, 9))
    report = make_report(
        summit=boston,
        authors=[priya, editor_author],
        title="Boston, the whole week",
        slug="boston-whole-week",
        summary="Everything at once.",
        original_url="https://trips.example.org/boston-week/",
        covers_day=date(2017, 5, 9),
        introduction="Four days, two of us.[^1]\n\n[^1]: Three, on Tuesday.",
        takeaways="- Keep clusters under 70% full.[^1]\n\n[^1]: Their ceiling, not ours yet.",
        tags=["boston", "object storage"],
    )
    make_writeup(report, session=late, body="Seven talks in forty minutes.", author=editor_author, verdict="watch")
    make_writeup(
        report,
        session=boston.by_key["ceph"],
        body="Three clusters.\n\n### Numbers\n\nEleven petabytes.",
        author=priya,
        verdict="recommended",
        tags=["ceph", "object storage"],
        order=1,
    )
    make_writeup(report, heading="Upstream Institute", day=date(2017, 5, 10), body="Not the session: the bar.", order=2)
    make_writeup(report, heading="Hallway *track* #2", day=date(2017, 5, 9), body="Telco operators.", order=3)
    Attendance.objects.create(report=report, session=early, author=editor_author, note="Standing room only.")
    Attendance.objects.create(report=report, session=boston.by_key["kubernetes"], author=priya, order=1)
    Attendee.objects.create(report=report, name="Dana Whitfield", affiliation="Storage team", author=None)
    return Report.objects.get(pk=report.pk)


def test_markdown_export_imports_back_to_the_same_structure(full_report, tmp_path):
    """A report exported as Markdown with front matter imports back to the same report: fields,
    sections (which session, which day, verdict, author, tags, text), sessions attended, attendees,
    tags and authors, even where two sessions share a title or a free section is headed like one."""
    before = structure(full_report)
    call_command("export_reports", str(tmp_path), stdout=io.StringIO())
    exported = tmp_path / "boston-2017" / "boston-whole-week.md"
    text = exported.read_text(encoding="utf-8")
    assert text.startswith("---\ntitle: Boston, the whole week\n")
    assert "<!-- section: session=lightning-2 day=2017-05-09 verdict=watch author=author-" in text
    assert "## Hallway \\*track\\* \\#2\n<!-- section: free day=2017-05-09 author=priya -->" in text

    full_report.delete()
    run_import(exported, summit=None)

    imported = Report.objects.get(slug="boston-whole-week")
    assert imported.status == Report.Status.DRAFT
    assert structure(imported) == before


def test_importing_our_export_again_updates_the_same_draft(full_report, tmp_path):
    """Our own export names the report it came from: imported into the same site, it updates that
    draft (or, once published, leaves it alone) instead of making a copy."""
    call_command("export_reports", str(tmp_path), stdout=io.StringIO())
    exported = tmp_path / "boston-2017" / "boston-whole-week.md"

    output = run_import(exported, summit=None)
    assert "skipped: " in output and "published now" in output

    full_report.status = Report.Status.DRAFT
    full_report.save()
    before = structure(full_report)
    output = run_import(exported, summit=None)
    assert "updated: " in output and Report.objects.count() == 1
    assert structure(Report.objects.get()) == before


def test_export_moves_headings_inside_texts_below_the_sections(boston, priya, editor_author, tmp_path):
    """A level-1 or level-2 heading inside a text is exported one level below the sections, so that
    importing the file again does not cut a new section there."""
    report = make_report(summit=boston, authors=[priya], slug="headings", introduction="## Before\n\nIntro.")
    make_writeup(report, session=boston.by_key["ceph"], body="# Inside\n\nText.\n\n## Deeper\n\nMore.")
    call_command("export_reports", str(tmp_path), stdout=io.StringIO())
    report.delete()

    run_import(tmp_path / "boston-2017" / "headings.md", summit=None)

    imported = Report.objects.get(slug="headings")
    assert imported.introduction == "### Before\n\nIntro."
    assert [w.body for w in sections(imported)] == ["### Inside\n\nText.\n\n#### Deeper\n\nMore."]


def test_export_copies_pictures_and_the_import_uploads_them_again(boston, priya, editor_author, tmp_path):
    """Pictures stored here that a text shows are copied next to the exported file; importing it
    uploads them again and points the text at the new copies."""
    data = (FIXTURES / "markdown" / "images" / "whiteboard.png").read_bytes()
    picture = Image.objects.create(file=SimpleUploadedFile("board.png", data), alt_text="Board")
    report = make_report(summit=boston, authors=[priya], slug="with-picture", introduction=picture.markdown)
    call_command("export_reports", str(tmp_path), stdout=io.StringIO())

    exported = (tmp_path / "boston-2017" / "with-picture.md").read_text(encoding="utf-8")
    assert "![Board](images/" in exported
    copied = next((tmp_path / "boston-2017" / "images").iterdir())
    assert copied.read_bytes() == default_storage.open(picture.file.name).read()

    report.delete()
    run_import(tmp_path, summit=None)
    new_picture = Image.objects.exclude(pk=picture.pk).get()
    assert Report.objects.get(slug="with-picture").introduction == f"![Board]({new_picture.file.url})"


def test_wxr_export_is_a_wordpress_export_that_imports_back(full_report, tmp_path):
    """`export_reports --format wxr` writes a WordPress export (WXR 1.2), one post per report with
    its HTML, which imports back to the same structure (sessions, days, attended, tags, authors)."""
    from defusedxml.ElementTree import parse

    before = shape(full_report)
    destination = tmp_path / "site.xml"
    call_command(
        "export_reports",
        str(destination),
        "--format",
        "wxr",
        "--base-url",
        "https://trips.example.com/",
        stdout=io.StringIO(),
    )

    wp = "{http://wordpress.org/export/1.2/}"
    channel = parse(destination).getroot().find("channel")
    assert channel.find(f"{wp}wxr_version").text == "1.2"
    (item,) = channel.findall("item")
    assert item.find("link").text == "https://trips.example.com" + full_report.get_absolute_url()
    assert item.find(f"{wp}post_type").text == "post" and item.find(f"{wp}status").text == "publish"
    html = item.find("{http://purl.org/rss/1.0/modules/content/}encoded").text
    assert "<h2>Ceph at Scale: Lessons from Three Clusters</h2>" in html
    assert {c.text for c in item.findall("category")} == {"OpenStack Summit Boston", "boston", "object storage"}
    logins = {entry.find(f"{wp}author_login").text for entry in channel.findall(f"{wp}author")}
    assert logins == {author.slug for author in full_report.ordered_authors}

    full_report.delete()
    run_import(destination, summit=None)

    imported = Report.objects.get(slug="boston-whole-week")
    assert shape(imported) == before
    ceph = imported.writeups.get(session__slug="ceph")
    assert "### Numbers" in ceph.body and "Eleven petabytes." in ceph.body


# -- The admin's Import page ------------------------------------------------------------------------------


def upload(name, folder=FIXTURES):
    return SimpleUploadedFile(name, (folder / name).read_bytes())


def markdown_zip(members):
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for name, data in members.items():
            archive.writestr(name, data)
    return SimpleUploadedFile("posts.zip", buffer.getvalue(), content_type="application/zip")


def test_import_page_is_linked_from_the_report_list(editor_client):
    """The report list has an Import link (next to adding and recovering reports)."""
    response = editor_client.get(reverse("admin:reports_report_changelist"))

    assert reverse(IMPORT_URL).encode() in response.content
    assert b"Recover deleted" in response.content


def test_contributor_imports_as_themselves_as_drafts(boston, contributor, contributor_client):
    """A contributor imports through the admin as themselves: every imported report is a draft
    with them in its byline, whoever the post names, and its original date is not set."""
    response = contributor_client.get(reverse(IMPORT_URL))
    assert response.status_code == 200 and b'name="files"' in response.content

    response = contributor_client.post(
        reverse(IMPORT_URL), {"files": [upload("feed.rss")], "summit": boston.pk, "author": contributor.author.pk}
    )

    assert response.status_code == 200
    assert b"created" in response.content
    reports = Report.objects.all()
    assert reports.count() == 2
    for report in reports:
        assert report.status == Report.Status.DRAFT and report.publish_at is None
        assert contributor.author in report.ordered_authors
    assert set(Report.objects.editable_by(contributor)) == set(reports)


def test_contributor_cannot_import_as_another_author(boston, contributor, other_contributor, contributor_client):
    """A crafted POST naming another author does not make a contributor import as them: the
    reports are credited to the contributor alone."""
    contributor_client.post(
        reverse(IMPORT_URL),
        {"files": [upload("feed.atom")], "summit": boston.pk, "author": other_contributor.author.pk},
    )

    assert Report.objects.count() == 2
    for report in Report.objects.all():
        assert report.ordered_authors == [contributor.author]


def test_contributor_cannot_overwrite_a_draft_they_do_not_coauthor(boston, contributor, other_contributor, client):
    """Re-importing a post whose draft belongs to someone else leaves that draft alone (skipped)
    for a contributor who is not one of its authors."""
    client.force_login(other_contributor)
    client.post(reverse(IMPORT_URL), {"files": [upload("feed.atom")], "summit": boston.pk})
    client.force_login(contributor)

    response = client.post(reverse(IMPORT_URL), {"files": [upload("feed.atom")], "summit": boston.pk})

    assert b"a draft you are not an author of" in response.content
    assert Report.objects.count() == 2
    for report in Report.objects.all():
        assert report.ordered_authors == [other_contributor.author]


def test_editor_imports_as_the_author_they_pick(boston, editor_client, other_contributor):
    """An editor may credit the import to any author (for posts that name no author known here);
    the posts' dates are kept."""
    response = editor_client.post(
        reverse(IMPORT_URL),
        {"files": [upload("feed.atom")], "summit": boston.pk, "author": other_contributor.author.pk},
    )

    assert response.status_code == 200
    swift = Report.objects.get(source_id="tag:mara.example.com,2017:boston-swift")
    assert swift.ordered_authors == [other_contributor.author]
    assert swift.publish_at.isoformat() == "2017-05-11T14:00:00+00:00"


def test_import_page_takes_a_zip_of_markdown_files_and_pictures(boston, priya, contributor, contributor_client):
    """A zip of Markdown files and their pictures imports like a folder: pictures uploaded, texts
    pointing at them, and the contributor among the authors."""
    folder = FIXTURES / "markdown"
    archive = markdown_zip(
        {
            "trip/boston-day-three.md": (folder / "boston-day-three.md").read_bytes(),
            "trip/images/whiteboard.png": (folder / "images" / "whiteboard.png").read_bytes(),
        }
    )

    response = contributor_client.post(reverse(IMPORT_URL), {"files": [archive]})

    assert response.status_code == 200
    report = Report.objects.get()
    assert report.ordered_authors == [priya, contributor.author]
    image = Image.objects.get()
    assert image.uploaded_by == contributor and image.file.url in report.writeups.get(session__slug="upstream").body


def test_import_page_refuses_a_zip_that_leaves_the_archive(boston, contributor_client):
    """A zip member whose path climbs out of the archive gets the whole zip refused, naming it."""
    archive = markdown_zip(
        {"../../escape.md": b"---\ntitle: Escape\n---\nText.\n", "fine.md": b"---\ntitle: Fine\n---\n"}
    )

    response = contributor_client.post(reverse(IMPORT_URL), {"files": [archive], "summit": boston.pk})

    assert response.status_code == 200
    page = response.content.decode()
    assert "posts.zip, member &#x27;../../escape.md&#x27;</th>" in page and "a path outside the archive" in page
    assert Report.objects.count() == 0


def test_import_page_shows_errors_naming_the_file_and_line(boston, contributor_client):
    """A malformed file is reported on the page with its name and line (never a 500), and an
    unknown kind of file is refused by the form."""
    response = contributor_client.post(reverse(IMPORT_URL), {"files": [upload("malformed.xml")], "summit": boston.pk})
    assert response.status_code == 200
    assert b"malformed.xml, line 9" in response.content and b"mismatched tag" in response.content

    response = contributor_client.post(reverse(IMPORT_URL), {"files": [upload("notes.txt")], "summit": boston.pk})
    assert response.status_code == 200
    assert b"notes.txt: not a file we can import" in response.content
    assert Report.objects.count() == 0


def test_import_page_refuses_anonymous_users_and_users_who_cannot_add_reports(boston, client):
    """Someone signed out is sent to sign in; staff without the right to add reports get a 403,
    for the page and for a POST."""
    response = client.post(reverse(IMPORT_URL), {"files": [upload("feed.rss")], "summit": boston.pk})
    assert response.status_code == 302 and "/login/" in response["Location"]

    staff = make_user("staff-no-groups")
    staff.is_staff = True
    staff.save()
    client.force_login(staff)
    assert client.get(reverse(IMPORT_URL)).status_code == 403
    assert client.post(reverse(IMPORT_URL), {"files": [upload("feed.rss")], "summit": boston.pk}).status_code == 403
    assert Report.objects.count() == 0
