"""Export every report (or a summit's) as Markdown files with front matter, or as one WordPress
export (WXR), so that nobody is locked in (see reports.exporting)."""

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from reports.exporting import export_markdown, export_wxr, reports_for_export
from reports.models import Report, Summit


def default_base_url():
    hosts = [host for host in settings.ALLOWED_HOSTS if host and "*" not in host and not host.startswith(".")]
    return f"https://{hosts[0]}" if hosts else "http://localhost"


class Command(BaseCommand):
    help = (
        "Export reports: as Markdown (DEST is a folder: DEST/<summit>/<report>.md, pictures in "
        "DEST/<summit>/images/), which import_reports reads back, or as a WordPress export (DEST is a .xml file)."
    )

    def add_arguments(self, parser):
        parser.add_argument("dest", metavar="DEST")
        parser.add_argument("--format", choices=["markdown", "wxr"], default="markdown")
        parser.add_argument("--summit", metavar="SLUG", help="Only this summit's reports.")
        parser.add_argument(
            "--base-url",
            default=None,
            help="The site's address, for the links in a WXR export (default: https:// and the first ALLOWED_HOSTS).",
        )

    def handle(self, *args, dest, format, summit, base_url, **options):
        reports = Report.objects.all()
        if summit:
            if not Summit.objects.filter(slug=summit).exists():
                raise CommandError(f"There is no summit “{summit}”.")
            reports = reports.filter(summit__slug=summit)
        reports = list(reports_for_export(reports))
        if format == "wxr":
            path = export_wxr(reports, dest, base_url or default_base_url())
            self.stdout.write(self.style.SUCCESS(f"Exported {len(reports)} report(s) to {path}"))
            return
        written = export_markdown(reports, dest)
        self.stdout.write(self.style.SUCCESS(f"Exported {len(written)} report(s) to {dest}"))
