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
    context.progress(100, _("%(count)s values stored for %(quarter)s.") % {"count": stored, "quarter": quarter})
    return reverse("indicators:dashboard") + f"?period={quarter}"
