"""Importing reports: a WordPress export (WXR), Markdown files with YAML front matter (alone, in a
folder or in a zip with their images) and RSS or Atom feed files saved to disk.

Every post becomes a draft report on a summit, split into sections at its headings (the highest
level the post uses, or the front matter's `section_level`): a heading that names one of the
summit's sessions (case, spaces and punctuation aside) becomes that session's write-up, any other
a free section, or a new session when asked. A session heading with no text under it is a session
attended. Text before the first heading is the introduction; a section marked `<!-- takeaways -->`
(or headed "Takeaways") is the takeaways. A line `<!-- section: session=<slug> free day=<date>
verdict=<verdict> author=<slug> tags="a,b" -->` right under a heading says more about its section
(reports.exporting writes one under every heading).

Importing the same post again updates its draft: posts are known by their GUID or permalink (kept
in Report.source_id), our own exports by the report's uid. A report that is no longer a draft, or
that the importing contributor does not co-author, is left alone and reported as skipped.

The files come from contributors. XML is read by defusedxml (no entity declarations, no external
references), YAML by a safe loader that refuses aliases, a zip member by member within size limits
and never outside the archive, and every image through the upload pipeline (reports.images).
Each post is written in one transaction: a post that fails leaves nothing behind (its stored image
files included). Every problem names the file and the line or element it is at.
"""

import io
import json
import logging
import re
import shlex
import unicodedata
import uuid
import zipfile
import zlib
from collections import Counter
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time
from email.utils import parsedate_to_datetime
from html import escape
from pathlib import Path, PurePosixPath
from urllib.parse import unquote

# Only the tree builder and element classes: every document is parsed by defusedxml's parser.
from xml.etree import ElementTree  # nosec B405

import feedparser
import reversion
import yaml
from bs4 import BeautifulSoup, Comment
from defusedxml import DefusedXmlException
from defusedxml.ElementTree import DefusedXMLParser, ParseError
from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import IntegrityError, transaction
from django.template.defaultfilters import filesizeformat
from django.utils import timezone
from django.utils.dateparse import parse_date, parse_datetime
from django.utils.text import Truncator, slugify
from markdown_it import MarkdownIt
from markdownify import MarkdownConverter

from .images import validate_image_upload
from .models import Attendance, Attendee, Author, Image, Report, ReportAuthor, Session, Summit, WriteUp

logger = logging.getLogger(__name__)
UNEXPECTED = "could not be imported: an unexpected problem (written to the server's log)"

# A file read from disk or from a zip: as much as one request may carry.
MAX_FILE_BYTES = 32 * 1024 * 1024
MAX_ARCHIVE_MEMBERS = 2_000
MAX_ARCHIVE_BYTES = 64 * 1024 * 1024
# One post's text before it is split (each section is then held to the renderer's own limits).
MAX_POST_CHARS = 1_000_000
POST_SUFFIXES = {".md", ".markdown", ".xml", ".rss", ".atom"}
UPLOAD_SUFFIXES = POST_SUFFIXES | {".zip"}
IMAGE_SUFFIXES = {".jpg", ".jpeg", ".png", ".gif", ".webp"}
KNOWN_FILES = (
    "a WordPress export (.xml), Markdown files (.md, .markdown), a zip of Markdown files and their "
    "images (.zip), or an RSS or Atom feed (.rss, .atom, .xml)"
)


# -- Problems and outcomes ------------------------------------------------------------------------


class ImportProblem(Exception):
    """What stops a file or a post from being imported, and where (file, line or element) it is."""

    def __init__(self, where, message):
        super().__init__(f"{where}: {message}")
        self.where, self.message = where, message


@dataclass
class Outcome:
    """What became of one post (or of a file that could not be read)."""

    CREATED, UPDATED, SKIPPED, ERROR = "created", "updated", "skipped", "error"

    action: str
    where: str
    title: str = ""
    report: Report | None = None
    messages: list[str] = field(default_factory=list)

    @classmethod
    def failed(cls, problem, title=""):
        return cls(cls.ERROR, problem.where, title, messages=[problem.message])

    def __str__(self):
        head = f"{self.action}: {self.where}" + (f" “{self.title}”" if self.title else "")
        if self.report is not None:
            head += f" (report {self.report.slug})"
        return "\n".join([head, *(f"    {message}" for message in self.messages)])


@dataclass
class Post:
    """One post as read from its source, before it is matched to anything here."""

    where: str
    title: str = ""
    markdown: str = ""
    source_ids: list[str] = field(default_factory=list)
    slug: str = ""
    summit: str = ""
    published_at: datetime | None = None
    tags: list[str] = field(default_factory=list)
    # Each author as the keys they may be known by here (login, slug, display name).
    authors: list[tuple[str, ...]] = field(default_factory=list)
    summary: str = ""
    original_url: str = ""
    covers_day: date | None = None
    attended: list[dict] = field(default_factory=list)
    attendees: list[dict] = field(default_factory=list)
    section_level: int | None = None
    cover: str = ""
    cover_caption: str = ""
    # A Markdown file's own file (its images are found next to it) and the line its body starts on.
    source: "SourceFile | None" = None
    body_line: int = 0

    @property
    def uid(self):
        """The report uid of one of our own exports ("urn:uuid:…"), if this is one."""
        for source_id in self.source_ids:
            if source_id.startswith("urn:uuid:"):
                try:
                    return uuid.UUID(source_id.removeprefix("urn:uuid:"))
                except ValueError:
                    return None
        return None


# -- Files: from paths, uploads and zips ------------------------------------------------------------


class FileTree:
    """Files next to the one imported, by relative path: a folder on disk or a zip's members."""

    def read(self, path, limit):
        """The file's bytes (at most limit + 1 of them), or None when there is no such file."""
        raise NotImplementedError


class FolderTree(FileTree):
    def __init__(self, root):
        self.root = Path(root).resolve()

    def read(self, path, limit):
        target = (self.root / path).resolve()
        if not target.is_relative_to(self.root) or not target.is_file():
            return None
        with target.open("rb") as file:
            return file.read(limit + 1)


class ArchiveTree(FileTree):
    def __init__(self, members):
        self.members = members

    def read(self, path, limit):
        data = self.members.get(path)
        return None if data is None else data[: limit + 1]


@dataclass
class SourceFile:
    name: str  # as messages show it
    data: bytes
    path: str = ""  # within its tree
    tree: FileTree | None = None


def check_suffix(name):
    if PurePosixPath(name).suffix.lower() not in UPLOAD_SUFFIXES:
        raise ImportProblem(name, f"not a file we can import: give {KNOWN_FILES}")


def read_limited(path):
    with path.open("rb") as file:
        data = file.read(MAX_FILE_BYTES + 1)
    if len(data) > MAX_FILE_BYTES:
        raise ImportProblem(path.name, f"larger than {filesizeformat(MAX_FILE_BYTES)}, the most a file may be")
    return data


def sources_from_paths(paths):
    """What to import from command-line paths: files, zips and folders (their Markdown, WXR and
    feed files at any depth). Returns (sources, outcomes for the paths that cannot be read)."""
    sources, outcomes = [], []
    for raw in paths:
        path = Path(raw)
        try:
            if path.is_dir():
                sources.extend(folder_sources(path))
            elif path.is_file():
                sources.extend(file_sources(path))
            else:
                raise ImportProblem(str(raw), "no such file or folder")
        except ImportProblem as problem:
            outcomes.append(Outcome.failed(problem))
        except OSError as error:
            outcomes.append(Outcome(Outcome.ERROR, str(raw), messages=[f"cannot be read ({error.strerror})"]))
    return sources, outcomes


def folder_sources(folder):
    tree, found = FolderTree(folder), []
    for path in sorted(folder.rglob("*")):
        relative = path.relative_to(folder)
        if any(part.startswith(".") for part in relative.parts) or not path.is_file():
            continue
        if path.suffix.lower() in POST_SUFFIXES:
            name = f"{folder.name}/{relative.as_posix()}"
            found.append(SourceFile(name, read_limited(path), relative.as_posix(), tree))
    if not found:
        raise ImportProblem(folder.name, "the folder holds no Markdown, WXR or feed file")
    return found


def file_sources(path):
    check_suffix(path.name)
    if path.suffix.lower() == ".zip":
        return archive_sources(path.name, read_limited(path))
    return [SourceFile(path.name, read_limited(path), path.name, FolderTree(path.parent))]


def sources_from_uploads(uploads):
    """What to import from uploaded files (a zip's Markdown files with its images)."""
    sources, outcomes = [], []
    for upload in uploads:
        name = PurePosixPath(upload.name.replace("\\", "/")).name
        try:
            check_suffix(name)
            data = upload.read(MAX_FILE_BYTES + 1)
            if len(data) > MAX_FILE_BYTES:
                raise ImportProblem(name, f"larger than {filesizeformat(MAX_FILE_BYTES)}, the most a file may be")
            if name.lower().endswith(".zip"):
                sources.extend(archive_sources(name, data))
            else:
                sources.append(SourceFile(name, data, name))
        except ImportProblem as problem:
            outcomes.append(Outcome.failed(problem))
    return sources, outcomes


def archive_sources(name, data):
    members = archive_members(name, data)
    tree = ArchiveTree(members)
    posts = [path for path in sorted(members) if PurePosixPath(path).suffix.lower() in POST_SUFFIXES]
    if not posts:
        raise ImportProblem(name, "the zip holds no Markdown, WXR or feed file")
    return [SourceFile(f"{name}/{path}", members[path], path, tree) for path in posts]


def archive_members(name, data):
    """The zip's posts and images by path, read within limits (never written to disk)."""
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
    except (zipfile.BadZipFile, ValueError) as error:
        raise ImportProblem(name, "not a zip archive we can read") from error
    infos = archive.infolist()
    if len(infos) > MAX_ARCHIVE_MEMBERS:
        raise ImportProblem(name, f"{len(infos):,} files in one zip; the limit is {MAX_ARCHIVE_MEMBERS:,}")
    members, total = {}, 0
    for info in infos:
        path = member_path(name, info)
        if path is None:
            continue
        members[path] = read_member(name, archive, info, path)
        total += len(members[path])
        if total > MAX_ARCHIVE_BYTES:
            raise ImportProblem(name, f"more than {filesizeformat(MAX_ARCHIVE_BYTES)} once unpacked: refused")
    return members


def member_path(archive_name, info):
    """A member's path in the archive; None for what is not read (folders, hidden files, other
    kinds of file). A path that would leave the archive gets the whole zip refused."""
    if info.is_dir():
        return None
    raw = info.filename.replace("\\", "/")
    parts = [part for part in raw.split("/") if part not in ("", ".")]
    if raw.startswith("/") or ".." in parts or re.match(r"[A-Za-z]:", raw) or "\0" in raw:
        raise ImportProblem(f"{archive_name}, member {info.filename!r}", "a path outside the archive: refused")
    if not parts or any(part.startswith(".") or part == "__MACOSX" for part in parts):
        return None
    if PurePosixPath(parts[-1]).suffix.lower() not in POST_SUFFIXES | IMAGE_SUFFIXES:
        return None
    return "/".join(parts)


def read_member(archive_name, archive, info, path):
    """A member's bytes. Images are read to one byte over their limit (the post that shows one
    too large is refused with its size); a text over its limit gets the zip refused."""
    where = f"{archive_name}, member {path}"
    if info.flag_bits & 0x1:
        raise ImportProblem(where, "encrypted: not accepted")
    image = PurePosixPath(path).suffix.lower() in IMAGE_SUFFIXES
    limit = settings.MAX_IMAGE_BYTES if image else MAX_FILE_BYTES
    if info.file_size > limit and not image:
        raise ImportProblem(where, f"{filesizeformat(info.file_size)}; the limit is {filesizeformat(limit)}")
    try:
        with archive.open(info) as member:
            content = member.read(limit + 1)
    except (zipfile.BadZipFile, RuntimeError, NotImplementedError, OSError, EOFError, zlib.error) as error:
        raise ImportProblem(where, "cannot be unpacked") from error
    if len(content) > limit and not image:
        raise ImportProblem(where, "larger than its entry in the zip says: refused")
    return content


# -- Reading a file -------------------------------------------------------------------------------


def read_source(source):
    """The posts of one file: each a Post, or an Outcome for one skipped or unreadable."""
    suffix = PurePosixPath(source.name).suffix.lower()
    if suffix in (".md", ".markdown"):
        yield markdown_post(source)
        return
    if suffix not in (".xml", ".rss", ".atom"):
        raise ImportProblem(source.name, f"not a file we can import: give {KNOWN_FILES}")
    root = parse_xml(source)
    wordpress = wordpress_namespace(root)
    if wordpress and localname(root.tag) == "rss":
        yield from wxr_posts(source, root, wordpress)
    elif localname(root.tag) in FEED_ROOTS:
        yield from feed_posts(source, root)
    else:
        raise ImportProblem(
            f"{source.name}, line {root.line}",
            f"<{localname(root.tag)}> is neither a WordPress export (WXR) nor an RSS or Atom feed",
        )


class _LinedElement(ElementTree.Element):
    """An element that knows the line it starts on, for messages."""

    line = 0


class _LineRecorder(ElementTree.TreeBuilder):
    def __init__(self):
        super().__init__(element_factory=_LinedElement)
        self.parser = None

    def start(self, tag, attrs):
        element = super().start(tag, attrs)
        element.line = self.parser.parser.CurrentLineNumber
        return element


def parse_xml(source):
    """The document's root element (each element with its line), parsed by defusedxml."""
    recorder = _LineRecorder()
    parser = DefusedXMLParser(target=recorder)
    recorder.parser = parser
    try:
        parser.feed(source.data)
        return parser.close()
    except ParseError as error:
        line, column = error.position
        reason = str(error).split(":")[0]
        raise ImportProblem(f"{source.name}, line {line}", f"malformed XML: {reason} (column {column + 1})") from error
    except DefusedXmlException as error:
        raise ImportProblem(
            f"{source.name}, line {parser.parser.CurrentLineNumber}",
            "declares entities or refers to external ones, which are not accepted",
        ) from error


def localname(tag):
    return tag.rpartition("}")[2]


def child_text(element, tag, strip=True):
    child = element.find(tag)
    text = "" if child is None or child.text is None else child.text
    return text.strip() if strip else text


def unique(values):
    return list(dict.fromkeys(value for value in values if value))


def is_web_url(url):
    return url.lower().startswith(("http://", "https://"))


def html_text(html):
    """The words of an HTML fragment (an excerpt, a feed's summary), as one line of text."""
    return " ".join(BeautifulSoup(html or "", "html.parser").get_text(" ").split())


# -- WordPress exports (WXR) ------------------------------------------------------------------------

WP_EXPORT = "http://wordpress.org/export/"
CONTENT = "{http://purl.org/rss/1.0/modules/content/}"
DC = "{http://purl.org/dc/elements/1.1/}"
NOT_POSTS = {"nav_menu_item": "menu item"}


def wordpress_namespace(root):
    """The WordPress namespace ("{http://wordpress.org/export/1.2/}", whichever version) of a WXR."""
    channel = root.find("channel")
    for element in [] if channel is None else channel:
        namespace = element.tag[1:].partition("}")[0] if element.tag.startswith("{") else ""
        if namespace.startswith(WP_EXPORT) and "excerpt" not in namespace:
            return "{" + namespace + "}"
    return None


def wxr_posts(source, root, wp):
    channel = root.find("channel")
    names = {
        child_text(entry, wp + "author_login"): child_text(entry, wp + "author_display_name")
        for entry in channel.findall(wp + "author")
    }
    ignored = Counter()
    for item in channel.findall("item"):
        kind = child_text(item, wp + "post_type") or "post"
        if kind != "post":
            ignored[NOT_POSTS.get(kind, kind)] += 1
            continue
        try:
            yield wxr_post(source, item, wp, names)
        except ImportProblem as problem:
            yield Outcome.failed(problem, child_text(item, "title"))
    if ignored:
        counts = ", ".join(f"{kind} ×{count}" for kind, count in sorted(ignored.items()))
        yield Outcome(Outcome.SKIPPED, source.name, messages=[f"not posts, so not imported: {counts}"])


def wxr_post(source, item, wp, names):
    where = f"{source.name}, <item> at line {item.line}"
    title = child_text(item, "title")
    status = child_text(item, wp + "status") or "publish"
    if status in ("trash", "auto-draft", "inherit"):
        return Outcome(Outcome.SKIPPED, where, title, messages=[f"its WordPress status is “{status}”"])
    if not title:
        raise ImportProblem(f"{where}, <title>", "the post has no title")
    guid, link = child_text(item, "guid"), child_text(item, "link")
    if not (guid or link):
        raise ImportProblem(f"{where}, <guid>", "the post has neither a GUID nor a link to know it by")
    meta = wxr_postmeta(item, wp)
    creator = child_text(item, DC + "creator")
    post = Post(
        where=where,
        title=title,
        source_ids=unique([guid, link]),
        slug=child_text(item, wp + "post_name"),
        markdown=post_markdown(f"{where}, <content:encoded>", child_text(item, CONTENT + "encoded", strip=False), meta),
        summary=html_text(wxr_excerpt(item)),
        tags=wxr_terms(item),
        authors=[(creator, names.get(creator, ""))] if creator else [],
    )
    if status == "publish":  # drafts, pending and scheduled posts never appeared there
        post.published_at = wxr_date(item, wp, where)
        post.original_url = link if is_web_url(link) else ""
    if "_summitblog" in meta:  # our own export's metadata (reports.exporting)
        place = FrontMatterPlace(f"{where}, <wp:postmeta> _summitblog")
        apply_front_matter(post, load_yaml(meta["_summitblog"], place), place)
    return post


def wxr_postmeta(item, wp):
    return {
        child_text(entry, wp + "meta_key"): child_text(entry, wp + "meta_value", strip=False)
        for entry in item.findall(wp + "postmeta")
    }


def wxr_excerpt(item):
    for child in item:
        if child.tag.startswith("{") and "excerpt" in child.tag and localname(child.tag) == "encoded":
            return child.text or ""
    return ""


def wxr_terms(item):
    """Tags and categories, both as tags ("Uncategorized" left out)."""
    terms = []
    for category in item.findall("category"):
        if category.get("domain") in ("category", "post_tag") and category.get("nicename") != "uncategorized":
            terms.append((category.text or "").strip())
    return unique(terms)


def wxr_date(item, wp, where):
    """When the post was published: <wp:post_date_gmt>, else <pubDate>."""
    gmt = child_text(item, wp + "post_date_gmt")
    if gmt and not gmt.startswith("0000"):
        try:
            moment = parse_datetime(gmt)
        except ValueError:
            moment = None
        if moment is None:
            raise ImportProblem(f"{where}, <wp:post_date_gmt>", f"“{gmt}” is not a date and time")
        return moment if timezone.is_aware(moment) else moment.replace(tzinfo=UTC)
    published = child_text(item, "pubDate")
    if not published:
        return None
    try:
        return parsedate_to_datetime(published)
    except (TypeError, ValueError) as error:
        raise ImportProblem(f"{where}, <pubDate>", f"“{published}” is not a date and time") from error


def post_markdown(where, html, meta):
    """A post's HTML (WordPress's, or a feed's) as our Markdown."""
    if len(html) > MAX_POST_CHARS:
        raise ImportProblem(where, f"{len(html):,} characters; the most a post may have is {MAX_POST_CHARS:,}")
    html += gutenberg_footnotes(meta.get("footnotes", ""))
    try:
        return html_to_markdown(html)
    except RecursionError as error:
        raise ImportProblem(where, "the HTML is nested too deeply to read") from error


def gutenberg_footnotes(stored):
    """WordPress's own footnotes (6.3+) keep their text in the post's `footnotes` meta, as JSON."""
    try:
        notes = json.loads(stored) if stored else []
    except ValueError:
        return ""
    if not isinstance(notes, list):
        return ""
    items = [
        f'<li id="{escape(str(note.get("id", "")))}">{note.get("content", "")}</li>'
        for note in notes
        if isinstance(note, dict) and note.get("id")
    ]
    return f"\n\n<ol>{''.join(items)}</ol>" if items else ""


# -- RSS and Atom feeds ---------------------------------------------------------------------------

FEED_ROOTS = {"rss", "feed", "RDF"}


def feed_posts(source, root):
    tag = "entry" if localname(root.tag) == "feed" else "item"
    lines = [element.line for element in root.iter() if localname(element.tag) == tag]
    # Already parsed once by defusedxml above: no entity or external reference reaches feedparser.
    parsed = feedparser.parse(io.BytesIO(source.data), sanitize_html=True, resolve_relative_uris=False)
    if not parsed.entries:
        yield Outcome(Outcome.SKIPPED, source.name, messages=["the feed has no entries"])
    for index, entry in enumerate(parsed.entries):
        where = f"{source.name}, <{tag}> at line {lines[index] if index < len(lines) else '?'}"
        try:
            yield feed_post(where, entry)
        except ImportProblem as problem:
            yield Outcome.failed(problem, entry.get("title", ""))


def feed_post(where, entry):
    title = html_text(entry.get("title", ""))
    if not title:
        raise ImportProblem(f"{where}, <title>", "the entry has no title")
    ids = unique([entry.get("id", ""), entry.get("link", "")])
    if not ids:
        raise ImportProblem(f"{where}, <id>", "the entry has neither an id nor a link to know it by")
    content = entry.get("content") or []
    html = content[0].get("value", "") if content else entry.get("summary", "")
    if content and content[0].get("type") == "text/plain":
        html = "".join(f"<p>{escape(part)}</p>" for part in html.split("\n\n"))
    moment = entry.get("published_parsed") or entry.get("updated_parsed")
    link = entry.get("link", "")
    return Post(
        where=where,
        title=title,
        source_ids=ids,
        markdown=post_markdown(f"{where}, <content>", html, {}),
        summary=html_text(entry.get("summary", "")) if content else "",
        tags=unique((tag.get("term") or tag.get("label") or "").strip() for tag in entry.get("tags", [])),
        authors=[(author["name"],) for author in entry.get("authors", []) if author.get("name")],
        original_url=link if is_web_url(link) else "",
        published_at=datetime(*moment[:6], tzinfo=UTC) if moment else None,
    )


# -- Markdown files with front matter ---------------------------------------------------------------

FRONT_MATTER_END = re.compile(r"^(?:---|\.\.\.)[ \t]*$", re.MULTILINE)


def markdown_post(source):
    text = decoded(source)
    matter, body, body_line = split_front_matter(source.name, text)
    place = FrontMatterPlace(source.name, matter, first_line=2)
    post = Post(where=source.name, markdown=body, body_line=body_line, source=source)
    apply_front_matter(post, load_yaml(matter, place), place)
    if not post.title:
        raise ImportProblem(f"{source.name}, line 2", "the front matter has no title")
    if not post.source_ids:
        post.source_ids = [f"markdown:{PurePosixPath(source.path or source.name).stem}"]
    return post


def decoded(source):
    try:
        text = source.data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        line = source.data[: error.start].count(b"\n") + 1
        raise ImportProblem(f"{source.name}, line {line}", "not UTF-8 text") from error
    return normalized(text)


def normalized(text):
    """Line ends as \\n and no NUL, as markdown-it reads them (so that line numbers agree)."""
    return text.replace("\r\n", "\n").replace("\r", "\n").replace("\0", "\ufffd")


def split_front_matter(name, text):
    """(front matter, body, line the body starts on)."""
    first, _, rest = text.partition("\n")
    if first.rstrip() != "---":
        raise ImportProblem(
            f"{name}, line 1",
            "no front matter: a Markdown file to import starts with a line “---”, YAML with at least "
            "a title, and another line “---”",
        )
    end = FRONT_MATTER_END.search(rest)
    if end is None:
        raise ImportProblem(f"{name}, line 1", "the front matter is not closed by a line “---”")
    matter = rest[: end.start()]
    closing_line = 2 + matter.count("\n")
    return matter, rest[end.end() :].removeprefix("\n"), closing_line + 1


class _NoAliasLoader(yaml.SafeLoader):
    """YAML's safe loader without aliases: one line of them can stand for millions of values."""

    def compose_node(self, parent, index):
        if self.check_event(yaml.AliasEvent):
            mark = self.peek_event().start_mark
            raise yaml.composer.ComposerError(None, None, "aliases (*name) are not accepted", mark)
        return super().compose_node(parent, index)


class FrontMatterPlace:
    """Where a front matter key is, for messages: its line, when the front matter is in a file."""

    def __init__(self, where, text="", first_line=None):
        self.where, self.first_line = where, first_line
        self.lines = text.split("\n") if first_line else []

    def at_line(self, offset):
        return f"{self.where}, line {self.first_line + offset}" if self.first_line else self.where

    def of(self, key):
        for offset, line in enumerate(self.lines):
            if line.startswith(key) and line[len(key) :].lstrip().startswith(":"):
                return self.at_line(offset)
        return f"{self.where}, “{key}”"


def load_yaml(text, place):
    loader = _NoAliasLoader(text)
    try:
        matter = loader.get_single_data()
    except yaml.YAMLError as error:
        mark = getattr(error, "problem_mark", None)
        where = place.at_line(mark.line) if mark is not None else place.where
        raise ImportProblem(
            where, f"the front matter is not valid YAML ({getattr(error, 'problem', error)})"
        ) from error
    finally:
        loader.dispose()
    if matter is None:
        return {}
    if not isinstance(matter, dict):
        raise ImportProblem(place.at_line(0), "the front matter must be names and values (title: …)")
    return matter


class FrontMatter:
    """The front matter's values, each checked for its kind (a problem names the key's line)."""

    def __init__(self, matter, place):
        self.matter, self.place = matter, place

    def problem(self, key, message):
        return ImportProblem(self.place.of(key), f"{key}: {message}")

    def text(self, key, default=""):
        value = self.matter.get(key)
        if value is None:
            return default
        if not isinstance(value, str | int | float) or isinstance(value, bool):
            raise self.problem(key, "must be text")
        return str(value).strip()

    def url(self, key, default=""):
        value = self.text(key, default)
        if value and not is_web_url(value):
            raise self.problem(key, f"“{value}” is not an http(s) address")
        return value

    def names(self, key):
        value = self.matter.get(key)
        if value is None:
            return []
        if isinstance(value, str):
            value = value.split(",")
        if not isinstance(value, list) or not all(isinstance(name, str | int | float) for name in value):
            raise self.problem(key, "must be a list of names")
        return unique(str(name).strip() for name in value)

    def moment(self, key, default=None):
        value = self.matter.get(key)
        if value is None:
            return default
        if isinstance(value, str):
            value = as_date_or_time(value)
        if isinstance(value, datetime):
            return value if timezone.is_aware(value) else timezone.make_aware(value)
        if isinstance(value, date):
            return timezone.make_aware(datetime.combine(value, time()))
        raise self.problem(key, "must be a date, e.g. 2017-05-09 or 2017-05-09T10:30:00+10:00")

    def day(self, key, default=None):
        value = self.matter.get(key)
        if value is None:
            return default
        day = as_day(value)
        if day is None:
            raise self.problem(key, "must be a date, e.g. 2017-05-09")
        return day

    def level(self, key):
        value = self.matter.get(key)
        if value is not None and (not isinstance(value, int) or isinstance(value, bool) or not 1 <= value <= 6):
            raise self.problem(key, "must be a heading level from 1 to 6")
        return value

    def records(self, key, fields, main):
        """A list of mappings with text values (a bare text stands for its `main` field)."""
        value = self.matter.get(key) or []
        if not isinstance(value, list):
            raise self.problem(key, "must be a list")
        records = []
        for record in value:
            if isinstance(record, str):
                record = {main: record}
            if not isinstance(record, dict):
                raise self.problem(key, "each entry must be names and values")
            records.append({name: "" if record.get(name) is None else str(record[name]).strip() for name in fields})
        return records


def as_date_or_time(text):
    try:
        return parse_datetime(text) or parse_date(text) or text
    except ValueError:
        return text


def as_day(value):
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    if isinstance(value, str):
        try:
            return parse_date(value.strip())
        except ValueError:
            return None
    return None


def apply_front_matter(post, matter, place):
    """Fill the post from front matter (or our export's WXR metadata): only what it gives."""
    values = FrontMatter(matter, place)
    post.title = values.text("title") or post.title
    post.slug = values.text("slug") or post.slug
    post.summit = values.text("summit") or post.summit
    post.summary = values.text("summary", post.summary)
    post.original_url = values.url("original_url", post.original_url)
    post.published_at = values.moment("date", post.published_at)
    post.covers_day = values.day("covers_day", post.covers_day)
    post.tags = (values.names("tags") + values.names("categories")) or post.tags
    authors = values.names("authors") or values.names("author")
    post.authors = [(name,) for name in authors] or post.authors
    attended = values.records("attended", ("session", "slug", "day", "note", "author"), main="session")
    post.attended = attended or post.attended
    post.attendees = values.records("attendees", ("name", "affiliation", "author"), main="name") or post.attendees
    post.source_ids = unique([values.text("source"), *post.source_ids])
    post.section_level = values.level("section_level") or post.section_level
    post.cover, post.cover_caption = values.text("cover"), values.text("cover_caption")


# -- WordPress (and feed) HTML to our Markdown ---------------------------------------------------------

CAPTION_OPEN = re.compile(r"\[caption\b([^\]]{0,1000})\]", re.IGNORECASE)
CAPTION_CLOSE = re.compile(r"\[/caption\]", re.IGNORECASE)
NOTE_SHORTCODES = [
    # Easy Footnotes, and the plugins that took up its [footnote] spelling.
    (re.compile(r"\[efn_note\]", re.IGNORECASE), re.compile(r"\[/efn_note\]", re.IGNORECASE)),
    (re.compile(r"\[footnote\]", re.IGNORECASE), re.compile(r"\[/footnote\]", re.IGNORECASE)),
    # WP-Footnotes: ((the note)).
    (re.compile(r"\(\("), re.compile(r"\)\)")),
]
EMBED_OPEN = re.compile(r"\[embed\b[^\]]{0,200}\]", re.IGNORECASE)
EMBED_CLOSE = re.compile(r"\[/embed\]", re.IGNORECASE)
SHORTCODE_ATTRIBUTE = re.compile(r'(\w+)="([^"]*)"')
BLOCK_START = re.compile(
    r"</?(?:p|div|h[1-6]|ul|ol|li|dl|dt|dd|blockquote|pre|table|thead|tbody|tr|td|th|figure|figcaption|hr|"
    r"section|aside|header|footer|address|details|!--)[\s>/]",
    re.IGNORECASE,
)
# Blocks stand apart from the paragraphs around them, as wpautop makes them.
BLOCK_OPEN = re.compile(r"(<(?:h[1-6]|ul|ol|blockquote|table|div|figure|dl|hr|section|aside)[\s>/])", re.IGNORECASE)
BLOCK_END = re.compile(r"(</(?:h[1-6]|ul|ol|blockquote|table|div|figure|dl|section|aside)>)", re.IGNORECASE)
BACKLINK_TEXTS = {"↩", "↑", "^", "⏎", "↵", "return"}
NOTE_CONTAINERS = {"ol", "ul", "div", "section", "aside", "footer"}


class _Converter(MarkdownConverter):
    """markdownify, plus the two marks the HTML is given first: footnote references and section lines."""

    def convert_sbfnref(self, el, text, parent_tags):
        return f"[^{el['label']}]"

    def convert_sbmarker(self, el, text, parent_tags):
        return f"\n\n<!-- {el['text']} -->\n\n"


CONVERTER = _Converter(heading_style="ATX", bullets="-", newline_style="BACKSLASH", escape_misc=False)


def html_to_markdown(html):
    """WordPress's HTML (paragraphs left to wpautop, [caption] and footnote shortcodes, footnote
    plugins' lists) or a feed's, as Markdown with figures and footnotes of our own syntax."""
    had_paragraphs = re.search(r"<p[\s>]", html, re.IGNORECASE) is not None
    html, notes = expand_shortcodes(html)
    if not had_paragraphs:
        html = wordpress_autop(html)
    if notes:
        items = "".join(f'<li id="sb-note-{number}">{note}</li>' for number, note in enumerate(notes, 1))
        html += f"\n\n<ol>{items}</ol>"
    soup = BeautifulSoup(html, "html.parser")
    keep_section_lines(soup)
    unwrap_figures(soup)
    definitions = pull_footnotes(soup)
    return "\n\n".join([without_blank_runs(CONVERTER.convert_soup(soup)).strip(), *definitions]).strip()


def without_blank_runs(markdown):
    """At most one blank line in a row (the comments of the block editor leave more), code aside."""
    kept, blank, fenced = [], False, False
    for line in markdown.split("\n"):
        if line.lstrip().startswith(("```", "~~~")):
            fenced = not fenced
        if fenced or line.strip() or not blank:
            kept.append(line)
        blank = not fenced and not line.strip()
    return "\n".join(kept)


def replace_enclosed(text, opener, closer, replace):
    """Each `opener … closer` span replaced by replace(match, inner), in one pass over the text
    (no regular expression that backtracks over an uploaded text)."""
    out, position, close = [], 0, None
    while (match := opener.search(text, position)) is not None:
        if close is None or close.start() < match.end():
            close = closer.search(text, match.end())
            if close is None:
                break
        out += [text[position : match.start()], replace(match, text[match.end() : close.start()])]
        position = close.end()
    out.append(text[position:])
    return "".join(out)


def expand_shortcodes(html):
    """[caption] as a figure, [embed] as a link, footnote shortcodes as numbered references
    (their notes returned, to be listed at the end)."""
    notes = []

    def reference(match, inner):
        notes.append(inner.strip())
        return f'<sup><a href="#sb-note-{len(notes)}">{len(notes)}</a></sup>'

    html = replace_enclosed(html, CAPTION_OPEN, CAPTION_CLOSE, caption_figure)
    html = replace_enclosed(html, EMBED_OPEN, EMBED_CLOSE, embed_link)
    for opener, closer in NOTE_SHORTCODES:
        html = replace_enclosed(html, opener, closer, reference)
    return html, notes


def embed_link(match, url):
    url = escape(url.strip())
    return f'<a href="{url}">{url}</a>'


def caption_figure(match, inner):
    attributes = dict(SHORTCODE_ATTRIBUTE.findall(match.group(1)))
    soup = BeautifulSoup(inner, "html.parser")
    image = soup.find("img")
    if image is None:
        return inner
    image.extract()
    caption = attributes.get("caption") or soup.get_text(" ", strip=True)
    return "\n\n" + figure_html(image.get("src", ""), image.get("alt", ""), caption) + "\n\n"


def figure_html(src, alt, caption):
    """A picture alone in its paragraph, its caption as its title: our renderer's figure."""
    title = f' title="{escape(caption)}"' if caption else ""
    return f'<p><img src="{escape(src)}" alt="{escape(alt)}"{title}></p>'


def wordpress_autop(html):
    """Paragraphs as WordPress makes them for posts stored without <p> (a simplified wpautop): a
    blank line ends one, a line break inside one is a <br>. <pre> blocks are left as they are."""
    out, position, lower = [], 0, html.lower()
    while (start := lower.find("<pre", position)) >= 0 and (end := lower.find("</pre>", start)) >= 0:
        out += [autop_text(html[position:start]), html[start : end + len("</pre>")]]
        position = end + len("</pre>")
    out.append(autop_text(html[position:]))
    return "\n\n".join(part for part in out if part.strip())


def autop_text(text):
    text = BLOCK_END.sub(r"\1\n\n", BLOCK_OPEN.sub(r"\n\n\1", text))
    paragraphs = []
    for chunk in re.split(r"\n[ \t]*\n", text):
        chunk = chunk.strip()
        if chunk and not BLOCK_START.match(chunk):
            chunk = "<p>" + chunk.replace("\n", "<br>\n") + "</p>"
        if chunk:
            paragraphs.append(chunk)
    return "\n\n".join(paragraphs)


def keep_section_lines(soup):
    """Our exports' `<!-- section: … -->` lines survive the conversion (other comments do not)."""
    for comment in soup.find_all(string=lambda text: isinstance(text, Comment)):
        text = " ".join(comment.split())
        if text.split(":")[0].split(" ")[0] in ("section", "takeaways"):
            comment.replace_with(soup.new_tag("sbmarker", attrs={"text": text}))


def unwrap_figures(soup):
    """<figure><img><figcaption> (the block editor's, and ours) as a captioned picture."""
    for figure in soup.find_all("figure"):
        image = figure.find("img")
        if image is None:
            figure.unwrap()
            continue
        caption = figure.find("figcaption")
        attributes = {"src": image.get("src", ""), "alt": image.get("alt", "")}
        if caption is not None and caption.get_text(strip=True):
            attributes["title"] = caption.get_text(" ", strip=True)
        paragraph = soup.new_tag("p")
        paragraph.append(soup.new_tag("img", attrs=attributes))
        figure.replace_with(paragraph)


def pull_footnotes(soup):
    """Footnotes as footnote plugins (and WordPress, and our renderer) mark them up: a <sup> link
    to an <li> further down. Each reference becomes [^n]; the notes are returned as definitions
    and their list removed."""
    by_id = {element["id"]: element for element in soup.find_all(id=True)}
    labels, notes = {}, []
    for sup in soup.find_all("sup"):
        link = sup.find("a", href=True)
        target = by_id.get(link["href"][1:]) if link is not None and link["href"].startswith("#") else None
        if target is None or target.name != "li":
            continue
        if target["id"] not in labels:
            labels[target["id"]] = str(len(labels) + 1)
            notes.append(target)
        sup.replace_with(soup.new_tag("sbfnref", attrs={"label": labels[target["id"]]}))
    definitions = [footnote_definition(labels[note["id"]], note) for note in notes]
    for note in notes:
        remove_note(note)
    return definitions


def footnote_definition(label, note):
    for link in note.find_all("a", href=True):
        classes = " ".join(link.get("class", []))
        text = link.get_text(strip=True).rstrip("\ufe0e\ufe0f").lower()
        if link["href"].startswith("#") and (text in BACKLINK_TEXTS or "back" in classes or "return" in classes):
            link.decompose()
    lines = CONVERTER.convert(note.decode_contents()).strip().split("\n")
    rest = "".join(f"\n    {line}" if line.strip() else "\n" for line in lines[1:])
    return f"[^{label}]: {lines[0]}{rest}"


def remove_note(note):
    parent = note.parent
    note.decompose()
    while parent is not None and parent.name in NOTE_CONTAINERS and not parent.get_text(strip=True):
        grandparent = parent.parent
        parent.decompose()
        parent = grandparent


# -- Markdown structure: sections, their lines, heading levels, footnotes -------------------------------

# Block structure only (linear in the text); a heading's text is parsed on its own.
BLOCKS = MarkdownIt("commonmark").disable("inline")
INLINE = MarkdownIt("commonmark")
SECTION_TYPES = ("section", "takeaways")


@dataclass
class RawSection:
    heading: str
    line: int  # of the heading, in the text it was cut from (1-based)
    meta: dict
    body: str


def top_headings(text):
    """(level, [first line, end line), inline source) of each heading not nested in anything."""
    tokens = BLOCKS.parse(text)
    return [
        (int(token.tag[1]), token.map, tokens[index + 1].content)
        for index, token in enumerate(tokens)
        if token.type == "heading_open" and token.level == 0
    ]


def heading_text(source):
    """A heading's text as readers see it (emphasis, links and escapes resolved)."""
    tokens = INLINE.parseInline(source[:1000])
    children = tokens[0].children if tokens else []
    text = "".join(
        " " if child.type in ("softbreak", "hardbreak") else child.content
        for child in children or []
        if child.type in ("text", "code_inline", "image", "softbreak", "hardbreak")
    )
    return " ".join(text.split())


def split_sections(text, level=None):
    """(introduction, sections): the text cut at its headings of `level` (by default the highest
    level it has). Headings below it stay in their section, shifted so that the section's own
    level is 2 (the report page's): a section's sub-headings start at level 3."""
    text = normalized(text)
    lines = text.split("\n")
    headings = top_headings(text)
    level = level or min((found[0] for found in headings), default=2)
    cuts = [found for found in headings if found[0] == level]
    if not cuts:
        return shift_headings(text, 2 - level).strip(), []
    sections = []
    for index, (_, (start, end), source) in enumerate(cuts):
        stop = cuts[index + 1][1][0] if index + 1 < len(cuts) else len(lines)
        meta, body = section_line(lines[end:stop])
        sections.append(RawSection(heading_text(source), start + 1, meta, shift_headings(body, 2 - level).strip()))
    return shift_headings("\n".join(lines[: cuts[0][1][0]]), 2 - level).strip(), sections


def section_line(lines):
    """The `<!-- section: … -->` (or `<!-- takeaways -->`) line right under a heading, parsed,
    and the body without it."""
    for index, line in enumerate(lines):
        stripped = line.strip()
        if not stripped:
            continue
        if stripped.startswith("<!--") and stripped.endswith("-->"):
            inner = stripped[4:-3].strip()
            kind, _, rest = inner.partition(" ")
            if kind.rstrip(":") in SECTION_TYPES:
                return parse_section_line(kind.rstrip(":"), rest), "\n".join(lines[:index] + lines[index + 1 :])
        break
    return {}, "\n".join(lines)


def parse_section_line(kind, rest):
    meta = {kind: True}
    try:
        words = shlex.split(rest)
    except ValueError:
        return {**meta, "unreadable": rest}
    for word in words:
        name, equals, value = word.partition("=")
        meta[name.lower()] = value if equals else True
    return meta


def shift_headings(text, delta, floor=3):
    """Top-level headings moved `delta` levels (kept within floor..6), as ATX headings."""
    headings = top_headings(text)
    lines = text.split("\n")
    for level, (start, end), source in reversed(headings):
        new_level = min(6, max(floor, level + delta))
        if new_level != level or not lines[start].lstrip().startswith("#"):
            lines[start:end] = ["#" * new_level + " " + " ".join(source.split())]
    return "\n".join(lines)


FOOTNOTE_DEFINITION = re.compile(r" {0,3}\[\^([^\]\s]{1,100})\]:")
FOOTNOTE_REFERENCE = re.compile(r"\[\^([^\]\s]{1,100})\](?!:)")


def split_footnotes(text):
    """(text without its footnote definitions, {label: definition})."""
    kept, notes, current, fenced = [], {}, None, False
    for line in text.split("\n"):
        if line.lstrip().startswith(("```", "~~~")):
            fenced = not fenced
        match = None if fenced else FOOTNOTE_DEFINITION.match(line)
        if match:
            current = match.group(1)
            notes[current] = [line]
        elif current is not None and (line.startswith(("    ", "\t")) or not line.strip()):
            notes[current].append(line)
        else:
            current = None
            kept.append(line)
    return "\n".join(kept), {label: "\n".join(lines).rstrip() for label, lines in notes.items()}


def distribute_footnotes(texts):
    """Each text (introduction, section, takeaways: they are rendered apart) with the definitions
    of the footnotes it refers to, wherever in the post they were."""
    parts = [split_footnotes(text) for text in texts]
    everywhere = {}
    for _, notes in parts:
        for label, definition in notes.items():
            everywhere.setdefault(label, definition)
    result = []
    for text, notes in parts:
        labels = dict.fromkeys(FOOTNOTE_REFERENCE.findall(text))
        definitions = [
            notes.get(label) or everywhere[label] for label in labels if label in notes or label in everywhere
        ]
        result.append("\n\n".join([text.strip(), *definitions]).strip())
    return result


def title_key(text):
    """A title as matched against the summit's sessions: case, accents, spaces and punctuation aside."""
    decomposed = unicodedata.normalize("NFKD", text).casefold()
    return "".join(character for character in decomposed if character.isalnum())


# -- Images next to a Markdown file ---------------------------------------------------------------------

# ![alt](src "title"): every repetition bounded, so that no text makes it backtrack for long.
MARKDOWN_IMAGE = re.compile(
    r"!\[([^\]\n]{0,300})\]\([ \t]*(<[^>\n]{1,500}>|[^\s)<>]{1,500})"
    r'((?:[ \t]+"[^"\n]{0,300}")?)[ \t]*\)'
)
URL_SCHEME = re.compile(r"[A-Za-z][A-Za-z0-9+.-]*:")
OUTSIDE = ""


def local_target(base, src):
    """The path in the file's tree that a relative reference names (OUTSIDE when it leaves the
    tree); None for a web address or an absolute path, which stay links."""
    if not src or URL_SCHEME.match(src) or src.startswith(("/", "#", "\\")):
        return None
    parts = list(PurePosixPath(base).parent.parts)
    for part in unquote(src.split("#", 1)[0].split("?", 1)[0]).replace("\\", "/").split("/"):
        if part == "..":
            if not parts:
                return OUTSIDE
            parts.pop()
        elif part not in ("", "."):
            parts.append(part)
    return "/".join(parts)


# -- Importing ------------------------------------------------------------------------------------------


def checked(instance, where, exclude=None):
    """The model's own validation (the same rules as the admin's forms), as an ImportProblem."""
    try:
        instance.full_clean(exclude=exclude)
    except ValidationError as error:
        messages = [
            message if name == "__all__" else f"{name.replace('_', ' ')}: {message}"
            for name, found in error.message_dict.items()
            for message in found
        ]
        raise ImportProblem(where, " ".join(messages)) from error


class Importer:
    """Imports posts as draft reports, each in a transaction of its own.

    `author` is who the import is credited to: the byline of a post that names no author known
    here and, when the importing `user` is not trusted (a contributor in the admin), always one
    of the authors. Only a trusted import (an editor, the command line) sets publish times and
    may update any draft; a contributor updates only the drafts they co-author."""

    def __init__(self, author, *, summit=None, user=None, trusted=False, new_sessions=False):
        self.author, self.summit, self.user = author, summit, user
        self.trusted, self.new_sessions = trusted, new_sessions
        self.uploaded = {}  # (tree, path) -> stored image URL, for this run
        self.post_files, self.post_uploads = [], []
        self.authors = {}

    def run(self, sources):
        outcomes = []
        for source in sources:
            try:
                for item in read_source(source):
                    outcomes.append(item if isinstance(item, Outcome) else self.import_post(item))
            except ImportProblem as problem:
                outcomes.append(Outcome.failed(problem))
            except Exception:  # a page of results, never a 500: the rest of the import goes on
                logger.exception("Importing %s failed", source.name)
                outcomes.append(Outcome(Outcome.ERROR, source.name, messages=[UNEXPECTED]))
        return outcomes

    def import_post(self, post):
        self.post_files, self.post_uploads = [], []
        try:
            with transaction.atomic(), reversion.create_revision(atomic=False):
                outcome = self.write(post)
                reversion.set_user(self.user)
                reversion.set_comment(f"Imported from {post.where}.")
            return outcome
        except ImportProblem as problem:
            outcome = Outcome.failed(problem, post.title)
        except IntegrityError as error:
            outcome = Outcome(Outcome.ERROR, post.where, post.title, messages=[f"could not be saved ({error})"])
        except Exception:  # rolled back like any failing post; the others are still imported
            logger.exception("Importing %s failed", post.where)
            outcome = Outcome(Outcome.ERROR, post.where, post.title, messages=[UNEXPECTED])
        self.forget_files()
        return outcome

    def forget_files(self):
        """After a rollback: the files stored for the post go too."""
        for name in self.post_files:
            default_storage.delete(name)
        for key in self.post_uploads:
            self.uploaded.pop(key, None)

    def write(self, post):
        existing = self.existing(post)
        if isinstance(existing, Outcome):
            return existing
        writer = PostWriter(self, post)
        report = writer.write(existing)
        action = Outcome.UPDATED if existing else Outcome.CREATED
        return Outcome(action, post.where, report.title, report, writer.messages)

    def existing(self, post):
        """The report imported from this post before (a draft this import may update), None, or
        the Outcome of skipping it."""
        reports = Report.objects.select_for_update()
        report = reports.filter(source_id__in=post.source_ids).first() if post.source_ids else None
        if report is None and post.uid is not None:
            report = reports.filter(uid=post.uid).first()
        if report is None:
            return None
        if report.status != Report.Status.DRAFT:
            state = report.get_status_display().lower()
            reason = f"already here as “{report.title}”, which is {state} now: left as it is"
            return Outcome(Outcome.SKIPPED, post.where, post.title, report, [reason])
        if not self.trusted and not Report.objects.editable_by(self.user).filter(pk=report.pk).exists():
            reason = "already here as a draft you are not an author of: left as it is"
            return Outcome(Outcome.SKIPPED, post.where, post.title, messages=[reason])
        return report

    def summit_for(self, post):
        if post.summit:
            summit = Summit.objects.filter(slug=post.summit).first()
            if summit is None:
                raise ImportProblem(post.where, f"there is no summit “{post.summit}” here (the post names it)")
            return summit
        if self.summit is None:
            raise ImportProblem(post.where, "the post names no summit: choose the summit to import it to")
        return self.summit

    def author_named(self, keys):
        """The author known here by one of `keys` (a slug, a username or a display name)."""
        for key in keys:
            if not key:
                continue
            if key.casefold() not in self.authors:
                self.authors[key.casefold()] = (
                    Author.objects.filter(slug__iexact=key).first()
                    or Author.objects.filter(user__username__iexact=key).first()
                    or Author.objects.filter(display_name__iexact=key).first()
                )
            if self.authors[key.casefold()] is not None:
                return self.authors[key.casefold()]
        return None

    def upload_image(self, source, path, alt, where):
        """Store a picture next to a Markdown file through the image pipeline; its URL."""
        key = (id(source.tree), path)
        if key in self.uploaded:
            return self.uploaded[key]
        upload = self.image_file(source, path, where)
        image = Image(file=upload, alt_text=(alt.strip() or PurePosixPath(path).stem)[:250], uploaded_by=self.user)
        image.save()
        self.post_files.append(image.file.name)
        self.post_uploads.append(key)
        self.uploaded[key] = image.file.url
        return image.file.url

    def image_file(self, source, path, where):
        if path == OUTSIDE:
            raise ImportProblem(where, "the picture is outside the folder being imported")
        if source.tree is None:
            raise ImportProblem(where, f"“{path}” is not here: upload the Markdown file in a zip with its pictures")
        if PurePosixPath(path).suffix.lower() not in IMAGE_SUFFIXES:
            raise ImportProblem(where, f"“{path}” is not a JPEG, PNG, GIF or WebP picture")
        limit = settings.MAX_IMAGE_BYTES
        data = source.tree.read(path, limit)
        if data is None:
            raise ImportProblem(where, f"there is no picture “{path}” next to the file")
        if len(data) > limit:
            raise ImportProblem(where, f"“{path}” is larger than {filesizeformat(limit)}, the largest picture accepted")
        upload = SimpleUploadedFile(PurePosixPath(path).name, data)
        try:
            validate_image_upload(upload)
        except ValidationError as error:
            raise ImportProblem(where, f"“{path}”: {' '.join(error.messages)}") from error
        return upload


@dataclass
class SectionMeta:
    session: str = ""
    free: bool = False
    day: date | None = None
    verdict: str = ""
    author: Author | None = None
    tags: list[str] = field(default_factory=list)


class PostWriter:
    """Writes one post as a draft report, inside the importer's transaction for it."""

    def __init__(self, importer, post):
        self.importer, self.post, self.messages = importer, post, []
        self.summit = importer.summit_for(post)
        self.by_slug, self.by_title = {}, {}
        for session in self.summit.sessions.all():
            self.remember(session)
        self.byline, self.written, self.attended = [], set(), set()

    def remember(self, session):
        self.by_slug[session.slug] = session
        self.by_title.setdefault(title_key(session.title), []).append(session)

    def note(self, message):
        self.messages.append(message)

    def write(self, report):
        markdown = self.with_local_images()
        intro, sections = split_sections(markdown, self.post.section_level)
        takeaways = [section for section in sections if self.is_takeaways(section)]
        sections = [section for section in sections if section not in takeaways]
        texts = distribute_footnotes([intro, *(section.body for section in sections), *(t.body for t in takeaways)])
        for section, body in zip(sections, texts[1:], strict=False):
            section.body = body
        self.byline = self.byline_for()
        report = self.save_report(report, texts[0], "\n\n".join(texts[1 + len(sections) :]))
        self.save_byline(report)
        order = 0
        for section in sections:
            order += self.save_section(report, section, order)
        self.save_attended(report)
        self.save_attendees(report)
        return report

    def is_takeaways(self, section):
        if "takeaways" in section.meta:
            return True
        plain = "free" not in section.meta and "session" not in section.meta
        return plain and title_key(section.heading) == "takeaways" and "takeaways" not in self.by_title

    def place(self, section):
        if self.post.body_line:
            return f"{self.post.where}, line {self.post.body_line + section.line - 1} (“{section.heading}”)"
        return f"{self.post.where}, section “{section.heading}”"

    # -- The report and its byline ------------------------------------------------------------------

    def byline_for(self):
        named = []
        for keys in self.post.authors:
            author = self.importer.author_named(keys)
            if author is None:
                self.note(f"no author here is known as “{keys[0]}”: not in the byline")
            elif author not in named:
                named.append(author)
        if self.importer.author not in named and (not named or not self.importer.trusted):
            named.append(self.importer.author)
        return named

    def save_report(self, report, introduction, takeaways):
        post, creating = self.post, report is None
        if creating:
            report = Report(source_id=post.source_ids[0] if post.source_ids else "")
        report.summit, report.status = self.summit, Report.Status.DRAFT
        report.title = self.clipped(post.title, 200, "title")
        if creating or post.slug:
            report.slug = free_slug(post.slug or post.title, report.pk)
        report.summary = self.clipped(post.summary, 600, "summary")
        report.introduction, report.takeaways = introduction, takeaways
        report.original_url, report.covers_day = post.original_url, self.day_at_summit(post.covers_day, post.where)
        if self.importer.trusted:
            report.publish_at = post.published_at
        elif post.published_at and creating:
            self.note("its original date is not kept: only an editor sets a report's publish time")
        new_cover = self.attach_cover(report)
        checked(report, post.where)
        report.save()
        if new_cover:
            self.importer.post_files.append(report.cover_image.name)
        report.tags.set(self.tag_names(post.tags))
        for related in (report.writeups, report.attendances, report.attendees, report.report_authors):
            related.all().delete()
        return report

    def save_byline(self, report):
        for order, author in enumerate(self.byline):
            ReportAuthor.objects.create(report=report, author=author, order=order)

    def attach_cover(self, report):
        """The cover picture next to a Markdown file, if the post names one; True if it is new."""
        post = self.post
        if not post.cover:
            return False
        path = local_target(post.source.path, post.cover) if post.source else None
        if path is None:
            self.note(f"cover “{post.cover}” is not a picture next to the file: not imported")
            return False
        report.cover_image = self.importer.image_file(post.source, path, f"{post.where}, cover")
        report.cover_caption = post.cover_caption[:300]
        return True

    def clipped(self, text, limit, name):
        if len(text) <= limit:
            return text
        self.note(f"the {name} was cut to {limit} characters")
        return Truncator(text).chars(limit)

    def tag_names(self, names):
        kept = {}
        for name in names:
            name = " ".join(str(name).split())
            if len(name) > 100:
                self.note(f"tag “{name[:40]}…” is longer than 100 characters: left out")
            elif name:
                kept.setdefault(name.casefold(), name)
        return list(kept.values())

    def day_at_summit(self, day, where):
        if day is None or self.summit.start_date <= day <= self.summit.end_date:
            return day
        self.note(f"{where}: {day:%d %b %Y} is not a day of {self.summit.name}: the day is left empty")
        return None

    # -- Sections -------------------------------------------------------------------------------------

    def save_section(self, report, section, order):
        """Write one section; 1 if it became a section, 0 if not (an attended session, or nothing)."""
        where = self.place(section)
        meta = self.section_meta(section, where)
        session = None if meta.free else self.session_for(section.heading, meta.session, meta.day, where)
        if not section.body:
            if session is not None:
                self.attend(report, session, meta.author, "", where)
            else:
                self.note(f"{where}: no text under the heading: left out")
            return 0
        heading = "" if session else self.clipped(section.heading, 255, "heading") or "Untitled section"
        writeup = WriteUp(
            report=report,
            session=session,
            heading=heading,
            day=None if session else meta.day,
            verdict=meta.verdict,
            author=meta.author,
            body=section.body,
            order=order,
        )
        checked(writeup, where, exclude=["anchor"])
        writeup.save()
        writeup.tags.set(meta.tags)
        if session is not None:
            self.written.add(session.pk)
        return 1

    def section_meta(self, section, where):
        raw = section.meta
        if "unreadable" in raw:
            self.note(f"{where}: the section line cannot be read (unbalanced quotes?): ignored")
        meta = SectionMeta(session=str(raw.get("session", "")), free=raw.get("free") is True)
        if isinstance(raw.get("day"), str):
            day = as_day(raw["day"])
            meta.day = self.day_at_summit(day, where) if day else None
            if day is None:
                self.note(f"{where}: day “{raw['day']}” is not a date: ignored")
        verdict = raw.get("verdict")
        if verdict in WriteUp.Verdict.values:
            meta.verdict = verdict
        elif verdict:
            self.note(f"{where}: verdict “{verdict}” is not one of {', '.join(WriteUp.Verdict.values)}: ignored")
        if isinstance(raw.get("author"), str):
            meta.author = self.byline_author(raw["author"], where)
        if isinstance(raw.get("tags"), str):
            meta.tags = self.tag_names(raw["tags"].split(","))
        return meta

    def byline_author(self, key, where):
        author = self.importer.author_named((key,))
        if author in self.byline:
            return author
        self.note(f"{where}: “{key}” is not one of this report's authors: credited to the first author")
        return None

    def session_for(self, heading, slug, day, where):
        """The summit's session a heading (or a session slug) names, a new one, or None."""
        if slug and slug in self.by_slug:
            return self.by_slug[slug]
        if slug:
            self.note(f"{where}: {self.summit.name} has no session “{slug}”: matched by its title instead")
        matches = self.by_title.get(title_key(heading), [])
        if len(matches) > 1 and day:
            matches = [session for session in matches if session.day == day] or matches
        if len(matches) > 1:
            self.note(f"{where}: {len(matches)} sessions have this title: took the one on {matches[0].day or 'no day'}")
        if matches:
            return matches[0]
        if self.importer.new_sessions and title_key(heading):
            return self.new_session(heading, day, where)
        return None

    def new_session(self, title, day, where):
        title = title[:255]
        base, number = slugify(title)[:240].strip("-") or "session", 2
        slug = base
        while slug in self.by_slug:
            slug, number = f"{base}-{number}", number + 1
        session = Session(summit=self.summit, title=title, slug=slug, day=day)
        checked(session, where)
        session.save()
        self.remember(session)
        self.note(f"new session at {self.summit.name}: “{title}”")
        return session

    # -- Sessions attended, attendees, pictures ------------------------------------------------------------

    def save_attended(self, report):
        for record in self.post.attended:
            title = record["session"] or record["slug"]
            where = f"{self.post.where}, attended “{title}”"
            day = as_day(record["day"]) if record["day"] else None
            session = self.session_for(record["session"], record["slug"], day, where) if title else None
            if session is None:
                self.note(f"{where}: no such session at {self.summit.name}: left out")
                continue
            author = self.byline_author(record["author"], where) if record["author"] else None
            self.attend(report, session, author, " ".join(record["note"].split()), where)

    def attend(self, report, session, author, note, where):
        if session.pk in self.attended or session.pk in self.written:
            self.note(f"{where}: “{session.title}” is already in this report: not listed again as attended")
            return
        attendance = Attendance(report=report, session=session, author=author, note=self.clipped(note, 300, "note"))
        attendance.order = len(self.attended)
        checked(attendance, where)
        attendance.save()
        self.attended.add(session.pk)

    def save_attendees(self, report):
        for order, record in enumerate(self.post.attendees):
            where = f"{self.post.where}, attendee “{record['name']}”"
            if not record["name"]:
                self.note(f"{self.post.where}: an attendee without a name: left out")
                continue
            author = self.importer.author_named((record["author"],)) if record["author"] else None
            attendee = Attendee(report=report, name=record["name"][:150], affiliation=record["affiliation"][:150])
            attendee.author, attendee.order = author, order
            checked(attendee, where)
            attendee.save()

    def with_local_images(self):
        """The Markdown with each picture referenced by a relative path stored (through the image
        pipeline) and pointing at the stored picture. Web addresses stay links."""
        post, position = self.post, [0, self.post.body_line]
        if post.source is None:
            return post.markdown

        def store(match):
            path = local_target(post.source.path, match.group(2).strip("<>"))
            if path is None:
                return match.group(0)
            position[1] += post.markdown.count("\n", position[0], match.start())
            position[0] = match.start()
            where = f"{post.source.name}, line {position[1]}"
            url = self.importer.upload_image(post.source, path, match.group(1), where)
            return f"![{match.group(1)}]({url}{match.group(3)})"

        return MARKDOWN_IMAGE.sub(store, post.markdown)


def free_slug(text, own_pk):
    base = slugify(text)[:190].strip("-") or "report"
    slug, number = base, 2
    while Report.objects.filter(slug=slug).exclude(pk=own_pk).exists():
        slug, number = f"{base}-{number}", number + 1
    return slug
