"""Tags as editors manage them: merging duplicates ("ha" into "high-availability")."""

from django.db import transaction
from django.urls import reverse
from taggit.models import Tag

from .models import TaggedReport, TaggedWriteUp
from .redirects import moved


def merge_tags(kept, merged):
    """Move every report and write-up tagged with one of `merged` to `kept`, once each, and delete
    the merged tags. One transaction: a failure leaves every tag as it was."""
    merged = [tag for tag in merged if tag.pk != kept.pk]
    with transaction.atomic():
        for through in (TaggedReport, TaggedWriteUp):
            tagged = set(through.objects.filter(tag=kept).values_list("content_object_id", flat=True))
            for item in through.objects.filter(tag__in=merged).order_by("pk"):
                if item.content_object_id in tagged:
                    item.delete()  # the object carries the kept tag already
                else:
                    item.tag = kept
                    item.save()
                    tagged.add(item.content_object_id)
        Tag.objects.filter(pk__in=[tag.pk for tag in merged]).delete()
        for tag in merged:  # the merged tags' pages and feeds lead to the kept tag's
            moved(reverse("reports:tag", kwargs={"slug": tag.slug}), reverse("reports:tag", kwargs={"slug": kept.slug}))
    return len(merged)
