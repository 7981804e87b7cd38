from django.urls import path

from . import views

app_name = "reports"

urlpatterns = [
    path("", views.HomeView.as_view(), name="home"),
    path("reports/", views.ReportListView.as_view(), name="report-list"),
    path("reports/<slug:slug>/", views.ReportDetailView.as_view(), name="report"),
    path("reports/<slug:slug>/preview/", views.ReportPreviewView.as_view(), name="report-preview"),
    path("writeups/", views.WriteUpListView.as_view(), name="writeup-list"),
    path("summits/", views.SummitListView.as_view(), name="summits"),
    path("summits/<slug:slug>/", views.SummitDetailView.as_view(), name="summit"),
    path("summits/<slug:summit>/sessions/<slug:slug>/", views.SessionDetailView.as_view(), name="session"),
    path("tracks/", views.TrackListView.as_view(), name="tracks"),
    path("tracks/<slug:slug>/", views.TrackDetailView.as_view(), name="track"),
    path("projects/", views.ProjectListView.as_view(), name="projects"),
    path("projects/<slug:slug>/", views.ProjectDetailView.as_view(), name="project"),
    path("tags/", views.TagListView.as_view(), name="tags"),
    path("tags/<slug:slug>/", views.TagDetailView.as_view(), name="tag"),
    path("authors/", views.AuthorListView.as_view(), name="authors"),
    path("authors/<slug:slug>/", views.AuthorDetailView.as_view(), name="author"),
    path("search/", views.SearchView.as_view(), name="search"),
]
