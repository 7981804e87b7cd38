"""RSS 2.0, Atom 1.0 and JSON Feed 1.1 for the site, each tag, summit, session, track, project and
author, and any filtered list: django.contrib.syndication feeds.

Items are published reports and write-ups, newest first, FEED_ITEM_LIMIT a page. Older pages are
a cursor away (RFC 5005 "next" / "prev-archive"). Each item's id is the uuid minted when it was
created, so edits never make it look new. The generators add what Django's leave out: every
author (dc:creator, Atom authors), the full content (content:encoded), the paging links; JSON Feed
is a small generator of its own.
"""

import json
import re
from dataclasses import dataclass, field
from datetime import datetime
from io import StringIO

from django.conf import settings
from django.contrib.syndication.views import Feed
from django.core.exceptions import BadRequest
from django.db.models import Max, Min, OuterRef, Prefetch, Q, Subquery
from django.urls import reverse
from django.utils.feedgenerator import Atom1Feed, Rss201rev2Feed, SyndicationFeed
from django.utils.html import escape, format_html, format_html_join
from django.utils.safestring import mark_safe
from django.utils.text import Truncator
from django.views.decorators.http import require_safe

from .caching import public
from .filters import FollowUpFilter, ReportFilter, WriteUpFilter
from .models import Attendance, FollowUp, Report, WriteUp
from .rendering import plain_text
from .subjects import AUTHOR, PROJECT, SESSION, SPEAKER, SUMMIT, TAG, TRACK

FEED_FORMATS = ("rss", "atom", "json")
REPORT, WRITEUP = 1, 0  # at the same publish time a report comes before its write-ups
SITE_RELATIVE_URL = re.compile(r'\b(href|src)="/(?!/)')


# -- Generators ---------------------------------------------------------------------------------


class WrittenWhole:
    """Write the XML into the response in one piece: written as it is generated, a feed is a
    thousand small chunks, each of which the server sends on its own."""

    def write(self, outfile, encoding):
        buffer = StringIO()
        super().write(buffer, encoding)
        outfile.write(buffer.getvalue())


class RssFeed(WrittenWhole, Rss201rev2Feed):
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


class AtomFeed(WrittenWhole, Atom1Feed):
    def add_root_elements(self, handler):
        super().add_root_elements(handler)
        for rel, href in self.feed["paging_links"].items():
            handler.addQuickElement("link", "", {"rel": rel, "href": href})

    def add_item_elements(self, handler, item):
        # Django declares the summary type="html"; ours is plain text, and says so. Every author
        # is written here, Django's single author left out.
        super().add_item_elements(handler, {**item, "description": None, "author_name": None})
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
            "items": [self.item_data(item) for item in self.items],
        }
        if "next" in feed["paging_links"]:
            data["next_url"] = feed["paging_links"]["next"]
        # <, > and & as \u escapes: the same JSON, but inert if something renders it as HTML.
        text = json.dumps(data, ensure_ascii=False).replace("<", "\\u003c").replace(">", "\\u003e")
        outfile.write(text.replace("&", "\\u0026"))

    @staticmethod
    def item_data(item):
        return {
            "id": item["unique_id"],
            "url": item["link"],
            "title": item["title"],
            "content_html": item["content_html"],
            "summary": item["description"],
            "date_published": item["pubdate"].isoformat(),
            "date_modified": item["updateddate"].isoformat(),
            "authors": item["authors"],
            "tags": list(item["categories"]),
        }


GENERATORS = {"rss": RssFeed, "atom": AtomFeed, "json": JsonFeed}


# -- What a feed shows ----------------------------------------------------------------------


@dataclass
class FeedPage:
    """The object of one request to a feed: its subject, and where in time its page starts."""

    subject: object
    request: object
    cursor: tuple | None
    origin: str
    more: bool = False
    items: list = field(default_factory=list)


def sort_key(item):
    """(publish time, REPORT or WRITEUP, pk): the feeds' order and their paging cursor."""
    if isinstance(item, Report):
        return item.publish_at, REPORT, item.pk
    return item.report.publish_at, WRITEUP, item.pk


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


def newest_keys(queryset, time_field, kind, cursor, count):
    """The sort keys of the newest `count` entries of one kind after `cursor`: which entries make
    the page is decided on these, before any entry is read whole."""
    if queryset is None:
        return []
    queryset = queryset.order_by(f"-{time_field}", "-pk")
    if cursor:
        queryset = older_than(queryset, time_field, kind, cursor)
    return [(published, kind, pk) for published, pk in queryset.values_list(time_field, "pk")[:count]]


def report_items(reports, pks):
    if not pks:
        return []
    contents = Prefetch(
        "writeups",
        queryset=WriteUp.objects.select_related("session").only(
            "report_id", "anchor", "order", "heading", "session__title"
        ),
    )
    attended = Prefetch("attendances", queryset=Attendance.objects.select_related("session__summit"))
    return list(reports.filter(pk__in=pks).with_related().prefetch_related("tags", contents, attended, "attendees"))


def writeup_items(writeups, pks):
    if not pks:
        return []
    return list(writeups.filter(pk__in=pks).with_related())


def summary_of(markdown_text):
    # 40 words fit well within the first 1,000 characters; the rest of a long body is not scanned.
    return Truncator(plain_text(markdown_text[:1000])).words(40)


def report_content_html(report):
    """The introduction, the list of sections and of sessions also attended (with their notes),
    who else was there, and the takeaways."""
    sections = format_html_join(
        "", '<li><a href="{}">{}</a></li>', ((w.get_absolute_url(), w.title) for w in report.writeups.all())
    )
    contents = format_html("<p>In this report:</p><ul>{}</ul>", sections) if sections else ""
    attended = format_html_join(
        "",
        '<li><a href="{}">{}</a>{}</li>',
        (
            (a.session.get_absolute_url(), a.session.title, f": {a.note}" if a.note else "")
            for a in report.attendances.all()
        ),
    )
    also = format_html("<p>Also attended:</p><ul>{}</ul>", attended) if attended else ""
    people = ", ".join(attendee.name for attendee in report.attendees.all())
    there = format_html("<p>Also there: {}.</p>", people) if people else ""
    return report.introduction_html + contents + also + there + report.takeaways_html


def writeup_content_html(writeup):
    session = writeup.session
    facts = [writeup.report.summit.name]
    if session is not None:
        facts += [
            session.get_kind_display(),
            str(session.track or ""),
            session.get_status_display() * session.is_cancelled,
        ]
    if writeup.verdict:
        facts.append(f"Verdict: {writeup.get_verdict_display()}")
    facts = " · ".join(part for part in facts if part)
    # Names are text, escaped into the HTML. The body was sanitised (nh3) when it was saved.
    return format_html("<p><em>{}</em></p>{}", facts, mark_safe(writeup.body_html))  # nosec B308, B703


# -- The feeds ----------------------------------------------------------------------------------


class EntryFeed(Feed):
    """The shape of every feed: a subject (reports.subjects) and its newest reports and write-ups."""

    feed_type = RssFeed
    author_name = "summitblog"
    item_guid_is_permalink = False
    subject = None

    def get_object(self, request, **kwargs):
        return self.page(request, self.subject.get(**kwargs))

    @staticmethod
    def page(request, subject):
        cursor = decode_cursor(request.GET["before"]) if request.GET.get("before") else None
        return FeedPage(subject, request, cursor, origin=request.build_absolute_uri("/").rstrip("/"))

    def reports(self, page):
        return self.subject.reports(page.subject)

    def writeups(self, page):
        return self.subject.writeups(page.subject)

    def items(self, page):
        limit = settings.FEED_ITEM_LIMIT
        reports, writeups = self.reports(page), self.writeups(page)
        keys = newest_keys(reports, "publish_at", REPORT, page.cursor, limit + 1)
        keys += newest_keys(writeups, "report__publish_at", WRITEUP, page.cursor, limit + 1)
        keys.sort(reverse=True)
        page.more, keys = len(keys) > limit, keys[:limit]
        items = report_items(reports, [pk for _, kind, pk in keys if kind == REPORT])
        items += writeup_items(writeups, [pk for _, kind, pk in keys if kind == WRITEUP])
        items.sort(key=sort_key, reverse=True)
        page.items = items
        for item in page.items:
            item.feed_origin = page.origin  # for absolute links in its content (item_extra_kwargs)
        return page.items

    def get_feed(self, page, request):
        """Django's feed, with the paging links that depend on the items it has read."""
        feed = super().get_feed(page, request)
        feed.feed["paging_links"] = self.paging_links(page)
        return feed

    def paging_links(self, page):
        """RFC 5005: the current feed links back to older pages; every page links to the current one."""
        request = page.request
        current = request.build_absolute_uri(request.path) + self.query_string(request)
        links = {"first": current}
        if page.cursor:
            links["current"] = current
        if page.more and page.items:
            older = self.query_string(request, before=encode_cursor(sort_key(page.items[-1])))
            links["next"] = links["prev-archive"] = request.build_absolute_uri(request.path) + older
        return links

    @staticmethod
    def query_string(request, **extra):
        query = request.GET.copy()
        query.pop("before", None)
        for key, value in extra.items():
            query[key] = value
        return f"?{query.urlencode()}" if query else ""

    # -- the feed --------------------------------------------------------------------------------

    def title(self, page):
        return self.subject.feed_title(page.subject)

    def link(self, page):
        return self.subject.url(page.subject)

    def feed_url(self, page):
        return page.request.build_absolute_uri()

    def description(self, page):
        return f"Newest first: published trip reports and session write-ups. {self.title(page)}."

    def feed_extra_kwargs(self, page):
        return {"paging_links": {}}

    # -- each item -------------------------------------------------------------------------------

    def item_title(self, item):
        if isinstance(item, Report):
            return item.title
        return f"{item.title} · {item.report.title}"

    def item_link(self, item):
        return item.get_absolute_url()

    def item_guid(self, item):
        return f"urn:uuid:{item.uid}"

    def item_description(self, item):
        if isinstance(item, Report):
            return item.summary or summary_of(item.introduction)
        return summary_of(item.body)

    def item_pubdate(self, item):
        return sort_key(item)[0]

    def item_updateddate(self, item):
        return max(item.updated_at, sort_key(item)[0])

    def item_categories(self, item):
        tags = item.tags.all() if isinstance(item, Report) else item.tags_by_name
        summit = item.summit if isinstance(item, Report) else item.report.summit
        return [*sorted(tag.name for tag in tags), summit.name]

    def item_extra_kwargs(self, item):
        """Every author, and the full content with links and images made absolute (feed readers
        show it away from the site)."""
        origin = item.feed_origin
        authors = item.ordered_authors if isinstance(item, Report) else [item.author] if item.author else []
        content = report_content_html(item) if isinstance(item, Report) else writeup_content_html(item)
        return {
            "authors": [{"name": author.display_name, "url": origin + author.get_absolute_url()} for author in authors],
            "content_html": SITE_RELATIVE_URL.sub(rf'\1="{origin}/', content),
        }


class SiteFeed(EntryFeed):
    def get_object(self, request, **kwargs):
        return self.page(request, None)

    def title(self, page):
        return "summitblog: every report and write-up"

    def link(self, page):
        return reverse("reports:home")

    def reports(self, page):
        return Report.objects.published()

    def writeups(self, page):
        return WriteUp.objects.published()


class TagFeed(EntryFeed):
    subject = TAG


class SummitFeed(EntryFeed):
    subject = SUMMIT


class SessionFeed(EntryFeed):
    subject = SESSION


class SpeakerFeed(EntryFeed):
    subject = SPEAKER


class TrackFeed(EntryFeed):
    subject = TRACK


class ProjectFeed(EntryFeed):
    subject = PROJECT


class AuthorFeed(EntryFeed):
    subject = AUTHOR


class FilteredFeed(EntryFeed):
    """The current query of a filtered list; parameters it does not understand are ignored."""

    filterset_class = None
    list_url_name = None
    noun = None

    def get_object(self, request, **kwargs):
        return self.page(request, self.filterset_class(request.GET, queryset=self.base_queryset()))

    def title(self, page):
        described = page.subject.described()
        title = f"summitblog: {self.noun}" + (f" ({described})" if described else "")
        # Only printable text: XML 1.0 cannot carry control characters.
        return Truncator("".join(ch for ch in title if ch.isprintable())).chars(200)

    def link(self, page):
        return reverse(self.list_url_name) + self.query_string(page.request)


class FilteredReportFeed(FilteredFeed):
    filterset_class = ReportFilter
    list_url_name = "reports:report-list"
    noun = "reports"

    def base_queryset(self):
        return Report.objects.published()

    def reports(self, page):
        return page.subject.queryset_without(None)

    def writeups(self, page):
        return None


class FilteredWriteUpFeed(FilteredFeed):
    filterset_class = WriteUpFilter
    list_url_name = "reports:writeup-list"
    noun = "session write-ups"

    def base_queryset(self):
        return WriteUp.objects.published()

    def reports(self, page):
        return None

    def writeups(self, page):
        return page.subject.queryset_without(None)


# -- Summit week: follow-ups and summit digests ---------------------------------------------------


@dataclass
class ListPage:
    """The object of one request to a feed that is not made of reports and write-ups."""

    request: object
    origin: str
    filterset: object = None


class SimpleFeed(Feed):
    """A feed of other things than entries: one page, no byline, the same generators."""

    feed_type = RssFeed
    author_name = "summitblog"
    item_guid_is_permalink = False

    def get_object(self, request, **kwargs):
        return ListPage(request, origin=request.build_absolute_uri("/").rstrip("/"))

    def feed_url(self, page):
        return page.request.build_absolute_uri()

    def feed_extra_kwargs(self, page):
        return {"paging_links": {}}

    def item_extra_kwargs(self, item):
        return {"authors": [], "content_html": self.item_content_html(item)}


class FollowUpFeed(SimpleFeed):
    """The follow-ups of published reports, newest first, with the list page's filters
    (`?project=ceph&state=open`)."""

    def get_object(self, request, **kwargs):
        page = super().get_object(request, **kwargs)
        page.filterset = FollowUpFilter(request.GET or None, queryset=FollowUp.objects.published())
        return page

    def title(self, page):
        form = page.filterset.form
        chosen = [f"{name} {value}" for name, value in getattr(form, "cleaned_data", {}).items() if value]
        return "summitblog: follow-ups" + (f" ({', '.join(chosen)})" if chosen else "")

    def link(self, page):
        return reverse("reports:follow-ups") + EntryFeed.query_string(page.request)

    def description(self, page):
        return "Action items attendees noted in their published trip reports, newest first."

    def items(self, page):
        return page.filterset.qs.as_rows().newest_first()[: settings.FEED_ITEM_LIMIT]

    def item_title(self, item):
        return f"Done: {item.text}" if item.done else item.text

    def item_link(self, item):
        return item.get_absolute_url()

    def item_guid(self, item):
        return f"urn:summitblog:follow-up:{item.pk}"

    def item_description(self, item):
        return f"From “{item.report.title}” ({item.section_title}, {item.report.summit.name})."

    def item_pubdate(self, item):
        return item.report.publish_at

    def item_updateddate(self, item):
        return max(item.done_at or item.report.publish_at, item.report.publish_at)

    def item_categories(self, item):
        return [name for name in (item.project.name if item.project else "", item.report.summit.name) if name]

    def item_content_html(self, item):
        state = "Done" if item.done else "Open"
        return format_html("<p>{}: {}</p><p>{}</p>", state, item.text, self.item_description(item))


class DigestFeed(SimpleFeed):
    """One item per summit: its digest, updated whenever one of its reports is published."""

    def title(self, page):
        return "summitblog: summit digests"

    def link(self, page):
        return reverse("reports:summits")

    def description(self, page):
        return "Each summit in one page: sessions by track, who covered them, verdicts and follow-ups."

    def items(self, page):
        reports = Report.objects.published().filter(summit=OuterRef("pk")).order_by()
        latest = reports.values("summit").annotate(latest=Max("publish_at")).values("latest")
        first = reports.values("summit").annotate(first=Min("publish_at")).values("first")
        summits = SUMMIT.listed().annotate(latest=Subquery(latest), first=Subquery(first))
        return summits.order_by("-latest", "-pk")[: settings.FEED_ITEM_LIMIT]

    def item_title(self, summit):
        return f"Digest: {summit.name}"

    def item_link(self, summit):
        return reverse("reports:summit-digest", kwargs={"slug": summit.slug})

    def item_guid(self, summit):
        return f"urn:summitblog:digest:{summit.pk}"

    def item_description(self, summit):
        return f"{summit.name}, {summit.city}: what the team saw, session by session, from its published reports."

    def item_pubdate(self, summit):
        return summit.first

    def item_updateddate(self, summit):
        return summit.latest

    def item_categories(self, summit):
        return [summit.name]

    def item_content_html(self, summit):
        return format_html("<p>{}</p>{}", self.item_description(summit), mark_safe(summit.digest_intro_html))  # nosec B308, B703


def feed_view(feed_class):
    """One view for a feed kind in any of the three formats, marked public (ETag, 304, page cache)."""
    feeds = {fmt: type(feed_class.__name__, (feed_class,), {"feed_type": GENERATORS[fmt]})() for fmt in FEED_FORMATS}

    @public(max_age_setting="FEED_MAX_AGE")
    @require_safe
    def view(request, fmt, **kwargs):
        return feeds[fmt](request, **kwargs)

    return view
