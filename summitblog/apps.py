from django.contrib.admin.apps import AdminConfig


class EditorialAdminConfig(AdminConfig):
    """django.contrib.admin, with the editorial site as the default `admin.site`."""

    default_site = "summitblog.admin_site.EditorialAdminSite"
