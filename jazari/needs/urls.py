from django.urls import path

from jazari.needs import views

app_name = "needs"
urlpatterns = [
    path("submit/", views.need_submit_view, name="submit"),
    path("follow/<str:token>/", views.need_follow, name="follow"),
    path("follow/<str:token>/renew/", views.need_renew_view, name="renew"),
]
