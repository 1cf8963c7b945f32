"""Workspace pages of the bulk import of registrations and attendance, under /workspace/imports/."""

from django.urls import path

from jazari.activities import import_views

app_name = "activity_imports"
urlpatterns = [
    path("activities/<uuid:public_id>/", import_views.import_upload, name="upload"),
    path("activities/<uuid:public_id>/confirm/", import_views.import_confirm, name="confirm"),
    path("jobs/<uuid:public_id>/", import_views.import_job, name="job"),
]
