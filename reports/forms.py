"""Admin forms: the editorial rules that must hold on the server, whatever a browser sends."""

from django import forms
from django.core.exceptions import ValidationError
from django.db import models
from django.forms.models import BaseInlineFormSet
from django.utils import timezone
from reversion.models import Version

from .models import Report


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


class ReportAdminForm(forms.ModelForm):
    # Set by ReportAdmin.get_form for the user who is editing.
    can_publish = False
    # The version of the report this form was loaded from; saving over a newer one is refused.
    loaded_version = forms.CharField(widget=forms.HiddenInput, required=False)

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
            "original_url",
            "status",
            "publish_at",
        ]
        formfield_callback = formfield_with_https_urls

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk:
            self.fields["loaded_version"].initial = self.instance.updated_at.isoformat()
        if not self.can_publish and "status" in self.fields:
            # A contributor's choices stop at review; a crafted POST with "published" fails validation.
            self.fields["status"].choices = [
                (value, label) for value, label in Report.Status.choices if value != Report.Status.PUBLISHED
            ]

    def clean(self):
        cleaned_data = super().clean()
        if self.instance.pk:
            self.refuse_silent_overwrite()
        return cleaned_data

    def refuse_silent_overwrite(self):
        stored = self.instance.updated_at.isoformat()
        if self.data.get(self.add_prefix("loaded_version")) == stored:
            return
        # The form now carries the stored version: saving again, knowingly, replaces it (the
        # history keeps both). Until then nothing is written, and the text typed stays in the form.
        self.data = self.data.copy()
        self.data[self.add_prefix("loaded_version")] = stored
        when = timezone.localtime(self.instance.updated_at)
        raise ValidationError(
            f"{last_editor(self.instance)} saved this report at {when:%H:%M:%S on %d %b %Y}, after you "
            "opened it. Your changes have not been saved and are still below. Open the report in another "
            "tab to see their version; save again only if yours should replace it.",
            code="edit_conflict",
        )

    def clean_status(self):
        status = self.cleaned_data["status"]
        if status == Report.Status.PUBLISHED and not self.can_publish:
            raise ValidationError("Only an editor can publish a report.")
        return status


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


class WriteUpFormSet(BaseInlineFormSet):
    """Each write-up covers a session of the report's own summit."""

    def clean(self):
        super().clean()
        summit = self.instance.summit if self.instance.summit_id else None
        if summit is None:
            return
        for form in self.forms:
            session = form.cleaned_data.get("session") if hasattr(form, "cleaned_data") else None
            if session and not form.cleaned_data.get("DELETE") and session.summit_id != summit.pk:
                form.add_error(
                    "session",
                    f"“{session.title}” was held at {session.summit.name}, not at {summit.name}.",
                )
