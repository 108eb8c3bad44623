"""What an operator relies on: JSON errors on the API, a health check, a request id that
leads from an answer to its log line, and throttling that a client cannot dodge."""

import io
import json
import logging

import pytest
from django.core.cache import cache
from django.db import DatabaseError, OperationalError
from django.test import Client
from rest_framework.test import APIClient
from rest_framework.throttling import AnonRateThrottle

from registry.operations import RequestIdFilter


@pytest.mark.django_db
@pytest.mark.parametrize(
    "url",
    ["/api/v1/no-such-resource/", "/api/v1/topics/тема/", "/api/v1/topics/x/y/z/", "/api/"],
)
def test_every_api_address_answers_json_even_when_there_is_nothing(client, url):
    response = client.get(url)
    assert response.status_code == 404
    assert response["Content-Type"] == "application/json"
    assert set(response.json()) == {"detail"}


@pytest.mark.django_db
def test_pages_keep_the_html_not_found_page(client):
    response = client.get("/ru/no-such-page/")
    assert response.status_code == 404
    assert response["Content-Type"].startswith("text/html")


@pytest.mark.django_db
def test_health_asks_the_database(client, monkeypatch):
    assert client.get("/health/").json() == {"status": "ok", "database": "ok"}

    def refuse(*args, **kwargs):
        raise DatabaseError("connection refused")

    with monkeypatch.context() as database_down:
        database_down.setattr("django.db.backends.utils.CursorWrapper.execute", refuse)
        response = client.get("/health/")
    assert response.status_code == 503
    assert response.json()["database"] == "unavailable"


@pytest.mark.django_db
def test_a_server_error_is_logged_with_its_traceback_and_the_request_id(caplog, monkeypatch):
    def fail(*args, **kwargs):
        raise RuntimeError("the disk is full")

    monkeypatch.setattr("initiatives.api.views.TopicViewSet.list", fail)
    client = APIClient(raise_request_exception=False)
    with caplog.at_level(logging.ERROR, logger="django.request"):
        response = client.get("/api/v1/topics/", HTTP_X_REQUEST_ID="report-42")

    assert response.status_code == 500
    assert "(report-42)" in response.json()["detail"]
    assert response["X-Request-ID"] == "report-42"
    (record,) = [r for r in caplog.records if r.name == "django.request"]
    RequestIdFilter().filter(record)
    assert record.exc_info and "the disk is full" in str(record.exc_info[1])


@pytest.mark.django_db
@pytest.mark.parametrize("url", ["/ru/topics/", "/api/v1/topics/"])
def test_a_database_that_does_not_answer_is_a_503_to_retry_not_a_500(monkeypatch, url):
    def refuse(*args, **kwargs):
        raise OperationalError("connection to server failed: Connection refused")

    monkeypatch.setattr("django.db.backends.utils.CursorWrapper.execute", refuse)
    response = Client(raise_request_exception=False).get(url, HTTP_X_REQUEST_ID="down-1")
    assert response.status_code == 503
    assert response["Retry-After"] == "5"
    if url.startswith("/api/"):
        assert "(down-1)" in response.json()["detail"]
    else:
        assert b"Service Unavailable (503)" in response.content


def test_a_log_line_is_one_json_object_with_the_request_id():
    from logging.config import dictConfig

    from django.conf import settings

    dictConfig(settings.LOGGING)
    handler = logging.getLogger().handlers[0]
    record = logging.LogRecord("django.request", logging.ERROR, __file__, 1, "boom", (), None)
    handler.filter(record)
    line = json.loads(handler.format(record))
    assert line["levelname"] == "ERROR" and line["message"] == "boom"
    assert line["request_id"] == "-"  # outside a request


@pytest.mark.django_db
def test_every_answer_carries_a_request_id(client):
    first, second = client.get("/robots.txt"), client.get("/robots.txt")
    assert len(first["X-Request-ID"]) == 32
    assert first["X-Request-ID"] != second["X-Request-ID"]
    given = client.get("/robots.txt", HTTP_X_REQUEST_ID="from-the-proxy-1")
    assert given["X-Request-ID"] == "from-the-proxy-1"
    odd = client.get("/robots.txt", HTTP_X_REQUEST_ID="<script>")
    assert odd["X-Request-ID"] != "<script>"


@pytest.mark.django_db
def test_a_forged_forwarded_address_does_not_reset_the_throttle(monkeypatch):
    """Without TRUSTED_PROXIES the client's own address counts, whatever it claims."""
    monkeypatch.setattr(AnonRateThrottle, "rate", "3/minute", raising=False)
    cache.clear()  # throttle counts live in the shared cache
    api = APIClient()
    codes = [
        api.get("/api/v1/topics/", HTTP_X_FORWARDED_FOR=f"10.0.0.{n}").status_code for n in range(5)
    ]
    assert codes == [200, 200, 200, 429, 429]


@pytest.mark.django_db
def test_repeated_wrong_passwords_lock_the_account_out_from_that_address(editor, settings):
    from django.core.management import call_command
    from django.test import Client

    login = "/admin/login/?next=/admin/"
    client = Client(REMOTE_ADDR="198.51.100.7")
    answers = [
        client.post(login, {"username": "editor", "password": "guess"}).status_code
        for _ in range(settings.AXES_FAILURE_LIMIT)
    ]
    # The form again, with its error, until the last allowed failure locks the pair out.
    assert answers == [200] * (settings.AXES_FAILURE_LIMIT - 1) + [429]

    locked = client.post(login, {"username": "editor", "password": "pw"})
    assert locked.status_code == 429
    assert "_auth_user_id" not in client.session

    # Another address is not locked out of that account.
    elsewhere = Client(REMOTE_ADDR="203.0.113.9")
    assert elsewhere.post(login, {"username": "editor", "password": "pw"}).status_code == 302

    call_command("axes_reset_username", "editor", stdout=io.StringIO())
    assert client.post(login, {"username": "editor", "password": "pw"}).status_code == 302
