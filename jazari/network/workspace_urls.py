from django.urls import path

from jazari.network import workspace

app_name = "workspace"
urlpatterns = [
    path("", workspace.home, name="home"),
    path("<str:kind>/", workspace.object_list, name="list"),
    path("<str:kind>/new/", workspace.object_create, name="create"),
    path("<str:kind>/<str:key>/edit/", workspace.object_edit, name="edit"),
    path("<str:kind>/<str:key>/history/", workspace.object_history, name="history"),
    path("people/<str:key>/affiliations/new/", workspace.affiliation_create, name="affiliation_create"),
]
