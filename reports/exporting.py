"""Exporting reports, so that nobody is locked in: each report as one Markdown file with YAML front
matter (which reports.importing reads back to the same report: sections, days, sessions, sessions
attended, attendees, tags and authors), or a whole site as a WordPress export (WXR) that WordPress's
importer takes, one post per report.

A Markdown export is a folder per summit, a file per report and the pictures its texts show (those
stored here) in an `images/` folder next to it, the texts pointing at the copies. In the body every
section is a level-2 heading (a write-up's is its session's title) followed by a line such as
`<!-- section: session=ceph-at-scale day=2017-05-09 verdict=recommended author=priya tags=ceph -->`
(`free` instead of `session=` for a free section); the takeaways follow `## Takeaways` and
`<!-- takeaways -->`. Headings inside the texts are moved below level 2 so they stay where they are.
"""

import shlex
from datetime import UTC
from email.utils import format_datetime
from html import escape
from pathlib import Path, PurePosixPath
from urllib.parse import unquote

# Builds and serialises a tree; nothing is parsed with it.
from xml.etree import ElementTree  # nosec B405

import yaml
from django.conf import settings
from django.core.exceptions import SuspiciousFileOperation
from django.core.files.storage import default_storage
from django.db.models import Prefetch
from django.utils import timezone
from django.utils.text import slugify

from .importing import MARKDOWN_IMAGE, normalized, shift_headings, top_headings
from .models import Attendance, Attendee, Report, WriteUp
from .rendering import render_markdown

SECTION_LEVEL = 2
WXR_NAMESPACES = {
    "excerpt": "http://wordpress.org/export/1.2/excerpt/",
    "content": "http://purl.org/rss/1.0/modules/content/",
    "wfw": "http://wellformedweb.org/CommentAPI/",
    "dc": "http://purl.org/dc/elements/1.1/",
    "wp": "http://wordpress.org/export/1.2/",
}
WXR_STATUS = {Report.Status.DRAFT: "draft", Report.Status.REVIEW: "pending", Report.Status.PUBLISHED: "publish"}


def reports_for_export(queryset=None):
    """Reports with everything an export writes, in a handful of queries."""
    queryset = Report.objects.all() if queryset is None else queryset
    return (
        queryset.select_related("summit")
        .with_byline()
        .prefetch_related(
            "tags",
            Prefetch("writeups", queryset=WriteUp.objects.select_related("session", "author").prefetch_related("tags")),
            Prefetch("attendances", queryset=Attendance.objects.select_related("session", "author")),
            Prefetch("attendees", queryset=Attendee.objects.select_related("author")),
        )
        .order_by("summit__start_date", "pk")
    )


# -- One report as Markdown ---------------------------------------------------------------------------


def demoted(text):
    """A text with its headings below the sections' level (so that importing it cuts no section)."""
    text = normalized(text or "")
    levels = [level for level, _, _ in top_headings(text)]
    if not levels or min(levels) > SECTION_LEVEL:
        return text.strip()
    return shift_headings(text, SECTION_LEVEL + 1 - min(levels)).strip()


def escaped_heading(title):
    """A title as a heading's text that Markdown reads back as typed."""
    title = " ".join(title.split())
    return "".join(f"\\{character}" if character in "\\`*_[]<>#!|~" else character for character in title)


def quoted(value):
    return shlex.quote(value.replace("-->", "->"))


def section_line(writeup):
    """The line under a section's heading: what it is, its day, verdict, author and tags."""
    words = [f"session={quoted(writeup.session.slug)}" if writeup.session_id else "free"]
    day = writeup.session.day if writeup.session_id else writeup.day
    if day:
        words.append(f"day={day.isoformat()}")
    if writeup.verdict:
        words.append(f"verdict={writeup.verdict}")
    if writeup.author_id:
        words.append(f"author={quoted(writeup.author.slug)}")
    tags = sorted(tag.name for tag in writeup.tags.all())
    if tags:
        words.append(f"tags={quoted(','.join(tags))}")
    return f"<!-- section: {' '.join(words)} -->"


def front_matter(report):
    """What the front matter says about a report (empty values left out)."""
    matter = {
        "title": report.title,
        "slug": report.slug,
        "summit": report.summit.slug,
        "date": report.publish_at.isoformat() if report.publish_at else None,
        "status": report.status,
        "tags": sorted(tag.name for tag in report.tags.all()),
        "authors": [author.slug for author in report.ordered_authors],
        "summary": report.summary,
        "original_url": report.original_url,
        "covers_day": report.covers_day.isoformat() if report.covers_day else None,
        "source": report.source_id or f"urn:uuid:{report.uid}",
        "section_level": SECTION_LEVEL,
        "cover_caption": report.cover_caption,
        "attended": [attended_entry(attendance) for attendance in report.attendances.all()],
        "attendees": [attendee_entry(attendee) for attendee in report.attendees.all()],
    }
    return {name: value for name, value in matter.items() if value not in (None, "", [])}


def attended_entry(attendance):
    session = attendance.session
    entry = {"session": session.title, "slug": session.slug, "day": session.day.isoformat() if session.day else None}
    entry |= {"note": attendance.note, "author": attendance.author.slug if attendance.author_id else None}
    return {name: value for name, value in entry.items() if value}


def attendee_entry(attendee):
    entry = {"name": attendee.name, "affiliation": attendee.affiliation}
    entry["author"] = attendee.author.slug if attendee.author_id else None
    return {name: value for name, value in entry.items() if value}


def report_body(report):
    parts = [demoted(report.introduction)]
    for writeup in report.writeups.all():
        parts.append(f"## {escaped_heading(writeup.title)}\n{section_line(writeup)}\n\n{demoted(writeup.body)}")
    if report.takeaways.strip():
        parts.append(f"## Takeaways\n<!-- takeaways -->\n\n{demoted(report.takeaways)}")
    return "\n\n".join(part.strip() for part in parts if part.strip())


def as_yaml(matter):
    return yaml.safe_dump(matter, sort_keys=False, allow_unicode=True, width=1000, default_flow_style=False)


def report_markdown(report, media=None):
    """The report as one Markdown file; `media` (a MediaCopier) copies its pictures beside it."""
    matter, body = front_matter(report), report_body(report)
    if media is not None:
        body = media.rewrite(body)
        cover = media.copy(report.cover_image.name) if report.cover_image else None
        if cover:
            matter["cover"] = cover
    return f"---\n{as_yaml(matter)}---\n\n{body}\n"


class MediaCopier:
    """Pictures stored here that a text shows, copied into `images/` of a folder, the text then
    pointing at the copy (a relative path, which the importer uploads again)."""

    def __init__(self, folder):
        self.folder, self.copied, self.taken = Path(folder), {}, set()

    def rewrite(self, markdown):
        return MARKDOWN_IMAGE.sub(self.replace, markdown)

    def replace(self, match):
        src = match.group(2).strip("<>")
        media = settings.MEDIA_URL
        relative = self.copy(unquote(src[len(media) :])) if media and src.startswith(media) else None
        return f"![{match.group(1)}]({relative}{match.group(3)})" if relative else match.group(0)

    def copy(self, name):
        """The copy's path relative to the folder (None if the stored file is not there)."""
        if name in self.copied:
            return self.copied[name]
        try:
            if not default_storage.exists(name):
                return None
            relative = self.free_name(PurePosixPath(name).name)
            target = self.folder / relative
            target.parent.mkdir(parents=True, exist_ok=True)
            with default_storage.open(name, "rb") as stored:
                target.write_bytes(stored.read())
        except (SuspiciousFileOperation, OSError):
            return None
        self.copied[name] = relative
        return relative

    def free_name(self, basename):
        stem, suffix = PurePosixPath(basename).stem, PurePosixPath(basename).suffix
        relative, number = f"images/{basename}", 2
        while relative in self.taken:
            relative, number = f"images/{stem}-{number}{suffix}", number + 1
        self.taken.add(relative)
        return relative


def export_markdown(reports, dest):
    """Every report as DEST/<summit>/<report>.md (pictures in DEST/<summit>/images/); the files written."""
    dest, copiers, written = Path(dest), {}, []
    for report in reports:
        folder = dest / report.summit.slug
        folder.mkdir(parents=True, exist_ok=True)
        media = copiers.setdefault(report.summit.slug, MediaCopier(folder))
        path = folder / f"{report.slug}.md"
        path.write_text(report_markdown(report, media), encoding="utf-8")
        written.append(path)
    return written


# -- A site as a WordPress export (WXR) -------------------------------------------------------------------


def wp(name):
    return f"{{{WXR_NAMESPACES['wp']}}}{name}"


def add(parent, tag, text="", **attributes):
    element = ElementTree.SubElement(parent, tag, attributes)
    element.text = text
    return element


def report_html(report):
    """The report's texts as one post's HTML, sections under <h2> with their section line."""
    parts = [render_markdown(demoted(report.introduction), "intro")]
    for writeup in report.writeups.all():
        body = render_markdown(demoted(writeup.body), f"n{writeup.uid.hex[:8]}")
        parts.append(f"<h2>{escape(writeup.title)}</h2>\n{section_line(writeup)}\n{body}")
    if report.takeaways.strip():
        parts.append(
            f"<h2>Takeaways</h2>\n<!-- takeaways -->\n{render_markdown(demoted(report.takeaways), 'takeaways')}"
        )
    return "\n".join(part for part in parts if part)


def wxr_dates(report):
    """(local, GMT) as WordPress writes them; a report never published has no GMT date."""
    moment = report.publish_at or report.created_at
    local = timezone.localtime(moment).strftime("%Y-%m-%d %H:%M:%S")
    gmt = report.publish_at.astimezone(UTC).strftime("%Y-%m-%d %H:%M:%S") if report.publish_at else None
    return local, gmt or "0000-00-00 00:00:00"


def wxr_item(channel, report, base_url):
    item = ElementTree.SubElement(channel, "item")
    add(item, "title", report.title)
    add(item, "link", base_url + report.get_absolute_url())
    add(item, "pubDate", format_datetime(report.publish_at.astimezone(UTC)) if report.publish_at else "")
    authors = report.ordered_authors
    add(item, f"{{{WXR_NAMESPACES['dc']}}}creator", authors[0].slug if authors else "")
    add(item, "guid", report.source_id or f"urn:uuid:{report.uid}", isPermaLink="false")
    add(item, "description")
    add(item, f"{{{WXR_NAMESPACES['content']}}}encoded", report_html(report))
    add(item, f"{{{WXR_NAMESPACES['excerpt']}}}encoded", report.summary)
    local, gmt = wxr_dates(report)
    for name, value in [("post_id", str(report.pk)), ("post_date", local), ("post_date_gmt", gmt)]:
        add(item, wp(name), value)
    for name, value in [("comment_status", "closed"), ("ping_status", "closed"), ("post_name", report.slug)]:
        add(item, wp(name), value)
    for name, value in [("status", wxr_status(report)), ("post_parent", "0"), ("menu_order", "0")]:
        add(item, wp(name), value)
    for name, value in [("post_type", "post"), ("post_password", ""), ("is_sticky", "0")]:
        add(item, wp(name), value)
    add(item, "category", report.summit.name, domain="category", nicename=report.summit.slug)
    for tag in sorted(report.tags.all(), key=lambda tag: tag.name):
        add(item, "category", tag.name, domain="post_tag", nicename=tag.slug)
    meta = ElementTree.SubElement(item, wp("postmeta"))
    add(meta, wp("meta_key"), "_summitblog")  # our own: what WordPress has no place for
    add(meta, wp("meta_value"), as_yaml(front_matter(report)))


def wxr_status(report):
    if report.status == Report.Status.PUBLISHED and not report.is_public:
        return "future"
    return WXR_STATUS[report.status]


def wxr_channel_terms(channel, reports):
    """The channel's authors, categories (the summits) and tags, as WordPress lists them."""
    authors = {author.pk: author for report in reports for author in report.ordered_authors}
    for author in sorted(authors.values(), key=lambda author: author.pk):
        entry = ElementTree.SubElement(channel, wp("author"))
        add(entry, wp("author_id"), str(author.pk))
        add(entry, wp("author_login"), author.slug)
        add(entry, wp("author_email"))
        add(entry, wp("author_display_name"), author.display_name)
    summits = {report.summit.pk: report.summit for report in reports}
    for summit in summits.values():
        entry = ElementTree.SubElement(channel, wp("category"))
        add(entry, wp("term_id"), str(summit.pk))
        add(entry, wp("category_nicename"), summit.slug)
        add(entry, wp("category_parent"))
        add(entry, wp("cat_name"), summit.name)
    tags = {tag.pk: tag for report in reports for tag in report.tags.all()}
    for tag in sorted(tags.values(), key=lambda tag: tag.name):
        entry = ElementTree.SubElement(channel, wp("tag"))
        add(entry, wp("term_id"), str(tag.pk))
        add(entry, wp("tag_slug"), tag.slug or slugify(tag.name))
        add(entry, wp("tag_name"), tag.name)


def wxr_document(reports, base_url):
    """A WXR 1.2 document (bytes) with one post per report."""
    for prefix, uri in WXR_NAMESPACES.items():
        ElementTree.register_namespace(prefix, uri)
    reports = list(reports)
    base_url = base_url.rstrip("/")
    root = ElementTree.Element("rss", {"version": "2.0"})
    channel = ElementTree.SubElement(root, "channel")
    add(channel, "title", settings.SITE_NAME)
    add(channel, "link", base_url)
    add(channel, "description", "Trip reports exported from summitblog")
    add(channel, "language", "en")
    add(channel, wp("wxr_version"), "1.2")
    add(channel, wp("base_site_url"), base_url)
    add(channel, wp("base_blog_url"), base_url)
    wxr_channel_terms(channel, reports)
    add(channel, "generator", "summitblog")
    for report in reports:
        wxr_item(channel, report, base_url)
    ElementTree.indent(root)
    return ElementTree.tostring(root, encoding="utf-8", xml_declaration=True)


def export_wxr(reports, dest, base_url):
    """The WXR file at DEST (or DEST/summitblog-export.xml when DEST is a folder); its path."""
    path = Path(dest)
    if path.is_dir():
        path = path / "summitblog-export.xml"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(wxr_document(reports, base_url))
    return path
