"""Import WordPress exports, Markdown files (alone, in folders or in zips) and RSS/Atom feed files
as draft reports (see reports.importing)."""

from django.core.management.base import BaseCommand, CommandError
from django.db.models import Q

from reports.importing import Importer, Outcome, sources_from_paths
from reports.models import Author, Summit


class Command(BaseCommand):
    help = (
        "Import posts as draft reports: WordPress exports (WXR .xml), Markdown files with front matter "
        "(.md, .markdown, folders and zips of them with their pictures) and RSS or Atom feed files. "
        "Importing a post again updates its draft; a report that is no longer a draft is left alone."
    )

    def add_arguments(self, parser):
        parser.add_argument("paths", nargs="+", metavar="PATH", help="Files, folders or zips to import.")
        parser.add_argument(
            "--summit", metavar="SLUG", help="The summit of every post that does not name its own (front matter)."
        )
        parser.add_argument(
            "--author",
            metavar="USERNAME",
            required=True,
            help="Who the import is credited to (a username or an author slug): the byline of posts "
            "that name no author known here.",
        )
        parser.add_argument(
            "--new-sessions",
            action="store_true",
            help="A heading that matches none of the summit's sessions becomes a new session (not a free section).",
        )

    def handle(self, *args, paths, summit, author, new_sessions, **options):
        credited = Author.objects.filter(Q(user__username=author) | Q(slug=author)).select_related("user").first()
        if credited is None:
            raise CommandError(f"No author here has the username or slug “{author}”.")
        target = None
        if summit:
            target = Summit.objects.filter(slug=summit).first()
            if target is None:
                raise CommandError(f"There is no summit “{summit}”.")
        sources, outcomes = sources_from_paths(paths)
        importer = Importer(credited, summit=target, user=credited.user, trusted=True, new_sessions=new_sessions)
        outcomes += importer.run(sources)
        for outcome in outcomes:
            stream = self.stderr if outcome.action == Outcome.ERROR else self.stdout
            stream.write(str(outcome))
        counts = {action: sum(o.action == action for o in outcomes) for action in ("created", "updated", "skipped")}
        errors = [outcome for outcome in outcomes if outcome.action == Outcome.ERROR]
        summary = ", ".join(f"{count} {action}" for action, count in counts.items())
        if errors:
            details = "\n".join(f"{outcome.where}: {'; '.join(outcome.messages)}" for outcome in errors)
            raise CommandError(f"{summary}, {len(errors)} failed:\n{details}")
        self.stdout.write(self.style.SUCCESS(summary))
