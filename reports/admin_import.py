"""The admin's Import page: the same files as `manage.py import_reports`, uploaded, imported as
drafts by whoever may add reports (see reports.importing).

A contributor imports as themselves: the author field is theirs and cannot be changed (a crafted
POST naming someone else is ignored), they are an author of every report they import, and they
update only drafts they co-author. An editor may credit any author and keeps the posts' dates.
"""

from django import forms
from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.core.files.uploadhandler import TemporaryFileUploadHandler
from django.template.response import TemplateResponse
from django.urls import path
from django.views.decorators.csrf import csrf_exempt, csrf_protect

from .forms import can_publish
from .importing import UPLOAD_SUFFIXES, Importer, ImportProblem, Outcome, check_suffix, sources_from_uploads
from .models import Author, Report, Summit

MAX_FILES = 50


class ImportUploadHandler(TemporaryFileUploadHandler):
    """An upload kept whole up to MAX_REQUEST_BYTES (the site's usual handler stops at the image
    limit, which a WordPress export easily exceeds); the request as a whole is capped before this."""

    def new_file(self, *args, **kwargs):
        super().new_file(*args, **kwargs)
        self.bytes_received = 0

    def receive_data_chunk(self, raw_data, start):
        self.bytes_received += len(raw_data)
        if self.bytes_received <= settings.MAX_REQUEST_BYTES:
            self.file.write(raw_data)
        return None


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    def __init__(self, *args, **kwargs):
        kwargs.setdefault("widget", MultipleFileInput(attrs={"accept": ",".join(sorted(UPLOAD_SUFFIXES))}))
        super().__init__(*args, **kwargs)

    def clean(self, data, initial=None):
        single = super().clean
        files = [single(item, initial) for item in (data if isinstance(data, list | tuple) else [data]) if item]
        if not files and self.required:
            raise forms.ValidationError(self.error_messages["required"], code="required")
        return files


class ImportForm(forms.Form):
    files = MultipleFileField(
        help_text="A WordPress export (Tools → Export, .xml), Markdown files with front matter (.md, .markdown), "
        "a .zip of Markdown files and their pictures, or an RSS or Atom feed saved to disk (.rss, .atom, .xml).",
    )
    summit = forms.ModelChoiceField(
        queryset=Summit.objects.order_by("-start_date"),
        required=False,
        help_text="The summit of every post that does not name its own (in its front matter).",
    )
    author = forms.ModelChoiceField(
        queryset=Author.objects.order_by("display_name"),
        help_text="Who the reports are credited to when a post names no author known here.",
    )
    new_sessions = forms.BooleanField(
        required=False,
        label="Create sessions for headings that match none",
        help_text="Otherwise such a heading becomes a free section.",
    )

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        if not can_publish(user):
            # A contributor imports as themselves: a disabled field keeps its initial value, whatever is posted.
            own = user.author
            self.fields["author"].queryset = Author.objects.filter(pk=own.pk)
            self.fields["author"].initial = own
            self.fields["author"].disabled = True
            self.fields["author"].help_text = "You import as yourself: you are an author of every imported report."
        if not user.has_perm("reports.add_session"):
            del self.fields["new_sessions"]

    def clean_files(self):
        files = self.cleaned_data["files"]
        if len(files) > MAX_FILES:
            raise forms.ValidationError(f"At most {MAX_FILES} files at a time (or put them in a zip).")
        problems = []
        for upload in files:
            try:
                check_suffix(upload.name)
            except ImportProblem as problem:
                problems.append(str(problem))
        if problems:
            raise forms.ValidationError(problems)
        return files


def import_urls(model_admin):
    """The Import page's URL, for ReportAdmin.get_urls."""

    @csrf_exempt  # only until the upload handler is set: the view itself is csrf_protect'ed below
    def view(request):
        request.upload_handlers = [ImportUploadHandler(request)]
        return protected_import_view(request, model_admin)

    return [path("import/", model_admin.admin_site.admin_view(view), name="reports_report_import")]


@csrf_protect
def protected_import_view(request, model_admin):
    if not model_admin.has_add_permission(request):
        raise PermissionDenied
    form = ImportForm(request.POST or None, request.FILES or None, user=request.user)
    outcomes = None
    if request.method == "POST" and form.is_valid():
        outcomes = run_import(request, form.cleaned_data)
    context = {
        **model_admin.admin_site.each_context(request),
        "title": "Import reports",
        "opts": Report._meta,
        "form": form,
        "outcomes": outcomes,
        "counts": counts(outcomes or []),
        "is_contributor": not can_publish(request.user),
    }
    return TemplateResponse(request, "admin/reports/report/import.html", context)


def run_import(request, data):
    trusted = can_publish(request.user)
    author = data["author"] if trusted else request.user.author
    sources, outcomes = sources_from_uploads(data["files"])
    importer = Importer(
        author,
        summit=data["summit"],
        user=request.user,
        trusted=trusted,
        new_sessions=data.get("new_sessions", False),
    )
    return outcomes + importer.run(sources)


def counts(outcomes):
    actions = [Outcome.CREATED, Outcome.UPDATED, Outcome.SKIPPED, Outcome.ERROR]
    return [(action, sum(outcome.action == action for outcome in outcomes)) for action in actions]
