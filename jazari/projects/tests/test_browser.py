"""The acceptance flow in headless Chromium, from a company's need to the project that answers it: the need
is submitted in French, the hub assigns it to an institute, the institute opens a project from it, a
deliverable is submitted, its co-author is refused as reviewer, another reviewer approves it, the stage
gate moves the project to prototype, and the need's page then shows the project."""

import re

import pytest
from django.core import mail
from django.core.cache import cache
from django.utils import translation

from jazari.conftest import PASSWORD
from jazari.needs.models import Need
from jazari.network.models import Region
from jazari.projects.models import Deliverable, Project, Stage
from jazari.projects.tests.factories import PDF_BYTES

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def log_in(browser, live_server, user):
    context = browser.new_context(locale="fr-FR")
    page = context.new_page()
    page.goto(f"{live_server.url}/fr/accounts/login/")
    page.fill("input[name=login]", user.email)
    page.fill("input[name=password]", PASSWORD)
    page.locator("main form button[type=submit]").last.click()
    page.wait_for_url(f"{live_server.url}/fr/")
    return context, page


def test_it_takes_a_need_to_a_prototype(browser, live_server, coordinator, manager_a, institute_a, tmp_path):
    cache.clear()
    oriental = Region.objects.get(code="MA-02")

    # A company submits its need in French, without an account.
    company_context = browser.new_context(locale="fr-FR")
    company = company_context.new_page()
    company.goto(f"{live_server.url}/fr/needs/submit/")
    assert company.locator("html").get_attribute("lang") == "fr"
    company.fill("input[name=title]", "Détecter les fuites du réseau d'irrigation")
    company.fill(
        "textarea[name=description]", "Nos canaux perdent de l'eau ; nous avons des relevés de débit."
    )
    company.select_option("select[name=kind]", "technology")
    company.fill("input[name=organisation_name]", "Agro Nador SARL")
    company.select_option("select[name=organisation_kind]", "company")
    company.select_option("select[name=region]", str(oriental.pk))
    company.fill("input[name=contact_name]", "Nadia Berrada")
    company.fill("input[name=contact_email]", "nadia@agronador.example.ma")
    company.check("input[name=consent]")
    company.locator("form.need-form button[type=submit]").click()
    company.wait_for_url(re.compile(r".*/fr/needs/follow/.+/$"))
    need = Need.objects.get()
    assert need.language == "fr" and need.consent_at is not None
    with translation.override("fr"):
        assert company.locator(".need-status").inner_text() == need.get_status_display()

    # The coordinator assigns it to the institute of Nador.
    hub_context, hub = log_in(browser, live_server, coordinator)
    desk = f"{live_server.url}/fr/workspace/portfolio/needs/{need.public_id}/"
    hub.goto(desk)
    hub.select_option("form.assign-form select[name=institute]", str(institute_a.pk))
    hub.fill("form.assign-form textarea[name=note]", "L'institut travaille sur l'eau agricole.")
    hub.locator("form.assign-form button[type=submit]").click()
    hub.wait_for_load_state()
    assert hub.locator(".alert-success").is_visible()
    need.refresh_from_db()
    assert need.status == Need.Status.ASSIGNED

    # The institute opens a project from the need, adds a deliverable, uploads its file and submits it.
    institute_context, institute = log_in(browser, live_server, manager_a)
    institute.goto(desk)
    institute.locator("form.open-project-form button[name=action]").click()
    institute.wait_for_url(re.compile(r".*/workspace/portfolio/projects/.+/$"))
    project = Project.objects.get()
    assert list(project.needs.all()) == [need]
    institute.fill("form.deliverable-add-form input[name=title]", "Rapport d'évaluation du détecteur")
    institute.select_option("form.deliverable-add-form select[name=kind]", "technical")
    institute.locator("form.deliverable-add-form button[type=submit]").click()
    institute.wait_for_url(re.compile(r".*/workspace/portfolio/deliverables/.+/$"))
    deliverable = Deliverable.objects.get()
    report = tmp_path / "rapport.pdf"
    report.write_bytes(PDF_BYTES)
    institute.set_input_files("form.upload-form input[name=file]", str(report))
    institute.locator("form.upload-form button[type=submit]").click()
    institute.wait_for_load_state()
    assert institute.locator("ul.versions li").count() == 1
    institute.locator("form.submit-form button[type=submit]").click()
    institute.wait_for_load_state()
    deliverable.refresh_from_db()
    assert deliverable.status == Deliverable.Status.SUBMITTED
    assert any(coordinator.email in message.to for message in mail.outbox)  # the reviewer was told

    # Its co-author is refused as reviewer: no review form, the reason instead.
    institute.reload()
    assert institute.locator(".author-notice").is_visible()
    assert institute.locator("form.review-form").count() == 0

    # Another reviewer, the coordinator, approves it.
    hub.goto(f"{live_server.url}/fr/workspace/portfolio/deliverables/{deliverable.public_id}/")
    hub.select_option("form.review-form select[name=decision]", "approved")
    hub.locator("form.review-form button[type=submit]").click()
    hub.wait_for_load_state()
    deliverable.refresh_from_db()
    assert deliverable.status == Deliverable.Status.APPROVED

    # The stage gate, with the approved deliverable as evidence, moves the project to prototype.
    hub.goto(f"{live_server.url}/fr/workspace/portfolio/projects/{project.public_id}/")
    hub.select_option("form.stage-gate-form select[name=to_stage]", "prototype")
    hub.select_option("form.stage-gate-form select[name=decision]", "approved")
    hub.fill("form.stage-gate-form input[name=to_trl]", "5")
    hub.select_option("form.stage-gate-form select[name=evidence]", str(deliverable.pk))
    hub.locator("form.stage-gate-form button[type=submit]").click()
    hub.wait_for_load_state()
    project.refresh_from_db()
    assert (project.stage, project.trl) == (Stage.PROTOTYPE, 5)
    assert hub.locator("ol.timeline li").count() == 1

    # The need's page shows the project that answers it, at its new stage.
    company.reload()
    assert "Détecter les fuites du réseau d'irrigation" in company.locator(".need-projects").inner_text()
    with translation.override("fr"):
        assert company.locator(".need-projects .project-stage").inner_text() == project.get_stage_display()
    for context in (company_context, hub_context, institute_context):
        context.close()
