from django.urls import path

from jazari.core import views

app_name = "core"
urlpatterns = [
    path("jobs/", views.job_list, name="job_list"),
    path("jobs/<uuid:public_id>/", views.job_detail, name="job_detail"),
    path("jobs/<uuid:public_id>/progress/", views.job_progress, name="job_progress"),
    path("about/", views.about, name="about"),
    path("privacy/", views.privacy, name="privacy"),
    path("accessibility/", views.accessibility, name="accessibility"),
]
