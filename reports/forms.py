"""Admin forms: the editorial rules that must hold on the server, whatever a browser sends."""

from datetime import date, time

from adminsortable2.admin import CustomInlineFormSetMixin
from django import forms
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import F
from django.forms.models import BaseInlineFormSet
from django.utils import timezone
from reversion.models import Version

from .merging import MergingModelForm
from .models import Image, Report, WriteUp


def can_publish(user):
    """Editors (and superusers) publish, schedule and unpublish; contributors do not."""
    return user.has_perm("reports.publish_report")


def formfield_with_https_urls(db_field, **kwargs):
    """Links typed without a scheme are taken as https, as browsers and Django 6 do."""
    if isinstance(db_field, models.URLField):
        kwargs.setdefault("assume_scheme", "https")
    return db_field.formfield(**kwargs)


def last_editor(report):
    """Who saved the latest version of a report, as the newsroom knows them."""
    version = Version.objects.get_for_object(report).select_related("revision__user").first()
    user = version.revision.user if version else None
    if user is None:
        return "someone"
    author = getattr(user, "author", None)
    return author.display_name if author else user.get_username()


class ReportAdminForm(MergingModelForm):
    # Set by ReportAdmin.get_form for the user who is editing.
    can_publish = False
    merge_fields = (
        "summit",
        "title",
        "slug",
        "summary",
        "tags",
        "introduction",
        "takeaways",
        "cover_caption",
        "covers_day",
        "original_url",
        "status",
        "publish_at",
    )
    review_note = forms.CharField(
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 2}),
        label="Note for the review",
        help_text="Sent to the editors with “Submit for review”, to the authors with “Request changes”, and kept "
        "in the report's history.",
    )
    # Set by the form's JavaScript when an editor loaded a co-author's proposal into the form.
    applied_proposal = forms.IntegerField(required=False, widget=forms.HiddenInput)
    # A cover image uploaded with a form that was refused: kept (as an Image) for the next save.
    pending_cover = forms.IntegerField(required=False, widget=forms.HiddenInput)
    # Set by ReportAdmin.get_form: who is editing (pending covers are theirs alone).
    user = None
    replace_their_changes = forms.BooleanField(
        required=False,
        label="Replace their changes with mine",
        help_text="Where you and they changed the same field, save yours. Their other changes are kept.",
    )

    class Meta:
        model = Report
        fields = [
            "summit",
            "title",
            "slug",
            "summary",
            "tags",
            "introduction",
            "takeaways",
            "cover_image",
            "cover_caption",
            "covers_day",
            "original_url",
            "status",
            "publish_at",
        ]
        formfield_callback = formfield_with_https_urls

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if not self.can_publish and "status" in self.fields:
            # A contributor's choices stop at review; a crafted POST with "published" fails validation.
            self.fields["status"].choices = [
                (value, label) for value, label in Report.Status.choices if value != Report.Status.PUBLISHED
            ]

    def stored_value(self, name):
        if name == "tags":
            return list(self.instance.tags.all())
        if name == "summit":
            return self.instance.summit if self.instance.summit_id else None
        return super().stored_value(name)

    def refusal_message(self):
        when = timezone.localtime(self.instance.updated_at)
        return (
            f"{last_editor(self.instance)} saved this report at {when:%H:%M:%S on %d %b %Y}, after you opened it. "
            "Nothing has been saved yet. What you typed is still below, and their changes to the fields you "
            "did not touch are now in the form too (listed under “What changed”). Save again to keep both."
        )

    def clean(self):
        cleaned_data = super().clean()
        if self.instance.pk and not getattr(self, "preview_only", False):
            self.merge_with_stored()
        return cleaned_data

    def clean_cover_image(self):
        cover = self.cleaned_data.get("cover_image")
        pending = self.pending_image()
        if not self.files.get(self.add_prefix("cover_image")) and pending is not None and cover is not False:
            return pending.file  # the one uploaded with the form that was refused
        return cover

    def pending_image(self):
        ident = str(self.data.get(self.add_prefix("pending_cover")) or "")
        if not ident.isdigit() or self.user is None:
            return None
        return Image.objects.filter(pk=ident, uploaded_by=self.user).first()

    def keep_uploaded_cover(self):
        """After a refused save: the cover image just uploaded is kept, so it need not be chosen again."""
        upload = self.files.get(self.add_prefix("cover_image"))
        if upload is None or self.user is None or "cover_image" in self.errors:
            return None
        upload.seek(0)
        image = Image(file=upload, alt_text="Cover image (kept for your next save)", uploaded_by=self.user)
        image.report = self.instance if self.instance.pk else None
        image.save()
        self.data = self.data.copy()
        self.data[self.add_prefix("pending_cover")] = str(image.pk)
        self["cover_image"].help_text = f"Kept from your last try: {image.file.name.rsplit('/', 1)[-1]}."
        return image

    def clean_status(self):
        status = self.cleaned_data["status"]
        if status == Report.Status.PUBLISHED and not self.can_publish:
            raise ValidationError("Only an editor can publish a report.")
        return status


class WriteUpForm(MergingModelForm):
    """A write-up in the report form: merged like the report when someone else saved it meanwhile."""

    merge_fields = ("session", "heading", "day", "author", "verdict", "order", "body", "tags")

    class Meta:
        model = WriteUp
        fields = ["session", "heading", "day", "author", "verdict", "order", "body", "tags"]

    def stored_value(self, name):
        if name == "tags":
            return list(self.instance.tags.all())
        if name in ("session", "author"):
            return getattr(self.instance, name) if getattr(self.instance, f"{name}_id") else None
        return super().stored_value(name)

    def refusal_message(self):
        return (
            "Someone changed this write-up after you opened the report. Their changes to what you did not "
            "touch are in the form now; what you typed is kept."
        )

    def clean(self):
        cleaned_data = super().clean()
        if self.instance.pk:
            self.merge_with_stored()
        return cleaned_data


class CoAuthorFormSet(BaseInlineFormSet):
    """Every report keeps at least one author, and a contributor cannot write themselves out of it."""

    # Set by the inline for a contributor: the Author who must stay in the byline.
    required_author = None

    def clean(self):
        super().clean()
        if any(self.errors):
            return
        authors = [
            form.cleaned_data["author"]
            for form in self.forms
            if form.cleaned_data.get("author") and not form.cleaned_data.get("DELETE")
        ]
        if not authors:
            raise ValidationError("A report needs at least one author.")
        if self.required_author is not None and self.required_author not in authors:
            raise ValidationError(f"You ({self.required_author}) must stay one of this report's authors.")


def posted_byline(data, prefix="report_authors"):
    """The author ids of the co-author rows submitted in the same form, deleted rows left out."""
    try:
        total = min(int(data.get(f"{prefix}-TOTAL_FORMS", 0)), 1000)
    except (TypeError, ValueError):
        return set()
    ids = set()
    for index in range(total):
        value = data.get(f"{prefix}-{index}-author")
        if value and str(value).isdigit() and not data.get(f"{prefix}-{index}-DELETE"):
            ids.add(int(value))
    return ids


class ReportPartsFormSet(BaseInlineFormSet):
    """Rows of a report that name a session and an author: the session is one of the report's own
    summit, and the author one of its authors."""

    def clean(self):
        super().clean()
        summit = self.instance.summit if self.instance.summit_id else None
        byline = posted_byline(self.data)
        for form in self.forms:
            cleaned = getattr(form, "cleaned_data", None) or {}
            if cleaned.get("DELETE"):
                continue
            session, author = cleaned.get("session"), cleaned.get("author")
            if summit and session and session.summit_id != summit.pk:
                form.add_error(
                    "session",
                    f"“{session.title}” was held at {session.summit.name}, not at {summit.name}.",
                )
            if author and author.pk not in byline:
                form.add_error("author", f"{author} is not one of this report's authors: add them to the byline first.")


class WriteUpFormSet(CustomInlineFormSetMixin, ReportPartsFormSet):
    """Sections: write-ups of the report's summit's sessions and free sections, reordered by
    dragging (django-admin-sortable2). A new write-up goes where its session's time puts it."""

    def save_new(self, form, commit=True):
        section = super().save_new(form, commit=False)
        if not form.cleaned_data.get("order") and section.session_id:
            place_by_session_time(section)
        if commit:
            section.save()
            form.save_m2m()
        return section


def session_time(section):
    session = section.session
    return (session.day or date.max, session.start_time or time.max) if session else (date.max, time.max)


def place_by_session_time(section):
    """Give a new write-up the place of the first section held after its session, moving the rest down."""
    others = list(WriteUp.objects.filter(report=section.report_id).select_related("session").order_by("order", "pk"))
    later = [other for other in others if other.session_id and session_time(other) > session_time(section)]
    if not later:
        return
    section.order = later[0].order
    WriteUp.objects.filter(report=section.report_id, order__gte=section.order).update(order=F("order") + 1)


class AttendanceFormSet(ReportPartsFormSet):
    """Sessions also attended: of the report's summit, once each, by one of its authors."""
