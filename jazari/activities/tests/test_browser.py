"""The training flow in headless Chromium: an anonymous visitor finds a training in Arabic and registers,
the confirmation carries the .ics, a manager takes attendance, the certificate is issued and verified, and
a mistyped code is refused."""

import re

import pytest
from django.core import mail

from jazari.activities.models import Certificate, Registration
from jazari.activities.tests.factories import open_training
from jazari.conftest import PASSWORD
from jazari.core.jobs import job_run
from jazari.core.models import Job

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_it_takes_a_trainee_from_registration_to_a_verified_certificate(
    browser, live_server, manager_a, institute_a
):
    activity = open_training(institute_a, sessions=1, title="Formation vision par ordinateur")
    visitor = browser.new_context(locale="ar")
    page = visitor.new_page()

    # An anonymous visitor finds the training in Arabic and registers.
    page.goto(f"{live_server.url}/ar/activities/?open=on")
    assert page.locator("html").get_attribute("dir") == "rtl"
    page.get_by_role("link", name=activity.title).click()
    page.locator(f"a[href$='/activities/{activity.public_id}/register/']").click()
    page.fill("input[name=given_name]", "Fatima Zahra")
    page.fill("input[name=family_name]", "El Amrani")
    page.fill("input[name=given_name_ar]", "فاطمة الزهراء")
    page.fill("input[name=family_name_ar]", "العمراني")
    page.fill("input[name=email]", "fatima@example.ma")
    page.check("input[name=consent]")
    page.locator("main form button[type=submit]").click()
    page.wait_for_url(re.compile(r".*/activities/registrations/.+/$"))
    registration = Registration.objects.get(person__email="fatima@example.ma")
    assert registration.status == Registration.Status.REGISTERED
    (message,) = mail.outbox
    assert message.attachments[0][0] == "activity.ics"
    assert page.locator("figure.check-in img").is_visible()

    # The manager logs in and checks her in with the code of her confirmation.
    manager_context = browser.new_context(locale="fr-FR")
    manager = manager_context.new_page()
    manager.goto(f"{live_server.url}/fr/accounts/login/")
    manager.fill("input[name=login]", manager_a.email)
    manager.fill("input[name=password]", PASSWORD)
    manager.locator("main form button[type=submit]").last.click()
    manager.wait_for_url(f"{live_server.url}/fr/")
    session = activity.sessions.get()
    manager.goto(f"{live_server.url}/fr/workspace/activities/sessions/{session.pk}/attendance/")
    manager.fill("input[name=code]", str(registration.public_id))
    manager.locator("form.check-in-form button[type=submit]").first.click()
    manager.wait_for_load_state()
    assert manager.locator(f"#attendance-{registration.public_id} button[aria-pressed=true]").is_visible()

    # The certificates are issued by a background job, then verified on the public page.
    manager.goto(f"{live_server.url}/fr/workspace/activities/{activity.public_id}/manage/")
    manager.get_by_role("button", name="Issue the certificates").or_(
        manager.locator("form[action$='/certificates/issue/'] button")
    ).first.click()
    manager.wait_for_url(re.compile(r".*/jobs/.+/$"))
    job_run(Job.objects.get(kind="activities.issue_certificates").pk)
    manager.reload()
    assert manager.locator(".job-progress .alert-success").is_visible()
    code = Certificate.objects.get(registration=registration).code

    page.goto(f"{live_server.url}/ar/activities/certificates/verify/")
    page.fill("input[name=code]", code)
    page.locator("main form button[type=submit]").click()
    assert page.locator(".alert-success").is_visible()
    assert "العمراني" in page.locator(".alert-success").inner_text()

    mistyped = code[:-1] + ("0" if code[-1] != "0" else "1")
    page.fill("input[name=code]", mistyped)
    page.locator("main form button[type=submit]").click()
    assert page.locator(".alert-danger").is_visible()
    assert not page.locator(".alert-success").is_visible()
    # Close both windows before the test server stops, so no late request reaches it.
    manager_context.close()
    visitor.close()
