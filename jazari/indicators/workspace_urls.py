from django.urls import path

from jazari.indicators import workspace

app_name = "indicators_workspace"
urlpatterns = [
    path("", workspace.reports, name="reports"),
    path("reported/", workspace.reported, name="reported"),
    path("reported/<int:pk>/validate/", workspace.reported_validate, name="reported_validate"),
    path("reports/<slug:slug>/<str:period>/", workspace.report_detail, name="report_detail"),
    path("steering/", workspace.steering, name="steering"),
    path("steering/<uuid:public_id>/<str:name>", workspace.steering_file, name="steering_file"),
    path("compute/", workspace.compute, name="compute"),
]
