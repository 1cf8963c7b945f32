"""Long-running work reported through the Job model.

A job kind is a function registered with `@job_handler("app.kind")`. It receives a `JobContext`, reports
progress with `context.progress(percent, message)` and makes every database write inside
`with context.writing():`, one transaction: a job that fails records why and leaves no half-written data.
Progress reported while writing becomes visible when the transaction commits (SQLite allows one writer).

`job_start` hands a job to the worker (`jazari db_worker`) as the one django-tasks task of the platform,
`run_job`, which runs it with `job_run`.
"""

import logging
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django_tasks import task

from jazari.core.models import Job

logger = logging.getLogger(__name__)

JobHandler = Callable[["JobContext"], str | None]
_handlers: dict[str, JobHandler] = {}


class UnknownJobKind(LookupError):
    pass


def job_handler(kind: str) -> Callable[[JobHandler], JobHandler]:
    """Register `function` as the code run for jobs of `kind`."""

    def register(function: JobHandler) -> JobHandler:
        _handlers[kind] = function
        return function

    return register


class JobContext:
    def __init__(self, job: Job) -> None:
        self.job = job
        self.parameters: dict[str, Any] = job.parameters
        self._writing = False

    def progress(self, percent: float, message: str = "") -> None:
        """Record how far the work is (0–100) and, optionally, a line for the user to read."""
        self.job.progress = max(0, min(100, int(percent)))
        if message:
            self.job.messages = [*self.job.messages, message]
        if not self._writing:
            self._save()

    @contextmanager
    def writing(self) -> Iterator[None]:
        """One transaction for all the job's writes; nothing of it stays if the job fails."""
        with transaction.atomic():
            self._writing = True
            try:
                yield
            finally:
                self._writing = False
        self._save()

    def _save(self) -> None:
        Job.objects.filter(pk=self.job.pk).update(progress=self.job.progress, messages=self.job.messages)


def job_start(*, kind: str, owner: Any = None, parameters: dict[str, Any] | None = None) -> Job:
    """Create a queued job and hand it to the worker once the current transaction commits."""
    if kind not in _handlers:
        raise UnknownJobKind(kind)
    job = Job.objects.create(kind=kind, owner=owner, parameters=parameters or {})
    transaction.on_commit(lambda: run_job.enqueue(str(job.pk)))
    return job


def job_run(job_id: int) -> Job:
    """Run a queued job to its end, recording success or the reason of its failure."""
    job = Job.objects.get(pk=job_id)
    if job.is_finished:
        return job
    job.status = Job.Status.RUNNING
    job.started_at = timezone.now()
    job.save(update_fields=["status", "started_at", "updated_at"])
    context = JobContext(job)
    try:
        handler = _handlers.get(job.kind)
        if handler is None:
            raise UnknownJobKind(_("No code is registered for jobs of kind %(kind)s.") % {"kind": job.kind})
        result_url = handler(context)
    except Exception as error:
        logger.exception("Job %s (%s) failed", job.pk, job.kind)
        job.status = Job.Status.FAILED
        job.error = str(error) or error.__class__.__name__
    else:
        job.status = Job.Status.SUCCEEDED
        job.progress = 100
        job.result_url = result_url or ""
    job.finished_at = timezone.now()
    job.save()
    return job


@task()
def run_job(job_id: str) -> None:
    """The worker's task: run the job `job_id` (a text, as task arguments travel as JSON)."""
    job_run(int(job_id))
