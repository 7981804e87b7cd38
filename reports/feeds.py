"""RSS 2.0, Atom 1.0 and JSON Feed 1.1 for the site, each tag, summit, session, track, project and
author, and any filtered list.

Items are published reports and write-ups, newest first, with the same shape in every feed. Feeds
page backwards in time with a cursor (RFC 5005 "next" / "prev-archive"), and answer conditional
requests from the content version without building the feed (reports.caching).
"""

import io
import json
import re
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import datetime
from typing import NamedTuple

from django.conf import settings
from django.contrib.syndication.views import Feed
from django.core.exceptions import BadRequest
from django.db.models import Prefetch, Q
from django.http import Http404
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils.feedgenerator import Atom1Feed, Rss201rev2Feed, SyndicationFeed
from django.utils.functional import SimpleLazyObject
from django.utils.html import escape, format_html, format_html_join
from django.utils.safestring import mark_safe
from django.utils.text import Truncator
from django.utils.xmlutils import SimplerXMLGenerator
from taggit.models import Tag

from .caching import public_cache
from .filters import ReportFilter, WriteUpFilter
from .fragments import fragments
from .models import Author, Project, Report, Session, Summit, TaggedReport, TaggedWriteUp, Track, WriteUp
from .rendering import plain_text
from .stats import cached_by_version, public_counts

FEED_FORMATS = ("rss", "atom", "json")
REPORT, WRITEUP = 1, 0  # at the same publish time a report comes before its write-ups
JSON_HTML_ESCAPES = (("<", "\\u003c"), (">", "\\u003e"), ("&", "\\u0026"))
SITE_RELATIVE_URL = re.compile(r'\b(href|src)="/(?!/)')


# ---------------------------------------------------------------------------------------------
# Generators: Django's, plus full content, every author and paging links; and JSON Feed.


class WrittenAtOnce:
    """Django's generators write each XML token to the response (thousands of small writes, each
    encoded on its own); writing into a buffer and handing the response one string is cheaper."""

    def write(self, outfile, encoding):
        buffer = io.StringIO()
        super().write(buffer, encoding)
        outfile.write(buffer.getvalue())


class ItemsWrittenOnce(WrittenAtOnce):
    """Each item's XML is written once per content version, format and origin, and kept with the
    other rendered fragments (reports.fragments): a feed then writes only its head around them."""

    item_element = None

    @classmethod
    def item_text(cls, entry):
        """The XML of one entry's item, exactly as Django's generator writes it."""
        scratch = cls(title="", link="", description="")
        scratch.add_item(**entry.item_fields())
        item = scratch.items[0]
        buffer = io.StringIO()
        handler = SimplerXMLGenerator(buffer, "utf-8", short_empty_elements=True)
        handler.startElement(cls.item_element, scratch.item_attributes(item))
        scratch.add_item_elements(handler, item)
        handler.endElement(cls.item_element)
        return buffer.getvalue()

    def write_items(self, handler):
        for item in self.items:
            # Raw text, already XML: the characters() of a handler would escape it a second time.
            handler.ignorableWhitespace(item["text"])


class RssFeed(ItemsWrittenOnce, Rss201rev2Feed):
    item_element = "item"

    def rss_attributes(self):
        return {
            **super().rss_attributes(),
            "xmlns:content": "http://purl.org/rss/1.0/modules/content/",
            "xmlns:dc": "http://purl.org/dc/elements/1.1/",
        }

    def add_root_elements(self, handler):
        # RSS readers show a <description> as HTML: plain text (a tag's name) goes in escaped.
        self.feed["description"] = escape(self.feed["description"])
        super().add_root_elements(handler)
        for rel, href in self.feed["paging_links"].items():
            handler.addQuickElement("atom:link", None, {"rel": rel, "href": href})

    def add_item_elements(self, handler, item):
        # The summary is plain text and RSS readers show an item's <description> as HTML.
        super().add_item_elements(handler, {**item, "description": escape(item["description"])})
        for author in item["authors"]:
            handler.addQuickElement("dc:creator", author["name"])
        handler.addQuickElement("content:encoded", item["content_html"])


class AtomFeed(ItemsWrittenOnce, Atom1Feed):
    item_element = "entry"

    def add_root_elements(self, handler):
        super().add_root_elements(handler)
        for rel, href in self.feed["paging_links"].items():
            handler.addQuickElement("link", "", {"rel": rel, "href": href})

    def add_item_elements(self, handler, item):
        # Django declares the summary type="html"; ours is plain text, and says so.
        super().add_item_elements(handler, {**item, "description": None})
        handler.addQuickElement("summary", item["description"], {"type": "text"})
        for author in item["authors"]:
            handler.startElement("author", {})
            handler.addQuickElement("name", author["name"])
            handler.addQuickElement("uri", author["url"])
            handler.endElement("author")
        handler.addQuickElement("content", item["content_html"], {"type": "html"})


class JsonFeed(SyndicationFeed):
    """JSON Feed 1.1 (https://jsonfeed.org/version/1.1)."""

    content_type = "application/feed+json; charset=utf-8"

    def write(self, outfile, encoding):
        feed = self.feed
        data = {
            "version": "https://jsonfeed.org/version/1.1",
            "title": feed["title"],
            "home_page_url": feed["link"],
            "feed_url": feed["feed_url"],
            "description": feed["description"],
            "language": "en",
            "authors": [{"name": feed["author_name"]}],
        }
        if "next" in feed["paging_links"]:
            data["next_url"] = feed["paging_links"]["next"]
        # Each item's JSON is written once per content version and origin, like the XML of the
        # others (reports.fragments), and the items are put last, after the head.
        head = as_json(data)
        outfile.write(f'{head[:-1]}, "items": [{", ".join(item["text"] for item in self.items)}]}}')

    @classmethod
    def item_text(cls, entry):
        return as_json(
            {
                "id": entry.guid,
                "url": entry.link,
                "title": entry.title,
                "content_html": entry.content_html,
                "summary": entry.description,
                "date_published": entry.key[0].isoformat(),
                "date_modified": entry.updated.isoformat(),
                "authors": entry.authors,
                "tags": entry.categories,
            }
        )


def as_json(data):
    # Compact, so Python's C encoder does the work (with indent it falls back to pure Python).
    # <, > and & as \u escapes: still the same JSON, but inert if something renders it as HTML.
    text = json.dumps(data, ensure_ascii=False)
    for character, replacement in JSON_HTML_ESCAPES:
        text = text.replace(character, replacement)
    return text


GENERATORS = {"rss": RssFeed, "atom": AtomFeed, "json": JsonFeed}


# ---------------------------------------------------------------------------------------------
# What a feed shows: one page of entries about one subject.


@dataclass
class FeedPage:
    subject: object
    entries: list
    request: object
    origin: str
    paging_links: dict = field(default_factory=dict)


@dataclass
class FeedEntry:
    """One item of any feed, as plain values, from which each format writes its item."""

    key: tuple  # (publish time, REPORT or WRITEUP, pk): the feeds' order and their paging cursor
    title: str
    link: str  # absolute: feed readers show items away from the site
    guid: str
    updated: datetime
    categories: list
    description: str
    authors: list
    content_html: str

    def item_fields(self):
        """Arguments for Django's SyndicationFeed.add_item."""
        return {
            "title": self.title,
            "link": self.link,
            "description": self.description,
            "unique_id": self.guid,
            "unique_id_is_permalink": False,
            "pubdate": self.key[0],
            "updateddate": self.updated,
            "categories": self.categories,
            "authors": self.authors,
            "content_html": self.content_html,
        }


class WrittenItem(NamedTuple):
    """What a feed keeps of an entry: its sort key, its update time and its item, written."""

    key: tuple
    updated: datetime
    text: str


def report_entries(ids, origin):
    contents = Prefetch(
        "writeups",
        queryset=WriteUp.objects.select_related("session").only("report_id", "anchor", "order", "session__title"),
    )
    reports = Report.objects.published().with_related().prefetch_related(contents).filter(pk__in=ids)
    tag_names = names_by_object(TaggedReport, ids)
    return {
        report.pk: feed_entry(
            report,
            key=(report.publish_at, REPORT, report.pk),
            title=report.title,
            summit=report.summit,
            tag_names=tag_names[report.pk],
            summary=report.summary or summary_of(report.introduction),
            authors=report.ordered_authors,
            content_html=report_content_html(report),
            origin=origin,
        )
        for report in reports
    }


def writeup_entries(ids, origin):
    tag_names = names_by_object(TaggedWriteUp, ids)
    return {
        writeup.pk: feed_entry(
            writeup,
            key=(writeup.report.publish_at, WRITEUP, writeup.pk),
            title=f"{writeup.session.title} · {writeup.report.title}",
            summit=writeup.report.summit,
            tag_names=tag_names[writeup.pk],
            summary=summary_of(writeup.body),
            authors=[writeup.author] if writeup.author else [],
            content_html=writeup_content_html(writeup),
            origin=origin,
        )
        for writeup in WriteUp.objects.published().with_related(tags=False).filter(pk__in=ids)
    }


def feed_entry(obj, key, title, summit, tag_names, summary, authors, content_html, origin):
    return FeedEntry(
        key=key,
        title=title,
        link=origin + obj.get_absolute_url(),
        # Minted once when the item is created; edits, retitles and moves never change it.
        guid=f"urn:uuid:{obj.uid}",
        updated=max(obj.updated_at, key[0]),
        categories=[*tag_names, summit.name],
        description=summary,
        authors=[{"name": author.display_name, "url": origin + author.get_absolute_url()} for author in authors],
        # Feed readers show content away from the site: links and images need absolute URLs.
        content_html=SITE_RELATIVE_URL.sub(rf'\1="{origin}/', content_html),
    )


def summary_of(markdown_text):
    # 40 words fit well within the first 1,000 characters; the rest of a long body is not scanned.
    return Truncator(plain_text(markdown_text[:1000])).words(40)


def report_content_html(report):
    sessions = format_html_join(
        "",
        '<li><a href="{}">{}</a></li>',
        ((writeup.get_absolute_url(), writeup.session.title) for writeup in report.writeups.all()),
    )
    contents = format_html("<p>Sessions in this report:</p><ul>{}</ul>", sessions) if sessions else ""
    return report.introduction_html + contents + report.takeaways_html


def writeup_content_html(writeup):
    session = writeup.session
    facts = " · ".join(
        part for part in [writeup.report.summit.name, session.get_kind_display(), str(session.track or "")] if part
    )
    # Names are text: escaped into the HTML; the body is HTML already, sanitised when it was saved.
    # The body was sanitised (nh3) when it was saved.
    return format_html("<p><em>{}</em></p>{}", facts, mark_safe(writeup.body_html))  # nosec B308, B703


def encode_cursor(key):
    published, kind, pk = key
    return f"{published.isoformat()}~{kind}~{pk}"


def decode_cursor(text):
    try:
        published, kind, pk = text.split("~")
        published = datetime.fromisoformat(published)
        kind, pk = int(kind), int(pk)
    except ValueError as error:
        raise BadRequest("The `before` parameter is not a cursor this site gave out.") from error
    if published.tzinfo is None or kind not in (REPORT, WRITEUP) or not 0 < pk < 2**63:
        raise BadRequest("The `before` parameter is not a cursor this site gave out.")
    return published, kind, pk


def older_than(queryset, time_field, kind, cursor):
    """Entries of one kind that sort after `cursor` in newest-first order."""
    published, cursor_kind, cursor_pk = cursor
    condition = Q(**{f"{time_field}__lt": published})
    if kind < cursor_kind:
        condition |= Q(**{time_field: published})
    elif kind == cursor_kind:
        condition |= Q(**{time_field: published, "pk__lt": cursor_pk})
    return queryset.filter(condition)


def names_by_object(tagged_model, object_ids):
    """Tag names per tagged object, in one narrow query (no tag manager per item)."""
    names = defaultdict(list)
    rows = tagged_model.objects.filter(content_object_id__in=object_ids).order_by("tag__name")
    for object_id, name in rows.values_list("content_object_id", "tag__name"):
        names[object_id].append(name)
    return names


class EntryFeed(Feed):
    """The shared shape of every feed; subclasses say what the subject is and which entries it has."""

    feed_type = RssFeed
    author_name = "summitblog"
    keep_subject = True

    # -- subclasses ----------------------------------------------------------------------------

    def subject(self, request, **kwargs):
        return None

    def reports(self, subject):
        """Published reports about the subject, or None when the feed carries only write-ups."""
        return None

    def writeups(self, subject):
        return None

    def title(self, page):
        raise NotImplementedError

    def link(self, page):
        raise NotImplementedError

    # -- the feed ------------------------------------------------------------------------------

    def get_object(self, request, **kwargs):
        if self.keep_subject:  # read once per content version; a 404 is raised again each time
            name = f"{type(self).__name__} subject {sorted(kwargs.items())}"
            subject = cached_by_version(request, name, lambda: self.subject(request, **kwargs))
        else:
            subject = self.subject(request, **kwargs)
        limit = settings.FEED_ITEM_LIMIT
        cursor = decode_cursor(request.GET["before"]) if request.GET.get("before") else None
        # First the sort keys of this page (narrow rows, kept per content version), then the rows.
        keys = cached_by_version(
            request,
            f"feed {request.get_full_path()}",
            lambda: self.page_keys(self.reports(subject), self.writeups(subject), cursor, limit + 1),
        )
        origin = request.build_absolute_uri("/").rstrip("/")
        entries = self.entries(request, keys[:limit], origin)
        page = FeedPage(subject=subject, entries=entries, request=request, origin=origin)
        page.paging_links = self.paging_links(page, more=len(keys) > limit, archive=cursor is not None)
        return page

    def entries(self, request, keys, origin):
        """A WrittenItem for each of `keys`: its item is written once per content version, format
        and origin (reports.fragments), and every page of every feed that carries it reuses it."""
        generator = self.feed_type

        def written(entries):
            return {pk: (entry.updated, generator.item_text(entry)) for pk, entry in entries.items()}

        report_ids = [pk for _, kind, pk in keys if kind == REPORT]
        writeup_ids = [pk for _, kind, pk in keys if kind == WRITEUP]
        kind = f"feed {generator.__name__} {origin}"
        found = {
            REPORT: fragments(request, f"{kind} report", report_ids, lambda ids: written(report_entries(ids, origin))),
            WRITEUP: fragments(
                request, f"{kind} write-up", writeup_ids, lambda ids: written(writeup_entries(ids, origin))
            ),
        }
        return [WrittenItem(key, *found[key[1]][key[2]]) for key in keys if key[2] in found[key[1]]]

    @staticmethod
    def page_keys(reports, writeups, cursor, count):
        """Sort keys (publish time, kind, pk) of the newest `count` entries older than `cursor`."""
        keys = []
        if reports is not None:
            reports = reports.order_by("-publish_at", "-pk")
            if cursor:
                reports = older_than(reports, "publish_at", REPORT, cursor)
            keys += [(published, REPORT, pk) for published, pk in reports.values_list("publish_at", "pk")[:count]]
        if writeups is not None:
            writeups = writeups.order_by("-report__publish_at", "-pk")
            if cursor:
                writeups = older_than(writeups, "report__publish_at", WRITEUP, cursor)
            keys += [
                (published, WRITEUP, pk) for published, pk in writeups.values_list("report__publish_at", "pk")[:count]
            ]
        keys.sort(reverse=True)
        return keys[:count]

    def paging_links(self, page, more, archive):
        """RFC 5005: the current feed links back to older pages; every page links to the current one."""
        request = page.request
        current = request.build_absolute_uri(request.path) + self.query_string(request)
        links = {"first": current}
        if archive:
            links["current"] = current
        if more and page.entries:
            older = self.query_string(request, before=encode_cursor(page.entries[-1].key))
            links["next"] = links["prev-archive"] = request.build_absolute_uri(request.path) + older
        return links

    @staticmethod
    def query_string(request, **extra):
        query = request.GET.copy()
        query.pop("before", None)
        for key, value in extra.items():
            query[key] = value
        return f"?{query.urlencode()}" if query else ""

    def feed_url(self, page):
        return page.request.build_absolute_uri()

    def description(self, page):
        return f"Newest first: published trip reports and session write-ups. {self.title(page)}."

    def feed_extra_kwargs(self, page):
        return {"paging_links": page.paging_links, "request": page.request, "origin": page.origin}

    def items(self, page):
        return []  # added by get_feed, already written

    def get_feed(self, page, request):
        """Django's feed with its head as usual and the items already written: Django's lookups of
        a dozen item_* attributes per item cost more than the rest of a feed whose items are kept."""
        feed = super().get_feed(page, request)
        feed.items = [{"pubdate": item.key[0], "updateddate": item.updated, "text": item.text} for item in page.entries]
        return feed


# ---------------------------------------------------------------------------------------------
# The feeds.


class SiteFeed(EntryFeed):
    def title(self, page):
        return "summitblog: every report and write-up"

    def link(self, page):
        return reverse("reports:home")

    def reports(self, subject):
        return Report.objects.published()

    def writeups(self, subject):
        return WriteUp.objects.published()


class TagFeed(EntryFeed):
    def subject(self, request, slug):
        tag = get_object_or_404(Tag, slug=slug)
        if tag.pk not in public_counts(request).tags:
            raise Http404("No published work carries this tag.")  # a tag only drafts use stays hidden
        return tag

    def title(self, page):
        return f"summitblog: #{page.subject.name}"

    def link(self, page):
        return reverse("reports:tag", kwargs={"slug": page.subject.slug})

    def reports(self, tag):
        return Report.objects.published().filter(tags=tag)

    def writeups(self, tag):
        return WriteUp.objects.published().filter(tags=tag)


class SummitFeed(EntryFeed):
    def subject(self, request, slug):
        return get_object_or_404(Summit, slug=slug)

    def title(self, page):
        return f"summitblog: {page.subject.name}"

    def link(self, page):
        return page.subject.get_absolute_url()

    def reports(self, summit):
        return Report.objects.published().filter(summit=summit)

    def writeups(self, summit):
        return WriteUp.objects.published().filter(report__summit=summit)


class SessionFeed(EntryFeed):
    def subject(self, request, summit, slug):
        return get_object_or_404(Session.objects.published().select_related("summit"), summit__slug=summit, slug=slug)

    def title(self, page):
        return f"summitblog: {page.subject.title} ({page.subject.summit.name})"

    def link(self, page):
        return page.subject.get_absolute_url()

    def writeups(self, session):
        return WriteUp.objects.published().filter(session=session)


class TrackFeed(EntryFeed):
    def subject(self, request, slug):
        return get_object_or_404(Track, slug=slug)

    def title(self, page):
        return f"summitblog: the {page.subject.name} track"

    def link(self, page):
        return page.subject.get_absolute_url()

    def writeups(self, track):
        return WriteUp.objects.published().filter(session__track=track)


class ProjectFeed(EntryFeed):
    def subject(self, request, slug):
        return get_object_or_404(Project, slug=slug)

    def title(self, page):
        return f"summitblog: {page.subject.name}"

    def link(self, page):
        return page.subject.get_absolute_url()

    def writeups(self, project):
        return WriteUp.objects.published().filter(session__projects=project)


class AuthorFeed(EntryFeed):
    def subject(self, request, slug):
        return get_object_or_404(Author, slug=slug)

    def title(self, page):
        return f"summitblog: {page.subject.display_name}"

    def link(self, page):
        return page.subject.get_absolute_url()

    def reports(self, author):
        return Report.objects.published().filter(report_authors__author=author)

    def writeups(self, author):
        return WriteUp.objects.published().filter(author=author)


class FilteredFeed(EntryFeed):
    """The current query of a filtered list; parameters it does not understand are ignored."""

    filterset_class = None
    list_url_name = None
    keep_subject = False  # the request's own filters

    def subject(self, request):
        # Lazy: the FilterSet (which copies its filters and validates the query) is built only
        # when this page's entries or title are not kept already.
        return SimpleLazyObject(lambda: self.filterset_class(request.GET, queryset=self.base_queryset()))

    def title(self, page):
        def build():
            described = ", ".join(f"{name} {value}" for name, value in page.subject.valid_values().items())
            title = f"summitblog: {self.noun}" + (f" ({described})" if described else "")
            # Only printable text: XML 1.0 cannot carry control characters.
            return Truncator("".join(ch for ch in title if ch.isprintable())).chars(200)

        return cached_by_version(page.request, f"{type(self).__name__} title{self.query_string(page.request)}", build)

    def link(self, page):
        query = page.request.GET.copy()
        query.pop("before", None)
        return reverse(self.list_url_name) + (f"?{query.urlencode()}" if query else "")


class FilteredReportFeed(FilteredFeed):
    filterset_class = ReportFilter
    list_url_name = "reports:report-list"
    noun = "reports"

    def base_queryset(self):
        return Report.objects.published()

    def reports(self, filterset):
        return filterset.queryset_without(None)


class FilteredWriteUpFeed(FilteredFeed):
    filterset_class = WriteUpFilter
    list_url_name = "reports:writeup-list"
    noun = "session write-ups"

    def base_queryset(self):
        return WriteUp.objects.published()

    def writeups(self, filterset):
        return filterset.queryset_without(None)


# ---------------------------------------------------------------------------------------------
# Serving: one view per feed kind, any of the three formats, conditional GET first.


def feed_view(feed_class):
    """One view for a feed kind in any of the three formats, behind the public cache (ETag, 304)."""
    feeds = {fmt: type(feed_class.__name__, (feed_class,), {"feed_type": GENERATORS[fmt]})() for fmt in FEED_FORMATS}

    @public_cache("FEED_MAX_AGE")
    def view(request, fmt, **kwargs):
        return feeds[fmt](request, **kwargs)

    return view
