"""The public portal: home and tile map, lists with filters, sorting and pages, region pages, static pages,
and the normalised search, as an anonymous visitor sees them."""

import re
from decimal import Decimal

import pytest
from django.utils import translation

from jazari.core.models import Skill, Theme
from jazari.network.models import Institute, Organisation, Person, Region
from jazari.network.tiles import LAYOUT, legend_for, per_100k, step_bounds, step_of

pytestmark = pytest.mark.django_db


def searchable(row):
    """A row ready for bulk_create, which skips `save()` and so the normalised search column."""
    row.refresh_search_text()
    return row


@pytest.fixture
def experts(reference):
    rabat, oujda = Region.objects.get(code="MA-04"), Region.objects.get(code="MA-02")
    nlp = Skill.objects.order_by("code").first()
    shown = Person.objects.create(
        given_name="Salma",
        family_name="Bennani",
        family_name_ar="بناني",
        given_name_ar="سلمى",
        email="salma@example.ma",
        gender=Person.Gender.FEMALE,
        region=rabat,
        languages="ar fr",
        consent_public_profile=True,
    )
    shown.skills.add(nlp)
    other = Person.objects.create(
        given_name="Youssef",
        family_name="Tazi",
        region=oujda,
        languages="zgh en",
        consent_public_profile=True,
    )
    hidden = Person.objects.create(
        given_name="Karim", family_name="Ouazzani", region=rabat, languages="ar", consent_public_profile=False
    )
    hidden.skills.add(nlp)
    return shown, other, hidden, nlp


def rows(response):
    return list(response.context["page"].object_list)


# --- Home and tile map --------------------------------------------------------------------------------------


def test_it_places_the_twelve_regions_on_distinct_tiles():
    assert sorted(LAYOUT) == [f"MA-{number:02d}" for number in range(1, 13)]
    places = {(place.column, place.row) for place in LAYOUT.values()}
    assert len(places) == 12
    # Tanger at the top, the Oriental east of Fès-Meknès, Dakhla at the bottom.
    assert LAYOUT["MA-01"].row == 0
    assert LAYOUT["MA-02"].column > LAYOUT["MA-03"].column > LAYOUT["MA-04"].column
    assert LAYOUT["MA-12"].row == max(place.row for place in LAYOUT.values())


def test_it_colours_values_in_five_steps_with_zero_apart():
    start, bounds = step_bounds([0, 1, 2, 3, 5, 8])
    assert (start, bounds) == (1, [2.75, 4.5, 6.25, 8])
    assert [step_of(value, bounds) for value in (0, 1, 2, 3, 5, 8)] == [0, 1, 1, 2, 3, 4]
    assert [(step.step, step.label) for step in legend_for(start, bounds, whole=True)] == [
        (0, "0"),
        (1, "1–2"),
        (2, "3–4"),
        (3, "5–6"),
        (4, "7–8"),
    ]
    # A whole-number step that no whole number falls in is left out of the legend.
    assert [step.label for step in legend_for(*step_bounds([0, 1, 2]), whole=True)] == ["0", "1", "2"]
    # Equal non-zero values all take the darkest step.
    start, bounds = step_bounds([0, 3, 3])
    assert step_of(3, bounds) == 4
    assert [(step.step, step.label) for step in legend_for(start, bounds, whole=True)] == [
        (0, "0"),
        (2, "1"),
        (3, "2"),
        (4, "3"),
    ]
    start, bounds = step_bounds([2.01, 3.77, 2.5])
    with translation.override("en"):
        labels = [step.label for step in legend_for(start, bounds, whole=False)]
    assert labels == [
        "0.00",
        "2.01–2.45",
        "2.46–2.89",
        "2.90–3.33",
        "3.34–3.77",
    ]
    assert step_bounds([0, 0]) == (0.0, [])
    assert per_100k(5, 500_000) == Decimal("1.00")
    assert per_100k(5, 0) == 0


def test_it_draws_one_focusable_named_tile_per_region_linking_to_its_page(client, reference):
    html = client.get("/fr/").text
    tiles = re.findall(
        r'<a href="(/fr/regions/MA-\d\d/)" class="tile tile-step-(\d)"[^>]*aria-label="([^"]+)"', html
    )
    assert len(tiles) == 12
    assert {url for url, _step, _label in tiles} == {f"/fr/regions/MA-{n:02d}/" for n in range(1, 13)}
    assert "<title>Casablanca-Settat</title>" in html
    assert any(label.startswith("L&#x27;Oriental") for _url, _step, label in tiles)


def test_it_labels_the_tiles_in_the_active_language(client, reference):
    html = client.get("/ar/").text
    assert "<title>جهة الشرق</title>" in html
    assert ">الداخلة</text>" in html
    assert ">Dakhla</text>" in client.get("/en/").text


def test_it_colours_the_map_by_the_chosen_figure(client, reference, experts):
    by_institutes = client.get("/en/?figure=institutes")
    assert by_institutes.context["map"].figure.key == "institutes"
    rabat = next(tile for tile in by_institutes.context["map"].tiles if tile.code == "MA-04")
    assert rabat.value_label == "2" and rabat.step == 4  # two institutes in Rabat-Salé-Kénitra, the most
    by_experts = client.get("/en/?figure=experts").context["map"]
    steps = {tile.code: tile.step for tile in by_experts.tiles}
    assert steps["MA-04"] == steps["MA-02"] == 4 and steps["MA-06"] == 0
    per100k = client.get("/en/?figure=per100k").context["map"]
    assert next(tile for tile in per100k.tiles if tile.code == "MA-02").value_label == "0.04"
    assert client.get("/en/?figure=nonsense").context["map"].figure.key == "institutes"


def test_it_offers_the_figure_as_a_select_that_works_without_javascript(client, reference):
    html = client.get("/en/?figure=experts").text
    assert '<label class="form-label small fw-semibold mb-1" for="figure">' in html
    assert '<option value="experts" selected>' in html
    assert 'class="legend-swatch tile-step-0"' in html


def test_it_gives_the_same_figures_in_a_plain_table(client, reference, experts):
    response = client.get("/en/")
    regions = {region.code: region for region in response.context["regions"]}
    assert len(regions) == 12
    assert regions["MA-04"].institutes == 2 and regions["MA-04"].experts == 1
    assert '<table class="table table-sm region-figures">' in response.text


def test_it_counts_only_experts_with_a_public_profile(client, experts):
    figures = client.get("/fr/").context["figures"]
    assert figures["experts"] == 2
    assert figures["organisations"] == Organisation.objects.count()


@pytest.mark.parametrize(
    "path",
    [
        "/ar/",
        "/fr/institutes/",
        "/fr/institutes/jazari-root/",
        "/fr/organisations/",
        "/fr/experts/",
        "/fr/regions/",
        "/ar/regions/MA-04/",
        "/fr/about/",
        "/fr/methodology/",
        "/fr/privacy/",
        "/fr/accessibility/",
    ],
)
def test_it_has_no_inline_style_or_script(client, reference, experts, path):
    html = client.get(path).text
    assert " style=" not in html
    assert not re.search(r"<script(?![^>]*\bsrc=)", html)


# --- Institutes ---------------------------------------------------------------------------------------------


def test_it_filters_the_institutes_by_region_kind_status_and_theme(client, reference):
    assert {i.slug for i in rows(client.get("/fr/institutes/?region=MA-04"))} == {
        "jazari-root",
        "lab-mistral-mtnra",
    }
    assert [i.slug for i in rows(client.get("/fr/institutes/?kind=hub"))] == ["jazari-root"]
    launched = rows(client.get("/fr/institutes/?status=launched"))
    assert [i.slug for i in launched] == ["jazari-root"]
    theme = Institute.objects.get(slug="jazari-root").themes.first()
    themed = rows(client.get(f"/fr/institutes/?theme={theme.code}"))
    assert "jazari-root" in {i.slug for i in themed}
    assert all(theme in institute.themes.all() for institute in themed)


def test_it_sorts_the_institutes_both_ways(client, reference):
    names = [i.name_fr for i in rows(client.get("/fr/institutes/?ordering=name"))]
    assert names == sorted(names)
    assert [i.name_fr for i in rows(client.get("/fr/institutes/?ordering=-name"))] == names[::-1]
    html = client.get("/en/institutes/?ordering=name&region=MA-04").text
    assert 'aria-sort="ascending"' in html
    assert (
        'href="?ordering=-name&amp;region=MA-04"' in html or 'href="?region=MA-04&amp;ordering=-name"' in html
    )


def test_it_pages_the_institutes_by_25_and_keeps_the_filters(client, reference):
    rabat = Region.objects.get(code="MA-04")
    Institute.objects.bulk_create(
        searchable(Institute(slug=f"lab-{n}", name_fr=f"Labo {n}", kind="lab", region=rabat, city="Rabat"))
        for n in range(30)
    )
    first = client.get("/en/institutes/?region=MA-04&kind=lab")
    assert len(rows(first)) == 25
    assert first.context["page"].paginator.count == 31
    assert "region=MA-04&amp;kind=lab&amp;page=2" in first.text
    assert "31 institutes" in first.text
    assert len(rows(client.get("/en/institutes/?region=MA-04&kind=lab&page=2"))) == 6


def test_it_says_when_no_institute_matches_and_offers_to_clear(client, reference):
    html = client.get("/en/institutes/?status=closed").text
    assert "No institute matches these filters." in html
    assert "0 institutes" in html
    assert "Show all the institutes" in html


def test_it_shows_a_clear_error_for_an_unknown_filter_value(client, reference):
    response = client.get("/en/institutes/?region=MA-99")
    assert response.status_code == 200
    assert "Select a valid choice" in response.text


def test_it_shows_an_institute_with_everything_known_about_it(client, reference):
    response = client.get("/en/institutes/jazari-root/")
    html = response.text
    assert "Hub" in html and "Rabat-Sale-Kenitra" in html
    assert "Launched (since Jan. 12, 2026)" in html
    assert "MTNRA" in html
    assert "Institut Jazari Nador" in html  # the institutes the hub coordinates
    assert response.context["focus_areas"] == [
        "e-administration",
        "smart rural and mountain areas",
        "major sporting events",
    ]
    nador = client.get("/en/institutes/jazari-nador/").text
    assert 'href="/en/institutes/jazari-root/"' in nador  # its parent


# --- Organisations and experts ------------------------------------------------------------------------------


def test_it_filters_the_organisations(client, reference):
    region = Region.objects.get(code="MA-09")
    sector = Theme.objects.order_by("code").first()
    Organisation.objects.create(
        name="Coopérative Argan Souss",
        kind="cooperative",
        region=region,
        sector=sector,
        network_role="partner",
    )
    by_kind = rows(client.get("/fr/organisations/?kind=cooperative&region=MA-09"))
    assert [o.name for o in by_kind] == ["Coopérative Argan Souss"]
    assert [o.name for o in rows(client.get(f"/fr/organisations/?sector={sector.code}"))] == [
        "Coopérative Argan Souss"
    ]
    assert "Coopérative Argan Souss" in [
        o.name for o in rows(client.get("/fr/organisations/?network_role=partner"))
    ]
    assert "No organisation matches these filters." in client.get("/en/organisations/?q=zzzz").text


def test_it_shows_an_organisation_in_arabic_on_arabic_pages(client, reference):
    Organisation.objects.create(name="Agence de l'eau", name_ar="وكالة الماء", kind="public_administration")
    assert "وكالة الماء" in client.get("/ar/organisations/?q=eau").text
    assert "Agence de l&#x27;eau" in client.get("/fr/organisations/?q=eau").text


def test_it_filters_the_experts_by_skill_region_and_language(client, experts):
    shown, other, _hidden, nlp = experts
    assert rows(client.get(f"/fr/experts/?skill={nlp.code}")) == [shown]
    assert rows(client.get("/fr/experts/?region=MA-02")) == [other]
    assert rows(client.get("/fr/experts/?language=zgh")) == [other]
    assert rows(client.get("/fr/experts/?language=ar")) == [shown]


def test_it_never_lists_a_person_without_consent_nor_anyone_s_email_or_gender(client, experts):
    _shown, _other, _hidden, nlp = experts
    for path in (
        "/fr/experts/",
        f"/fr/experts/?skill={nlp.code}",
        "/fr/experts/?region=MA-04",
        "/fr/regions/MA-04/",
    ):
        html = client.get(path).text
        assert "Ouazzani" not in html, path
        assert "salma@example.ma" not in html, path
    html = client.get("/en/experts/").text
    assert "Bennani" in html and "Arabic, French" in html
    assert "Woman" not in html and "Gender" not in html


# --- Regions ------------------------------------------------------------------------------------------------


def test_it_shows_a_region_with_its_figures_per_100000_inhabitants(client, experts):
    response = client.get("/en/regions/MA-04/")
    figures = {str(figure["label"]): figure for figure in response.context["figures"]}
    assert figures["Institutes"]["count"] == 2
    assert figures["Institutes"]["per100k"] == per_100k(2, 5132639)
    assert figures["Experts with a public profile"]["count"] == 1
    assert "JAZARI ROOT" in response.text
    assert "5,132,639" in response.text


def test_it_pages_the_organisations_of_a_region_apart_from_its_institutes(client, reference):
    region = Region.objects.get(code="MA-08")
    Organisation.objects.bulk_create(
        searchable(Organisation(name=f"Coopérative {n:02d}", kind="cooperative", region=region))
        for n in range(23)
    )
    first = client.get("/en/regions/MA-08/")
    assert len(first.context["organisations"].object_list) == 10
    assert "?organisations_page=2#organisations" in first.text
    third = client.get("/en/regions/MA-08/?organisations_page=3")
    assert [o.name for o in third.context["organisations"].object_list] == [
        "Coopérative 20",
        "Coopérative 21",
        "Coopérative 22",
    ]
    assert third.context["institutes"].number == 1


def test_it_lists_the_regions_with_their_figures(client, experts):
    response = client.get("/en/regions/")
    assert len(response.context["regions"]) == 12
    assert "<bdi>MA-04</bdi>" in response.text


# --- Static pages -------------------------------------------------------------------------------------------


@pytest.mark.parametrize("language", ["fr", "ar", "en"])
@pytest.mark.parametrize("page", ["about", "methodology", "privacy", "accessibility"])
def test_it_serves_the_static_pages_linked_from_the_footer(client, db, language, page):
    response = client.get(f"/{language}/{page}/")
    assert response.status_code == 200
    footer = response.text.split("<footer", 1)[1]
    assert f'href="/{language}/{page}/"' in footer


def test_it_says_the_cndp_declaration_is_pending_until_it_is_set(client, db, settings):
    settings.JAZARI_CNDP_DECLARATION = ""
    assert "Pending" in client.get("/en/privacy/").text
    settings.JAZARI_CNDP_DECLARATION = "D-GC-123/2026"
    html = client.get("/en/privacy/").text
    assert "D-GC-123/2026" in html and "Pending" not in html


def test_it_tells_visitors_their_rights_and_what_is_never_collected(client, db, settings):
    settings.JAZARI_CONTACT_EMAIL = "dpo@jazari.ma"
    html = client.get("/en/privacy/").text
    for words in ("09-08", "access", "rectified", "object", "CIN", "health data", "mailto:dpo@jazari.ma"):
        assert words in html, words
    statement = client.get("/en/accessibility/").text
    assert "WCAG" in statement and "2.1" in statement and "mailto:dpo@jazari.ma" in statement
    assert "strategy dashboard" in client.get("/en/methodology/").text


# --- Search -------------------------------------------------------------------------------------------------


@pytest.fixture
def regional_centres(reference):
    return Organisation.objects.create(
        name="Centres régionaux d'investissement",
        name_ar="المراكز الجهوية للاستثمار",
        kind=Organisation.Kind.PUBLIC_ADMINISTRATION,
        region=Region.objects.get(code="MA-06"),
        city="Fès",
    )


@pytest.mark.parametrize("query", ["مراكز", "الْمَرَاكِز", "المراكز", "الجهويه"])
def test_it_finds_an_arabic_name_without_its_article_or_with_diacritics(client, regional_centres, query):
    assert rows(client.get("/ar/organisations/", {"q": query})) == [regional_centres]


def test_it_finds_fes_without_its_accent(client, regional_centres):
    found = rows(client.get("/fr/organisations/", {"q": "fes"}))
    assert regional_centres in found
    assert all("Fès" in (organisation.name + organisation.city) for organisation in found)
    institutes = rows(client.get("/fr/institutes/", {"q": "fes"}))
    assert [institute.city for institute in institutes] == ["Fès"]


def test_it_finds_experts_by_the_start_of_a_word_only(client, experts):
    shown = experts[0]
    assert rows(client.get("/fr/experts/", {"q": "benn"})) == [shown]
    assert rows(client.get("/fr/experts/", {"q": "ennani"})) == []
    assert rows(client.get("/ar/experts/", {"q": "بناني"})) == [shown]


@pytest.mark.parametrize(
    ("path", "empty_state"),
    [
        ("/en/", "The regions have not been loaded yet (command: jazari load_reference)."),
        ("/en/regions/", "The regions have not been loaded yet (command: jazari load_reference)."),
        ("/en/institutes/", "No institute is registered yet."),
        ("/en/organisations/", "No organisation is registered yet."),
        ("/en/experts/", "No expert has published a profile yet."),
    ],
)
def test_it_shows_an_empty_registry_without_failing(client, db, path, empty_state):
    response = client.get(path)
    assert response.status_code == 200
    assert empty_state in response.text
