"""Property-based tests: whatever a visitor puts in a public URL or query string, the site answers
without a 500 and never echoes it back unescaped."""

import re
from urllib.parse import quote, urlencode

import pytest
from django.urls import URLPattern, URLResolver, get_resolver
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from .site_data import build_site

pytestmark = pytest.mark.django_db

QUERY_PARAMETERS = ["q", "page", "summit", "track", "project", "tag", "author", "year", "kind", "before", "limit"]
NASTY_TEXT = st.one_of(
    st.text(max_size=60),
    st.text(alphabet=st.characters(min_codepoint=0, max_codepoint=0x1F), max_size=10),  # NUL and controls
    st.text(alphabet="<>\"'&%;/\\{}[]()*+-=!?#~`", max_size=20),
    st.integers(min_value=-(10**30), max_value=10**30).map(str),
    st.sampled_from(
        [
            "0",
            "-1",
            "1e309",
            "NaN",
            "2017.5",
            "../../etc/passwd",
            "%00",
            "\ud7ff",
            "ﷺ" * 30,
            "2017-05-08T00:00:00+00:00~1~1",
            "a~b~c",
            "x" * 5000,
            "",
            " ",
        ]
    ),
)


def public_patterns(resolver=None, prefix=""):
    """(route template, converter names) for every public URL pattern (the admin excluded)."""
    resolver = resolver or get_resolver()
    for pattern in resolver.url_patterns:
        route = str(pattern.pattern)
        if isinstance(pattern, URLResolver):
            if route.startswith("admin/"):
                continue
            yield from public_patterns(pattern, prefix + route)
        elif isinstance(pattern, URLPattern) and not route.startswith("^"):
            yield prefix + route


PATTERNS = sorted(set(public_patterns()))
PARAMETER = re.compile(r"<(?:(?P<converter>[^>:]+):)?(?P<name>[^>]+)>")


@st.composite
def urls(draw, known_values):
    route = draw(st.sampled_from(PATTERNS))

    def fill(match):
        if match.group("converter") == "feedformat":
            return draw(st.sampled_from(["rss", "atom", "json"]))
        value = draw(st.one_of(st.sampled_from(known_values), NASTY_TEXT))
        return quote(value, safe="")

    path = "/" + PARAMETER.sub(fill, route)
    names = draw(st.lists(st.one_of(st.sampled_from(QUERY_PARAMETERS), st.text(max_size=8)), max_size=6))
    query = [(name, draw(st.one_of(st.sampled_from(known_values), NASTY_TEXT))) for name in names]
    return path, query


@pytest.fixture
def known_values(db):
    """Real slugs, so that generated URLs also reach the views behind valid routes.

    Built once per test function; every example of that test reads the same data."""
    site = build_site(scale=1)
    return [
        site.summits[0].slug,
        site.sessions[0].slug,
        site.sessions[0].track.slug,
        "ceph",
        site.reports[0].slug,
        site.reports[0].report_authors.first().author.slug,
        site.sessions[0].projects.first().slug,
        "2013",
        "breakout",
        "1",
        "2",
    ]


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(data=st.data())
def test_no_url_or_query_gives_a_500_or_an_unescaped_echo(client, known_values, data):
    """No public URL or query string, however hostile, gives a
    server error, and no page echoes the query back unescaped."""
    path, query = data.draw(urls(known_values))
    probe = f"<zq{data.draw(st.integers(min_value=0, max_value=10**6))}>"
    query.append(("q", probe))
    response = client.get(path + "?" + urlencode(query, doseq=True))
    assert response.status_code < 500, (path, query)
    if response.status_code == 200 and not response.streaming:
        assert probe.encode() not in response.content, (path, query)


@settings(max_examples=100, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    parameter=st.sampled_from(QUERY_PARAMETERS),
    values=st.lists(NASTY_TEXT, min_size=2, max_size=5),
    path=st.sampled_from(
        ["/reports/", "/writeups/", "/search/", "/reports/feed.rss", "/writeups/feed.json", "/tags/", "/feed.atom"]
    ),
)
def test_repeated_parameters_are_harmless(client, known_values, parameter, values, path):
    """Repeating a query parameter with hostile values never gives a server error on lists, search, tags or feeds."""
    response = client.get(path, {parameter: values})
    assert response.status_code < 500, (path, parameter, values)


def test_every_public_pattern_is_covered():
    """The fuzzed URLs come from the URL configuration, so every public pattern, new ones included, is tested."""
    # If a new public URL is added, it is fuzzed too: the list comes from the URL configuration.
    assert {"", "reports/", "tags/<slug:slug>/feed.<feedformat:fmt>", "search/", "sitemap.xml"} <= set(PATTERNS)


@pytest.mark.django_db
@pytest.mark.parametrize("path", ["/", "/tags/", "/feed.atom", "/no-such-page/"])
def test_a_host_header_the_site_does_not_serve_is_a_400(path):
    """A request for a host the site does not serve is a 400 that does not echo the host back."""
    from django.test import Client

    response = Client(raise_request_exception=False).get(path, HTTP_HOST="evil.example")
    assert response.status_code == 400
    assert b"evil.example" not in response.content
