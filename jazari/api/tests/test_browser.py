"""The API documentation page in a real headless Chromium: Swagger UI from this host, under the platform's
strict Content-Security-Policy."""

from urllib.parse import urlsplit

import pytest

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_it_shows_the_operations_and_loads_nothing_from_elsewhere(browser, live_server, reference):
    context = browser.new_context(locale="en-GB")
    page = context.new_page()
    page.add_init_script(
        "window.violations = [];"
        "document.addEventListener('securitypolicyviolation',"
        " event => window.violations.push(event.violatedDirective + ' ' + event.blockedURI));"
    )
    requested: list[str] = []
    complaints: list[str] = []
    page.on("request", lambda request: requested.append(request.url))
    page.on("console", lambda message: complaints.append(message.text) if message.type == "error" else None)
    page.goto(f"{live_server.url}/api/v1/docs")
    page.wait_for_selector(".swagger-ui .opblock", timeout=20_000)
    summaries = page.locator(".opblock-summary-path").all_inner_texts()
    assert any("/api/v1/institutes" in text for text in summaries)
    page.locator(".opblock-summary-path", has_text="/api/v1/regions").first.click()
    page.get_by_role("button", name="Try it out").first.click()
    page.get_by_role("button", name="Execute").first.click()
    # The live response appears above the documented ones once the request has come back.
    page.wait_for_selector(".live-responses-table .response-col_status", timeout=20_000)
    assert "MA-01" in page.locator(".live-responses-table").inner_text()
    for control in page.locator(".models-control").all():  # the schemas, with their own styles
        control.click()
    assert page.evaluate("window.violations") == []  # the strict policy blocks nothing Swagger UI needs
    context.close()
    foreign = {urlsplit(url).netloc for url in requested if not url.startswith("data:")}
    assert foreign <= {urlsplit(live_server.url).netloc}, foreign
    assert not [text for text in complaints if "Content Security Policy" in text], complaints
