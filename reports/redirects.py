"""Addresses that never break: when a report, summit, session, track, project, author, speaker or
tag changes its slug (or a tag is merged into another), its old address and every address under
it (its feeds, a summit's sessions) answer 301 to the same place under the new one."""

from django.db.models.signals import post_save, pre_save
from django.dispatch import receiver
from django.http import HttpResponsePermanentRedirect
from django.urls import reverse
from taggit.models import Tag

from .models import Author, PathRedirect, Project, Report, Session, Speaker, Summit, Track

MOVABLE = (Report, Summit, Session, Track, Project, Author, Speaker, Tag)


def address_of(obj):
    if isinstance(obj, Tag):
        return reverse("reports:tag", kwargs={"slug": obj.slug})
    return obj.get_absolute_url()


def moved(old_path, new_path):
    """Record that `old_path` (and what is under it) now lives at `new_path`."""
    if not old_path or old_path == new_path:
        return
    PathRedirect.objects.filter(old_path=new_path).delete()  # moving back: the new address is live again
    PathRedirect.objects.filter(new_path=old_path).update(new_path=new_path)  # no chains of redirects
    PathRedirect.objects.update_or_create(old_path=old_path, defaults={"new_path": new_path})


@receiver(pre_save)
def note_address(sender, instance, raw=False, **kwargs):
    if sender not in MOVABLE or not instance.pk:
        return
    stored = sender.objects.filter(pk=instance.pk).first()
    instance.address_before = address_of(stored) if stored is not None else None


@receiver(post_save)
def record_move(sender, instance, **kwargs):
    if sender in MOVABLE and getattr(instance, "address_before", None):
        moved(instance.address_before, address_of(instance))


class RedirectMovedAddressesMiddleware:
    """A page not found whose address (or one of its parents) moved: a 301 to where it lives now."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        path = request.path
        # A NUL can be in no stored address (and PostgreSQL refuses it in a query): the 404 stands.
        if response.status_code != 404 or request.method not in ("GET", "HEAD") or "\x00" in path:
            return response
        parents = [path[: index + 1] for index, char in enumerate(path) if char == "/"]
        found = PathRedirect.objects.filter(old_path__in=parents).order_by("-old_path").first()
        if found is None:
            return response
        target = found.new_path + path[len(found.old_path) :]
        query = request.META.get("QUERY_STRING", "")
        return HttpResponsePermanentRedirect(f"{target}?{query}" if query else target)
