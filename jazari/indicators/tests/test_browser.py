"""The strategy dashboard in headless Chromium, in Arabic: the platform's ECharts draws the charts without
breaking the content security policy, each has its table, and the drill-down works from the keyboard."""

import pytest

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_it_draws_the_charts_and_drills_down_from_the_keyboard(browser, live_server, small_cells):
    context = browser.new_context(locale="ar")
    page = context.new_page()
    problems: list[str] = []
    page.on("console", lambda message: problems.append(message.text) if message.type == "error" else None)
    page.on("requestfailed", lambda request: problems.append(f"failed: {request.url}"))
    page.on(
        "request",
        lambda request: (
            None
            if request.url.startswith(live_server.url) or request.url.startswith("data:")
            else problems.append(f"other host: {request.url}")
        ),
    )

    page.goto(f"{live_server.url}/ar/indicators/?indicator=people_trained")
    assert page.locator("html").get_attribute("dir") == "rtl"
    page.wait_for_selector("[data-chart-ready=true]")
    assert page.locator("[data-chart-ready=true]").count() == 2
    assert page.locator("[data-chart=trend-data] svg").count() >= 1  # drawn, not only reserved
    # The table alternative of the comparison, and the tile map coloured by the same indicator.
    assert page.locator("table.comparison-table tbody tr").count() == 12
    assert page.locator("svg.tile-map a.tile").count() == 12
    oriental = page.locator("table.comparison-table tbody tr", has_text="الشرق")
    assert oriental.locator(".badge").count() == 1  # 3 people: suppressed, marked

    # Drill down with the keyboard: choose the region, then submit the form with Enter.
    page.focus("#region")
    page.select_option("#region", "MA-10")
    for _step in range(4):  # past the indicator's select, to the button
        page.keyboard.press("Tab")
        if page.evaluate("document.activeElement.type") == "submit":
            break
    assert page.evaluate("document.activeElement.type") == "submit"
    page.keyboard.press("Enter")
    page.wait_for_url("**region=MA-10**")
    page.wait_for_selector("[data-chart-ready=true]")
    assert page.locator("nav[aria-label] .breadcrumb-item.active").count() == 1
    assert page.locator("table.comparison-table tbody tr").count() >= 1
    assert problems == [], problems
    context.close()
