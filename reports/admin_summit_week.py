"""The admin side of summit week: the coverage board, the summit's team, and follow-ups marked done.

The board is a page of the summit admin (/admin/reports/summit/<id>/coverage/) for the summit's
team and the editors. Everyone on it sets their own plan for a session; editors also set anyone's
(they assign). Plain forms, posted and redirected back: it works without JavaScript.
"""

from django import forms
from django.contrib import admin, messages
from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied
from django.db.models import Exists, OuterRef, Value
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils import timezone
from django.utils.html import format_html

from . import coverage
from .models import CoveragePlan, Report, Summit, SummitMember


def is_editor(user):
    return user.has_perm("reports.publish_report")


class CoveragePlanForm(forms.Form):
    """One person's plan for one session of the summit; no plan clears it."""

    session = forms.ModelChoiceField(queryset=None)
    person = forms.ModelChoiceField(queryset=None, required=False, help_text="Leave empty for yourself.")
    plan = forms.ChoiceField(choices=[("", "No plan"), *CoveragePlan.Plan.choices], required=False)

    def __init__(self, *args, summit, viewer, **kwargs):
        super().__init__(*args, **kwargs)
        self.viewer = viewer
        self.fields["session"].queryset = summit.sessions.all()
        self.fields["person"].queryset = get_user_model().objects.filter(summit_memberships__summit=summit)
        self.fields["person"].label_from_instance = coverage.person_name

    def clean_person(self):
        person = self.cleaned_data.get("person")
        if person is not None and person != self.viewer and not is_editor(self.viewer):
            raise forms.ValidationError("Only an editor may set someone else's plan.")
        return person or self.viewer

    def save(self):
        session, person, plan = (self.cleaned_data[name] for name in ("session", "person", "plan"))
        if not plan:
            CoveragePlan.objects.filter(session=session, user=person).delete()
            return
        assigned_by = self.viewer if person != self.viewer else None
        CoveragePlan.objects.update_or_create(
            session=session, user=person, defaults={"plan": plan, "assigned_by": assigned_by}
        )


class SummitMemberInline(admin.TabularInline):
    model = SummitMember
    fields = ["user"]
    autocomplete_fields = ["user"]
    extra = 0
    verbose_name_plural = "team (they see the coverage board)"


class CoverageBoardMixin:
    """The summit admin's coverage board."""

    def get_urls(self):
        board = self.admin_site.admin_view(self.coverage_board_view)
        return [path("<int:object_id>/coverage/", board, name="reports_summit_coverage")] + super().get_urls()

    def get_queryset(self, request):
        membership = SummitMember.objects.filter(summit=OuterRef("pk"), user=request.user)
        may_see = Value(True) if is_editor(request.user) else Exists(membership)
        return super().get_queryset(request).annotate(viewer_may_see_board=may_see)

    @admin.display(description="coverage board")
    def board_link(self, summit):
        if not getattr(summit, "viewer_may_see_board", False):
            return "–"
        return format_html('<a href="{}">Board</a>', reverse("admin:reports_summit_coverage", args=[summit.pk]))

    def get_list_display(self, request):
        shown = list(super().get_list_display(request))
        return shown + ["board_link"] if request.user.has_perm("reports.view_summit") else shown

    def coverage_board_view(self, request, object_id):
        """Who plans to cover and who covered each session; posting sets a plan."""
        summit = get_object_or_404(Summit, pk=object_id)
        if not coverage.may_see_board(request.user, summit):
            raise PermissionDenied
        on_team = SummitMember.objects.filter(summit=summit, user=request.user).exists()
        form = CoveragePlanForm(request.POST or None, summit=summit, viewer=request.user)
        status = 200
        if request.method == "POST":
            if not (on_team or is_editor(request.user)):
                raise PermissionDenied
            if form.is_valid():
                form.save()
                self.message_user(request, "The plan is saved.", messages.SUCCESS)
                anchor = f"#session-{form.cleaned_data['session'].pk}"
                return redirect(reverse("admin:reports_summit_coverage", args=[summit.pk]) + anchor)
            status = 400
        context = {
            **self.admin_site.each_context(request),
            "title": f"Coverage board: {summit}",
            "summit": summit,
            "board": coverage.board(summit, request.user),
            "form": form,
            "may_plan": on_team or is_editor(request.user),
            "may_assign": is_editor(request.user),
            "plans": CoveragePlan.Plan.choices,
            "opts": self.model._meta,
        }
        return TemplateResponse(request, "admin/reports/summit/coverage_board.html", context, status=status)


class FollowUpAdmin(admin.ModelAdmin):
    """Follow-ups come from the texts; here they are marked done (by an editor or the report's
    writers) or opened again. Their text changes in the section they are written in."""

    list_display = ["text", "report", "project", "person", "done"]
    list_filter = ["done", "report__summit", "project"]
    search_fields = ["text", "person", "report__title"]
    list_select_related = ["report", "project"]
    fields = ["text", "report", "section", "project", "person", "done", "done_at", "done_by"]
    readonly_fields = ["text", "report", "section", "project", "person", "done_at", "done_by"]
    actions = ["mark_done", "mark_open"]

    def get_queryset(self, request):
        """Editors: every follow-up; anyone else: those of the reports they may edit."""
        follow_ups = super().get_queryset(request)
        if is_editor(request.user):
            return follow_ups
        return follow_ups.filter(report__in=Report.objects.editable_by(request.user).values("pk"))

    def has_add_permission(self, request):
        return False  # follow-ups are written in the sections

    def has_delete_permission(self, request, obj=None):
        return False  # deleted by taking the line out of the text

    def has_change_permission(self, request, obj=None):
        if not super().has_change_permission(request, obj):
            return False
        return obj is None or self.get_queryset(request).filter(pk=obj.pk).exists()

    def has_view_permission(self, request, obj=None):
        if not super().has_view_permission(request, obj):
            return False
        return obj is None or self.get_queryset(request).filter(pk=obj.pk).exists()

    def save_model(self, request, obj, form, change):
        if "done" in form.changed_data:
            obj.done_at, obj.done_by = (timezone.now(), request.user) if obj.done else (None, None)
        super().save_model(request, obj, form, change)

    @admin.action(description="Mark the selected follow-ups done", permissions=["change"])
    def mark_done(self, request, queryset):
        for follow_up in queryset.filter(done=False):
            follow_up.done, follow_up.done_at, follow_up.done_by = True, timezone.now(), request.user
            follow_up.save(update_fields=["done", "done_at", "done_by"])
        self.message_user(request, "Marked done.", messages.SUCCESS)

    @admin.action(description="Open the selected follow-ups again", permissions=["change"])
    def mark_open(self, request, queryset):
        for follow_up in queryset.filter(done=True):
            follow_up.done, follow_up.done_at, follow_up.done_by = False, None, None
            follow_up.save(update_fields=["done", "done_at", "done_by"])
        self.message_user(request, "Opened again.", messages.SUCCESS)
