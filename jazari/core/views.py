from django.conf import settings
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.db import connection
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, render
from django.views.decorators.http import require_GET

from jazari.core.models import Job


@require_GET
def health(request: HttpRequest) -> JsonResponse:
    """For load balancers and the demo script: answers once the database is reachable."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
    return JsonResponse({"status": "ok"})


def _own_job(request: HttpRequest, public_id: str) -> Job:
    job = get_object_or_404(Job, public_id=public_id)
    if job.owner_id != getattr(request.user, "pk", None) and not request.user.has_perm("core.view_job", job):
        raise Http404
    return job


@login_required
def job_list(request: HttpRequest) -> HttpResponse:
    jobs = Job.objects.filter(owner_id=request.user.pk)
    page = Paginator(jobs, 25).get_page(request.GET.get("page"))
    return render(request, "core/job_list.html", {"page": page})


@login_required
def job_detail(request: HttpRequest, public_id: str) -> HttpResponse:
    return render(request, "core/job_detail.html", {"job": _own_job(request, public_id)})


@login_required
def job_progress(request: HttpRequest, public_id: str) -> HttpResponse:
    """The progress bar alone, polled by htmx until the job is finished."""
    return render(request, "core/partials/job_progress.html", {"job": _own_job(request, public_id)})


# --- The portal's static pages: about, privacy notice, accessibility statement ------------------------------


def about(request: HttpRequest) -> HttpResponse:
    return render(request, "core/pages/about.html")


def privacy(request: HttpRequest) -> HttpResponse:
    """The privacy notice (law 09-08), with the CNDP declaration number once there is one."""
    return render(request, "core/pages/privacy.html", {"cndp_declaration": settings.JAZARI_CNDP_DECLARATION})


def accessibility(request: HttpRequest) -> HttpResponse:
    return render(request, "core/pages/accessibility.html")
