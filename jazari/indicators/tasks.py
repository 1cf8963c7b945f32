"""Background work of the indicators, run by the job worker."""

from django.urls import reverse
from django.utils.translation import gettext as _

from jazari.core.jobs import JobContext, job_handler
from jazari.indicators.periods import Quarter
from jazari.indicators.services import observations_compute


@job_handler("indicators.compute_quarter")
def compute_quarter(context: JobContext) -> str:
    """Compute and store every computed indicator of a quarter, for the nation, regions and institutes."""
    quarter = Quarter.parse(context.parameters["quarter"])
    with context.writing():
        stored = observations_compute(quarter=quarter, progress=context.progress)
    context.progress(
        100, _("%(count)s values stored for %(quarter)s.") % {"count": stored, "quarter": quarter}
    )
    return reverse("indicators:dashboard") + f"?period={quarter}"


@job_handler("indicators.steering_report")
def steering_report(context: JobContext) -> str:
    """The steering-committee report of a quarter: the Arabic and French PDF editions and the workbook."""
    from django.core.files.base import ContentFile
    from django.core.files.storage import default_storage

    from jazari.indicators.report import EDITIONS, steering_pdf, steering_xlsx

    quarter = Quarter.parse(context.parameters["quarter"])
    folder = f"indicators/steering/{context.job.public_id}"
    files = {}
    steps = len(EDITIONS) + 1
    for number, language in enumerate(EDITIONS, start=1):
        name = f"jazari-steering-{quarter}-{language}.pdf"
        files[name] = default_storage.save(f"{folder}/{name}", ContentFile(steering_pdf(quarter, language)))
        context.progress(100 * number / steps, _("Edition %(language)s ready.") % {"language": language})
    name = f"jazari-steering-{quarter}.xlsx"
    files[name] = default_storage.save(f"{folder}/{name}", ContentFile(steering_xlsx(quarter)))
    context.parameters["files"] = files
    context.progress(100, _("The report of %(quarter)s is ready.") % {"quarter": quarter})
    return reverse("indicators_workspace:steering")
