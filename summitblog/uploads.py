"""Uploads stored no further than the largest file the site accepts."""

from django.conf import settings
from django.core.files.uploadhandler import TemporaryFileUploadHandler


class CappedUploadHandler(TemporaryFileUploadHandler):
    """Writes an uploaded file to a temporary file up to MAX_IMAGE_BYTES and only counts the rest.

    The file's size is still the size that was sent, so the form's validation refuses it with a
    message that says how large it was ("This image is 20.0 MB; the limit is 5.0 MB") instead of
    the disk filling up with a body that is refused afterwards.
    """

    def new_file(self, *args, **kwargs):
        super().new_file(*args, **kwargs)
        self.bytes_received = 0

    def receive_data_chunk(self, raw_data, start):
        self.bytes_received += len(raw_data)
        if self.bytes_received <= settings.MAX_IMAGE_BYTES:
            self.file.write(raw_data)
        return None  # the chunk is handled here; no other handler gets it
