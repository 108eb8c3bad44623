"""What an operator needs of a running registry: a request id on every answer and log line,
JSON errors on the API, 503 while the database is away, and a health check that asks it.

Every log record carries the id of the request it was written in, and every answer the
`X-Request-ID` header, so a reader's report ("the page failed at 10:42, id 4f…") leads to
the traceback in the log.
"""

import contextvars
import logging
import re
import sys
import uuid

from django.db import DatabaseError, InterfaceError, OperationalError, connection, transaction
from django.http import HttpResponse, JsonResponse
from django.utils.translation import gettext_lazy as _
from django.views import defaults
from django.views.decorators.cache import never_cache
from rest_framework import exceptions

REQUEST_ID = contextvars.ContextVar("request_id", default="-")
# An id a proxy in front already gave the request is kept, if it looks like one.
GIVEN_ID = re.compile(r"[A-Za-z0-9._-]{1,64}")


class RequestIdMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        given = request.headers.get("X-Request-ID", "")
        request_id = given if GIVEN_ID.fullmatch(given) else uuid.uuid4().hex
        reset = REQUEST_ID.set(request_id)
        try:
            response = self.get_response(request)
        finally:
            REQUEST_ID.reset(reset)
        response["X-Request-ID"] = request_id
        return response


class RequestIdFilter(logging.Filter):
    def filter(self, record):
        record.request_id = REQUEST_ID.get()
        return True


def is_api(request):
    return request.path.startswith("/api/")


def api_error(error, detail=None):
    """The JSON body DRF gives its own errors, with DRF's (translated) wording."""
    return JsonResponse({"detail": str(detail or error.default_detail)}, status=error.status_code)


# Django's own error pages for people, a JSON body for API clients: an address under /api/
# that no view answers (or that fails before reaching one) is still the API.


def bad_request(request, exception):
    if is_api(request):
        return api_error(exceptions.ParseError)
    return defaults.bad_request(request, exception)


def permission_denied(request, exception):
    if is_api(request):
        return api_error(exceptions.PermissionDenied)
    return defaults.permission_denied(request, exception)


def page_not_found(request, exception):
    if is_api(request):
        return api_error(exceptions.NotFound)
    return defaults.page_not_found(request, exception)


# Seconds a client is asked to wait when the database is away (a restart takes a few).
RETRY_AFTER = 5
UNAVAILABLE = _("The database is not answering; try again in a few seconds.")


def database_unavailable(error):
    """Whether the error is the database not answering (down, restarting, a connection it
    closed): a passing state to retry after, not a fault of the request."""
    seen = 0
    while error is not None and seen < 5:
        if isinstance(error, OperationalError | InterfaceError):
            return True
        error, seen = error.__cause__ or error.__context__, seen + 1
    return False


def unavailable(request):
    """503 with Retry-After: a proxy, a monitor and a reader see the registry is away for a
    moment, where a 500 says it is broken."""
    if is_api(request):
        detail = f"{UNAVAILABLE} ({REQUEST_ID.get()})"
        response = JsonResponse({"detail": detail}, status=503)
    else:
        page = defaults.ERROR_PAGE_TEMPLATE % {"title": "Service Unavailable (503)", "details": ""}
        response = HttpResponse(page, status=503)
    response["Retry-After"] = str(RETRY_AFTER)
    return response


def server_error(request):
    # Called while the exception is handled (django.core.handlers.exception).
    if database_unavailable(sys.exc_info()[1]):
        return unavailable(request)
    if is_api(request):
        detail = f"{exceptions.APIException.default_detail} ({REQUEST_ID.get()})"
        return api_error(exceptions.APIException, detail)
    return defaults.server_error(request)


@never_cache
@transaction.non_atomic_requests  # a question to the database, not a change
def health(request):
    """200 when the database answers, 503 when it does not: for a load balancer or monitor."""
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
    except DatabaseError:
        logging.getLogger(__name__).exception("Health check: the database does not answer")
        return JsonResponse({"status": "unavailable", "database": "unavailable"}, status=503)
    return JsonResponse({"status": "ok", "database": "ok"})
