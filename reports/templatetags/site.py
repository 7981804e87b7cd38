import json

from django import template
from django.core.serializers.json import DjangoJSONEncoder
from django.urls import reverse
from django.utils.safestring import mark_safe

register = template.Library()

# As in Django's json_script: nothing in the data can close the <script> element.
JSON_SCRIPT_ESCAPES = {ord(">"): "\\u003E", ord("<"): "\\u003C", ord("&"): "\\u0026"}


@register.simple_tag(takes_context=True)
def absolute_url(context, path):
    request = context.get("request")
    return request.build_absolute_uri(path) if request else path


@register.simple_tag(takes_context=True)
def absolute_url_for(context, name, **kwargs):
    """{% url %}, absolute: for documents read away from the site (OPML)."""
    return absolute_url(context, reverse(name, kwargs=kwargs))


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
def web_link(url):
    """The URL if it is an http(s) link, else "": stored data never becomes a javascript: link."""
    return url if isinstance(url, str) and url.lower().startswith(("http://", "https://")) else ""
