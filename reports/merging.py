"""Saving over someone else's save: refused once, then merged field by field.

A form remembers what it was opened from: the stored row's update time and a fingerprint of each
field's value then (the base). When it is saved after someone else saved, each field is one of:

- changed by nobody, or by both to the same value: nothing to decide;
- changed only by the other person: their value goes into the form, so saving keeps it;
- changed only by this person: their typing stays;
- changed by both, differently: a conflict; this person's typing stays in the form, and saving it
  over the other person's value needs the "replace their changes" box ticked.

The first save after someone else's is always refused, with the merged form and a field-by-field
account of what the other person changed; the form then carries the new base, so the next save
goes through (conflicts confirmed). Fingerprints rather than values: the form need not carry a
second copy of every text, only enough to tell whether a value is the one it was opened with.
"""

import difflib
import hashlib
import json
from dataclasses import dataclass
from datetime import datetime

from django import forms
from django.db import models
from django.forms.widgets import MultiWidget
from django.utils.html import format_html, format_html_join

# The report form's confirmation box; write-up forms read it from the same POST.
CONFIRM_FIELD = "replace_their_changes"


def comparable(value):
    """One text for a value, whatever shape the form or the model gives it."""
    if isinstance(value, models.Model):
        return str(value.pk)
    if isinstance(value, list | tuple | set | models.QuerySet):
        return json.dumps(sorted(comparable(item).casefold() for item in value))
    if isinstance(value, datetime):
        return value.isoformat(timespec="seconds")
    if value is None or value is False:
        return ""
    text = value.name if hasattr(value, "name") and not isinstance(value, str) else str(value)
    return "\n".join(line.rstrip() for line in text.replace("\r\n", "\n").strip().split("\n"))


def fingerprint(value):
    return hashlib.sha256(comparable(value).encode(), usedforsecurity=False).hexdigest()[:20]


@dataclass
class FieldChange:
    """What the other person did to one field, and what this save does about it."""

    label: str
    theirs: str
    mine: str
    conflict: bool

    def difference(self):
        """Their text against this person's, line by line (conflicts), or their value (taken)."""
        if not self.conflict:
            return format_html("<pre class='merge-text'>{}</pre>", self.theirs)
        lines = difflib.ndiff(self.theirs.splitlines(), self.mine.splitlines())
        rows = [(line[:1], line[2:]) for line in lines if not line.startswith("?")]
        return format_html(
            "<pre class='merge-text'>{}</pre>",
            format_html_join("\n", "<span class='merge-{}'>{} {}</span>", ((MARKS[m], m, t) for m, t in rows)),
        )


MARKS = {"-": "theirs", "+": "mine", " ": "same"}


class MergingModelForm(forms.ModelForm):
    """A model form that refuses a stale save once and merges it (see the module docstring).

    Subclasses list `merge_fields` and may override `stored_value(name)` for fields whose stored
    value is not a plain attribute (tags)."""

    merge_fields = ()
    loaded_version = forms.CharField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.merge_report = []
        if self.instance.pk:
            self.fields["loaded_version"].initial = self.version_token(conflicts=[])

    # -- what is stored and what the form holds --------------------------------------------------

    def mergeable(self):
        return [name for name in self.merge_fields if name in self.fields and not self.fields[name].disabled]

    def stored_value(self, name):
        return getattr(self.instance, name)

    def stored_at(self):
        return self.instance.updated_at.isoformat()

    def version_token(self, conflicts):
        base = {name: fingerprint(self.stored_value(name)) for name in self.mergeable()}
        return json.dumps({"at": self.stored_at(), "base": base, "conflicts": conflicts})

    def loaded(self):
        """What the form was opened from, or None when the field is missing or not ours."""
        try:
            token = json.loads(self.data.get(self.add_prefix("loaded_version")) or "")
        except (TypeError, ValueError):
            return None
        if not isinstance(token, dict) or not isinstance(token.get("base"), dict):
            return None
        return token

    def confirmed(self):
        return self.data.get(CONFIRM_FIELD) in ("on", "true", "1", "True")

    # -- the merge ----------------------------------------------------------------------------

    def refusal_message(self):
        return "Someone saved this after you opened it; nothing was saved. Their changes are in the form now."

    def merge_with_stored(self):
        """Call from clean() of a bound form whose instance was read under the save's row lock:
        raises the refusal (the form's data then holds the merge) or returns when the save may go."""
        loaded = self.loaded()
        if loaded is not None and loaded.get("at") == self.stored_at():
            pending = [name for name in loaded.get("conflicts", []) if name in self.mergeable()]
            unresolved = [name for name in pending if self.differs_from_stored(name)]
            if unresolved and not self.confirmed():
                labels = ", ".join(str(self.fields[name].label).lower() for name in unresolved)
                raise forms.ValidationError(
                    f"You and someone else both changed the {labels}. Tick “Replace their changes with mine” "
                    "to save yours over theirs, or copy what you need from theirs first.",
                    code="edit_conflict_unconfirmed",
                )
            return
        base = loaded["base"] if loaded else {}
        data = self.data.copy()
        conflicts = []
        for name in self.mergeable():
            theirs, mine = self.stored_value(name), self.cleaned_data.get(name)
            theirs_print, mine_print = fingerprint(theirs), fingerprint(mine)
            if theirs_print == base.get(name) or theirs_print == mine_print:
                continue
            conflict = mine_print != base.get(name)
            if conflict:
                conflicts.append(name)
            else:
                self.put_into_data(data, name, theirs)
            self.merge_report.append(
                FieldChange(str(self.fields[name].label), self.shown(name, theirs), self.shown(name, mine), conflict)
            )
        if not self.merge_report:
            return  # saved in between without a change to anything this form holds
        data[self.add_prefix("loaded_version")] = self.version_token(conflicts)
        self.data = data
        raise forms.ValidationError(self.refusal_message(), code="edit_conflict")

    def differs_from_stored(self, name):
        return fingerprint(self.cleaned_data.get(name)) != fingerprint(self.stored_value(name))

    def shown(self, name, value):
        field = self.fields[name]
        if isinstance(value, models.Model):
            return str(value)
        if isinstance(value, list | tuple | models.QuerySet):
            return ", ".join(sorted(str(item) for item in value))
        return comparable(field.prepare_value(value))

    def put_into_data(self, data, name, value):
        """Write `value` into the form's data as its widget would have submitted it."""
        bound = self[name]
        widget = bound.field.widget
        prepared = bound.field.prepare_value(value)
        if isinstance(widget, MultiWidget):
            parts = widget.decompress(prepared)
            for suffix, subwidget, part in zip(widget.widgets_names, widget.widgets, parts, strict=True):
                data[bound.html_name + suffix] = subwidget.format_value(part) or ""
        else:
            formatted = widget.format_value(prepared)
            if isinstance(formatted, list):  # a select: one value, or several for a multiple one
                data.setlist(bound.html_name, formatted if widget.allow_multiple_selected else formatted[:1])
            else:
                data[bound.html_name] = formatted or ""
