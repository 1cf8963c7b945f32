from django.urls import path

from jazari.projects import views

app_name = "projects"
urlpatterns = [
    path("", views.project_list, name="list"),
    path("<uuid:public_id>/", views.project_detail, name="detail"),
    path(
        "deliverables/<uuid:public_id>/versions/<int:number>/download/",
        views.deliverable_download,
        name="download",
    ),
]
