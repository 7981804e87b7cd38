"""The site's URLs plus the benchmark's ceiling: a trivial view returning a fixed 50 kB page through
the same middleware, server and settings. Used only by bench/run_bench.py (ROOT_URLCONF=bench.urls)."""

from django.http import HttpResponse
from django.urls import path

from summitblog.urls import urlpatterns as site_urlpatterns

CEILING_PAGE = (b"<!doctype html><title>ceiling</title>\n<p>" + b"lorem ipsum " * 4200)[:49_996] + b"</p>"


def ceiling(request):
    return HttpResponse(CEILING_PAGE)


urlpatterns = [path("bench/ceiling/", ceiling), *site_urlpatterns]
