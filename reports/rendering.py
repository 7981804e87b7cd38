"""Markdown to safe HTML: markdown-it-py renders (CommonMark, with tables, footnotes, definition
lists and bare links), nh3 (Ammonia) sanitises.

Texts are rendered once when they are saved, so pages and feeds share one HTML source. The
renderer is configured to take time in proportion to the text, whatever the text contains: any
contributor can save a body, and a body must never stall a worker. markdown-it nests at most
MAX_NESTING deep; bare links are found by one linear regular expression (linkify-it's matcher is
quadratic on text like "<http://" repeated); a text is at most MAX_MARKDOWN_CHARS long with at most
MAX_BRACKETS brackets (the forms refuse more, and such a stored text is shown escaped, not parsed).
"""

import re
from dataclasses import dataclass
from html import unescape

import nh3
from django.core.exceptions import ValidationError
from django.utils.html import escape
from markdown_it import MarkdownIt
from markdown_it.token import Token
from mdit_py_plugins.deflist import deflist_plugin
from mdit_py_plugins.footnote import footnote_plugin

# Twice the longest whole report among the seeds (15,700 characters), for one text; worst case,
# a text of markup alone, it renders in about half a second on a slow shared core.
MAX_MARKDOWN_CHARS = 30_000
# Brackets are what costs most per character (each "[" may open a link); 3,000 is 1,500 links.
MAX_BRACKETS = 3_000
MAX_NESTING = 20

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
    "li": {"id", "class"},
    "ol": {"start"},
    "p": {"class"},
    "sup": {"id"},
    "td": {"align", "colspan", "rowspan"},
    "th": {"align", "colspan", "rowspan", "scope"},
}
URL_SCHEMES = {"http", "https", "mailto"}
# The only classes that survive: those this renderer writes. A text cannot borrow the site's own
# classes (a notice, a button) to pass itself off as the site.
OWN_CLASSES = {
    "a": {"footnote-ref", "footnote-backref"},
    "div": {"footnote"},
    "li": {"task", "task--done"},
    "p": {"follow-up"},
}
CODE_LANGUAGE_CLASS = re.compile(r"language-[A-Za-z0-9_+#.-]{1,40}")
IMG_WITHOUT_ALT = re.compile(r"<img(?![^>]*\salt=)")


# -- Bare links: a linear matcher in place of linkify-it ------------------------------------------

WEB_LINK = re.compile(r"(?:https?://|www\.)[^\s<>\"'`]*[^\s<>\"'`.,;:!?)\]}*_~]", re.IGNORECASE)
LINK_START = re.compile(r"https?://|www\.", re.IGNORECASE)


@dataclass
class LinkMatch:
    """What markdown-it's linkify rules read of a match (the shape of linkify-it's)."""

    index: int
    last_index: int
    text: str
    url: str
    schema: str


class WebLinks:
    """Bare http(s) and www. links in running text, for markdown-it's linkify rules."""

    def pretest(self, text):
        return LINK_START.search(text) is not None

    def test(self, text):
        return WEB_LINK.search(text) is not None

    def match(self, text):
        return [self.as_match(found) for found in WEB_LINK.finditer(text)]

    def match_at_start(self, text):
        found = WEB_LINK.match(text)
        return self.as_match(found) if found else None

    @staticmethod
    def as_match(found):
        text = found.group(0)
        has_scheme = text.lower().startswith(("http://", "https://"))
        return LinkMatch(
            index=found.start(),
            last_index=found.end(),
            text=text,
            url=text if has_scheme else f"https://{text}",
            schema=text.split(":", 1)[0].lower() + ":" if has_scheme else "",
        )


# -- Footnotes, marked up as Python-Markdown did (the site's styles and old texts expect it) ------


def footnote_id(tokens, idx, env):
    meta = tokens[idx].meta
    number = str(meta["id"] + 1)
    return f"{env.get('id_prefix', 'md')}-fn:{number}", number, meta.get("subId", 0)


def render_footnote_ref(self, tokens, idx, options, env):
    note, number, sub = footnote_id(tokens, idx, env)
    ref = note.replace("-fn:", "-fnref:") + (f":{sub}" if sub > 0 else "")
    return f'<sup id="{ref}"><a class="footnote-ref" href="#{note}">{number}</a></sup>'


def render_footnote_open(self, tokens, idx, options, env):
    note, _, _ = footnote_id(tokens, idx, env)
    return f'<li id="{note}">'


def render_footnote_anchor(self, tokens, idx, options, env):
    note, _, sub = footnote_id(tokens, idx, env)
    ref = note.replace("-fn:", "-fnref:") + (f":{sub}" if sub > 0 else "")
    return f' <a class="footnote-backref" href="#{ref}" title="Back to the text">↩</a>'


# -- Figures: an image alone in its paragraph, with a title, is a figure and the title its caption ---


def figures(state):
    """`![A stage in Hall B](/media/stage.jpg "The keynote stage on day one")`, alone in its
    paragraph, becomes <figure><img …><figcaption>The keynote stage on day one</figcaption></figure>."""
    tokens = state.tokens
    for index in range(1, len(tokens) - 1):
        inline, opening, closing = tokens[index], tokens[index - 1], tokens[index + 1]
        if opening.type != "paragraph_open" or inline.type != "inline" or closing.type != "paragraph_close":
            continue
        children = [
            child for child in inline.children or [] if not (child.type == "text" and not child.content.strip())
        ]
        if len(children) != 1 or children[0].type != "image" or not children[0].attrGet("title"):
            continue
        image = children[0]
        caption = image.attrGet("title")
        del image.attrs["title"]
        opening.tag = closing.tag = "figure"
        figcaption = Token("html_inline", "", 0)
        figcaption.content = f"<figcaption>{escape(caption)}</figcaption>"
        inline.children = [image, figcaption]


# -- Follow-ups: task items shown ticked or not, follow-up lines marked (see reports.followups) ----

TASK_BOX = re.compile(r"^\[([ xX])\]\s+")
FOLLOW_UP_LINE = re.compile(r"^(?:\*\*|__)?follow[- ]?up(?::|(?:\*\*|__):)", re.IGNORECASE)


def follow_ups(state):
    """`- [ ] Ask about QoS` becomes a list item "☐ Ask about QoS" (☑ when ticked), and a
    paragraph starting "Follow-up:" gets a class, so both stand out on the page."""
    tokens = state.tokens
    for index in range(len(tokens) - 2):
        token, following, inline = tokens[index], tokens[index + 1], tokens[index + 2]
        if token.type == "list_item_open" and following.type == "paragraph_open" and inline.type == "inline":
            box = TASK_BOX.match(inline.content)
            first = inline.children[0] if inline.children else None
            if box and first is not None and first.type == "text" and TASK_BOX.match(first.content):
                done = box.group(1) != " "
                token.attrSet("class", "task task--done" if done else "task")
                first.content = ("☑ " if done else "☐ ") + TASK_BOX.sub("", first.content, count=1)
        elif token.type == "paragraph_open" and following.type == "inline":
            if FOLLOW_UP_LINE.match(following.content):
                token.attrSet("class", "follow-up")


def build_renderer():
    md = MarkdownIt("commonmark", {"typographer": True, "linkify": True, "maxNesting": MAX_NESTING})
    md.enable(["table", "strikethrough", "replacements", "smartquotes", "linkify"])
    md.linkify = WebLinks()
    # Only the core pass that links bare URLs in finished text tokens: the inline "linkify" rule
    # searches everything pending before each "://" again, which is quadratic.
    md.inline.ruler.disable("linkify")
    md.use(footnote_plugin).use(deflist_plugin)
    md.core.ruler.after("inline", "figures", figures)
    md.core.ruler.after("figures", "follow_ups", follow_ups)
    md.add_render_rule("footnote_ref", render_footnote_ref)
    md.add_render_rule("footnote_open", render_footnote_open)
    md.add_render_rule("footnote_anchor", render_footnote_anchor)
    md.add_render_rule("footnote_block_open", lambda *args: '<div class="footnote"><hr><ol>\n')
    md.add_render_rule("footnote_block_close", lambda *args: "</ol></div>\n")
    return md


RENDERER = build_renderer()


# -- Rendering ----------------------------------------------------------------------------------


def markdown_problem(text):
    """Why the renderer will not take `text` whole, or None (see the module docstring)."""
    if len(text) > MAX_MARKDOWN_CHARS:
        return (
            f"This text is {len(text):,} characters long; the limit is {MAX_MARKDOWN_CHARS:,}. "
            "Split it into several write-ups or sections."
        )
    if text.count("[") > MAX_BRACKETS:
        return f"This text has {text.count('['):,} square brackets; the limit is {MAX_BRACKETS:,}."
    return None


def validate_markdown(text):
    """A form error for a text the renderer will not take whole."""
    problem = markdown_problem(text or "")
    if problem:
        raise ValidationError(problem, code="markdown_too_complex")


def render_markdown(text, id_prefix="md"):
    """Return sanitised HTML for `text`, with footnote ids and links scoped by `id_prefix`."""
    if not text:
        return ""
    if markdown_problem(text):
        # Stored before the limit or by a script: shown as the text it is, never parsed.
        return "".join(f"<p>{escape(part)}</p>" for part in text.split("\n\n") if part.strip())
    html = RENDERER.render(text, {"id_prefix": id_prefix})
    return sanitise(html, id_prefix)


def sanitise(html, id_prefix):
    own_ids = (f"{id_prefix}-fn:", f"{id_prefix}-fnref:")

    def keep_attribute(tag, attribute, value):
        if attribute == "id":
            return value if value.startswith(own_ids) else None
        if attribute == "class":
            if tag == "code":
                return value if CODE_LANGUAGE_CLASS.fullmatch(value) else None
            kept = [name for name in value.split() if name in OWN_CLASSES.get(tag, ())]
            return " ".join(kept) or None
        return value

    html = nh3.clean(
        html,
        tags=ALLOWED_TAGS,
        attributes=ALLOWED_ATTRIBUTES,
        url_schemes=URL_SCHEMES,
        attribute_filter=keep_attribute,
        link_rel="noopener noreferrer nofollow",
    )
    # An image without alternative text is invalid HTML; mark it decorative rather than drop it.
    return IMG_WITHOUT_ALT.sub('<img alt=""', html)


FOOTNOTES = re.compile(r'<div class="footnote">.*?</div>', re.DOTALL)
TAG = re.compile(r"<[^>]+>")


def html_text(html):
    """The words of rendered HTML, footnotes left out: for excerpts, feeds' summaries and search."""
    text = TAG.sub(" ", FOOTNOTES.sub(" ", html or ""))
    return " ".join(unescape(text).split())


MARKDOWN_MARKUP = re.compile(r"!?\[([^\]]*)\]\([^)]*\)|\[\^[^\]]+\]:?|[*_`#>|~]+|<[^>]+>")


def plain_text(markdown_text):
    """The words of a Markdown text without its markup, for summaries and snippets."""
    return " ".join(MARKDOWN_MARKUP.sub(lambda match: match.group(1) or "", markdown_text or "").split())
