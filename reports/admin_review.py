"""The review loop and the writing tools of the report form, as mixins of ReportAdmin.

Review: a contributor submits a report for review with a note (the editors are emailed); an
editor requests changes with a note (back to draft; the authors are emailed) or publishes or
schedules it (the authors are emailed when it goes live). A co-author's save of their published
report becomes a proposal that an editor loads into the form and publishes; readers keep seeing
the published text meanwhile. Every step is a ReviewNote, shown on the report's history page.
"""

import json

from django.contrib import messages
from django.urls import path, reverse
from django.utils import timezone

from . import admin_writing, notifications
from .forms import can_publish
from .models import Autosave, ProposedChange, Report, ReviewNote

SUBMIT_FOR_REVIEW, REQUEST_CHANGES, PUBLISH_NOW = "_submit_for_review", "_request_changes", "_publish_now"


class ReviewLoopMixin:
    def save_model(self, request, obj, form, change):
        stored_status = Report.objects.filter(pk=obj.pk).values_list("status", flat=True).first() if change else None
        if change and self.proposing(request, obj):
            self.keep_proposal(request, obj, form)
            return
        self.apply_review_button(request, obj)
        super().save_model(request, obj, form, change)
        Autosave.objects.filter(user=request.user, form_key=f"report:{obj.pk if change else 'new'}").delete()
        self.record_review_step(request, obj, stored_status, form.cleaned_data.get("review_note", ""))
        self.mark_proposal_applied(request, obj, form)

    def save_related(self, request, form, formsets, change):
        if getattr(request, "proposal", None) is None:
            super().save_related(request, form, formsets, change)
            admin_writing.link_dropped_images(request.user, form.instance)

    def construct_change_message(self, request, form, formsets, add=False):
        if getattr(request, "proposal", None) is not None:
            return "Proposed changes (not published: waiting for an editor)."
        return super().construct_change_message(request, form, formsets, add)

    def log_change(self, request, obj, message):
        if getattr(request, "proposal", None) is not None:
            message = "Proposed changes (not published: waiting for an editor)."
        return super().log_change(request, obj, message)

    def response_change(self, request, obj):
        if getattr(request, "proposal", None) is not None:
            self.message_user(
                request,
                "Your changes were sent to the editors as a proposal. Readers still see the published text "
                "until an editor publishes yours.",
                messages.SUCCESS,
            )
            return self.response_post_save_change(request, obj)
        return super().response_change(request, obj)

    @staticmethod
    def apply_review_button(request, report):
        """The buttons of the change page: they set the status (and a publish time)."""
        if SUBMIT_FOR_REVIEW in request.POST and report.status == Report.Status.DRAFT:
            report.status = Report.Status.REVIEW
        elif REQUEST_CHANGES in request.POST and can_publish(request.user):
            report.status = Report.Status.DRAFT
        elif PUBLISH_NOW in request.POST and can_publish(request.user):
            report.status = Report.Status.PUBLISHED
            report.publish_at = report.publish_at or timezone.now()

    def keep_proposal(self, request, report, form):
        report = Report.objects.get(pk=report.pk)  # as published: the form's values are only proposed
        data = admin_writing.typed_fields(request.POST)
        labels = json.loads(request.POST.get("__labels__") or "{}") if request.POST.get("__labels__") else {}
        note = form.cleaned_data.get("review_note", "")
        request.proposal = ProposedChange.objects.create(
            report=report,
            proposed_by=request.user,
            data=data,
            labels=labels if isinstance(labels, dict) else {},
            note=note,
        )
        ReviewNote.objects.create(report=report, user=request.user, kind=ReviewNote.Kind.PROPOSED, text=note)
        Autosave.objects.filter(user=request.user, form_key=f"report:{report.pk}").delete()
        self.tell_after_commit(request, notifications.proposal_sent, report, note)

    def record_review_step(self, request, report, stored_status, note):
        """A note for each step of the review, and the emails that go with it."""
        published_now = report.status == Report.Status.PUBLISHED and stored_status != Report.Status.PUBLISHED
        if report.status == Report.Status.REVIEW and stored_status != Report.Status.REVIEW:
            ReviewNote.objects.create(report=report, user=request.user, kind=ReviewNote.Kind.SUBMITTED, text=note)
            self.tell_after_commit(request, notifications.submitted_for_review, report, note)
        elif REQUEST_CHANGES in request.POST and can_publish(request.user):
            ReviewNote.objects.create(report=report, user=request.user, kind=ReviewNote.Kind.CHANGES, text=note)
            self.tell_after_commit(request, notifications.changes_requested, report, note)
        elif published_now:
            record_publication(request, report, note)
            if report.is_public:
                self.tell_after_commit(request, tell_live, report)

    def mark_proposal_applied(self, request, report, form):
        proposal_id = str(request.POST.get("applied_proposal", ""))
        if not (proposal_id.isdigit() and can_publish(request.user)):
            return
        proposal = ProposedChange.objects.filter(
            pk=proposal_id, report=report, status=ProposedChange.Status.PENDING
        ).first()
        if proposal is None:
            return
        proposal.status, proposal.decided_at = ProposedChange.Status.APPLIED, timezone.now()
        proposal.save(update_fields=["status", "decided_at"])
        ReviewNote.objects.create(report=report, user=request.user, kind=ReviewNote.Kind.APPLIED)

    def tell_after_commit(self, request, tell, *args):
        """Send once the save has committed (see changeform_view); a failure becomes a warning on
        the page that follows."""
        request.pending_notices = [*getattr(request, "pending_notices", []), (tell, args)]

    def send_pending_notices(self, request):
        for tell, args in getattr(request, "pending_notices", []):
            problem = tell(request, *args)
            if problem:
                self.message_user(request, problem, messages.WARNING)
        request.pending_notices = []

    def changeform_view(self, request, object_id=None, form_url="", extra_context=None):
        # The admin saves inside a transaction that has committed when this returns.
        response = super().changeform_view(request, object_id, form_url, extra_context)
        self.send_pending_notices(request)
        return response

    def changelist_view(self, request, extra_context=None):
        response = super().changelist_view(request, extra_context)
        self.send_pending_notices(request)
        return response


def record_publication(request, report, note=""):
    """The step "published" (or "scheduled", whose authors are told once its time comes)."""
    kind = ReviewNote.Kind.PUBLISHED if report.is_public else ReviewNote.Kind.SCHEDULED
    return ReviewNote.objects.create(report=report, user=request.user, kind=kind, text=note)


def tell_live(request, report):
    problem = notifications.live(report, request.build_absolute_uri("/").rstrip("/"))
    if problem is None:
        ReviewNote.objects.filter(report=report, notified_at__isnull=True).filter(
            kind__in=[ReviewNote.Kind.PUBLISHED, ReviewNote.Kind.SCHEDULED]
        ).update(notified_at=timezone.now())
    return problem


class WritingToolsMixin:
    """The endpoints the report form's JavaScript uses, and what the form needs to start."""

    def get_urls(self):
        wrap, info = self.admin_site.admin_view, "reports_report"
        tools = [
            path("autosave/", wrap(self.view_of(admin_writing.autosave_view)), name=f"{info}_autosave"),
            path(
                "markdown-preview/",
                wrap(self.view_of(admin_writing.markdown_preview_view)),
                name=f"{info}_markdown_preview",
            ),
            path("upload-image/", wrap(self.view_of(admin_writing.image_upload_view)), name=f"{info}_upload_image"),
            path("tag-suggestions/", wrap(self.view_of(admin_writing.tag_suggestions_view)), name=f"{info}_tags"),
            path("preview/", wrap(self.view_of(admin_writing.report_preview_view)), name=f"{info}_preview"),
            path(
                "<int:object_id>/preview/",
                wrap(self.view_of(admin_writing.report_preview_view)),
                name=f"{info}_preview_saved",
            ),
        ]
        return tools + super().get_urls()

    def view_of(self, function):
        def view(request, *args, **kwargs):
            return function(self, request, *args, **kwargs)

        return view

    def writing_context(self, request, obj):
        """For the form's JavaScript (reports/static/js/report-form.js): its endpoints, this
        user's autosave of the form, and (editors) the proposals waiting to be loaded."""
        form_key = f"report:{obj.pk}" if obj is not None and obj.pk else "report:new"
        autosave = Autosave.objects.filter(user=request.user, form_key=form_key).first()
        if autosave and obj is not None and obj.pk and autosave.saved_at <= obj.updated_at:
            autosave = None  # older than what is stored: nothing unsaved to offer
        preview = "reports_report_preview_saved" if obj is not None and obj.pk else "reports_report_preview"
        config = {
            "formKey": form_key,
            "autosaveUrl": reverse("admin:reports_report_autosave"),
            "markdownPreviewUrl": reverse("admin:reports_report_markdown_preview"),
            "uploadImageUrl": reverse("admin:reports_report_upload_image"),
            "tagsUrl": reverse("admin:reports_report_tags"),
            "previewUrl": reverse(f"admin:{preview}", args=[obj.pk] if obj is not None and obj.pk else []),
            "userId": request.user.pk,
            "autosave": admin_writing.autosave_json(autosave) if autosave else None,
            "proposals": [
                {
                    "id": proposal.pk,
                    "by": notifications.name_of(proposal.proposed_by),
                    "at": proposal.created_at.isoformat(),
                    "note": proposal.note,
                    "data": proposal.data,
                    "labels": proposal.labels,
                }
                for proposal in (admin_writing.pending_proposals(obj) if obj is not None and obj.pk else [])
                if can_publish(request.user) or proposal.proposed_by_id == request.user.pk
            ],
        }
        return {"report_form_config": config}
