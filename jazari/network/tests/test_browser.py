"""The main flows in a real headless Chromium: the portal in French and Arabic, the language switcher,
logging in, and no request ever leaving the test server."""

import os
from urllib.parse import urlsplit

import pytest

from jazari.browser import chromium
from jazari.conftest import PASSWORD

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")  # Playwright's sync API runs an event loop


@pytest.fixture(scope="module")
def browser():
    with chromium() as instance:
        yield instance


@pytest.fixture
def page(browser, live_server):
    """A fresh page that records every address it requests."""
    context = browser.new_context(locale="fr-FR")
    page = context.new_page()
    page.requested = []
    page.on("request", lambda request: page.requested.append(request.url))
    yield page
    foreign = {urlsplit(url).netloc for url in page.requested if not url.startswith("data:")}
    assert foreign <= {urlsplit(live_server.url).netloc}, f"requests left the test server: {foreign}"
    context.close()


def test_it_shows_the_home_page_in_french_then_arabic_right_to_left(page, live_server, reference):
    page.goto(f"{live_server.url}/fr/")
    assert page.locator("html").get_attribute("dir") == "ltr"
    assert page.locator("h1").inner_text().startswith("Le réseau Jazari")
    page.locator(".language-switcher a[hreflang=ar]").click()
    page.wait_for_url("**/ar/")
    assert page.locator("html").get_attribute("lang") == "ar"
    assert page.locator("html").get_attribute("dir") == "rtl"
    direction = page.evaluate("getComputedStyle(document.body).direction")
    assert direction == "rtl"
    stylesheets = page.evaluate("[...document.styleSheets].map(s => s.href)")
    assert any(href and href.endswith("bootstrap.rtl.min.css") for href in stylesheets)


def test_it_leads_from_the_regions_to_a_region_and_its_institute(page, live_server, reference):
    page.goto(f"{live_server.url}/ar/regions/")
    page.get_by_role("link", name="جهة الشرق").click()
    page.wait_for_url("**/ar/regions/MA-02/")
    page.get_by_role("link", name="Institut Jazari Nador").click()
    page.wait_for_url("**/ar/institutes/jazari-nador/")
    assert "الشرق" in page.locator("main").inner_text()


def test_it_reaches_the_content_with_the_skip_link(page, live_server, reference):
    page.goto(f"{live_server.url}/fr/")
    page.keyboard.press("Tab")
    focused = page.evaluate("document.activeElement.getAttribute('href')")
    assert focused == "#main"


def test_it_logs_a_coordinator_in_and_out(page, live_server, coordinator):
    page.goto(f"{live_server.url}/fr/accounts/login/")
    page.locator("input[name=login]").fill(coordinator.email)
    page.locator("input[name=password]").fill(PASSWORD)
    page.locator("form button[type=submit]").last.click()
    page.wait_for_url(f"{live_server.url}/fr/")
    assert coordinator.email in page.locator("header").inner_text()
    page.goto(f"{live_server.url}/fr/admin/network/institute/")
    assert page.locator("#result_list").is_visible()
    page.goto(f"{live_server.url}/fr/")
    page.locator("header form button[type=submit]").click()
    page.wait_for_load_state()
    assert coordinator.email not in page.locator("header").inner_text()


def test_it_shows_the_arabic_admin_right_to_left(page, live_server, manager_a):
    page.goto(f"{live_server.url}/ar/accounts/login/")
    page.locator("input[name=login]").fill(manager_a.email)
    page.locator("input[name=password]").fill(PASSWORD)
    page.locator("form button[type=submit]").last.click()
    page.wait_for_url(f"{live_server.url}/ar/")
    page.goto(f"{live_server.url}/ar/admin/network/institute/")
    assert page.locator("html").get_attribute("dir") == "rtl"
    rows = page.locator("#result_list tbody tr")
    assert rows.count() == 1
    assert "jazari-nador" in rows.first.inner_text()
