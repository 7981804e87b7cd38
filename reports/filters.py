"""Faceted filtering of published reports and write-ups with django-filter.

Several values of one filter combine with OR (`?tag=ceph&tag=storage`: either tag), filters
combine with AND. Each facet also reports how many results every one of its choices would give,
with the other filters applied: one GROUP BY query per facet, whatever the size of the data.
"""

from dataclasses import dataclass, field

import django_filters
from django import forms
from django.core.validators import validate_slug
from django.db.models import Count

from . import search
from .models import FollowUp, Session, WriteUp

MAX_VALUES = 20


@dataclass
class Facet:
    """One filter's choices as the page shows them: (value, label, count) rows and the values chosen."""

    name: str
    label: str
    choices: list
    selected: list = field(default_factory=list)

    @property
    def unmatched(self):
        """The chosen values that are unknown, or give no result together with the other filters."""
        counted = {value for value, _, count in self.choices if count is not None}
        return [value for value in self.selected if value not in counted]

    @property
    def matches_nothing(self):
        return bool(self.selected) and len(self.unmatched) == len(self.selected)


class SlugsField(forms.Field):
    """One or more slugs (`?tag=a&tag=b`), checked for form but not looked up."""

    widget = forms.SelectMultiple

    def to_python(self, value):
        if not value:
            return []
        return [str(item) for item in (value if isinstance(value, list | tuple) else [value]) if str(item)]

    def validate(self, value):
        super().validate(value)
        if len(value) > MAX_VALUES:
            raise forms.ValidationError(f"At most {MAX_VALUES} values.")
        for item in value:
            if len(item) > 200:
                raise forms.ValidationError("A value is too long.")
            validate_slug(item)


def model_at(model, path):
    """The model at the end of a lookup path ("session__track" from WriteUp: Track)."""
    for name in path.split("__"):
        model = model._meta.get_field(name).related_model
    return model


def ids_of_slugs(model, path, slugs):
    """The ids of the rows at `path` (ending in a slug field) with these slugs, looked up first:
    with the ids as constants PostgreSQL knows how common each is and walks the newest-first
    index for a common tag, where a join on the slug has it guess and sort every match."""
    relation, _, slug_field = path.rpartition("__")
    target = model_at(model, relation)
    found = target.objects.filter(**{f"{slug_field}__in": slugs}).order_by().values_list("pk", flat=True)
    return relation, list(found)


class SlugFilter(django_filters.Filter):
    """Summits, tracks, projects, tags or authors by slug, any of them (OR). An unknown slug
    simply matches nothing (and the facets say so). The slugs are looked up first, in one small
    query per filter and request (ids_of_slugs says why). `many` marks a path through a
    many-to-many relation, matched in a subquery so that each result comes once; `through`, a
    path from another model, (model, its relation back), as a report matches through its write-ups."""

    field_class = SlugsField

    def __init__(self, field_name, many=False, through=None, **kwargs):
        self.many, self.through = many, through
        self.found = {}  # (model, path, slugs): (relation, ids), per request (a FilterSet copies its filters)
        super().__init__(field_name=field_name, **kwargs)

    def ids(self, model, path, slugs):
        key = (model, path, tuple(slugs))
        if key not in self.found:
            self.found[key] = ids_of_slugs(model, path, slugs)
        return self.found[key]

    def filter(self, queryset, value):
        if not value:
            return queryset
        if self.through:
            model, back = self.through
            relation, ids = self.ids(model, self.field_name, value)
            # IN (subquery) keeps one row per result.
            return queryset.filter(pk__in=model.objects.filter(**{f"{relation}__in": ids}).values(back))
        relation, ids = self.ids(queryset.model, self.field_name, value)
        lookup = {f"{relation}__in": ids}
        if self.many:
            return queryset.filter(pk__in=queryset.model.objects.filter(**lookup).values("pk"))
        return queryset.filter(**lookup)


class FacetedFilterSet(django_filters.FilterSet):
    """A FilterSet whose invalid fields are reported and ignored, with facet counts per choice."""

    q = django_filters.CharFilter(label="Words", method="filter_text")
    year = django_filters.NumberFilter(
        label="Year", field_name="summit__start_date__year", min_value=1990, max_value=2100, decimal_places=0
    )

    # filter name -> (label, path from the filtered model to the value counted, path to its label)
    facets = {}
    # The most frequent choices shown per facet (a select of 2,000 tags helps nobody).
    max_choices = 60

    def filter_text(self, queryset, name, value):
        text = search.clean_query(value)
        return self.text_filter(queryset, text) if text else queryset

    def valid_values(self):
        if not self.is_bound:
            return {}
        self.form.is_valid()
        return {
            name: value for name, value in getattr(self.form, "cleaned_data", {}).items() if value not in (None, "", [])
        }

    def described(self):
        """The valid filters in words: "tag ceph or storage, year 2017"."""
        parts = []
        for name, value in self.valid_values().items():
            values = value if isinstance(value, list) else [value]
            parts.append(f"{name} " + " or ".join(str(item) for item in values))
        return ", ".join(parts)

    def active_filters(self, facets, query):
        """Each chosen value as a removable chip: (facet label, value label, the query without it)."""
        chips = []
        for facet in facets:
            labels = {value: label for value, label, _ in facet.choices}
            for value in facet.selected:
                rest = query.copy()
                rest.setlist(facet.name, [other for other in query.getlist(facet.name) if other != value])
                rest.pop("page", None)
                chips.append((facet.label, labels.get(value, value), f"?{rest.urlencode()}"))
        return chips

    def queryset_without(self, excluded):
        queryset = self.queryset.all()
        for name, value in self.valid_values().items():
            if name != excluded:
                queryset = self.filters[name].filter(queryset, value)
        return queryset

    def facet_list(self):
        values = self.valid_values()
        facets = []
        for name, (label, value_path, label_path) in self.facets.items():
            rows = (
                self.queryset_without(name)
                .order_by()
                .values(*{value_path, label_path})
                .annotate(count=Count("pk", distinct=True))
                .filter(**{f"{value_path}__isnull": False})
                .order_by("-count", label_path)[: self.max_choices]
            )
            choices = [
                (str(row[value_path]), self.choice_label(name, row[label_path]), row["count"])
                for row in rows
                if row[value_path] != ""  # no verdict given is not a choice
            ]
            chosen = values.get(name)
            selected = [str(item) for item in (chosen if isinstance(chosen, list) else [chosen])] if chosen else []
            known = {value for value, _, _ in choices}
            choices += [(value, value, None) for value in selected if value not in known]
            facets.append(Facet(name=name, label=label, choices=choices, selected=selected))
        return facets

    def choice_label(self, name, value):
        if name == "kind":
            return Session.Kind(value).label if value in Session.Kind.values else value
        if name == "verdict":
            return WriteUp.Verdict(value).label if value in WriteUp.Verdict.values else value
        return str(value)


class ReportFilter(FacetedFilterSet):
    summit = SlugFilter("summit__slug")
    track = SlugFilter("session__track__slug", through=(WriteUp, "report"))
    project = SlugFilter("session__projects__slug", through=(WriteUp, "report"))
    tag = SlugFilter("tags__slug", many=True)
    author = SlugFilter("report_authors__author__slug", many=True)
    kind = django_filters.MultipleChoiceFilter(
        choices=Session.Kind.choices, method="filter_through_writeups", field_name="session__kind"
    )

    facets = {
        "summit": ("Summit", "summit__slug", "summit__name"),
        "year": ("Year", "summit__start_date__year", "summit__start_date__year"),
        "track": ("Track", "writeups__session__track__slug", "writeups__session__track__name"),
        "project": ("Project", "writeups__session__projects__slug", "writeups__session__projects__name"),
        "tag": ("Tag", "tags__slug", "tags__name"),
        "author": ("Author", "report_authors__author__slug", "report_authors__author__display_name"),
        "kind": ("Session kind", "writeups__session__kind", "writeups__session__kind"),
    }

    def filter_through_writeups(self, queryset, name, value):
        # A report matches when one of its write-ups does; IN (subquery) keeps one row per report.
        if not value:
            return queryset
        return queryset.filter(pk__in=WriteUp.objects.filter(**{f"{name}__in": value}).values("report"))

    def text_filter(self, queryset, text):
        return search.filter_reports(queryset, text)


class WriteUpFilter(FacetedFilterSet):
    summit = SlugFilter("session__summit__slug")
    year = django_filters.NumberFilter(
        label="Year",
        field_name="session__summit__start_date__year",
        min_value=1990,
        max_value=2100,
        decimal_places=0,
    )
    track = SlugFilter("session__track__slug")
    project = SlugFilter("session__projects__slug", many=True)
    tag = SlugFilter("tags__slug", many=True)
    author = SlugFilter("author__slug")
    kind = django_filters.MultipleChoiceFilter(choices=Session.Kind.choices, field_name="session__kind", distinct=False)
    verdict = django_filters.MultipleChoiceFilter(choices=WriteUp.Verdict.choices, field_name="verdict", distinct=False)

    facets = {
        "summit": ("Summit", "session__summit__slug", "session__summit__name"),
        "year": ("Year", "session__summit__start_date__year", "session__summit__start_date__year"),
        "track": ("Track", "session__track__slug", "session__track__name"),
        "project": ("Project", "session__projects__slug", "session__projects__name"),
        "tag": ("Tag", "tags__slug", "tags__name"),
        "author": ("Author", "author__slug", "author__display_name"),
        "kind": ("Session kind", "session__kind", "session__kind"),
        "verdict": ("Verdict", "verdict", "verdict"),
    }

    def text_filter(self, queryset, text):
        return search.filter_writeups(queryset, text)


class FollowUpFilter(django_filters.FilterSet):
    """Follow-ups by summit, project and whether they are done (`?project=ceph&state=open`)."""

    summit = SlugFilter("report__summit__slug")
    project = SlugFilter("project__slug")
    state = django_filters.ChoiceFilter(
        choices=[("open", "Open"), ("done", "Done")], method="filter_state", empty_label="Open and done"
    )

    class Meta:
        model = FollowUp
        fields = []

    def filter_state(self, queryset, name, value):
        return queryset.filter(done=value == "done")
