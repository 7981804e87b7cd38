import html
import json
from datetime import datetime

from django import template
from django.core.serializers.json import DjangoJSONEncoder
from django.utils import timezone
from django.utils.html import format_html_join
from django.utils.safestring import mark_safe

from reports.links import fixed_url, url_for_slug

register = template.Library()

# As in Django's json_script: nothing in the data can close the <script> element.
JSON_SCRIPT_ESCAPES = {ord(">"): "\\u003E", ord("<"): "\\u003C", ord("&"): "\\u0026"}


@register.simple_tag
def link(name, *args):
    """{% url %} for links every page carries (header, footer), reversed once per process."""
    return fixed_url(name, *args)


@register.simple_tag(takes_context=True)
def absolute_url(context, path):
    request = context.get("request")
    return request.build_absolute_uri(path) if request else path


@register.simple_tag
def json_ld(data):
    """A JSON-LD block (structured data, not a script: it runs nothing, so CSP needs no exception)."""
    payload = json.dumps(data, cls=DjangoJSONEncoder, ensure_ascii=False).translate(JSON_SCRIPT_ESCAPES)
    # The payload is JSON with <, > and & escaped: it cannot close the element or open another.
    return mark_safe(f'<script type="application/ld+json">{payload}</script>')  # nosec B308, B703


@register.simple_tag(takes_context=True)
def page_url(context, number):
    """The current URL with its query string kept and `page` set to `number`."""
    query = context["request"].GET.copy()
    query["page"] = number
    return f"?{query.urlencode()}"


@register.filter
def tag_url(tag):
    """A tag page's URL: lists show a few tags on each of dozens of rows (see reports.links)."""
    return url_for_slug("reports:tag", tag.slug)


@register.filter
def web_link(url):
    """The URL if it is an http(s) link, else "": stored data never becomes a javascript: link."""
    return url if isinstance(url, str) and url.lower().startswith(("http://", "https://")) else ""


@register.simple_tag
def facet_options(facet):
    """The <option>s of one filter, built in Python: a page can have hundreds of them."""
    return format_html_join(
        "",
        '<option value="{}"{}>{}{}</option>',
        (
            (
                value,
                " selected" if value == facet.selected else "",
                label,
                f" ({count})" if count is not None else "",
            )
            for value, label, count in facet.choices
        ),
    )


@register.simple_tag
def sitemap_entries(urlset):
    """The <url> elements of a sitemap page, built in Python: a page lists 500 of them (the
    standard library's escape, without Django's lazy-string wrapper: every value is plain text)."""
    zone = timezone.get_current_timezone()
    entries = []
    for url in urlset:
        parts = [f"<url><loc>{html.escape(url['location'])}</loc>"]
        if lastmod := url.get("lastmod"):
            if isinstance(lastmod, datetime) and timezone.is_aware(lastmod):
                lastmod = lastmod.astimezone(zone)
            parts.append(f"<lastmod>{lastmod:%Y-%m-%d}</lastmod>")
        if changefreq := url.get("changefreq"):
            parts.append(f"<changefreq>{html.escape(str(changefreq))}</changefreq>")
        if priority := url.get("priority"):
            parts.append(f"<priority>{html.escape(str(priority))}</priority>")
        entries.append("".join(parts) + "</url>\n")
    # Every value above is escaped.
    return mark_safe("".join(entries))  # nosec B308, B703
