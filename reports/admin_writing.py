"""The report form's helpers, as admin views: autosave, Markdown preview, image drop, tag
suggestions and the preview of a whole unsaved report.

Each is reached through ReportAdmin.get_urls (so the admin's login and staff checks come first)
and applies the change form's own row-level rules: a user autosaves, previews and uploads only
for a report they may change (or add).
"""

import json

from django.conf import settings
from django.core.cache import cache
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.http import Http404, HttpResponse, JsonResponse
from django.utils import timezone
from taggit.models import Tag

from .models import Autosave, Image, ProposedChange, Report
from .rendering import markdown_problem, render_markdown

# Field names a form posts that are not what the person typed.
NOT_TYPED = {"csrfmiddlewaretoken", "form_key", "__labels__"}
MAX_AUTOSAVE_BYTES = 2 * 1024 * 1024


class RollBack(Exception):
    """Raised to undo the save behind a preview of a whole report."""

    def __init__(self, response):
        self.response = response


def report_for(model_admin, request, form_key):
    """The report a form key names ("report:<id>", or None for "report:new"), if the user may
    change it (or add one); else PermissionDenied or Http404."""
    kind, _, ident = (form_key or "").partition(":")
    if kind != "report":
        raise Http404("No such form.")
    if ident == "new":
        if not model_admin.has_add_permission(request):
            raise PermissionDenied
        return None
    report = model_admin.get_object(request, ident) if ident.isdigit() else None
    if report is None:
        raise Http404("No such report.")
    if not model_admin.has_change_permission(request, report):
        raise PermissionDenied
    return report


def typed_fields(post):
    return {name: post.getlist(name) for name in post if name not in NOT_TYPED}


def autosave_view(model_admin, request):
    """GET: this user's autosave of a form. POST: keep what they typed (or discard it)."""
    form_key = request.GET.get("form_key") if request.method == "GET" else request.POST.get("form_key")
    report_for(model_admin, request, form_key)
    saved = Autosave.objects.filter(user=request.user, form_key=form_key)
    if request.method == "GET":
        autosave = saved.first()
        if autosave is None:
            return JsonResponse({"autosave": None})
        return JsonResponse({"autosave": autosave_json(autosave)})
    if request.method != "POST":
        return HttpResponse(status=405)
    if request.POST.get("discard"):
        saved.delete()
        return JsonResponse({"discarded": True})
    return keep_autosave(request, form_key)


def keep_autosave(request, form_key):
    data = typed_fields(request.POST)
    try:
        labels = json.loads(request.POST.get("__labels__") or "{}")
    except ValueError:
        labels = {}
    if not isinstance(labels, dict):
        labels = {}
    if len(json.dumps(data)) + len(json.dumps(labels)) > MAX_AUTOSAVE_BYTES:
        return JsonResponse({"error": "This form is too large to keep; save it instead."}, status=413)
    autosave, _ = Autosave.objects.update_or_create(
        user=request.user,
        form_key=form_key,
        defaults={"data": data, "labels": labels, "saved_at": timezone.now()},
    )
    return JsonResponse({"autosave": {"saved_at": autosave.saved_at.isoformat()}})


def autosave_json(autosave):
    return {"saved_at": autosave.saved_at.isoformat(), "data": autosave.data, "labels": autosave.labels}


def preview_allowed(request):
    """At most PREVIEW_RATE_PER_MINUTE previews a minute per user (one per pause in typing)."""
    key = f"markdown-preview:{request.user.pk}:{int(timezone.now().timestamp() // 60)}"
    cache.add(key, 0, 70)
    try:
        count = cache.incr(key)
    except ValueError:  # the cache lost the key (or is down): do not refuse the writer
        return True
    return count <= settings.PREVIEW_RATE_PER_MINUTE


def markdown_preview_view(model_admin, request):
    """A Markdown text rendered and sanitised as the public page will show it."""
    if request.method != "POST":
        return HttpResponse(status=405)
    if not (model_admin.has_add_permission(request) or model_admin.has_change_permission(request)):
        raise PermissionDenied
    if not preview_allowed(request):
        return JsonResponse({"error": "Too many previews; wait a moment."}, status=429)
    text = request.POST.get("text", "")
    problem = markdown_problem(text)
    if problem:
        return JsonResponse({"error": problem}, status=400)
    return JsonResponse({"html": render_markdown(text, request.POST.get("prefix", "preview")[:20] or "preview")})


def image_upload_view(model_admin, request):
    """An image dropped or pasted into a text: validated and re-encoded like any upload, linked
    to the report it was dropped into, and returned with the figure snippet to insert."""
    if request.method != "POST":
        return HttpResponse(status=405)
    if not request.user.has_perm("reports.add_image"):
        raise PermissionDenied
    report = report_for(model_admin, request, request.POST.get("form_key"))
    upload = request.FILES.get("file")
    if upload is None:
        return JsonResponse({"error": "No image was sent."}, status=400)
    image = Image(file=upload, alt_text=(request.POST.get("alt_text") or "")[:250], report=report)
    image.uploaded_by = request.user
    try:
        image.full_clean(exclude=["alt_text"])
    except ValidationError as error:
        return JsonResponse({"error": " ".join(error.messages)}, status=400)
    image.save()
    alt = (image.alt_text or "Describe the picture").replace("[", "(").replace("]", ")")
    return JsonResponse(
        {"id": image.pk, "url": image.file.url, "markdown": f'![{alt}]({image.file.url} "Caption")'}, status=201
    )


# Images dropped into a new report wait unlinked for its first save; only the latest are looked at.
UNLINKED_IMAGES_CHECKED = 200


def link_dropped_images(user, report):
    """Link the user's images dropped into the report before it had been saved (form "report:new")
    to the report, once its texts refer to them."""
    waiting = Image.objects.filter(report__isnull=True, uploaded_by=user).order_by("-pk")[:UNLINKED_IMAGES_CHECKED]
    waiting = list(waiting)
    if not waiting:
        return
    texts = "\n".join([report.introduction, report.takeaways, *report.writeups.values_list("body", flat=True)])
    used = [image.pk for image in waiting if image.file.url in texts]
    if used:
        Image.objects.filter(pk__in=used).update(report=report)


def tag_suggestions_view(model_admin, request):
    """Existing tags that start with (or contain) what is being typed, shortest first."""
    if request.method != "GET":
        return HttpResponse(status=405)
    if not (model_admin.has_add_permission(request) or model_admin.has_change_permission(request)):
        raise PermissionDenied
    term = request.GET.get("q", "").strip()[:50]
    if not term:
        return JsonResponse({"tags": []})
    tags = Tag.objects.filter(name__icontains=term).order_by("name").values_list("name", flat=True)[:200]
    ranked = sorted(tags, key=lambda name: (not name.lower().startswith(term.lower()), len(name), name))
    return JsonResponse({"tags": ranked[:12]})


def report_preview_view(model_admin, request, object_id=None):
    """The whole report as readers will see it, from the form as it is now, before any save:
    the form is saved inside a transaction, the public page rendered, and the save undone."""
    if request.method != "POST":
        return HttpResponse(status=405)
    form_key = f"report:{object_id}" if object_id else "report:new"
    report = report_for(model_admin, request, form_key)
    try:
        with transaction.atomic():
            saved = save_for_preview(model_admin, request, report)
            raise RollBack(render_preview(request, saved))
    except RollBack as rolled_back:
        response = rolled_back.response
    response["Cache-Control"] = "private, no-store"
    response["X-Robots-Tag"] = "noindex"
    return response


def save_for_preview(model_admin, request, report):
    """The report with its parts saved from the posted form, as the change view would save them."""
    form_class = model_admin.get_form(request, report, change=report is not None)
    form = form_class(request.POST, request.FILES, instance=report)
    form.preview_only = True  # no stale-save refusal for a look that saves nothing
    if not form.is_valid():
        raise RollBack(JsonResponse({"errors": form.errors.get_json_data()}, status=400))
    saved = form.save()
    formsets, _ = model_admin._create_formsets(request, saved, change=report is not None)
    for formset in formsets:
        if formset.is_valid():
            formset.save()
    return saved


def render_preview(request, report):
    from .views import ReportPreviewView

    view = ReportPreviewView()
    view.setup(request, slug=report.slug)
    view.object = Report.objects.select_related("summit").get(pk=report.pk)
    response = view.render_to_response(view.get_context_data(object=view.object))
    response.render()
    return response


def pending_proposals(report):
    # With each proposer's author profile: the change page names every one.
    return ProposedChange.objects.filter(report=report, status=ProposedChange.Status.PENDING).select_related(
        "proposed_by__author"
    )
