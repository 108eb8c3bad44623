"""A record page's JSON-LD in a real browser: the page's Content-Security-Policy allows it (a data
block is no script), the browser reads it as the JSON it is, and a name written to close the
element runs nothing."""

import json

import pytest
from playwright.sync_api import expect

from tests import factories as f

pytestmark = pytest.mark.browser

NAME = 'Союз «МСУ» "и" </script><script>alert(1)</script><!--'


def test_the_browser_reads_the_records_json_ld_and_runs_nothing(live_server, page):
    organization = f.OrganizationFactory(name_ru=NAME, description_ru=NAME)
    dialogs = []
    page.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))
    page.goto(live_server.url + organization.get_absolute_url())
    expect(page.get_by_role("heading", level=1)).to_have_text(NAME)
    scripts = page.locator('script[type="application/ld+json"]')
    expect(scripts).to_have_count(1)
    data = json.loads(scripts.text_content())
    assert data["name"] == data["description"] == NAME
    assert data["url"] == page.locator('link[rel="canonical"]').get_attribute("href")
    # The name opened no script of its own (the policy would refuse to run it, and report it).
    expect(page.locator("script:not([type])").filter(has_text="alert")).to_have_count(0)
    assert dialogs == []
