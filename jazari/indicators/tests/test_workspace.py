"""Institute quarterly reports, reported values and the steering-committee report, for each persona."""

import io
from datetime import date
from decimal import Decimal

import pytest
from django.core import mail
from django.core.management import call_command
from openpyxl import load_workbook
from pypdf import PdfReader

from jazari.accounts.models import Role
from jazari.accounts.services import account_ensure, membership_grant
from jazari.conftest import PASSWORD, client_for
from jazari.core.jobs import job_run
from jazari.core.models import Job
from jazari.indicators.models import Indicator, InstituteReport, Observation
from jazari.indicators.periods import Quarter
from jazari.indicators.services import reports_remind
from jazari.network.models import Institute

pytestmark = pytest.mark.django_db

PAST = "2026-Q2"
REPORT_URL = f"/fr/workspace/indicators/reports/jazari-nador/{PAST}/"


@pytest.fixture
def operational(institute_a, institute_b):
    for institute in (institute_a, institute_b):
        institute.status = "operational"
        institute.save()


def test_it_lets_the_manager_write_and_submit_the_report(indicators, operational, manager_a) -> None:
    client = client_for(manager_a)
    assert client.get(REPORT_URL).status_code == 200
    client.post(REPORT_URL, {"action": "save", "narrative": "Premier jet."})
    report = InstituteReport.objects.get(institute__slug="jazari-nador", period=PAST)
    assert report.status == "draft" and report.narrative == "Premier jet."
    response = client.post(
        REPORT_URL, {"action": "submit", "narrative": "Deux cohortes achevées."}, follow=True
    )
    report.refresh_from_db()
    assert report.status == "submitted" and report.submitted_by == manager_a
    assert "Le rapport est soumis au hub." in response.text


def test_it_refuses_an_empty_narrative(indicators, operational, manager_a) -> None:
    response = client_for(manager_a).post(REPORT_URL, {"action": "submit", "narrative": "  "})
    assert response.status_code == 200
    assert not InstituteReport.objects.filter(status="submitted").exists()


def test_it_hides_another_institutes_report(indicators, operational, manager_b, partner) -> None:
    assert client_for(manager_b).get(REPORT_URL).status_code == 404
    assert client_for(manager_b).post(REPORT_URL, {"action": "submit", "narrative": "x"}).status_code == 404
    assert client_for(partner).get(REPORT_URL).status_code == 404


def test_it_sends_an_anonymous_visitor_to_log_in(client, indicators) -> None:
    assert client.get(REPORT_URL).status_code == 302


def test_it_lets_the_hub_validate_or_return_with_comments(indicators, operational, manager_a, coordinator):
    client_for(manager_a).post(REPORT_URL, {"action": "submit", "narrative": "Bilan du trimestre."})
    hub = client_for(coordinator)
    hub.post(REPORT_URL, {"action": "review", "decision": "return", "comment": ""})
    report = InstituteReport.objects.get(period=PAST)
    assert report.status == "submitted"  # returning needs comments
    hub.post(REPORT_URL, {"action": "review", "decision": "return", "comment": "Ajoutez les chiffres."})
    report.refresh_from_db()
    assert report.status == "returned" and report.review_comment == "Ajoutez les chiffres."
    assert "Ajoutez les chiffres." in client_for(manager_a).get(REPORT_URL).text
    client_for(manager_a).post(REPORT_URL, {"action": "submit", "narrative": "Bilan avec chiffres."})
    hub.post(REPORT_URL, {"action": "review", "decision": "validate", "comment": ""})
    report.refresh_from_db()
    assert report.status == "validated" and report.reviewed_by == coordinator
    assert report.history.count() >= 4


def test_it_does_not_let_a_manager_review(indicators, operational, manager_a) -> None:
    client = client_for(manager_a)
    client.post(REPORT_URL, {"action": "submit", "narrative": "Bilan."})
    assert client.post(REPORT_URL, {"action": "review", "decision": "validate"}).status_code == 403


def test_it_flags_overdue_reports_on_the_workspace(indicators, operational, manager_a, coordinator) -> None:
    page = client_for(coordinator).get(f"/fr/workspace/indicators/?period={PAST}")
    assert page.status_code == 200
    owing = Institute.objects.exclude(status__in=["planned", "closed"]).count()
    assert owing >= 2 and page.text.count("badge text-bg-danger") == owing  # none submitted yet
    client_for(manager_a).post(REPORT_URL, {"action": "submit", "narrative": "Bilan."})
    page = client_for(manager_a).get(f"/fr/workspace/indicators/?period={PAST}")
    assert page.text.count("badge text-bg-danger") == 0  # the manager sees only Nador, now submitted


def test_it_reminds_the_managers_of_overdue_reports_once_a_week(
    indicators, operational, manager_a, manager_b
):
    client_for(manager_a).post(REPORT_URL, {"action": "submit", "narrative": "Bilan."})
    sent = reports_remind(quarter=Quarter.parse(PAST), today=date(2026, 11, 26))
    assert sent == 1
    assert mail.outbox[-1].to == [manager_b.email] and PAST in mail.outbox[-1].subject
    assert reports_remind(quarter=Quarter.parse(PAST), today=date(2026, 11, 26)) == 0
    call_command("remind_institute_reports", "--quarter", PAST)
    assert len(mail.outbox) == 1


def test_it_counts_a_reported_value_once_another_coordinator_validated_it(client, indicators, coordinator):
    hub = client_for(coordinator)
    response = hub.post(
        "/fr/workspace/indicators/reported/",
        {
            "indicator": "ai_jobs",
            "period": "2026-Q3",
            "value": "7300",
            "evidence_url": "https://example.ma/rapport",
        },
        follow=True,
    )
    assert response.status_code == 200
    observation = Observation.objects.get(indicator__code="ai_jobs", period="2026-Q3")
    assert observation.validated_at is None and observation.entered_by == coordinator
    assert "<bdi>7,300</bdi>" not in client.get("/en/indicators/?period=2026-Q3").text
    hub.post(f"/fr/workspace/indicators/reported/{observation.pk}/validate/")
    observation.refresh_from_db()
    assert observation.validated_at is None  # nobody validates their own entry
    second = account_ensure(email="second@example.ma", password=PASSWORD)
    membership_grant(user=second, role=Role.COORDINATOR)
    client_for(second).post(f"/fr/workspace/indicators/reported/{observation.pk}/validate/")
    observation.refresh_from_db()
    assert observation.validated_by == second
    assert "<bdi>7,300</bdi>" in client.get("/en/indicators/?period=2026-Q3").text


def test_it_refuses_a_reported_value_without_evidence_or_with_a_bad_quarter(indicators, coordinator) -> None:
    hub = client_for(coordinator)
    response = hub.post(
        "/en/workspace/indicators/reported/", {"indicator": "ai_jobs", "period": "2026-Q3", "value": "10"}
    )
    assert response.status_code == 200 and "Give the evidence" in response.text
    response = hub.post(
        "/en/workspace/indicators/reported/",
        {"indicator": "ai_jobs", "period": "Q3", "value": "-1", "evidence_note": "x"},
    )
    assert "YYYY-Qn" in response.text and not Observation.objects.exists()
    response = hub.post(
        "/en/workspace/indicators/reported/",
        {"indicator": "people_trained", "period": "2026-Q3", "value": "1", "evidence_note": "x"},
    )
    assert not Observation.objects.exists()


def test_it_keeps_reported_values_to_the_hub(indicators, manager_a, partner) -> None:
    for user in (manager_a, partner):
        assert client_for(user).get("/fr/workspace/indicators/reported/").status_code == 403
        assert client_for(user).get("/fr/workspace/indicators/steering/").status_code == 403


def test_it_makes_the_steering_report_in_arabic_french_and_xlsx(small_cells, coordinator) -> None:
    hub = client_for(coordinator)
    response = hub.post("/fr/workspace/indicators/steering/", {"period": str(small_cells)})
    job = Job.objects.get(kind="indicators.steering_report")
    assert response.url == job.get_absolute_url()
    job = job_run(job.pk)
    assert job.status == Job.Status.SUCCEEDED, job.error
    files = job.parameters["files"]
    arabic = hub.get(f"/fr/workspace/indicators/steering/{job.public_id}/jazari-steering-2026-Q3-ar.pdf")
    text = PdfReader(io.BytesIO(b"".join(arabic.streaming_content))).pages[0].extract_text()
    # Shaped Arabic: the words come out as Arabic letters (not boxes), with their joining forms resolved.
    for word in ("الكفاءات", "الوطنية"):
        assert word in text or word[::-1] in text, text[:400]
    french = hub.get(f"/fr/workspace/indicators/steering/{job.public_id}/jazari-steering-2026-Q3-fr.pdf")
    assert (
        "Compétences nationales"
        in PdfReader(io.BytesIO(b"".join(french.streaming_content))).pages[0].extract_text()
    )
    workbook_file = hub.get(f"/fr/workspace/indicators/steering/{job.public_id}/jazari-steering-2026-Q3.xlsx")
    workbook = load_workbook(io.BytesIO(b"".join(workbook_file.streaming_content)))
    rows = {row[1].value: row for row in workbook.worksheets[0].iter_rows(min_row=2)}
    assert rows["people_trained"][4].value == 15
    assert rows["people_trained"][6].value == 200_000
    assert (
        rows["regions_with_institute"][4].value
        == Observation.objects.get(
            indicator__code="regions_with_institute", period="2026-Q3", scope_kind="national"
        ).value
    )
    assert set(files) == {
        "jazari-steering-2026-Q3-ar.pdf",
        "jazari-steering-2026-Q3-fr.pdf",
        "jazari-steering-2026-Q3.xlsx",
    }
    assert hub.get(f"/fr/workspace/indicators/steering/{job.public_id}/other.pdf").status_code == 404


def test_it_computes_a_quarter_in_the_background(indicators, coordinator, manager_a) -> None:
    assert (
        client_for(manager_a).post("/fr/workspace/indicators/compute/", {"period": "2026-Q3"}).status_code
        == 403
    )
    client_for(coordinator).post("/fr/workspace/indicators/compute/", {"period": "2026-Q3"})
    job = job_run(Job.objects.get(kind="indicators.compute_quarter").pk)
    assert job.status == Job.Status.SUCCEEDED and job.progress == 100
    assert Observation.objects.filter(period="2026-Q3", kind=Indicator.Kind.COMPUTED).exists()
    assert (
        Decimal(
            Observation.objects.get(
                indicator__code="institutes", scope_kind="national", period="2026-Q3"
            ).value
        )
        > 0
    )


def test_it_lists_the_reports_in_the_workspace_with_filters_and_export(
    indicators, operational, manager_a, manager_b
):
    client_for(manager_a).post(REPORT_URL, {"action": "submit", "narrative": "Bilan."})
    client_for(manager_b).post(f"/fr/workspace/indicators/reports/jazari-guelmim-oued-noun/{PAST}/",
                               {"action": "save", "narrative": "Brouillon."})  # fmt: skip
    mine = client_for(manager_a).get("/fr/workspace/institute-reports/?status=submitted&ordering=-period")
    assert mine.status_code == 200
    assert f"/reports/jazari-nador/{PAST}/" in mine.text
    assert f"/reports/jazari-guelmim-oued-noun/{PAST}/" not in mine.text  # another institute's
    export = client_for(manager_a).get("/fr/workspace/institute-reports/?export=csv")
    assert "Nador" in b"".join(export.streaming_content).decode("utf-8-sig")
    submitted = InstituteReport.objects.get(institute__slug="jazari-nador")
    response = client_for(manager_a).post(
        f"/fr/workspace/institute-reports/{submitted.pk}/edit/", {"narrative": "x"}
    )
    submitted.refresh_from_db()
    assert submitted.narrative == "Bilan." and response.status_code == 200  # refused with the form's error


def test_it_filters_and_exports_the_reported_values(indicators, coordinator) -> None:
    from jazari.indicators.services import observation_report

    for code, value in (("ai_jobs", 7300), ("startups", 640)):
        observation_report(indicator=Indicator.objects.get(code=code), quarter=Quarter(2026, 3), value=value,
                           evidence_note="Rapport", user=coordinator)  # fmt: skip
    hub = client_for(coordinator)
    page = hub.get("/en/workspace/indicators/reported/?indicator=startups&pending=true")
    assert "Startups" in page.text and "AI jobs created</td>" not in page.text
    export = hub.get("/en/workspace/indicators/reported/?indicator=ai_jobs&export=csv")
    text = b"".join(export.streaming_content).decode("utf-8-sig")
    assert "ai_jobs" in text and "7300" in text and "startups" not in text
    assert hub.get("/en/workspace/indicators/reported/?period=Q9").status_code == 200  # the form says why


def test_the_workspace_home_links_the_reports_for_those_who_may_open_them(manager_a, reference) -> None:
    page = client_for(manager_a).get("/fr/workspace/").content.decode()
    assert 'href="/fr/workspace/indicators/"' in page
    nobody = account_ensure(email="sans-role@example.ma", password=PASSWORD)
    page = client_for(nobody).get("/fr/workspace/").content.decode()
    assert 'href="/fr/workspace/indicators/"' not in page
