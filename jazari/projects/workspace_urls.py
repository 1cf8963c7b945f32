from django.urls import path

from jazari.projects import workspace

app_name = "projects_workspace"
urlpatterns = [
    path("", workspace.portfolio, name="portfolio"),
    path("projects/<uuid:public_id>/", workspace.project_manage, name="project"),
    path("projects/<uuid:public_id>/gate/", workspace.stage_gate, name="stage_gate"),
    path("projects/<uuid:public_id>/participants/add/", workspace.participant_add, name="participant_add"),
    path("projects/<uuid:public_id>/deliverables/add/", workspace.deliverable_add, name="deliverable_add"),
    path("deliverables/<uuid:public_id>/", workspace.deliverable_manage, name="deliverable"),
    path("deliverables/<uuid:public_id>/versions/", workspace.version_upload, name="version_upload"),
    path("deliverables/<uuid:public_id>/submit/", workspace.submit, name="submit"),
    path("deliverables/<uuid:public_id>/review/", workspace.review, name="review"),
    path("deliverables/<uuid:public_id>/publish/", workspace.publish, name="publish"),
    path("needs/<uuid:public_id>/", workspace.need_desk, name="need"),
    path("needs/<uuid:public_id>/status/", workspace.need_status, name="need_status"),
    path("needs/<uuid:public_id>/assign/", workspace.need_assign_view, name="need_assign"),
    path("needs/<uuid:public_id>/project/", workspace.need_open_project, name="need_project"),
    path("needs/<uuid:public_id>/activity/", workspace.need_open_activity, name="need_activity"),
]
