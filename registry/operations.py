"""What an operator needs of a running registry: a request id on every answer and log line,
JSON errors on the API, and a health check that asks the database.

Every log record carries the id of the request it was written in, and every answer the
`X-Request-ID` header, so a reader's report ("the page failed at 10:42, id 4f…") leads to
the traceback in the log.
"""

import contextvars
import logging
import re
import uuid

from django.db import DatabaseError, connection, transaction
from django.http import JsonResponse
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


def server_error(request):
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
