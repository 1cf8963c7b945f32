from django.urls import path

from jazari.activities import views

app_name = "activities"
urlpatterns = [
    path("", views.activity_list, name="list"),
    path("calendar/", views.activity_calendar, name="calendar"),
    path("certificates/verify/", views.certificate_verify, name="verify"),
    path("registrations/<str:token>/", views.registration_manage, name="manage"),
    path("registrations/<str:token>/cancel/", views.registration_cancel_view, name="cancel"),
    path("registrations/<str:token>/certificate.pdf", views.certificate_download, name="certificate_pdf"),
    path("feeds/institutes/<slug:slug>.ics", views.institute_feed, name="institute_feed"),
    path("feeds/regions/<str:code>.ics", views.region_feed, name="region_feed"),
    path("<uuid:public_id>/", views.activity_detail, name="detail"),
    path("<uuid:public_id>/register/", views.activity_register, name="register"),
]
