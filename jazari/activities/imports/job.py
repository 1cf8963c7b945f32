"""The background job `activities.import_attendance`: a confirmed file of more than `background_rows()`
rows, checked again and written by the worker, with its progress.
"""

from django.conf import settings
from django.db import connection
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _

from jazari.activities.imports.parse import import_parse
from jazari.activities.imports.records import ImportFileError
from jazari.activities.imports.storage import import_file_delete, import_file_read
from jazari.activities.imports.writer import import_apply
from jazari.activities.models import Activity
from jazari.core.jobs import JobContext, job_handler

BACKGROUND_ROWS = 2_000
JOB_KIND = "activities.import_attendance"


def background_rows() -> int:
    """Files with more rows than this are imported by a background job (setting
    `JAZARI_IMPORT_BACKGROUND_ROWS`, read when asked so that tests may lower it)."""
    return int(getattr(settings, "JAZARI_IMPORT_BACKGROUND_ROWS", BACKGROUND_ROWS))


@job_handler(JOB_KIND)
def import_attendance_job(context: JobContext) -> str:
    """Import a confirmed file in the background: check it again (progress 0–50 %), write it all or nothing
    (50–100 %), delete the kept file, and link to the activity's page in the workspace."""
    parameters = context.parameters
    name = parameters["file"]
    try:
        with translation.override(parameters.get("language") or settings.LANGUAGE_CODE):
            activity = Activity.objects.get(pk=parameters["activity"])
            data = import_file_read(name, parameters["sha256"])
            if data is None:
                raise ImportFileError(_("The uploaded file is no longer available: upload it again."))
            context.progress(
                0, _("Checking the rows of %(file)s.") % {"file": parameters.get("filename", "")}
            )
            records = import_parse(
                data,
                activity=activity,
                filename=parameters.get("filename", ""),
                progress=lambda share: context.progress(50 * share),
            )
            del data
            if records.errors and parameters.get("skip_rejected"):
                context.progress(
                    50, _("%(count)s rejected rows are skipped.") % {"count": records.rejected_rows}
                )
            # Without SQLite's row-by-row reference checks: the import checks its references itself.
            with connection.constraint_checks_disabled(), context.writing():
                report = import_apply(
                    activity=activity,
                    records=records,
                    skip_rejected=bool(parameters.get("skip_rejected")),
                    progress=lambda share: context.progress(50 + 50 * share),
                )
            context.progress(100, report.summary())
            return reverse("activities_workspace:manage", kwargs={"public_id": activity.public_id})
    finally:
        import_file_delete(name)
