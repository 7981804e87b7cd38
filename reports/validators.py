from django.conf import settings
from django.core.exceptions import ValidationError
from django.template.defaultfilters import filesizeformat


def validate_image_upload(file):
    """Refuse images that are too large in bytes or in pixels (Pillow has already checked the type)."""
    if file.size > settings.MAX_IMAGE_BYTES:
        raise ValidationError(
            f"This image is {filesizeformat(file.size)}; the limit is {filesizeformat(settings.MAX_IMAGE_BYTES)}."
        )
    width, height = getattr(file, "width", None), getattr(file, "height", None)
    max_width, max_height = settings.MAX_IMAGE_PIXELS
    if width and height and (width > max_width or height > max_height):
        raise ValidationError(f"This image is {width}×{height} pixels; the limit is {max_width}×{max_height}.")
