"""Demo projects and needs: deterministic for a seed, shaped like a funnel, consistent with the rules."""

from collections import Counter

import pytest

from jazari.core.seeding import Scale, run_seed
from jazari.needs.models import Need
from jazari.projects.models import STAGE_ORDER, Deliverable, Match, Project, Stage, StageGate

pytestmark = pytest.mark.django_db

TINY = {"tiny": Scale(name="tiny", organisations=60, people=1800)}


def seed(number: int, force: bool = False) -> None:
    run_seed(scale_name="tiny", seed=number, force=force, out=lambda line: None, scales=TINY)


def snapshot() -> dict[str, list[tuple]]:
    return {
        "projects": sorted(
            Project.objects.values_list("public_id", "title", "stage", "trl", "lead_institute__slug")
        ),
        "deliverables": sorted(Deliverable.objects.values_list("public_id", "status", "due_on")),
        "needs": sorted(Need.objects.values_list("public_id", "title", "status")),
        "gates": sorted(
            StageGate.objects.values_list("project__public_id", "to_stage", "decision", "decided_at")
        ),
    }


def test_it_seeds_the_same_projects_and_needs_for_the_same_seed(reference):
    seed(7)
    first = snapshot()
    seed(7, force=True)
    assert snapshot() == first
    seed(8, force=True)
    assert snapshot()["projects"] != first["projects"]


def test_it_seeds_a_portfolio_shaped_like_a_funnel(reference):
    seed(7)
    assert Project.objects.count() == 30 and Deliverable.objects.count() == 120 and Need.objects.count() == 60
    stages = Counter(Project.objects.values_list("stage", flat=True))
    early = stages[Stage.IDEA] + stages[Stage.FEASIBILITY] + stages[Stage.PROOF_OF_CONCEPT]
    assert early > stages[Stage.PILOT] + stages[Stage.DEPLOYMENT]
    for project in Project.objects.exclude(stage__in=[Stage.IDEA, Stage.CLOSED]):
        approved = project.gates.filter(decision=StageGate.Decision.APPROVED).order_by("decided_at")
        assert [gate.to_stage for gate in approved] == STAGE_ORDER[1 : project.stage_index + 1]
        assert approved.last().to_trl == project.trl
    for gate in StageGate.objects.prefetch_related("evidence"):
        assert all(
            d.status in Deliverable.EVIDENCE and d.project_id == gate.project_id for d in gate.evidence.all()
        )
    assert Match.objects.filter(project__isnull=False).exists()
    assert not Need.objects.filter(status=Need.Status.ASSIGNED, matches__isnull=True).exists()
