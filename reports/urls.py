from django.urls import path, register_converter

from . import feeds, subscriptions, views
from .caching import public

# Public pages: ETag/304 and the page cache at the edge. The preview is private and never cached.
page = public

app_name = "reports"


class FeedFormatConverter:
    regex = "|".join(feeds.FEED_FORMATS)

    def to_python(self, value):
        return value

    def to_url(self, value):
        return value


register_converter(FeedFormatConverter, "feedformat")

urlpatterns = [
    path("", page(views.HomeView.as_view()), name="home"),
    path("feed.<feedformat:fmt>", feeds.feed_view(feeds.SiteFeed), name="site-feed"),
    path("feeds.opml", page(views.OpmlView.as_view()), name="opml"),
    path("reports/", page(views.ReportListView.as_view()), name="report-list"),
    path("reports/feed.<feedformat:fmt>", feeds.feed_view(feeds.FilteredReportFeed), name="report-list-feed"),
    path("reports/<slug:slug>/", page(views.ReportDetailView.as_view()), name="report"),
    path("reports/<slug:slug>/preview/", views.ReportPreviewView.as_view(), name="report-preview"),
    path("writeups/", page(views.WriteUpListView.as_view()), name="writeup-list"),
    path("writeups/feed.<feedformat:fmt>", feeds.feed_view(feeds.FilteredWriteUpFeed), name="writeup-list-feed"),
    path("summits/", page(views.SummitListView.as_view()), name="summits"),
    path("summits/<slug:slug>/", page(views.SummitDetailView.as_view()), name="summit"),
    path("summits/<slug:slug>/feed.<feedformat:fmt>", feeds.feed_view(feeds.SummitFeed), name="summit-feed"),
    path("summits/<slug:slug>/digest/", page(views.SummitDigestView.as_view()), name="summit-digest"),
    path("digests/feed.<feedformat:fmt>", feeds.feed_view(feeds.DigestFeed), name="digest-feed"),
    path("follow-ups/", page(views.FollowUpListView.as_view()), name="follow-ups"),
    path("follow-ups/feed.<feedformat:fmt>", feeds.feed_view(feeds.FollowUpFeed), name="follow-up-feed"),
    path("summits/<slug:summit>/sessions/<slug:slug>/", page(views.SessionDetailView.as_view()), name="session"),
    path(
        "summits/<slug:summit>/sessions/<slug:slug>/feed.<feedformat:fmt>",
        feeds.feed_view(feeds.SessionFeed),
        name="session-feed",
    ),
    path("speakers/", page(views.SpeakerListView.as_view()), name="speakers"),
    path("speakers/<slug:slug>/", page(views.SpeakerDetailView.as_view()), name="speaker"),
    path("speakers/<slug:slug>/feed.<feedformat:fmt>", feeds.feed_view(feeds.SpeakerFeed), name="speaker-feed"),
    path("tracks/", page(views.TrackListView.as_view()), name="tracks"),
    path("tracks/<slug:slug>/", page(views.TrackDetailView.as_view()), name="track"),
    path("tracks/<slug:slug>/feed.<feedformat:fmt>", feeds.feed_view(feeds.TrackFeed), name="track-feed"),
    path("projects/", page(views.ProjectListView.as_view()), name="projects"),
    path("projects/<slug:slug>/", page(views.ProjectDetailView.as_view()), name="project"),
    path("projects/<slug:slug>/feed.<feedformat:fmt>", feeds.feed_view(feeds.ProjectFeed), name="project-feed"),
    path("tags/", page(views.TagListView.as_view()), name="tags"),
    path("tags/<slug:slug>/", page(views.TagDetailView.as_view()), name="tag"),
    path("tags/<slug:slug>/feed.<feedformat:fmt>", feeds.feed_view(feeds.TagFeed), name="tag-feed"),
    path("authors/", page(views.AuthorListView.as_view()), name="authors"),
    path("authors/<slug:slug>/", page(views.AuthorDetailView.as_view()), name="author"),
    path("authors/<slug:slug>/feed.<feedformat:fmt>", feeds.feed_view(feeds.AuthorFeed), name="author-feed"),
    path("search/", page(views.SearchView.as_view()), name="search"),
    # Email subscriptions: personal, never cached (not page()).
    path("subscribe/", subscriptions.subscribe, name="subscribe"),
    path("subscriptions/confirm/<slug:token>/", subscriptions.confirm, name="subscription-confirm"),
    path("unsubscribe/<slug:token>/", subscriptions.unsubscribe, name="unsubscribe"),
]
