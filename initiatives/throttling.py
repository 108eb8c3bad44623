"""One limit on downloads that make the server work: the /data/ files and the API's exports
count against it together.

What counts is a download the server builds for the request: a record's own file (its
fixture, its IATI activity), or a registry snapshot (snapshots.py) the first time a version
of it is asked for. A snapshot already built is served from storage as a static file is, and
as the answer cache serves a page (caching.py), without counting: keeping count would cost
more than serving it, and limiting how fast a client may fetch a file is bandwidth, the front
server's to shape (README, "Downloads").

The rule is a DRF throttle (scope `downloads`, rate DOWNLOADS_RATE in registry/settings.py),
so it counts where the API's throttles count, in the shared Django cache (the database's
cache table, or Redis), and finds the client's address as they do (TRUSTED_PROXIES). Staff
signed in are counted by account, everyone else by address.
"""

import math
from functools import wraps

from django.http import HttpResponse
from django.utils.translation import ngettext
from rest_framework.throttling import SimpleRateThrottle


class DownloadRateThrottle(SimpleRateThrottle):
    scope = "downloads"

    def get_cache_key(self, request, view):
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated:
            ident = f"user-{user.pk}"
        else:
            ident = self.get_ident(request)
        return self.cache_format % {"scope": self.scope, "ident": ident}


class TooManyDownloads(Exception):
    """Past the limit: `wait` is how many seconds until the next download is allowed."""

    def __init__(self, wait):
        super().__init__(wait)
        self.wait = max(1, math.ceil(wait or 0))


def count_download(request):
    """Count a download the server is about to build; past the limit, TooManyDownloads."""
    throttle = DownloadRateThrottle()
    if not throttle.allow_request(request, None):
        raise TooManyDownloads(throttle.wait())


def too_many_downloads(wait):
    seconds = max(1, math.ceil(wait or 0))
    return ngettext(
        "Too many downloads in a short time. Try again in %(seconds)d second.",
        "Too many downloads in a short time. Try again in %(seconds)d seconds.",
        seconds,
    ) % {"seconds": seconds}


def refused(wait):
    """429 with Retry-After and a message in the reader's language."""
    response = HttpResponse(
        too_many_downloads(wait), status=429, content_type="text/plain; charset=utf-8"
    )
    response["Retry-After"] = str(wait)
    return response


def limited_download(view):
    """A /data/ view whose downloads may count (`count_download`): past the limit, 429."""

    @wraps(view)
    def limited(request, *args, **kwargs):
        try:
            return view(request, *args, **kwargs)
        except TooManyDownloads as refusal:
            return refused(refusal.wait)

    return limited


def counted_download(view):
    """A /data/ view that builds its file for every request: each one counts."""

    @limited_download
    @wraps(view)
    def counted(request, *args, **kwargs):
        count_download(request)
        return view(request, *args, **kwargs)

    return counted
