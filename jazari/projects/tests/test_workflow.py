"""Stage gates, the review workflow and the hub's answers to needs, through the services and the rules."""

import pytest
from django.core import mail

from jazari.activities.models import Activity
from jazari.needs.models import Need
from jazari.projects.forms import ProjectForm
from jazari.projects.models import Deliverable, DeliverableReview, Match, Stage, StageGate
from jazari.projects.services import (
    ActionRefused,
    activity_from_need,
    deliverable_publish,
    deliverable_review,
    deliverable_submit,
    need_assign,
    project_change_stage,
    project_from_need,
)
from jazari.projects.tests.factories import (
    deliverable_of,
    need_in,
    project_of,
    staff_of,
    submitted_deliverable,
    upload_pdf,
)

pytestmark = pytest.mark.django_db


def approved(project, author, reviewer):
    deliverable = submitted_deliverable(project, author)
    deliverable_review(deliverable=deliverable, reviewer=reviewer, decision="approved")
    deliverable.refresh_from_db()
    return deliverable


def test_it_moves_a_project_only_through_an_approved_gate_with_evidence(manager_a, coordinator, institute_a):
    project = project_of(institute_a)
    with pytest.raises(ActionRefused, match="evidence"):
        project_change_stage(
            project=project, to_stage=Stage.PROTOTYPE, decision="approved", decided_by=coordinator
        )
    evidence = approved(project, manager_a, coordinator)
    gate = project_change_stage(
        project=project, to_stage=Stage.PROTOTYPE, decision="approved", decided_by=coordinator,
        evidence=[evidence], to_trl=5,
    )  # fmt: skip
    project.refresh_from_db()
    assert (project.stage, project.trl) == (Stage.PROTOTYPE, 5)
    assert (gate.from_stage, gate.from_trl, gate.to_trl) == (Stage.IDEA, 1, 5)
    assert list(gate.evidence.all()) == [evidence]


def test_it_records_a_rejected_gate_without_moving_the_project(coordinator, institute_a):
    project = project_of(institute_a)
    project_change_stage(
        project=project,
        to_stage=Stage.PILOT,
        decision="rejected",
        decided_by=coordinator,
        to_trl=7,
        note="Trop tôt",
    )
    project.refresh_from_db()
    assert (project.stage, project.trl) == (Stage.IDEA, 1)
    assert StageGate.objects.get(project=project).decision == StageGate.Decision.REJECTED


def test_it_refuses_a_gate_backwards_or_a_trl_out_of_range(manager_a, coordinator, institute_a):
    project = project_of(institute_a)
    evidence = approved(project, manager_a, coordinator)
    project_change_stage(
        project=project,
        to_stage=Stage.PILOT,
        decision="approved",
        decided_by=coordinator,
        evidence=[evidence],
    )
    with pytest.raises(ActionRefused, match="later stage"):
        project_change_stage(
            project=project, to_stage=Stage.FEASIBILITY, decision="approved", decided_by=coordinator
        )
    with pytest.raises(ActionRefused, match="between 1 and 9"):
        project_change_stage(
            project=project, to_stage=Stage.DEPLOYMENT, decision="deferred", decided_by=coordinator, to_trl=12
        )


def test_it_never_lets_a_form_change_the_stage_or_the_trl(manager_a, institute_a):
    form = ProjectForm(user=manager_a)
    assert "stage" not in form.fields and "trl" not in form.fields


def test_it_refuses_an_author_as_reviewer_even_a_manager(manager_a, institute_a):
    project = project_of(institute_a)
    deliverable = submitted_deliverable(project, manager_a)
    assert not manager_a.has_perm("projects.review_deliverable", deliverable)
    with pytest.raises(ActionRefused, match="author"):
        deliverable_review(deliverable=deliverable, reviewer=manager_a, decision="approved")
    deliverable.refresh_from_db()
    assert deliverable.status == Deliverable.Status.SUBMITTED
    assert not DeliverableReview.objects.exists()


def test_it_lets_another_manager_approve_and_publish(manager_a, institute_a):
    colleague = staff_of(institute_a, "directrice@example.ma", role="manager")
    deliverable = submitted_deliverable(project_of(institute_a), manager_a)
    assert colleague.has_perm("projects.review_deliverable", deliverable)
    deliverable_review(deliverable=deliverable, reviewer=colleague, decision="approved")
    deliverable.refresh_from_db()
    assert deliverable.status == Deliverable.Status.APPROVED and deliverable.approved_at
    deliverable_publish(deliverable=deliverable, by=colleague)
    assert Deliverable.objects.get(pk=deliverable.pk).status == Deliverable.Status.PUBLISHED


def test_it_refuses_a_reviewer_of_another_institute(manager_a, manager_b, institute_a):
    deliverable = submitted_deliverable(project_of(institute_a), manager_a)
    with pytest.raises(ActionRefused, match="manager"):
        deliverable_review(deliverable=deliverable, reviewer=manager_b, decision="approved")


def test_it_asks_for_a_comment_when_requesting_changes(manager_a, coordinator, institute_a):
    deliverable = submitted_deliverable(project_of(institute_a), manager_a)
    with pytest.raises(ActionRefused, match="changes"):
        deliverable_review(deliverable=deliverable, reviewer=coordinator, decision="changes_requested")
    deliverable_review(
        deliverable=deliverable,
        reviewer=coordinator,
        decision="changes_requested",
        comment="Ajoutez les métriques",
    )
    deliverable.refresh_from_db()
    assert deliverable.status == Deliverable.Status.CHANGES_REQUESTED
    upload_pdf(deliverable, manager_a, name="rapport-v2.pdf")
    deliverable_submit(deliverable=deliverable, by=manager_a)
    assert deliverable.versions.count() == 2


def test_it_tells_the_reviewers_but_not_the_authors_when_submitted(
    manager_a, institute_a, django_capture_on_commit_callbacks
):
    colleague = staff_of(institute_a, "directrice@example.ma", role="manager")
    deliverable = deliverable_of(project_of(institute_a), authors=(manager_a,))
    upload_pdf(deliverable, manager_a)
    with django_capture_on_commit_callbacks(execute=True):
        deliverable_submit(deliverable=deliverable, by=manager_a)
    (message,) = mail.outbox
    assert message.to == [colleague.email]
    assert str(deliverable.public_id) in message.body


def test_it_refuses_to_submit_without_a_file(manager_a, institute_a):
    deliverable = deliverable_of(project_of(institute_a), authors=(manager_a,))
    with pytest.raises(ActionRefused, match="Upload a file"):
        deliverable_submit(deliverable=deliverable, by=manager_a)


def test_it_flags_overdue_deliverables(manager_a, institute_a):
    from jazari.projects.tests.factories import days_ago

    late = deliverable_of(project_of(institute_a), due_on=days_ago(3), title="En retard")
    deliverable_of(late.project, due_on=days_ago(-3), title="À venir")
    assert list(Deliverable.objects.overdue()) == [late]
    assert late.is_overdue


def test_it_assigns_a_need_with_a_note_and_answers_it_with_a_project(
    coordinator, manager_a, institute_a, reference
):
    need = need_in("MA-02")
    with pytest.raises(ActionRefused, match="why"):
        need_assign(need=need, by=coordinator, note=" ", institute=institute_a)
    match = need_assign(need=need, by=coordinator, note="Expertise en irrigation", institute=institute_a)
    need.refresh_from_db()
    assert need.status == Need.Status.ASSIGNED and need.assigned_at and need.qualified_at
    assert match.institute == institute_a
    project = project_from_need(need=need, institute=institute_a, by=manager_a)
    need.refresh_from_db()
    assert need.status == Need.Status.IN_PROGRESS
    assert list(need.projects.all()) == [project]
    assert project.lead_institute == institute_a and project.stage == Stage.IDEA
    assert Match.objects.filter(need=need).count() == 1  # the assignment already names the institute


def test_it_turns_a_need_into_a_co_design_session(coordinator, institute_a, reference):
    need = need_in("MA-02")
    activity = activity_from_need(need=need, institute=institute_a, by=coordinator)
    assert activity.kind == Activity.Kind.CO_DESIGN and activity.status == Activity.Status.DRAFT
    assert activity.region == need.region
    need.refresh_from_db()
    assert need.status == Need.Status.IN_PROGRESS


def test_it_refuses_to_answer_a_closed_need(coordinator, institute_a, reference):
    from jazari.needs.services import need_change_status

    need = need_change_status(need=need_in(), status=Need.Status.REJECTED)
    with pytest.raises(ActionRefused, match="no longer open"):
        project_from_need(need=need, institute=institute_a, by=coordinator)
