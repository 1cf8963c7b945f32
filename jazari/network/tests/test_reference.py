"""Loading the reference facts: the real regions and institutes, twice, and a broken file."""

import shutil

import pytest
from django.core.management import CommandError, call_command

from jazari.network.models import Institute, Organisation, Region
from jazari.network.reference import NETWORK_DATA, ReferenceDataError, load_reference, organisation_kind

pytestmark = pytest.mark.django_db


def test_it_loads_the_twelve_regions_with_arabic_names_and_populations(reference):
    assert Region.objects.count() == 12
    assert sum(Region.objects.values_list("population_2024", flat=True)) == 36_828_330
    casablanca = Region.objects.get(code="MA-06")
    assert casablanca.name_ar == "الدار البيضاء - سطات"
    assert casablanca.population_2024 == 7_688_967


def test_it_loads_the_seven_real_institutes_in_their_regions(reference):
    placed = dict(Institute.objects.values_list("slug", "region__code"))
    assert placed == {
        "jazari-root": "MA-04",
        "lab-mistral-mtnra": "MA-04",
        "jazari-guelmim-oued-noun": "MA-10",
        "jazari-benguerir": "MA-07",
        "jazari-nador": "MA-02",
        "jazari-dakhla-energy": "MA-12",
        "jazari-industrie-x0": "MA-03",
    }
    hub = Institute.objects.get(slug="jazari-root")
    assert Institute.objects.exclude(pk=hub.pk).filter(parent=hub).count() == 6
    assert set(Institute.objects.get(slug="jazari-dakhla-energy").themes.values_list("code", flat=True)) >= {
        "energy",
        "water",
    }


def test_it_changes_nothing_when_loaded_twice(reference):
    counts = {model: model.objects.count() for model in (Region, Institute, Organisation)}
    history = {model: model.history.count() for model in (Region, Institute, Organisation)}
    report = load_reference()
    assert not report.changed
    assert counts == {model: model.objects.count() for model in counts}
    assert history == {model: model.history.count() for model in history}


def test_it_stops_at_a_broken_row_naming_the_line_and_writes_nothing(db, tmp_path):
    shutil.copy(NETWORK_DATA / "institutes.csv", tmp_path / "institutes.csv")
    lines = (NETWORK_DATA / "regions.csv").read_text(encoding="utf-8").splitlines()
    lines[3] = lines[3].rsplit(",", 1)[0] + ",about four million"
    (tmp_path / "regions.csv").write_text("\n".join(lines) + "\n", encoding="utf-8")

    with pytest.raises(
        CommandError, match=r"regions.csv, line 4: population_2024 is not a positive whole number"
    ):
        call_command("load_reference", directory=tmp_path)
    assert Region.objects.count() == 0
    assert Institute.objects.count() == 0


def test_it_leaves_loaded_data_untouched_when_a_later_load_is_broken(reference, tmp_path):
    shutil.copy(NETWORK_DATA / "regions.csv", tmp_path / "regions.csv")
    text = (NETWORK_DATA / "institutes.csv").read_text(encoding="utf-8").replace(",MA-02,", ",MA-99,")
    (tmp_path / "institutes.csv").write_text(text, encoding="utf-8")
    with pytest.raises(ReferenceDataError, match="line 6: region 'MA-99' is not a known region code"):
        load_reference(tmp_path)
    assert Institute.objects.get(slug="jazari-nador").region.code == "MA-02"


@pytest.mark.parametrize(
    ("change", "reason"),
    [
        (lambda text: text.replace("MA-05,", "MA-5,", 1), "is not a region code"),
        (lambda text: text.replace(",31.6295,", ",north,", 1), "capital_lat is not a number"),
        (lambda text: text.replace("MA-12,", "MA-11,", 1), "appears twice"),
        (lambda text: text.replace("population_2024", "people"), "missing column"),
        (lambda text: text.replace(",Oujda,", ",Oujda,,", 1), "wrong number of cells"),
    ],
)
def test_it_names_the_reason_of_each_kind_of_broken_region_row(db, tmp_path, change, reason):
    shutil.copy(NETWORK_DATA / "institutes.csv", tmp_path / "institutes.csv")
    (tmp_path / "regions.csv").write_text(change((NETWORK_DATA / "regions.csv").read_text(encoding="utf-8")))
    with pytest.raises(ReferenceDataError, match=reason):
        load_reference(tmp_path)
    assert Region.objects.count() == 0


def test_it_reports_a_missing_file(db, tmp_path):
    with pytest.raises(ReferenceDataError, match="the file is missing"):
        load_reference(tmp_path)


def test_it_says_so_when_nothing_changed(reference, capsys):
    call_command("load_reference")
    assert "nothing changed" in capsys.readouterr().out


def test_it_tells_named_organisations_from_groups():
    assert organisation_kind("Université Ibn Zohr") == Organisation.Kind.UNIVERSITY
    assert organisation_kind("Ministry of Energy Transition") == Organisation.Kind.PUBLIC_ADMINISTRATION
    assert organisation_kind("12 ministerial departments") is None
    assert organisation_kind("digital sector and private-sector actors") is None
