from django.conf import settings
from django.conf.urls.static import static
from django.contrib import admin
from django.contrib.sitemaps import views as sitemap_views
from django.urls import include, path

from reports.caching import public
from reports.sitemaps import SITEMAPS
from reports.views import robots_txt

urlpatterns = [
    path("admin/", admin.site.urls),
    path(
        "sitemap.xml",
        public(sitemap_views.index),
        {"sitemaps": SITEMAPS, "sitemap_url_name": "sitemap-section"},
        name="sitemap",
    ),
    path("sitemap-<section>.xml", public(sitemap_views.sitemap), {"sitemaps": SITEMAPS}, name="sitemap-section"),
    path("robots.txt", public(robots_txt), name="robots"),
    path("", include("reports.urls")),
]

if settings.DEBUG:
    # Uploaded media in development; production serves MEDIA_ROOT from the web server or object storage.
    urlpatterns += static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT)

handler500 = "summitblog.errors.server_error"
