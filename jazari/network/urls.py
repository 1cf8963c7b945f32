from django.urls import path

from jazari.network import views

app_name = "network"
urlpatterns = [
    path("", views.home, name="home"),
    path("regions/", views.region_list, name="region_list"),
    path("regions/<str:code>/", views.region_detail, name="region_detail"),
    path("institutes/", views.institute_list, name="institute_list"),
    path("institutes/<slug:slug>/", views.institute_detail, name="institute_detail"),
    path("organisations/", views.organisation_list, name="organisation_list"),
    path("experts/", views.expert_list, name="expert_list"),
]
