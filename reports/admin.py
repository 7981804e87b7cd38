"""The editorial back office: authors write in the admin, editors review, schedule and publish.

Who may do what is decided here on the server (querysets, has_*_permission, form validation),
never only by which buttons are shown.
"""

from contextlib import contextmanager
from importlib import import_module

import reversion
from adminsortable2.admin import SortableAdminBase, SortableInlineAdminMixin
from django import forms
from django.contrib import admin, messages
from django.contrib.admin.utils import unquote
from django.contrib.admin.widgets import AutocompleteSelect, AutocompleteSelectMultiple
from django.core.exceptions import NON_FIELD_ERRORS, PermissionDenied, ValidationError
from django.db import models, transaction
from django.db.models import Count, OuterRef, Q
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils import timezone
from django.utils.html import format_html
from reversion.models import Version
from reversion_compare.admin import CompareVersionAdmin
from taggit.models import Tag

from . import admin_review as review
from . import schedule, tagging
from .admin_review import ReviewLoopMixin, WritingToolsMixin
from .admin_summit_week import CoverageBoardMixin, FollowUpAdmin, SummitMemberInline
from .forms import AttendanceFormSet, CoAuthorFormSet, ReportAdminForm, WriteUpForm, WriteUpFormSet, can_publish
from .models import (
    Attendance,
    Attendee,
    Author,
    FollowUp,
    Image,
    Project,
    Report,
    ReportAuthor,
    Session,
    SessionSpeaker,
    Speaker,
    Subscriber,
    Subscription,
    Summit,
    Track,
    WriteUp,
)
from .querysets import SubqueryCount


class ValidValuesOnly:
    """Autocomplete widgets that ignore malformed ids when a form is shown again with its errors.

    Django's own widgets look the submitted values up as they are, so a crafted id such as
    "abc" would turn the form's validation error into a 500.
    """

    def optgroups(self, name, value, attr=None):
        remote = self.field.remote_field
        target = remote.model._meta.get_field(getattr(remote, "field_name", None) or remote.model._meta.pk.name)
        return super().optgroups(name, [v for v in value if is_valid_value(target, v)], attr)


def is_valid_value(field, value):
    try:
        field.to_python(value)
    except ValidationError:
        return False
    return True


class SafeAutocompleteSelect(ValidValuesOnly, AutocompleteSelect):
    pass


class SafeAutocompleteSelectMultiple(ValidValuesOnly, AutocompleteSelectMultiple):
    pass


class AutocompleteWidgets:
    """For model admins and inlines: autocomplete fields use the widgets above."""

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.name in self.get_autocomplete_fields(request):
            kwargs["widget"] = SafeAutocompleteSelect(db_field, self.admin_site, using=kwargs.get("using"))
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    def formfield_for_manytomany(self, db_field, request, **kwargs):
        if db_field.name in self.get_autocomplete_fields(request):
            kwargs["widget"] = SafeAutocompleteSelectMultiple(db_field, self.admin_site, using=kwargs.get("using"))
        return super().formfield_for_manytomany(db_field, request, **kwargs)


# Django's week_day lookup: 1 is Sunday.
WEEKDAYS = {"sun": 1, "mon": 2, "tue": 3, "wed": 4, "thu": 5, "fri": 6, "sat": 7}


def is_changelist(request):
    match = request.resolver_match
    return match is not None and match.url_name.endswith("_changelist")


class EditorialAdmin(AutocompleteWidgets, admin.ModelAdmin):
    """Shared by every model admin here."""

    # Links typed without a scheme are taken as https, as browsers and Django 6 do.
    formfield_overrides = {models.URLField: {"assume_scheme": "https"}}


class SessionInline(AutocompleteWidgets, admin.TabularInline):
    model = Session
    fields = ["title", "slug", "kind", "track", "day", "start_time"]
    prepopulated_fields = {"slug": ["title"]}
    autocomplete_fields = ["track"]
    show_change_link = True
    extra = 0


@admin.register(Summit)
class SummitAdmin(CoverageBoardMixin, EditorialAdmin):
    list_display = ["name", "city", "country", "start_date", "end_date", "report_count"]
    search_fields = ["name", "city", "country"]
    prepopulated_fields = {"slug": ["name"]}
    date_hierarchy = "start_date"
    inlines = [SummitMemberInline, SessionInline]

    def get_queryset(self, request):
        return (
            super()
            .get_queryset(request)
            .annotate(report_count=SubqueryCount(Report.objects.filter(summit=OuterRef("pk")).values("pk")))
        )

    @admin.display(description="reports", ordering="report_count")
    def report_count(self, summit):
        return summit.report_count

    def get_urls(self):
        view = self.admin_site.admin_view(self.import_schedule_view)
        return [
            path("<int:object_id>/import-schedule/", view, name="reports_summit_import_schedule")
        ] + super().get_urls()

    def may_import_schedule(self, request, summit):
        """Editors, and contributors where the summit lets them (they may add sessions anyway)."""
        if can_publish(request.user) and self.has_change_permission(request, summit):
            return True
        return summit.contributors_import_schedule and request.user.has_perm("reports.add_session")

    def import_schedule_view(self, request, object_id):
        """A summit's sessions from an iCalendar or CSV file: days, times, tracks and speakers."""
        summit = get_object_or_404(Summit, pk=object_id)
        if not self.may_import_schedule(request, summit):
            raise PermissionDenied
        form = ScheduleImportForm(request.POST or None, request.FILES or None)
        if request.method == "POST" and form.is_valid():
            upload = form.cleaned_data["file"]
            try:
                created, updated = schedule.import_schedule(
                    summit, schedule.read_schedule(upload.name, upload.read(), summit.zone)
                )
            except ValidationError as error:
                form.add_error("file", error)
            else:
                self.message_user(request, f"{created} session(s) added, {updated} updated.", messages.SUCCESS)
                return redirect(reverse("admin:reports_session_changelist") + f"?summit__id__exact={summit.pk}")
        context = {**self.admin_site.each_context(request), "title": f"Import the schedule of {summit}"}
        context.update(form=form, summit=summit, opts=self.model._meta)
        return TemplateResponse(request, "admin/reports/summit/import_schedule.html", context)


class SessionSpeakerInline(AutocompleteWidgets, admin.TabularInline):
    model = SessionSpeaker
    fields = ["speaker", "order"]
    autocomplete_fields = ["speaker"]
    extra = 0
    verbose_name_plural = "speakers (in programme order)"


@admin.register(Speaker)
class SpeakerAdmin(EditorialAdmin):
    list_display = ["name", "role", "affiliation"]
    search_fields = ["name", "affiliation"]
    prepopulated_fields = {"slug": ["name"]}


@admin.register(Session)
class SessionAdmin(EditorialAdmin):
    list_display = ["title", "summit", "kind", "track", "day", "status", "writeup_count"]
    list_filter = ["kind", "status", "summit", "track"]
    list_select_related = ["summit", "track"]
    search_fields = ["title"]  # and the speakers' and summit's names: see get_search_results
    autocomplete_fields = ["summit", "track", "projects"]
    prepopulated_fields = {"slug": ["title"]}
    inlines = [SessionSpeakerInline]
    fieldsets = [
        (None, {"fields": ["summit", "title", "slug", "kind", "track", "projects"]}),
        ("When", {"fields": ["day", "start_time", "end_time", "status", "status_note"]}),
        ("About and links", {"fields": ["description", "video_url", "slides_url", "etherpad_url"]}),
    ]

    def get_queryset(self, request):
        queryset = (
            super()
            .get_queryset(request)
            .select_related("summit")
            .order_by("-summit__start_date", "day", "start_time", "title")
        )
        if is_changelist(request):  # not for the autocomplete, which only needs names
            count = SubqueryCount(WriteUp.objects.filter(session=OuterRef("pk")).values("pk"))
            queryset = queryset.annotate(writeup_count=count)
        else:  # the autocomplete's labels name the track and the speakers
            queryset = queryset.select_related("track").with_speakers()
        return queryset

    def get_search_results(self, request, queryset, search_term):
        """Every word in the title, a speaker's, track's or summit's name, or the day ("tue"). Summits and speakers
        are matched first: an OR across a join or over a subquery would make PostgreSQL read every
        session, where over plain values it combines the trigram index (migration 0006) with the
        others."""
        summit = request.GET.get("summit", "")
        if summit.isdigit():  # the report form's picker: only the sessions of the report's summit
            queryset = queryset.filter(summit=summit)
        for word in search_term.split()[:8]:
            summits = list(Summit.objects.filter(name__icontains=word).values_list("pk", flat=True))
            spoken = SessionSpeaker.objects.filter(speaker__name__icontains=word)
            sessions = list(spoken.values_list("session_id", flat=True)[:1000])
            tracks = list(Track.objects.filter(name__icontains=word).values_list("pk", flat=True))
            matches = Q(title__icontains=word) | Q(pk__in=sessions) | Q(summit__in=summits) | Q(track__in=tracks)
            weekday = WEEKDAYS.get(word.lower()[:3])
            if weekday:
                matches |= Q(day__week_day=weekday)
            queryset = queryset.filter(matches)
        return queryset, False

    @admin.display(description="write-ups", ordering="writeup_count")
    def writeup_count(self, session):
        return session.writeup_count


@admin.register(Track)
class TrackAdmin(EditorialAdmin):
    list_display = ["name", "slug"]
    search_fields = ["name"]
    prepopulated_fields = {"slug": ["name"]}


@admin.register(Project)
class ProjectAdmin(EditorialAdmin):
    list_display = ["name", "homepage"]
    search_fields = ["name"]
    prepopulated_fields = {"slug": ["name"]}


@admin.register(Author)
class AuthorAdmin(EditorialAdmin):
    list_display = ["display_name", "affiliation", "user"]
    list_select_related = ["user"]
    search_fields = ["display_name", "affiliation", "handle"]
    prepopulated_fields = {"slug": ["display_name"]}
    autocomplete_fields = ["user"]


class CoAuthorInline(AutocompleteWidgets, admin.TabularInline):
    model = ReportAuthor
    formset = CoAuthorFormSet
    fields = ["author", "order"]
    autocomplete_fields = ["author"]
    extra = 0
    min_num = 1
    verbose_name_plural = "co-authors (in byline order)"

    def get_formset(self, request, obj=None, **kwargs):
        formset = super().get_formset(request, obj, **kwargs)
        if not can_publish(request.user):
            formset.required_author = getattr(request.user, "author", None)
        return formset


class WriteUpInline(SortableInlineAdminMixin, AutocompleteWidgets, admin.StackedInline):
    """Write-ups and free sections, in one ordered list."""

    model = WriteUp
    form = WriteUpForm
    formset = WriteUpFormSet
    fields = [
        ("session", "heading"),
        ("author", "verdict"),
        "day",  # the order is sortable2's own hidden field (drag, or the Move buttons)
        "body",
        "tags",
        "anchor",
        "loaded_version",
    ]
    readonly_fields = ["anchor"]
    autocomplete_fields = ["session", "author"]
    extra = 0
    verbose_name = "section"
    verbose_name_plural = "sections: session write-ups and free sections (in report order)"

    def get_queryset(self, request):
        # Each form fingerprints its stored session, author and tags (reports.merging): one
        # query for all of them, not three per section.
        return super().get_queryset(request).select_related("session__summit", "author").prefetch_related("tags")


class AttendanceInline(AutocompleteWidgets, admin.TabularInline):
    model = Attendance
    formset = AttendanceFormSet
    fields = ["session", "author", "note", "order"]
    autocomplete_fields = ["session", "author"]
    extra = 0

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("session__summit", "author")


class AttendeeInline(AutocompleteWidgets, admin.TabularInline):
    model = Attendee
    fields = ["name", "affiliation", "author", "order"]
    autocomplete_fields = ["author"]
    extra = 0


@admin.register(Report)
class ReportAdmin(ReviewLoopMixin, WritingToolsMixin, SortableAdminBase, CompareVersionAdmin, EditorialAdmin):
    """History (compare, revert) and recovery of deleted reports come from django-reversion(-compare)."""

    # Rendered copies and the tag manager (its rows are compared as tagged items instead).
    compare_exclude = ["tags", "introduction_html", "takeaways_html", "search_vector"]

    form = ReportAdminForm
    list_display = ["title", "summit", "byline", "state", "publish_at", "updated_at"]
    show_full_result_count = False  # a filtered list says "N results" without counting every report too
    list_filter = [
        "status",
        ("summit", admin.RelatedOnlyFieldListFilter),
        ("report_authors__author", admin.RelatedOnlyFieldListFilter),
        # Every track (a few dozen) rather than only those used, which costs a scan of all write-ups.
        ("writeups__session__track", admin.RelatedFieldListFilter),
    ]
    search_fields = ["title", "summary", "report_authors__author__display_name"]
    autocomplete_fields = ["summit"]
    prepopulated_fields = {"slug": ["title"]}
    date_hierarchy = "publish_at"
    inlines = [CoAuthorInline, WriteUpInline, AttendanceInline, AttendeeInline]
    actions = ["publish", "unpublish"]
    fieldsets = [
        (None, {"fields": ["summit", "title", "slug", "summary", "tags"]}),
        ("Text", {"fields": ["introduction", "takeaways"]}),
        ("Cover, day and origin", {"fields": ["cover_image", "cover_caption", "covers_day", "original_url"]}),
        (
            "Publishing",
            {
                "fields": [
                    "state",
                    "status",
                    "publish_at",
                    "review_note",
                    "loaded_version",
                    "pending_cover",
                    "applied_proposal",
                ]
            },
        ),
    ]

    def get_urls(self):
        from .admin_import import import_urls  # the Import page (reports.admin_import)

        return import_urls(self) + super().get_urls()

    def get_queryset(self, request):
        queryset = super().get_queryset(request).editable_by(request.user).with_related()
        if is_changelist(request):  # the list shows none of the long texts
            queryset = queryset.defer("introduction", "introduction_html", "takeaways", "takeaways_html")
        return queryset

    def get_form(self, request, obj=None, **kwargs):
        form = super().get_form(request, obj, **kwargs)
        form.can_publish = can_publish(request.user)
        form.user = request.user
        return form

    def get_readonly_fields(self, request, obj=None):
        if can_publish(request.user):
            return ["state"]
        if obj is not None and obj.status == Report.Status.PUBLISHED:
            return ["state", "status", "publish_at"]  # a co-author proposes changes; editors publish them
        return ["state", "publish_at"]

    def get_formset_kwargs(self, request, obj, inline, prefix):
        kwargs = super().get_formset_kwargs(request, obj, inline, prefix)
        author = getattr(request.user, "author", None)
        if isinstance(inline, CoAuthorInline) and obj.pk is None and request.method == "GET" and author:
            kwargs["initial"] = [{"author": author.pk, "order": 0}]
        return kwargs

    def has_add_permission(self, request):
        if not super().has_add_permission(request):
            return False
        return can_publish(request.user) or hasattr(request.user, "author")

    def has_view_permission(self, request, obj=None):
        if not super().has_view_permission(request, obj):
            return False
        return obj is None or self._is_editor_or_author(request.user, obj)

    def has_change_permission(self, request, obj=None):
        """Editors change any report; a co-author changes theirs (a published one by proposing
        changes that an editor publishes: see `proposing`)."""
        if not super().has_change_permission(request, obj):
            return False
        return obj is None or self._is_editor_or_author(request.user, obj)

    def may_edit_in_place(self, request, report):
        """Whose saves change the report itself: editors', and co-authors' until it is published."""
        if not super().has_change_permission(request, report):
            return False
        if can_publish(request.user):
            return True
        return self._is_editor_or_author(request.user, report) and report.status != Report.Status.PUBLISHED

    def proposing(self, request, report):
        """A co-author's save of their published report: kept as a proposal, not applied."""
        return report is not None and report.pk is not None and not self.may_edit_in_place(request, report)

    def has_delete_permission(self, request, obj=None):
        if not super().has_delete_permission(request, obj):
            return False
        return obj is None or self.may_edit_in_place(request, obj)

    def has_publish_permission(self, request):
        return can_publish(request.user)

    # -- Saving: one save of a report at a time ---------------------------------------------

    def get_object(self, request, object_id, from_field=None):
        """The report as this user may see it; for a save, its row is locked for the save's
        transaction first, so that two saves of one version cannot both pass the stale check."""
        if request.method == "POST" and transaction.get_connection().in_atomic_block:
            try:
                list(Report.objects.select_for_update().filter(pk=object_id).values_list("pk", flat=True))
            except (ValueError, ValidationError):
                pass  # not an id: get_object answers None, as for any unknown report
        report = super().get_object(request, object_id, from_field)
        if report is None and getattr(request, "restoring_version", None) is not None:
            # The version being restored would take the report out of this user's reach (another
            # byline): refusing rolls the restore back, where a "not found" redirect would commit it.
            raise PermissionDenied
        return report

    def render_change_form(self, request, context, add=False, change=False, form_url="", obj=None):
        """After a refused stale save: what the others changed, form by form (see reports.merging)."""
        form = context["adminform"].form
        if form.is_bound and context.get("errors"):  # a refused save (the form's or an inline's errors)
            form.keep_uploaded_cover()
        sections = [("This report", form)] + [
            (f"Write-up: {inline_form.instance.session.title}", inline_form)
            for formset in context.get("inline_admin_formsets", [])
            for inline_form in formset.formset.forms
            if getattr(inline_form, "merge_report", None)
        ]
        changes = [(title, change) for title, merged in sections for change in getattr(merged, "merge_report", [])]
        pending = any(merged.has_error(NON_FIELD_ERRORS, "edit_conflict_unconfirmed") for _, merged in sections)
        context["merge_changes"] = changes
        context["merge_needs_confirmation"] = pending or any(change.conflict for _, change in changes)
        context.update(self.writing_context(request, obj))
        context["review_buttons"] = self.review_buttons(request, obj)
        return super().render_change_form(request, context, add, change, form_url, obj)

    def review_buttons(self, request, report):
        """(name, label) of the review steps this user can take on this report now."""
        status = report.status if report is not None and report.pk else Report.Status.DRAFT
        if not can_publish(request.user):
            if self.proposing(request, report):
                return [("_save", "Propose these changes")]
            return [(review.SUBMIT_FOR_REVIEW, "Submit for review")] if status == Report.Status.DRAFT else []
        buttons = [(review.PUBLISH_NOW, "Publish (or schedule at the time set)")]
        if status == Report.Status.REVIEW:
            buttons.append((review.REQUEST_CHANGES, "Request changes"))
        return buttons if status != Report.Status.PUBLISHED else []

    @admin.display(description="status", ordering="status")
    def state(self, report):
        return report.state_label if report.pk else "New (a draft until it is submitted)"

    # -- History (django-reversion, reversion-compare): the change view's rules first ----------

    def report_if_allowed(self, request, object_id, allowed):
        """The report through this user's queryset, if `allowed(request, report)`; else 404/403."""
        report = self.get_object(request, unquote(object_id))
        if report is None:
            raise Http404("No such report.")
        if not allowed(request, report):
            raise PermissionDenied
        return report

    object_history_template = "admin/reports/report/object_history.html"
    # django-reversion names its own change list; this one extends it with the Import link.
    change_list_template = "admin/reports/report/change_list.html"

    def history_view(self, request, object_id, extra_context=None):
        report = self.report_if_allowed(request, object_id, self.has_view_permission)
        notes = report.review_notes.select_related("user__author")
        return super().history_view(request, object_id, {**(extra_context or {}), "review_notes": notes})

    def compare_view(self, request, object_id, extra_context=None):
        self.report_if_allowed(request, object_id, self.has_view_permission)
        return super().compare_view(request, object_id, extra_context)

    def revision_view(self, request, object_id, version_id, extra_context=None):
        """Restore a version: only someone who may change the report now, and the restored report
        is saved through the same form and rules as any other change."""
        report = self.report_if_allowed(request, object_id, self.may_edit_in_place)
        request.restoring_version = get_object_or_404(Version.objects.get_for_object(report), pk=version_id)
        return super().revision_view(request, object_id, version_id, extra_context)

    @contextmanager
    def create_revision(self, request):
        with super().create_revision(request):
            yield
            version = getattr(request, "restoring_version", None)
            if version is not None and request.method == "POST":
                reversion.set_comment(restored_comment(request, version))

    def log_change(self, request, obj, message):
        version = getattr(request, "restoring_version", None)
        if version is not None:
            message = restored_comment(request, version)
        return super().log_change(request, obj, message)

    def recoverlist_view(self, request, extra_context=None):
        # Deleted reports belong to nobody any more: only editors bring them back.
        if not can_publish(request.user):
            raise PermissionDenied
        return super().recoverlist_view(request, extra_context)

    def recover_view(self, request, version_id, extra_context=None):
        if not can_publish(request.user):
            raise PermissionDenied
        return super().recover_view(request, version_id, extra_context)

    @staticmethod
    def _is_editor_or_author(user, report):
        return can_publish(user) or report.report_authors.filter(author__user=user).exists()

    def view_on_site(self, report):
        return report.get_absolute_url() if report.is_public else report.get_preview_url()

    @admin.display(description="authors")
    def byline(self, report):
        return ", ".join(str(author) for author in report.ordered_authors)

    @admin.action(description="Publish selected reports now (or at their scheduled time)", permissions=["publish"])
    def publish(self, request, queryset):
        now = timezone.now()
        count = 0
        for report in queryset.exclude(status=Report.Status.PUBLISHED):
            report.status = Report.Status.PUBLISHED
            report.publish_at = report.publish_at or now
            report.save()
            review.record_publication(request, report)
            if report.is_public:
                self.tell_after_commit(request, review.tell_live, report)
            count += 1
        reversion.set_comment("Published.")
        self.message_user(request, f"Published {count} report(s).", messages.SUCCESS)

    @admin.action(description="Unpublish selected reports (back to draft)", permissions=["publish"])
    def unpublish(self, request, queryset):
        count = 0
        for report in queryset.filter(status=Report.Status.PUBLISHED):
            report.status = Report.Status.DRAFT
            report.save()
            count += 1
        reversion.set_comment("Unpublished.")
        self.message_user(request, f"Unpublished {count} report(s).", messages.SUCCESS)


def restored_comment(request, version):
    """How the history and the admin log record a restore: which version, and who brought it back."""
    saved = timezone.localtime(version.revision.date_created)
    who = getattr(getattr(request.user, "author", None), "display_name", None) or request.user.get_username()
    return f"Restored from the version of {saved:%d %b %Y %H:%M} by {who}."


admin.site.register(FollowUp, FollowUpAdmin)


@admin.register(Image)
class ImageAdmin(EditorialAdmin):
    class Media:
        css = {"all": ["css/admin.css"]}

    list_display = ["thumbnail", "alt_text", "markdown_snippet", "uploaded_by", "created_at"]
    list_select_related = ["uploaded_by"]
    search_fields = ["alt_text"]
    readonly_fields = ["markdown_snippet"]
    fields = ["file", "alt_text", "markdown_snippet"]

    def save_model(self, request, image, form, change):
        if not change:
            image.uploaded_by = request.user
        super().save_model(request, image, form, change)

    def has_change_permission(self, request, obj=None):
        if not super().has_change_permission(request, obj):
            return False
        return obj is None or can_publish(request.user) or obj.uploaded_by_id == request.user.pk

    def has_delete_permission(self, request, obj=None):
        return super().has_delete_permission(request, obj) and self.has_change_permission(request, obj)

    @admin.display(description="preview")
    def thumbnail(self, image):
        return format_html('<img class="thumbnail" src="{}" alt="">', image.file.url)

    @admin.display(description="Markdown to paste into a text")
    def markdown_snippet(self, image):
        return format_html("<code>{}</code>", image.markdown) if image.pk else "Save the image first."


class ScheduleImportForm(forms.Form):
    file = forms.FileField(
        label="Schedule file",
        help_text="An iCalendar (.ics) file or a CSV file, as conference sites export them. Importing it "
        "again updates the sessions it created.",
    )


class MergeTagsForm(forms.Form):
    kept = forms.ModelChoiceField(
        queryset=Tag.objects.none(),
        label="Keep this tag",
        empty_label=None,
        help_text="Every report and write-up tagged with the others gets this tag; the others are deleted.",
    )

    def __init__(self, *args, tags, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["kept"].queryset = tags


# taggit's own TagAdmin shows taggit's generic tagged items (which this app does not use) and adds a
# merge view with no permission check that leaves this app's tags alone: replaced by this one
# (imported first, so that it is registered before it is unregistered, whatever the app order).
import_module("taggit.admin")
admin.site.unregister(Tag)


@admin.register(Tag)
class TagAdmin(EditorialAdmin):
    list_display = ["name", "slug"]
    ordering = ["name", "slug"]
    search_fields = ["name"]
    prepopulated_fields = {"slug": ["name"]}
    actions = ["merge_tags"]

    @admin.action(description="Merge selected tags into one", permissions=["change", "delete"])
    def merge_tags(self, request, queryset):
        """Django's action confirmation pattern: the first POST shows the choice, the second merges."""
        if not (self.has_change_permission(request) and self.has_delete_permission(request)):
            raise PermissionDenied
        tags = queryset.order_by("name")
        form = MergeTagsForm(request.POST if "apply" in request.POST else None, tags=tags)
        if form.is_valid():
            kept = form.cleaned_data["kept"]
            count = tagging.merge_tags(kept, list(tags))
            self.message_user(request, f"Merged {count} tag(s) into “{kept.name}”.", messages.SUCCESS)
            return None
        context = {
            **self.admin_site.each_context(request),
            "title": "Merge tags",
            "opts": self.model._meta,
            "form": form,
            "tags": tags,
            "action_checkbox_name": admin.helpers.ACTION_CHECKBOX_NAME,
        }
        return TemplateResponse(request, "admin/taggit/tag/merge_tags.html", context)


# -- Email subscriptions ------------------------------------------------------------------------


class SubscriptionInline(admin.TabularInline):
    model = Subscription
    fields = ["kind", "subject", "frequency", "created_at", "confirmed_at"]
    readonly_fields = fields
    extra = 0

    @admin.display(description="subject")
    def subject(self, subscription):
        from .subscriptions import subject_label, subject_of

        subject = subject_of(subscription)
        return subject_label(subscription.kind, subject) if subject else "(deleted)"

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(Subscriber)
class SubscriberAdmin(EditorialAdmin):
    """Readers' addresses, for those given the view permission (superusers, the Editor group; never
    contributors: reports.roles). Only a reader's own confirmation subscribes them (double opt-in),
    so nobody adds or changes one here; deleting one unsubscribes it."""

    list_display = ["email", "frequency", "confirmed_subscriptions", "reports_sent", "created_at"]
    list_filter = ["frequency"]
    search_fields = ["email"]
    fields = ["email", "frequency", "created_at"]
    readonly_fields = fields
    inlines = [SubscriptionInline]

    def get_queryset(self, request):
        confirmed = Count("subscriptions", filter=Q(subscriptions__confirmed_at__isnull=False), distinct=True)
        return super().get_queryset(request).annotate(confirmed=confirmed, sent=Count("digest_items", distinct=True))

    @admin.display(description="confirmed subscriptions", ordering="confirmed")
    def confirmed_subscriptions(self, subscriber):
        return subscriber.confirmed

    @admin.display(description="reports sent", ordering="sent")
    def reports_sent(self, subscriber):
        return subscriber.sent

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False
