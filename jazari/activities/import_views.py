"""Workspace pages to import an activity's registrations and attendance from a spreadsheet.

Upload → preview (counts and every rejected row; nothing written) → confirm. The uploaded file is kept in the
storage under a random name between the preview and the confirmation; the user's session holds its name and
hash, so only the person who checked a file can confirm it, and only that very file. A confirmed file of
more than `background_rows()` rows is imported by a background job; a smaller one at once.
"""

import hashlib
import secrets
from typing import Any

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from jazari.accounts.permissions import visible_to
from jazari.activities.imports import (
    COLUMNS,
    JOB_KIND,
    MAX_FILE_BYTES,
    ImportFileError,
    ImportRecords,
    background_rows,
    import_apply,
    import_file_delete,
    import_file_read,
    import_file_store,
    import_files_clean,
    import_parse,
    import_preview,
)
from jazari.activities.models import Activity
from jazari.core.forms import bootstrap_fields
from jazari.core.jobs import job_start
from jazari.core.models import Job

SESSION_KEY = "activity_imports"
MEGABYTE = 1024 * 1024


class ImportUploadForm(forms.Form):
    file = forms.FileField(
        label=gettext_lazy("File"),
        help_text=gettext_lazy("CSV (separated by ; or ,) or Excel workbook (.xlsx), at most 20 MB."),
        widget=forms.ClearableFileInput(attrs={"accept": ".csv,.xlsx,.txt,text/csv"}),
        allow_empty_file=True,  # the import says itself why an empty file cannot be imported
    )

    def clean_file(self) -> Any:
        upload = self.cleaned_data["file"]
        if upload.size > MAX_FILE_BYTES:
            raise ValidationError(
                _("The file weighs %(size)s MB; the limit is %(max)s MB. Split it into smaller files."),
                code="too_large",
                params={"size": f"{upload.size / MEGABYTE:.1f}", "max": MAX_FILE_BYTES // MEGABYTE},
            )
        return upload


class ImportConfirmForm(forms.Form):
    token = forms.CharField(widget=forms.HiddenInput, max_length=64)
    skip_rejected = forms.BooleanField(
        label=gettext_lazy("Import the valid rows and skip the rejected ones"), required=False
    )
    consent = forms.BooleanField(
        label=gettext_lazy(
            "The people in this file agreed to the privacy notice when they registered with the institute."
        ),
        help_text=gettext_lazy("Their registrations record the consent as given at the time of the import."),
    )


def _activity(request: HttpRequest, public_id: Any) -> Activity:
    """The activity, if the user may change it: 404 outside their scopes, 403 inside without the right."""
    queryset = visible_to(Activity.objects.select_related("organiser", "region"), request.user)
    activity = get_object_or_404(queryset, public_id=public_id)
    if not request.user.has_perm("activities.change_activity", activity):
        raise PermissionDenied
    return activity


def _pending(request: HttpRequest) -> dict[str, dict[str, Any]]:
    """The files this user checked and has not confirmed yet, by token."""
    pending: dict[str, dict[str, Any]] = request.session.get(SESSION_KEY, {})
    return pending


def _keep(
    request: HttpRequest, activity: Activity, data: bytes, filename: str, records: ImportRecords
) -> str:
    """Keep the checked file for its confirmation; the token that names it in the confirmation form."""
    pending = _pending(request)
    for token, kept in list(pending.items()):  # a new file replaces the one checked before for this activity
        if kept["activity"] == str(activity.public_id):
            import_file_delete(kept["file"])
            del pending[token]
    import_files_clean()
    token = secrets.token_urlsafe(16)
    pending[token] = {
        "activity": str(activity.public_id),
        "file": import_file_store(data),
        "sha256": hashlib.sha256(data).hexdigest(),
        "filename": filename,
        "rows": records.rows,
        "rejected": records.rejected_rows,
    }
    request.session[SESSION_KEY] = pending
    return token


def _forget(request: HttpRequest, token: str) -> None:
    pending = _pending(request)
    pending.pop(token, None)
    request.session[SESSION_KEY] = pending


def _upload_page(
    request: HttpRequest, activity: Activity, form: ImportUploadForm | None = None, status: int = 200
) -> HttpResponse:
    context = {
        "activity": activity,
        "form": bootstrap_fields(form or ImportUploadForm()),
        "columns": COLUMNS,
        "sessions": activity.sessions.all(),
        "max_megabytes": MAX_FILE_BYTES // MEGABYTE,
    }
    return render(request, "activities/import/upload.html", context, status=status)


def _preview_page(
    request: HttpRequest,
    activity: Activity,
    records: ImportRecords,
    form: ImportConfirmForm,
    filename: str,
    status: int | None = None,
) -> HttpResponse:
    """The preview: what confirming would do, and every rejected row. A file with rejected rows answers
    422 (the form to import its valid rows is still there)."""
    bootstrap_fields(form)
    if not records.errors:
        del form.fields["skip_rejected"]
    context = {
        "activity": activity,
        "records": records,
        "report": import_preview(activity=activity, records=records),
        "form": form,
        "filename": filename,
        "background": records.rows > background_rows(),
    }
    if status is None:
        status = 422 if records.errors else 200
    return render(request, "activities/import/preview.html", context, status=status)


@login_required
def import_upload(request: HttpRequest, public_id: Any) -> HttpResponse:
    """Choose a file and have it checked: answers the preview, or the form with the reason it was refused."""
    activity = _activity(request, public_id)
    if request.method != "POST":
        return _upload_page(request, activity)
    form = ImportUploadForm(request.POST, request.FILES)
    if not form.is_valid():
        return _upload_page(request, activity, form, status=400)
    upload = form.cleaned_data["file"]
    data = upload.read()
    try:
        records = import_parse(data, activity=activity, filename=upload.name)
    except ImportFileError as error:
        form.add_error("file", str(error))
        return _upload_page(request, activity, form, status=400)
    token = _keep(request, activity, data, upload.name, records)
    return _preview_page(request, activity, records, ImportConfirmForm(initial={"token": token}), upload.name)


@login_required
@require_POST
def import_confirm(request: HttpRequest, public_id: Any) -> HttpResponse:
    """Import the checked file: at once, all or nothing, or as a background job when it is large."""
    activity = _activity(request, public_id)
    form = ImportConfirmForm(request.POST)
    token = request.POST.get("token", "")
    kept = _pending(request).get(token)
    data = None
    if kept is not None and kept["activity"] == str(activity.public_id):
        data = import_file_read(kept["file"], kept["sha256"])
    if kept is None or data is None:
        messages.error(request, _("The checked file is no longer available: upload it again."))
        return _upload_page(request, activity, status=400)
    large = kept["rows"] > background_rows()
    if not large or not form.is_valid() or (kept["rejected"] and not form.cleaned_data["skip_rejected"]):
        try:
            records = import_parse(data, activity=activity, filename=kept["filename"])
        except ImportFileError as error:
            messages.error(request, str(error))
            return _upload_page(request, activity, status=400)
        if form.is_valid() and records.errors and not form.cleaned_data["skip_rejected"]:
            form.add_error(
                "skip_rejected",
                _("Some rows are rejected: correct the file, or tick this box to import the valid rows."),
            )
        if not form.is_valid():
            return _preview_page(request, activity, records, form, kept["filename"], status=400)
    skip_rejected = form.cleaned_data["skip_rejected"]
    _forget(request, token)
    if large:
        job = job_start(
            kind=JOB_KIND,
            owner=request.user,
            parameters={
                "activity": activity.pk,
                "file": kept["file"],
                "sha256": kept["sha256"],
                "filename": kept["filename"],
                "skip_rejected": skip_rejected,
                "language": translation.get_language(),
            },
        )
        return redirect("activity_imports:job", public_id=job.public_id)
    try:
        with transaction.atomic():
            report = import_apply(activity=activity, records=records, skip_rejected=skip_rejected)
    finally:
        import_file_delete(kept["file"])
    messages.success(request, report.summary())
    return redirect("activity_imports:upload", public_id=activity.public_id)


@login_required
def import_job(request: HttpRequest, public_id: Any) -> HttpResponse:
    """The progress of an import run in the background, for the person who started it."""
    job = get_object_or_404(Job, public_id=public_id, kind=JOB_KIND)
    if job.owner_id != request.user.pk:
        raise Http404
    activity = Activity.objects.filter(pk=job.parameters.get("activity")).first()
    return render(
        request,
        "activities/import/job.html",
        {"job": job, "activity": activity, "filename": job.parameters.get("filename", "")},
    )
