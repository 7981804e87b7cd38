"""Tell authors their scheduled reports are live, once their time has come (run from cron)."""

from django.conf import settings
from django.core.management.base import BaseCommand

from reports.notifications import send_due_live_notices


class Command(BaseCommand):
    help = "Email the authors of reports whose scheduled publish time has come and who were not told yet."

    def add_arguments(self, parser):
        parser.add_argument(
            "--base-url",
            default=getattr(settings, "SITE_URL", ""),
            help="The site's address for the links in the emails, e.g. https://trips.example.com (SITE_URL).",
        )

    def handle(self, *args, base_url, **options):
        sent = send_due_live_notices(base_url.rstrip("/"))
        self.stdout.write(f"{sent} notice(s) sent.")
