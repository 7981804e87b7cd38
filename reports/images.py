"""Uploaded images: checked (type, size, dimensions) and re-encoded before they are stored.

Re-encoding keeps only pixels: metadata (EXIF, GPS), trailing data and anything smuggled in
a polyglot file do not survive.
"""

import io

from django import forms
from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.db import models
from django.template.defaultfilters import filesizeformat
from imagekit.models import ImageSpecField
from PIL import Image, ImageOps
from pilkit.processors import ResizeToFit

ALLOWED_FORMATS = {"JPEG", "PNG", "GIF", "WEBP"}


def validate_image_upload(file):
    """Refuse what is not a JPEG, PNG, GIF or WebP, or is too large in bytes or pixels."""
    if file.size > settings.MAX_IMAGE_BYTES:
        raise ValidationError(
            f"This image is {filesizeformat(file.size)}; the limit is {filesizeformat(settings.MAX_IMAGE_BYTES)}."
        )
    if getattr(file, "_committed", False):
        return  # already stored (and checked) earlier
    max_width, max_height = settings.MAX_IMAGE_PIXELS
    try:
        file.seek(0)
        with Image.open(file) as image:
            image_format, (width, height) = image.format, image.size
    except (OSError, Image.DecompressionBombError) as error:
        raise ValidationError("This file is not an image we can read.") from error
    finally:
        file.seek(0)
    if image_format not in ALLOWED_FORMATS:
        raise ValidationError(f"{image_format} images are not accepted; use JPEG, PNG, GIF or WebP.")
    if width > max_width or height > max_height:
        raise ValidationError(f"This image is {width}×{height} pixels; the limit is {max_width}×{max_height}.")


def reencode(file):
    """The same picture, freshly encoded in its own format, without metadata."""
    file.seek(0)
    with Image.open(file) as image:
        image_format = image.format
        image = ImageOps.exif_transpose(image)  # keep the orientation the EXIF data asked for
        if image_format == "JPEG" and image.mode not in ("RGB", "L"):
            image = image.convert("RGB")
        buffer = io.BytesIO()
        options = {"JPEG": {"quality": 88, "optimize": True}, "PNG": {"optimize": True}}.get(image_format, {})
        image.save(buffer, format=image_format, **options)
    return ContentFile(buffer.getvalue())


class SizeFirstImageFormField(forms.ImageField):
    """Django's image form field, refusing a file over the limit before reading it as an image
    (summitblog.uploads stores no more than the limit, so what is there is not a whole image)."""

    def to_python(self, data):
        if data and getattr(data, "size", 0) > settings.MAX_IMAGE_BYTES:
            raise ValidationError(
                f"This image is {filesizeformat(data.size)}; the limit is {filesizeformat(settings.MAX_IMAGE_BYTES)}.",
                code="file_too_large",
            )
        return super().to_python(data)


class ReencodedImageField(models.ImageField):
    """An ImageField that validates uploads and stores them re-encoded."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("validators", [validate_image_upload])
        super().__init__(*args, **kwargs)

    def deconstruct(self):
        name, path, args, kwargs = super().deconstruct()
        if kwargs.get("validators") == [validate_image_upload]:
            del kwargs["validators"]
        return name, path, args, kwargs

    def formfield(self, **kwargs):
        return super().formfield(**{"form_class": SizeFirstImageFormField, **kwargs})

    def pre_save(self, model_instance, add):
        file = getattr(model_instance, self.attname)
        if file and not file._committed:
            file.file = reencode(file.file)
        return super().pre_save(model_instance, add)


# The widths a picture is served at (srcset): a card on a phone, a card on a wide screen or a
# report's head on a phone, a report's head on a wide screen.
RESPONSIVE_WIDTHS = (480, 960, 1600)


class ResponsiveSizes:
    """An image field's renditions at RESPONSIVE_WIDTHS (WebP, made once when it is uploaded, by
    django-imagekit), with the height each has: `report.cover_sizes.srcset`, `.fallback`."""

    def __init__(self, field_name, width_field, height_field):
        self.field_name, self.dimension_fields = field_name, (width_field, height_field)
        self.specs = {
            width: ImageSpecField(
                source=field_name,
                processors=[ResizeToFit(width, 4 * width, upscale=False)],
                format="WEBP",
                options={"quality": 80},
                cachefile_strategy="imagekit.cachefiles.strategies.Optimistic",
            )
            for width in RESPONSIVE_WIDTHS
        }

    def contribute_to_class(self, cls, name):
        for width, spec in self.specs.items():
            spec.contribute_to_class(cls, f"{self.field_name}_{width}")
        setattr(cls, name, property(lambda obj: Renditions(obj, self.field_name, self.dimension_fields)))


class Renditions:
    def __init__(self, obj, field_name, dimension_fields):
        self.obj, self.field_name = obj, field_name
        # The stored dimensions (the field's width_field and height_field): no file is opened.
        self.width, self.height = (getattr(obj, name) for name in dimension_fields)

    def __bool__(self):
        return bool(getattr(self.obj, self.field_name))

    def sizes(self):
        """(url, width, height) of each rendition no wider than the original."""
        if not self or not self.width:
            return []
        found = []
        for width in RESPONSIVE_WIDTHS:
            shown = min(width, self.width)
            found.append(
                (getattr(self.obj, f"{self.field_name}_{width}").url, shown, round(self.height * shown / self.width))
            )
            if width >= self.width:
                break
        return found

    @property
    def srcset(self):
        return ", ".join(f"{url} {width}w" for url, width, _ in self.sizes())

    @property
    def fallback(self):
        sizes = self.sizes()
        return sizes[min(1, len(sizes) - 1)] if sizes else None


def responsive_sizes(field_name, width_field, height_field):
    return ResponsiveSizes(field_name, width_field, height_field)
