"""The admin site: Django's, with search results that show what tells sessions apart."""

from django.contrib import admin
from django.contrib.admin.views.autocomplete import AutocompleteJsonView


class EditorialAutocompleteView(AutocompleteJsonView):
    """Autocomplete results labelled by their model's `autocomplete_label()` when it has one
    (a session: its whole title, day, time, track and speakers), else by str() as usual."""

    def serialize_result(self, obj, to_field_name):
        result = super().serialize_result(obj, to_field_name)
        label = getattr(obj, "autocomplete_label", None)
        if callable(label):
            result["text"] = label()
        return result


class EditorialAdminSite(admin.AdminSite):
    site_header = "summitblog editorial"
    site_title = "summitblog"
    index_title = "Write, review and publish"

    def autocomplete_view(self, request):
        return EditorialAutocompleteView.as_view(admin_site=self)(request)
