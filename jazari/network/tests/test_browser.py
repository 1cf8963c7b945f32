"""The main flows in a real headless Chromium: the portal in French and Arabic, the language switcher,
logging in, and no request ever leaving the test server."""

from pathlib import Path
from urllib.parse import urlsplit

import pytest

from jazari.conftest import PASSWORD
from jazari.core.models import Skill
from jazari.network.models import Person, Region

AXE = Path(__file__).resolve().parents[3] / "node_modules" / "axe-core" / "axe.min.js"

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def page(browser, live_server):
    """A fresh page that records every address it requests."""
    context = browser.new_context(locale="fr-FR")
    yield from _recorded_page(context, live_server)


def _recorded_page(context, live_server):
    page = context.new_page()
    page.requested = []
    page.on("request", lambda request: page.requested.append(request.url))
    yield page
    foreign = {urlsplit(url).netloc for url in page.requested if not url.startswith("data:")}
    assert foreign <= {urlsplit(live_server.url).netloc}, f"requests left the test server: {foreign}"
    context.close()


@pytest.fixture
def axe_page(browser, live_server):
    """A page where axe-core can be injected: only these tests bypass the content security policy."""
    context = browser.new_context(locale="fr-FR", bypass_csp=True)
    yield from _recorded_page(context, live_server)


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


def tile(page, code):
    return page.locator(f"svg.tile-map a[data-region='{code}']")


@pytest.mark.parametrize("language", ["fr", "ar"])
def test_it_draws_the_tile_map_without_mirroring_it_and_leads_to_a_region(
    page, live_server, reference, language
):
    page.goto(f"{live_server.url}/{language}/")
    assert page.locator("html").get_attribute("dir") == ("rtl" if language == "ar" else "ltr")
    assert page.locator("svg.tile-map a").count() == 12
    # The map is geography: the Oriental stays east of Rabat, Dakhla below Tanger, in both directions.
    oriental, rabat = tile(page, "MA-02").bounding_box(), tile(page, "MA-04").bounding_box()
    tanger, dakhla = tile(page, "MA-01").bounding_box(), tile(page, "MA-12").bounding_box()
    assert oriental["x"] > rabat["x"] and dakhla["y"] > tanger["y"]
    name = "جهة الشرق" if language == "ar" else "L'Oriental"
    assert page.get_by_role("link", name=name).first.is_visible()
    tile(page, "MA-02").click()
    page.wait_for_url(f"**/{language}/regions/MA-02/")
    assert "Institut Jazari Nador" in page.locator("main").inner_text()


def test_it_opens_a_region_from_the_map_with_the_keyboard(page, live_server, reference):
    page.goto(f"{live_server.url}/ar/")
    tile(page, "MA-10").focus()
    assert page.evaluate("document.activeElement.dataset.region") == "MA-10"
    page.keyboard.press("Enter")
    page.wait_for_url("**/ar/regions/MA-10/")


def test_it_colours_the_map_by_another_figure_without_javascript(browser, live_server, reference):
    context = browser.new_context(locale="fr-FR", java_script_enabled=False)
    page = context.new_page()
    page.goto(f"{live_server.url}/fr/")
    page.locator("#figure").select_option("per100k")
    page.locator("#map form button[type=submit]").click()
    page.wait_for_url("**/fr/?figure=per100k#map")
    assert page.locator("#figure").input_value() == "per100k"
    context.close()


def test_it_searches_the_institutes_through_the_filter_form(page, live_server, reference):
    page.goto(f"{live_server.url}/fr/institutes/")
    page.get_by_label("Rechercher").fill("nador")
    page.locator(".filter-form button[type=submit]").click()
    page.wait_for_url("**/fr/institutes/?q=nador*")
    rows = page.locator("main table tbody tr")
    assert rows.count() == 1
    assert "Institut Jazari Nador" in rows.first.inner_text()
    page.locator(".filter-form select[name=region]").select_option("MA-10")
    page.locator(".filter-form button[type=submit]").click()
    page.wait_for_url("**region=MA-10*")
    assert page.locator("main table").count() == 0
    assert page.locator(".empty-state").is_visible()


@pytest.fixture
def public_experts(reference):
    skill = Skill.objects.order_by("code").first()
    for number, region in enumerate(Region.objects.order_by("code")[:3]):
        person = Person.objects.create(
            given_name=f"Expert{number}",
            family_name="Alaoui",
            given_name_ar="خبير",
            family_name_ar="العلوي",
            region=region,
            languages="ar fr",
            consent_public_profile=True,
        )
        person.skills.add(skill)


@pytest.mark.parametrize("language", ["fr", "ar"])
@pytest.mark.parametrize(
    "path", ["", "institutes/", "institutes/jazari-nador/", "regions/MA-02/", "experts/", "organisations/"]
)
def test_it_has_no_serious_accessibility_violation(axe_page, live_server, public_experts, language, path):
    axe_page.goto(f"{live_server.url}/{language}/{path}")
    axe_page.add_script_tag(content=AXE.read_text(encoding="utf-8"))
    violations = axe_page.evaluate(
        "async () => (await axe.run(document)).violations.map("
        "v => ({id: v.id, impact: v.impact, help: v.help, nodes: v.nodes.map(n => n.target.join(' '))}))"
    )
    serious = [violation for violation in violations if violation["impact"] in {"serious", "critical"}]
    assert serious == [], serious
