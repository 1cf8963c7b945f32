"""Background work of activities, run by the job worker."""

from django.urls import reverse
from django.utils.translation import gettext as _

from jazari.activities.models import Activity, Registration
from jazari.activities.services import certificate_issue
from jazari.core.jobs import JobContext, job_handler


@job_handler("activities.issue_certificates")
def issue_certificates(context: JobContext) -> str:
    """Issue a certificate to every registrant of a cohort who met the programme's rule."""
    activity = Activity.objects.select_related("programme").get(pk=context.parameters["activity"])
    registrations = list(
        activity.registrations.filter(status__in=Registration.HOLDS_A_PLACE).select_related(
            "person", "activity"
        )
    )
    issued = 0
    with context.writing():
        for number, registration in enumerate(registrations, start=1):
            if certificate_issue(registration=registration) is not None:
                issued += 1
            if number % 50 == 0:
                context.progress(100 * number / len(registrations))
    context.progress(
        100,
        _("%(issued)s certificates for %(total)s registrants (the others did not meet the rule).")
        % {"issued": issued, "total": len(registrations)},
    )
    return reverse("activities_workspace:manage", kwargs={"public_id": activity.public_id})
