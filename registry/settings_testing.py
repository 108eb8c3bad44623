"""Settings for the test suite: the same as production but fast and self-contained."""

import os

os.environ.setdefault("SECRET_KEY", "test-only-secret-key")
# Tests make many requests a minute; the throttling tests set their own low rates.
os.environ.setdefault("API_ANON_RATE", "100000/minute")
os.environ.setdefault("API_USER_RATE", "100000/minute")
os.environ.setdefault("DOWNLOADS_RATE", "100000/minute")

from registry.settings import *  # noqa: F403

DEBUG = False
# Pinned query counts measure what a page costs to build; tests/test_caching.py turns the
# answer cache on to test it.
REGISTRY_CACHE = False
# Throttle counts in memory: the database cache's own queries would count in every pinned
# query count. tests/test_caching.py runs the database cache and a real Redis.
CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.InMemoryStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
# The test client and the live server speak plain HTTP (production's redirect and secure
# cookies are checked by tests/test_settings.py in the production settings).
SESSION_COOKIE_SECURE = False
CSRF_COOKIE_SECURE = False
SECURE_SSL_REDIRECT = False
# No collectstatic before tests: WhiteNoise serves the apps' static files from their source
# folders, as `runserver` does, so pages under test load their real stylesheets.
WHITENOISE_USE_FINDERS = True
WHITENOISE_AUTOREFRESH = True
