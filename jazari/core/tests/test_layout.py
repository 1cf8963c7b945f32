"""The base layout: language in the URL, direction, stylesheet, switcher, and nothing from elsewhere."""

import re

import pytest

from jazari.core.i18n import fallback_chain, localized
from jazari.network.models import Region

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("language", "direction", "stylesheet"),
    [
        ("fr", "ltr", "bootstrap.min.css"),
        ("ar", "rtl", "bootstrap.rtl.min.css"),
        ("en", "ltr", "bootstrap.min.css"),
    ],
)
def test_it_sets_language_direction_and_stylesheet(client, reference, language, direction, stylesheet):
    response = client.get(f"/{language}/")
    assert response.status_code == 200
    assert f'<html lang="{language}" dir="{direction}">' in response.text
    assert f"vendor/bootstrap/css/{stylesheet}" in response.text


def test_it_redirects_the_bare_address_to_a_language(client, reference):
    response = client.get("/")
    assert response.status_code == 302
    assert response["Location"] in {"/fr/", "/ar/", "/en/"}


def test_it_offers_the_same_page_in_the_other_languages(client, reference):
    response = client.get("/fr/regions/")
    assert 'href="/ar/regions/"' in response.text
    assert 'href="/en/regions/"' in response.text
    assert 'aria-current="true"' in response.text


def test_it_has_a_skip_link_and_landmarks(client, reference):
    html = client.get("/fr/").text
    assert 'href="#main"' in html
    assert '<main id="main"' in html
    assert "<header" in html and "<footer" in html


def test_it_loads_nothing_from_another_host(client, reference):
    html = client.get("/ar/").text
    for address in re.findall(r'(?:src|href)="([^"]+)"', html):
        assert not address.startswith(("http://", "https://", "//")), address


def test_it_sends_a_content_security_policy(client, reference):
    policy = client.get("/fr/")["Content-Security-Policy"]
    assert "default-src 'self'" in policy
    assert "script-src 'self'" in policy


def test_it_answers_the_health_check(client, db):
    assert client.get("/healthz").json() == {"status": "ok"}


def test_it_falls_back_through_the_documented_language_order():
    assert fallback_chain("zgh") == ["zgh", "fr", "ar", "en"]
    assert fallback_chain("en") == ["en", "fr", "ar"]
    assert fallback_chain("xx") == ["fr", "ar", "en"]
    region = Region(name_fr="Fès-Meknès", name_ar="فاس - مكناس", name_en="", name_zgh="")
    assert localized(region, language="zgh") == "Fès-Meknès"
    assert localized(region, language="ar") == "فاس - مكناس"
    assert localized(Region(name_fr="", name_ar="فاس", name_en="Fez"), language="en") == "Fez"
    assert localized(Region(name_fr="", name_ar="فاس"), language="en") == "فاس"
