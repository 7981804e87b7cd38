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
from PIL import Image, ImageOps

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
