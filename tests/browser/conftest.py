"""Real headless Chromium (Debian's package) driven by Playwright against a live server.

The browser is the machine's own `chromium`: `make test` installs it when it is missing, and
no browser is ever downloaded. Test modules here set `pytestmark = pytest.mark.browser`, so
the PostgreSQL run can leave them out.
"""

import os
import shutil
from pathlib import Path

import pytest
from playwright.sync_api import sync_playwright

from tests.test_seed_data import load_fixtures

ARTIFACTS = Path(__file__).resolve().parents[2] / "test-artifacts"
# Without the networking flags Chromium keeps calling Google's hosts, which this network refuses.
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]


@pytest.fixture(scope="session")
def chromium():
    executable = shutil.which("chromium")
    if executable is None:
        pytest.fail("Debian's chromium is not installed: run `scripts/system-packages chromium`.")
    # Playwright's sync API runs an event loop in this thread; the test's own database calls
    # are synchronous and safe, so Django's guard against async contexts is lifted here only.
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=executable, args=CHROMIUM_ARGS)
        yield browser
        browser.close()
    del os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"]


@pytest.fixture
def seeded_server(live_server):
    """The live server with the seed registry loaded (live_server gives each test a clean one)."""
    load_fixtures()
    return live_server


def watched_page(context):
    """A page whose script errors and Content-Security-Policy violations are collected.

    Take screenshots with caret="initial": Playwright hides the caret with an inline style,
    which the policy refuses (and reports) like any other.
    """
    page = context.new_page()
    page.problems = []
    page.on("pageerror", lambda error: page.problems.append(error))
    page.on(
        "console",
        lambda message: (
            "Content Security Policy" in message.text and page.problems.append(message.text)
        ),
    )
    return page


@pytest.fixture
def page(chromium):
    context = chromium.new_context(locale="ru-RU", viewport={"width": 1200, "height": 900})
    page = watched_page(context)
    yield page
    context.close()
    assert not page.problems, f"script errors or CSP violations on the page: {page.problems}"


@pytest.fixture
def artifacts():
    ARTIFACTS.mkdir(exist_ok=True)
    return ARTIFACTS
