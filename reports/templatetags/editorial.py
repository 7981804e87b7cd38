from django import template

from reports.models import ProposedChange, Report

register = template.Library()


@register.simple_tag
def my_reports(user, limit=25):
    """The reports a user co-authors, in every status, newest first (admin home)."""
    return Report.objects.authored_by(user).select_related("summit").order_by("-updated_at")[:limit]


@register.simple_tag
def reports_awaiting_review(user, limit=25):
    """For editors: what contributors have submitted and nobody has published yet."""
    if not user.has_perm("reports.publish_report"):
        return Report.objects.none()
    return Report.objects.filter(status=Report.Status.REVIEW).select_related("summit").order_by("updated_at")[:limit]


@register.simple_tag
def proposals_waiting(user, limit=25):
    """For editors: co-authors' proposed changes to published reports, oldest first."""
    if not user.has_perm("reports.publish_report"):
        return ProposedChange.objects.none()
    pending = ProposedChange.objects.filter(status=ProposedChange.Status.PENDING)
    return pending.select_related("report", "proposed_by").order_by("created_at")[:limit]
