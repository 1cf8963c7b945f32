"""Tasks executed by the job worker (`jazari db_worker`)."""

from django_tasks import task

from jazari.core.jobs import job_run


@task()
def run_job(job_id: str) -> None:
    job_run(int(job_id))
