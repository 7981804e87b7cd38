from django import template
from django.utils.html import format_html

register = template.Library()


@register.simple_tag
def picture(renditions, sizes, alt="", eager=False, css_class=""):
    """An <img> with its srcset, its width and height (no layout shift), lazy unless `eager`
    (the picture at the top of a page). `renditions` is e.g. report.cover_sizes."""
    fallback = renditions.fallback if renditions else None
    if fallback is None:
        return ""
    url, width, height = fallback
    return format_html(
        '<img src="{}" srcset="{}" sizes="{}" width="{}" height="{}" alt="{}" loading="{}" decoding="async"{}>',
        url,
        renditions.srcset,
        sizes,
        width,
        height,
        alt,
        "eager" if eager else "lazy",
        format_html(' class="{}"', css_class) if css_class else "",
    )
