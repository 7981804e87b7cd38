"""Settings for the application processes tests/test_replication.py starts.

Production settings (summitblog.settings.base, read from the environment those processes get),
with only what a test process cannot provide changed: static files come from the finders
(nothing is collected, so no manifest is needed with DEBUG off) and passwords hash fast. Unlike
summitblog.settings.test, the replica aliases are left as DATABASE_REPLICA_URLS names them.
"""

from summitblog.settings.base import *  # noqa: F403
from summitblog.settings.base import STORAGES

STORAGES = {**STORAGES, "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"}}
STATIC_ROOT = None
WHITENOISE_USE_FINDERS = True
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
