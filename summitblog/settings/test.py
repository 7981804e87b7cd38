"""Settings for the test suite: fast hashing, in-memory cache, files under a temporary folder."""

import os
import tempfile

os.environ.setdefault("DEBUG", "0")
os.environ.setdefault("SECRET_KEY", "test-only-secret-key")
os.environ.setdefault("ALLOWED_HOSTS", "testserver,127.0.0.1,localhost")
os.environ.setdefault("SECURE_SSL_REDIRECT", "0")
os.environ.setdefault("MEDIA_ROOT", tempfile.mkdtemp(prefix="summitblog-test-media-"))

from .base import *  # noqa: F403
from .base import DATABASES, STORAGES

PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
STORAGES["staticfiles"] = {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"}
SESSION_COOKIE_SECURE = False
CSRF_COOKIE_SECURE = False
# Tests serve static files through the finders; nothing is collected.
STATIC_ROOT = None
WHITENOISE_USE_FINDERS = True

# SQLite's test database in a file rather than in memory: the tests of concurrent saves use several
# connections at once, which an in-memory database shares with table locks instead of waiting.
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    DATABASES["default"]["TEST"] = {
        "NAME": os.path.join(tempfile.mkdtemp(prefix="summitblog-test-db-"), "test.sqlite3")
    }

# A second alias standing in for a read replica (the same test database): the router's tests
# switch replica reads on with DATABASE_REPLICAS = ["replica1"].
DATABASES["replica1"] = {**DATABASES["default"], "TEST": {"MIRROR": "default"}}
