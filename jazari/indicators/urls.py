from django.urls import path

from jazari.indicators import views

app_name = "indicators"
urlpatterns = [
    path("", views.dashboard_view, name="dashboard"),
    path("open-data/", views.open_data, name="open_data"),
    path("open-data/<slug:code>.<str:file_format>", views.open_data_file, name="open_data_file"),
]
