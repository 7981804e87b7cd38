"""Markdown to safe HTML: Python-Markdown renders, nh3 (Ammonia) sanitises.

Texts are rendered once when they are saved, so pages and feeds share one HTML source.
"""

import re

import markdown
import nh3

MARKDOWN_EXTENSIONS = ["extra", "sane_lists", "smarty"]

ALLOWED_TAGS = {
    "a",
    "abbr",
    "blockquote",
    "br",
    "code",
    "dd",
    "del",
    "div",
    "dl",
    "dt",
    "em",
    "figcaption",
    "figure",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "hr",
    "img",
    "ins",
    "kbd",
    "li",
    "ol",
    "p",
    "pre",
    "s",
    "strong",
    "sub",
    "sup",
    "table",
    "tbody",
    "td",
    "tfoot",
    "th",
    "thead",
    "tr",
    "ul",
}
ALLOWED_ATTRIBUTES = {
    "*": {"title"},
    "a": {"href", "class"},
    "abbr": {"title"},
    "code": {"class"},
    "div": {"class"},
    "img": {"src", "alt", "width", "height"},
    "li": {"id"},
    "ol": {"start"},
    "sup": {"id"},
    "td": {"align", "colspan", "rowspan"},
    "th": {"align", "colspan", "rowspan", "scope"},
}
URL_SCHEMES = {"http", "https", "mailto"}
# Python-Markdown's footnote ids; each text gets its own prefix so that several texts on one page
# (introduction, write-ups, takeaways) never repeat an id.
FOOTNOTE_ID_PREFIXES = ("fn:", "fnref:")
IMG_WITHOUT_ALT = re.compile(r"<img(?![^>]*\salt=)")


def render_markdown(text, id_prefix="md"):
    """Return sanitised HTML for `text`, with footnote ids and links scoped by `id_prefix`."""
    if not text:
        return ""
    html = markdown.markdown(text, extensions=MARKDOWN_EXTENSIONS, output_format="html")

    def scope_ids(tag, attribute, value):
        if attribute == "id":
            return f"{id_prefix}-{value}" if value.startswith(FOOTNOTE_ID_PREFIXES) else None
        if attribute == "href" and value.startswith("#"):
            target = value[1:]
            return f"#{id_prefix}-{target}" if target.startswith(FOOTNOTE_ID_PREFIXES) else value
        return value

    html = nh3.clean(
        html,
        tags=ALLOWED_TAGS,
        attributes=ALLOWED_ATTRIBUTES,
        url_schemes=URL_SCHEMES,
        attribute_filter=scope_ids,
        link_rel="noopener noreferrer nofollow",
    )
    # An image without alternative text is invalid HTML; mark it decorative rather than drop it.
    return IMG_WITHOUT_ALT.sub('<img alt=""', html)


MARKDOWN_MARKUP = re.compile(r"!?\[([^\]]*)\]\([^)]*\)|\[\^[^\]]+\]:?|[*_`#>|~]+|<[^>]+>")


def plain_text(markdown_text):
    """The words of a Markdown text without its markup, for summaries and snippets."""
    return " ".join(MARKDOWN_MARKUP.sub(lambda match: match.group(1) or "", markdown_text or "").split())
