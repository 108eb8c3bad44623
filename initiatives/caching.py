"""Answers cached by registry version: pages, API reads, the schema, downloads, sitemaps.

Every write to the registry (admin, API, import, generator) advances `RegistryVersion` in its
own transaction, so a cached answer is keyed by the state it shows and no reader sees stale
data after an edit: the next request asks for the new version's key. An answer carries an
ETag and Last-Modified from that version, so a reader who has it gets a 304.

Only anonymous readers' GET and HEAD answers are cached: staff see drafts and sign in with a
session or a token, so theirs are never shared. The cache is Django's: the database by
default, Redis when REDIS_URL is set (registry/settings.py), shared by every worker.
"""

import hashlib
import threading
import zlib
from contextlib import contextmanager

from django.conf import settings
from django.core.cache import caches
from django.db.models.signals import m2m_changed, post_delete, post_save
from django.http import HttpResponse
from django.utils.cache import get_conditional_response
from django.utils.http import http_date
from django.utils.translation import get_language

from initiatives.models import RegistryVersion

CACHE = "default"
TIMEOUT = 24 * 60 * 60  # old versions' answers are never asked for again; they just expire
# The API's schema is kept in each process's memory instead (api/views.py, SchemaView).
NOT_CACHED = ("/admin/", "/static/", "/health", "/api/v1/schema/")
# zlib's fastest level: an answer is compressed once per version and read many times.
COMPRESSION = 1
KEPT_HEADERS = ("Content-Type", "Content-Disposition", "Content-Language", "Allow", "Vary")


_batch = threading.local()


def advance_on_change(sender, action=None, **kwargs):
    """A registry row was saved, deleted or relinked: the registry has a new version."""
    if action is not None and not action.startswith("post_"):
        return  # a many-to-many change signals before and after: count it once
    if sender._meta.app_label != "initiatives" or not getattr(sender, "registry_data", True):
        return
    if getattr(_batch, "open", False):
        _batch.changed = True
    else:
        RegistryVersion.advance()


@contextmanager
def one_version():
    """Within: many writes (an import) advance the version once, at the end, in the same
    transaction as the writes."""
    _batch.open, _batch.changed = True, False
    try:
        yield
        if _batch.changed:
            RegistryVersion.advance()
    finally:
        _batch.open = False


def connect():
    for signal in (post_save, post_delete, m2m_changed):
        signal.connect(advance_on_change, dispatch_uid=f"initiatives.caching.{signal}")


def version_of(request):
    """The registry version an answer is built on: the one the answer cache already read for
    this request, or the current one."""
    number = getattr(request, "registry_version", None)
    if number is None:
        number, _changed_at = RegistryVersion.current()
    return number


def per_version(name, build, request=None):
    """`build()`, built once per registry version and then read from the cache.

    For what is slow to build and asked for by many answers (the years a filter offers). With
    REGISTRY_CACHE off, it is built each time, as every answer then is.
    """
    if not settings.REGISTRY_CACHE:
        return build()
    cache = caches[CACHE]
    cache_key = f"{name}:{version_of(request)}"
    value = cache.get(cache_key)
    if value is None:
        value = build()
        cache.set(cache_key, value, TIMEOUT)
    return value


def per_version_each(name, keys, build, request=None, default=None):
    """{key: value} for every one of `keys`, each value kept per registry version under its
    own key.

    For a figure of each of a page's records (how many values an indicator has): what one
    answer built, every other answer showing the same record reads, whatever else it shows.
    `build(keys)` works out the missing ones in one go and returns {key: value}; a key it
    leaves out has `default`.
    """
    keys = list(keys)
    if not settings.REGISTRY_CACHE:
        built = build(keys)
        return {key: built.get(key, default) for key in keys}
    cache = caches[CACHE]
    number = version_of(request)
    cache_keys = {key: f"{name}:{key}:{number}" for key in keys}
    # Each kept in a list, so that a value of None is kept too and read as found.
    found = cache.get_many(cache_keys.values())
    values = {key: found[kept][0] for key, kept in cache_keys.items() if kept in found}
    missing = [key for key in keys if key not in values]
    if missing:
        built = build(missing)
        values.update({key: built.get(key, default) for key in missing})
        cache.set_many({cache_keys[key]: [values[key]] for key in missing}, TIMEOUT)
    return values


def cacheable(request):
    if not settings.REGISTRY_CACHE or request.method not in ("GET", "HEAD"):
        return False
    if request.path.startswith(NOT_CACHED) or "HTTP_AUTHORIZATION" in request.META:
        return False
    # Only a request with a session cookie can be signed in; asking costs the others nothing.
    has_session = settings.SESSION_COOKIE_NAME in request.COOKIES
    return not (has_session and request.user.is_authenticated)


def key(request, version):
    """The answer's key: the version, the address, the language and (for the API) the format
    asked for in Accept."""
    accept = request.headers.get("Accept", "") if request.path.startswith("/api/") else ""
    digest = hashlib.sha256(
        "\n".join([request.get_full_path(), get_language() or "", accept]).encode()
    ).hexdigest()
    # "answer-z": answers kept before they were compressed are never read as compressed.
    return f"answer-z:{version}:{digest}", digest[:16]


def stored(response):
    """What is kept of an answer: its status, the headers that describe it, its bytes,
    compressed. A page or an API list of 130 KB is kept in 10 to 20 KB: reading it back and
    inflating it costs a third of reading the 130 KB (from the database's cache or Redis), and
    the cache holds ten times as many answers."""
    headers = {name: response[name] for name in KEPT_HEADERS if response.has_header(name)}
    return response.status_code, headers, zlib.compress(response.content, COMPRESSION)


def restored(entry):
    status, headers, content = entry
    response = HttpResponse(zlib.decompress(content), status=status)
    for name, value in headers.items():
        response[name] = value
    return response


class RegistryCacheMiddleware:
    """Serve an anonymous reader's GET from the cache of the current registry version."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if not cacheable(request):
            return self.get_response(request)
        number, changed_at = RegistryVersion.current()
        request.registry_version = number  # for what the answer builds per version
        cache_key, digest = key(request, number)
        etag, last_modified = f'"{number}-{digest}"', changed_at.timestamp()
        unchanged = get_conditional_response(request, etag=etag, last_modified=last_modified)
        if unchanged is not None:
            return unchanged
        cache = caches[CACHE]
        entry = cache.get(cache_key)
        if entry is not None:
            response = restored(entry)
        else:
            response = self.get_response(request)
            if self.worth_keeping(response):
                cache.set(cache_key, stored(response), TIMEOUT)
            elif not self.streamed_download(response):
                return response
        response["ETag"] = etag
        response["Last-Modified"] = http_date(last_modified)
        # Any cache may keep it, but must ask again each time: an edit changes it at once.
        response["Cache-Control"] = "public, no-cache"
        return response

    @staticmethod
    def streamed_download(response):
        """A snapshot file streamed from storage (initiatives/snapshots.py): not kept here,
        it is kept there, but validated like any answer."""
        return response.status_code == 200 and response.streaming and not response.cookies

    @staticmethod
    def worth_keeping(response):
        return (
            response.status_code == 200
            and not response.streaming
            and not response.cookies
            and not response.has_header("Cache-Control")
        )
