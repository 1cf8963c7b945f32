"""Demo projects: about one for every sixty people of the scale (5,000 at `national`), four deliverables
each (20,000), participants, the stage gates that brought each project to its stage (with approved
deliverables as evidence), and the hub's matches of the demo needs. Stages follow a funnel: many ideas and
feasibility studies, fewer prototypes and pilots, few deployments. The same seed always gives the same
rows."""

import random
from datetime import UTC, date, datetime, timedelta
from typing import Any

from jazari.core.models import Theme
from jazari.core.seeding import Output, Scale, delete_fast, seed_cleanup, seed_step
from jazari.needs.models import Need
from jazari.network.models import Institute, Organisation
from jazari.projects.models import (
    STAGE_ORDER,
    Deliverable,
    Licence,
    Match,
    Participant,
    Project,
    Stage,
    StageGate,
)

STEP_ORDER = 30
BATCH_SIZE = 2000
TODAY = date(2026, 11, 1)
FIRST_DAY = date(2018, 1, 15)
STAGE_WEIGHTS = [
    (Stage.IDEA, 20),
    (Stage.FEASIBILITY, 20),
    (Stage.PROOF_OF_CONCEPT, 20),
    (Stage.PROTOTYPE, 15),
    (Stage.PILOT, 10),
    (Stage.DEPLOYMENT, 5),
    (Stage.CLOSED, 10),
]
TRL_OF_STAGE: dict[str, tuple[int, int]] = {
    Stage.IDEA: (1, 2),
    Stage.FEASIBILITY: (2, 3),
    Stage.PROOF_OF_CONCEPT: (3, 4),
    Stage.PROTOTYPE: (4, 6),
    Stage.PILOT: (6, 7),
    Stage.DEPLOYMENT: (8, 9),
    Stage.CLOSED: (2, 7),
}
SUBJECTS = [
    "Détection des maladies du palmier dattier",
    "Prévision de la demande d'eau",
    "Assistant administratif en darija",
    "Tri automatique des olives",
    "Transcription de l'amazigh",
    "Prévision de la production solaire",
    "Analyse d'images satellitaires des cultures",
    "Chatbot d'orientation des étudiants",
    "Détection de fraudes",
    "Maintenance prédictive des pompes",
    "Traduction arabe-français spécialisée",
    "Suivi du trafic urbain",
    "Reconnaissance de documents manuscrits",
    "Évaluation de modèles de langue marocains",
    "Cartographie des risques d'incendie",
]
DELIVERABLE_TITLES = [
    (Deliverable.Kind.REPORT, "Étude de faisabilité"),
    (Deliverable.Kind.DATASET, "Jeu de données annoté"),
    (Deliverable.Kind.MODEL, "Modèle entraîné et fiche du modèle"),
    (Deliverable.Kind.SOFTWARE, "Code source et documentation"),
    (Deliverable.Kind.METHODOLOGICAL, "Guide méthodologique"),
    (Deliverable.Kind.TECHNICAL, "Rapport technique d'évaluation"),
    (Deliverable.Kind.TRAINING_MATERIAL, "Supports de formation"),
]
DELIVERABLES_PER_PROJECT = 4


def _draw(rng: random.Random, weighted: list[tuple[Any, int]]) -> Any:
    return rng.choices([value for value, _ in weighted], weights=[weight for _, weight in weighted])[0]


def _uuid(rng: random.Random) -> Any:
    import uuid

    return uuid.UUID(int=rng.getrandbits(128), version=4)


def _project(rng: random.Random, number: int, institute: Institute, theme: Theme) -> Project:
    stage = _draw(rng, STAGE_WEIGHTS)
    low, high = TRL_OF_STAGE[stage]
    kind = rng.choices(list(Project.Kind.values), weights=[25, 25, 30, 12, 8])[0]
    open_source = rng.random() < 0.45
    starts = FIRST_DAY + timedelta(days=int((TODAY - FIRST_DAY).days * rng.random() ** 0.7))
    project = Project(
        public_id=_uuid(rng),
        title=f"{rng.choice(SUBJECTS)} — {institute.city} {number}",
        summary=f"Projet conjoint de {institute.name_fr} ({theme.name_fr}).",
        kind=kind,
        lead_institute=institute,
        region_id=institute.region_id,
        stage=stage,
        trl=rng.randint(low, high),
        target_trl=min(9, high + rng.randint(1, 3)),
        starts_on=starts,
        ends_on=starts + timedelta(days=rng.choice([365, 540, 730, 1095])),
        budget_mad=rng.choice([None, 150_000, 400_000, 900_000, 2_500_000]),
        licence=rng.choice([Licence.APACHE_2, Licence.MIT, Licence.CC_BY_4])
        if open_source
        else rng.choice(["", Licence.PROPRIETARY]),
        source_url=f"https://git.jazari.example.ma/{institute.slug}/projet-{number}" if open_source else "",
        is_open_source=open_source,
        is_public=rng.random() < 0.6,
        is_demo=True,
    )
    project.refresh_search_text()
    return project


def _started(project: Project) -> datetime:
    return datetime.combine(project.starts_on or FIRST_DAY, datetime.min.time(), UTC) + timedelta(hours=9)


def _deliverables(rng: random.Random, project: Project) -> list[Deliverable]:
    rows = []
    reached = STAGE_ORDER.index(project.stage) if project.stage != Stage.CLOSED else 3
    for index in range(DELIVERABLES_PER_PROJECT):
        kind, title = rng.choice(DELIVERABLE_TITLES)
        due = (project.starts_on or FIRST_DAY) + timedelta(days=90 * (index + 1))
        approved_at = published_at = None
        if index < reached:
            status = Deliverable.Status.PUBLISHED if rng.random() < 0.5 else Deliverable.Status.APPROVED
            # Approved before the gate it is the evidence of (gates come at least 60 days apart).
            approved_at = _started(project) + timedelta(days=45 * (index + 1), hours=index)
            if status == Deliverable.Status.PUBLISHED:
                published_at = approved_at + timedelta(days=10)
        elif due < TODAY:
            status = rng.choice(
                [Deliverable.Status.DRAFT, Deliverable.Status.SUBMITTED, Deliverable.Status.CHANGES_REQUESTED]
            )
        else:
            status = Deliverable.Status.DRAFT
        deliverable = Deliverable(
            public_id=_uuid(rng),
            title=f"{title} ({index + 1})",
            kind=kind,
            project=project,
            institute_id=project.lead_institute_id,
            due_on=due,
            status=status,
            approved_at=approved_at,
            published_at=published_at,
            is_public=project.is_public and rng.random() < 0.7,
            is_demo=True,
        )
        deliverable.search_text = deliverable.title.lower()
        rows.append(deliverable)
    return rows


def _gates(
    rng: random.Random, project: Project, evidence: list[Deliverable]
) -> list[tuple[StageGate, Deliverable | None]]:
    """The approved gates from the first stage to the project's stage, sometimes after a deferral."""
    target = STAGE_ORDER.index(project.stage)
    gates: list[tuple[StageGate, Deliverable | None]] = []
    moment = datetime.combine(project.starts_on or FIRST_DAY, datetime.min.time(), UTC)
    trl = 1
    steps = list(range(1, target + 1)) if project.stage != Stage.CLOSED else [STAGE_ORDER.index(Stage.CLOSED)]
    previous: str = Stage.IDEA
    for step, index in enumerate(steps):
        stage = STAGE_ORDER[index]
        moment += timedelta(days=rng.randint(60, 200))
        next_trl = project.trl if index == steps[-1] else max(trl, TRL_OF_STAGE[stage][0])
        if rng.random() < 0.15 and stage != Stage.CLOSED:
            gates.append(
                (
                    StageGate(
                        project=project,
                        from_stage=previous,
                        to_stage=stage,
                        from_trl=trl,
                        to_trl=next_trl,
                        decision=StageGate.Decision.DEFERRED,
                        decided_at=moment,
                        note="Preuves à compléter.",
                        is_demo=True,
                    ),
                    None,
                )
            )
            moment += timedelta(days=rng.randint(20, 90))
        proof = evidence[step] if step < len(evidence) else None
        gates.append(
            (
                StageGate(
                    project=project,
                    from_stage=previous,
                    to_stage=stage,
                    from_trl=trl,
                    to_trl=next_trl,
                    decision=StageGate.Decision.APPROVED,
                    decided_at=moment,
                    is_demo=True,
                ),
                proof,
            )
        )
        previous, trl = stage, next_trl
    return gates


@seed_step("projects", order=STEP_ORDER)
def seed_projects(*, scale: Scale, rng: random.Random, out: Output) -> dict[str, int]:
    institutes = list(Institute.objects.order_by("slug"))
    themes = list(Theme.objects.order_by("code"))
    partners = list(Organisation.objects.filter(is_demo=True).order_by("pk").values_list("pk", flat=True))
    if not institutes or not themes:
        return {}
    answered = list(
        Need.objects.filter(is_demo=True, status__in=[Need.Status.IN_PROGRESS, Need.Status.SOLVED])
        .order_by("pk")
        .values_list("pk", "region_id")
    )
    by_region: dict[int, list[Institute]] = {}
    for institute in institutes:
        by_region.setdefault(institute.region_id, []).append(institute)
    counts = {"projects": 0, "deliverables": 0, "stage gates": 0, "participants": 0, "matches": 0}
    total = max(scale.people // 60, 1)
    need_cursor = 0
    for start in range(0, total, BATCH_SIZE):
        drawn = []
        for number in range(start, min(start + BATCH_SIZE, total)):
            institute, theme = rng.choice(institutes), rng.choice(themes)
            drawn.append((_project(rng, number + 1, institute, theme), theme))
        projects = Project.objects.bulk_create([project for project, _ in drawn], batch_size=BATCH_SIZE)
        # Recorded when they started (creating rows stamps them with today); so are their participants.
        for project in projects:
            project.created_at = _started(project)
        Project.objects.bulk_update(projects, ["created_at"], batch_size=BATCH_SIZE)
        Project.themes.through.objects.bulk_create(
            [
                Project.themes.through(project_id=p.pk, theme_id=t.pk)
                for p, (_, t) in zip(projects, drawn, strict=True)
            ],
            batch_size=BATCH_SIZE,
        )
        deliverables = [row for project in projects for row in _deliverables(rng, project)]
        Deliverable.objects.bulk_create(deliverables, batch_size=BATCH_SIZE)
        participants = []
        for project in projects:
            participants.append(
                Participant(
                    project=project, role=Participant.Role.LEAD, institute_id=project.lead_institute_id
                )
            )
            for organisation in rng.sample(partners, min(len(partners), rng.randint(0, 2))):
                role = rng.choice(
                    [Participant.Role.PARTNER, Participant.Role.END_USER, Participant.Role.FUNDER]
                )
                participants.append(Participant(project=project, role=role, organisation_id=organisation))
        Participant.objects.bulk_create(participants, batch_size=BATCH_SIZE)
        for participant in participants:
            joined = 0 if participant.role == Participant.Role.LEAD else 30
            participant.created_at = _started(participant.project) + timedelta(days=joined)
        Participant.objects.bulk_update(participants, ["created_at"], batch_size=BATCH_SIZE)
        of_project: dict[int, list[Deliverable]] = {}
        for deliverable in deliverables:
            if deliverable.status in Deliverable.EVIDENCE:
                of_project.setdefault(deliverable.project_id or 0, []).append(deliverable)
        gates = [
            gate for project in projects for gate in _gates(rng, project, of_project.get(project.pk, []))
        ]
        StageGate.objects.bulk_create([gate for gate, _ in gates], batch_size=BATCH_SIZE)
        StageGate.evidence.through.objects.bulk_create(
            [
                StageGate.evidence.through(stagegate_id=gate.pk, deliverable_id=proof.pk)
                for gate, proof in gates
                if proof
            ],
            batch_size=BATCH_SIZE,
        )
        links, matches = [], []
        for project in projects:
            if need_cursor < len(answered) and rng.random() < 0.5:
                need_id, region_id = answered[need_cursor]
                need_cursor += 1
                links.append(Project.needs.through(project_id=project.pk, need_id=need_id))
                matches.append(
                    Match(
                        need_id=need_id,
                        institute_id=project.lead_institute_id,
                        project=project,
                        note="Projet de l'institut sur ce besoin.",
                        is_demo=True,
                    )
                )
        Project.needs.through.objects.bulk_create(links, batch_size=BATCH_SIZE)
        Match.objects.bulk_create(matches, batch_size=BATCH_SIZE)
        for key, number in (
            ("projects", len(projects)),
            ("deliverables", len(deliverables)),
            ("stage gates", len(gates)),
            ("participants", len(participants)),
            ("matches", len(matches)),
        ):
            counts[key] += number
        out(f"  {counts['projects']:,} / {total:,} projects, {counts['deliverables']:,} deliverables")
    # Needs assigned but not yet answered by a project: assigned by hand to an institute of their region.
    assigned = (
        Need.objects.filter(is_demo=True, status=Need.Status.ASSIGNED)
        .order_by("pk")
        .values_list("pk", "region_id")
    )
    matches = []
    for need_id, region_id in assigned.iterator():
        institute = rng.choice(by_region.get(region_id) or institutes)
        matches.append(
            Match(
                need_id=need_id,
                institute=institute,
                note="Compétences de l'institut dans la région.",
                is_demo=True,
            )
        )
    Match.objects.bulk_create(matches, batch_size=BATCH_SIZE)
    counts["matches"] += len(matches)
    return counts


@seed_cleanup(order=STEP_ORDER)
def delete_projects_demo(*, out: Output) -> dict[str, int]:
    return {
        "matches": delete_fast(Match.objects.filter(is_demo=True)),
        "projects": delete_fast(Project.objects.filter(is_demo=True)),
    }
