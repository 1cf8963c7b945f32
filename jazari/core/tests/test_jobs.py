"""Long-running work: progress, success, failure without half-written data, and the worker."""

import pytest
from django.core.management import call_command

from jazari.conftest import client_for
from jazari.core.jobs import JobContext, UnknownJobKind, job_handler, job_run, job_start
from jazari.core.models import Job, Theme

pytestmark = pytest.mark.django_db


@job_handler("tests.create_themes")
def create_themes(context: JobContext) -> str:
    codes = context.parameters["codes"]
    for number, code in enumerate(codes, start=1):
        context.progress(50 * number / len(codes), f"checked {code}")
    with context.writing():
        for code in codes:
            Theme.objects.create(code=code, name_fr=code.title())
            if code == context.parameters.get("fail_at"):
                raise ValueError(f"theme {code} is refused")
    return "/fr/"


def test_it_runs_a_job_to_success_with_progress_and_messages(django_capture_on_commit_callbacks, coordinator):
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        job = job_start(kind="tests.create_themes", owner=coordinator, parameters={"codes": ["aa", "bb"]})
    assert len(callbacks) == 1  # handed to the worker only once the transaction commits
    job = job_run(job.pk)
    assert job.status == Job.Status.SUCCEEDED
    assert job.progress == 100
    assert job.messages == ["checked aa", "checked bb"]
    assert job.result_url == "/fr/"
    assert Theme.objects.filter(code__in=["aa", "bb"]).count() == 2


def test_it_records_why_a_job_failed_and_keeps_none_of_its_writes(coordinator):
    job = Job.objects.create(
        kind="tests.create_themes", owner=coordinator, parameters={"codes": ["cc", "dd"], "fail_at": "dd"}
    )
    job = job_run(job.pk)
    assert job.status == Job.Status.FAILED
    assert job.error == "theme dd is refused"
    assert not Theme.objects.filter(code__in=["cc", "dd"]).exists()
    assert job.finished_at is not None


def test_it_fails_a_job_of_an_unknown_kind_with_a_reason(coordinator):
    job = job_run(Job.objects.create(kind="tests.nothing", owner=coordinator).pk)
    assert job.status == Job.Status.FAILED
    assert "tests.nothing" in job.error
    with pytest.raises(UnknownJobKind):
        job_start(kind="tests.nothing")


def test_it_leaves_a_finished_job_alone(coordinator):
    job = Job.objects.create(kind="tests.create_themes", owner=coordinator, status=Job.Status.SUCCEEDED)
    assert job_run(job.pk).status == Job.Status.SUCCEEDED


@pytest.mark.django_db(transaction=True)  # the worker commits and closes its connections, as in production
def test_it_runs_queued_jobs_in_the_database_worker(coordinator):
    job = job_start(kind="tests.create_themes", owner=coordinator, parameters={"codes": ["ee"]})
    job.refresh_from_db()
    assert job.status == Job.Status.QUEUED
    call_command("db_worker", batch=True, no_startup_delay=True, interval=0)
    job.refresh_from_db()
    assert job.status == Job.Status.SUCCEEDED
    assert Theme.objects.filter(code="ee").exists()


def test_it_shows_the_progress_bar_that_polls_until_finished(coordinator):
    job = Job.objects.create(kind="tests.create_themes", owner=coordinator, progress=40)
    client = client_for(coordinator)
    response = client.get(f"/fr/jobs/{job.public_id}/progress/")
    assert response.status_code == 200
    assert 'hx-trigger="every 1s"' in response.text
    assert 'value="40"' in response.text
    job_run(job.pk)
    response = client.get(f"/fr/jobs/{job.public_id}/progress/")
    assert "hx-trigger" not in response.text
    detail = client.get(job.get_absolute_url())
    assert detail.status_code == 200
    assert "job-progress" in detail.text


def test_it_shows_the_failure_reason_to_the_owner(coordinator):
    job = job_run(Job.objects.create(kind="tests.missing", owner=coordinator).pk)
    response = client_for(coordinator).get(f"/en/jobs/{job.public_id}/progress/")
    assert "tests.missing" in response.text
    assert "alert-danger" in response.text


def test_it_hides_a_job_from_another_user(coordinator, partner, manager_a):
    job = Job.objects.create(kind="tests.create_themes", owner=partner)
    assert client_for(manager_a).get(f"/fr/jobs/{job.public_id}/").status_code == 404
    assert client_for(partner).get(f"/fr/jobs/{job.public_id}/").status_code == 200
    assert client_for(coordinator).get(f"/fr/jobs/{job.public_id}/").status_code == 200


def test_it_sends_an_anonymous_visitor_to_the_login_page(client, partner):
    job = Job.objects.create(kind="tests.create_themes", owner=partner)
    response = client.get(f"/fr/jobs/{job.public_id}/")
    assert response.status_code == 302
    assert "/accounts/login/" in response["Location"]


def test_it_lists_my_jobs_and_says_when_there_are_none(partner):
    client = client_for(partner)
    assert "not started any job" in client.get("/en/jobs/").text
    Job.objects.create(kind="tests.create_themes", owner=partner)
    assert "tests.create_themes" in client.get("/en/jobs/").text
