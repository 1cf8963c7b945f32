from django.urls import path

from jazari.activities import workspace

app_name = "activities_workspace"
urlpatterns = [
    path("<uuid:public_id>/manage/", workspace.manage, name="manage"),
    path("<uuid:public_id>/publish/", workspace.publish, name="publish"),
    path("<uuid:public_id>/cancel/", workspace.cancel, name="cancel"),
    path("<uuid:public_id>/sessions/add/", workspace.session_add, name="session_add"),
    path(
        "<uuid:public_id>/registrations/<uuid:registration_id>/cancel/",
        workspace.registration_cancel_by_manager,
        name="registration_cancel",
    ),
    path("<uuid:public_id>/certificates/issue/", workspace.certificates_issue, name="certificates_issue"),
    path("certificates/<str:code>/revoke/", workspace.certificate_revoke_view, name="certificate_revoke"),
    path("sessions/<int:session_id>/attendance/", workspace.attendance, name="attendance"),
    path(
        "sessions/<int:session_id>/attendance/<uuid:registration_id>/",
        workspace.attendance_toggle,
        name="attendance_toggle",
    ),
]
