"""Email subscribers their digests (run from cron or a systemd timer, daily and weekly)."""

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from reports.digest_mail import send_digests
from reports.models import Subscriber


class Command(BaseCommand):
    help = (
        "Email every subscriber (of one frequency with --frequency) the reports published under their "
        "subscriptions that they were not sent yet. Running it again sends nothing new."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--frequency",
            choices=Subscriber.Frequency.values,
            help="Only the subscribers who asked for this frequency (the daily run, the weekly run). Default: all.",
        )
        parser.add_argument(
            "--base-url",
            default=getattr(settings, "SITE_URL", ""),
            help="The site's address for the links in the emails, e.g. https://trips.example.com (SITE_URL).",
        )

    def handle(self, *args, frequency, base_url, **options):
        if not base_url:
            raise CommandError("Set SITE_URL or pass --base-url: the emails link to the site.")
        outcome = send_digests(base_url, frequency)
        self.stdout.write(f"Digests ({frequency or 'every frequency'}): {outcome.summary()}.")
        if outcome.failed:
            raise CommandError(f"{outcome.failed} digest(s) could not be sent; they are tried again on the next run.")
