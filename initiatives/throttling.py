"""One limit on downloads: the /data/ files and the API's exports count against it together.

The rule is a DRF throttle (scope `downloads`, rate DOWNLOADS_RATE in registry/settings.py),
so it counts where the API's throttles count, in the shared Django cache (the database's
cache table, or Redis), and finds the client's address as they do (TRUSTED_PROXIES). The
API's export views name it in `throttle_classes`; the /data/ views, plain Django views, are
wrapped by `throttled_download`. Staff signed in are counted by account, everyone else by
address.
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


def too_many_downloads(wait):
    seconds = max(1, math.ceil(wait or 0))
    return ngettext(
        "Too many downloads in a short time. Try again in %(seconds)d second.",
        "Too many downloads in a short time. Try again in %(seconds)d seconds.",
        seconds,
    ) % {"seconds": seconds}


def throttled_download(view):
    """A /data/ view under the download limit: past it, 429 with Retry-After and a message
    in the reader's language."""

    @wraps(view)
    def limited(request, *args, **kwargs):
        throttle = DownloadRateThrottle()
        if throttle.allow_request(request, view):
            return view(request, *args, **kwargs)
        wait = max(1, math.ceil(throttle.wait() or 0))
        response = HttpResponse(
            too_many_downloads(wait), status=429, content_type="text/plain; charset=utf-8"
        )
        response["Retry-After"] = str(wait)
        return response

    return limited
