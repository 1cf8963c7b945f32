"""The computed indicators whose data exist in the platform: the network, its activities, its projects,
deliverables and needs.

Each function returns the figures of one quarter for the nation, the regions and the institutes, from a
few grouped queries. A person is counted in the region and the institute of the activity where they were
trained (the organising institute), so a person trained in two regions counts once in each, and once for
the nation: the regional figures need not add up to the national one.

A project counts in its lead institute and that institute's region; a need in its region and in the
institutes it was assigned to; a deliverable in its project's lead institute (or, outside any project, its
own institute) and that institute's region.
"""

from decimal import Decimal
from statistics import median
from typing import Any

from django.db.models import Count, F, FloatField, Func, Q, QuerySet, Sum
from django.db.models.functions import Coalesce
from django.utils.translation import gettext_lazy as _

from jazari.activities.models import Activity, Attendance, Certificate
from jazari.indicators.registry import (
    GENDER,
    INSTITUTE,
    REGION,
    Cell,
    Figures,
    Snapshot,
    count_cell,
    grouped,
    indicator,
    share_cell,
)
from jazari.needs.models import Need
from jazari.network.models import Affiliation, Institute, Organisation, Person
from jazari.projects.models import Deliverable, Match, Participant, Project, Stage, StageGate

# The two regions of the capital and the economic capital, against which territorial balance is measured.
POLE_REGIONS = ("MA-04", "MA-06")
# An institute counts in the network from the agreement that founds it, until it closes.
ESTABLISHED = (
    Institute.Status.AGREEMENT_SIGNED,
    Institute.Status.LAUNCHED,
    Institute.Status.OPERATIONAL,
)
# Activities that happened or are announced: not drafts, not cancelled.
HELD = (Activity.Status.PUBLISHED, Activity.Status.COMPLETED)
PER = Decimal(100_000)


class SecondsBetween(Func):
    """Whole seconds from one timestamp to another, computed by the database itself: Django's own duration
    arithmetic calls a Python function for each row on SQLite, too slow for millions of attendance rows."""

    arity = 2
    output_field = FloatField()

    def as_sqlite(self, compiler: Any, connection: Any, **extra: Any) -> Any:
        template = "ROUND((julianday(%(end)s) - julianday(%(start)s)) * 86400)"
        return self._as_template(compiler, connection, template)

    def as_postgresql(self, compiler: Any, connection: Any, **extra: Any) -> Any:
        return self._as_template(compiler, connection, "EXTRACT(EPOCH FROM (%(end)s - %(start)s))")

    def _as_template(self, compiler: Any, connection: Any, template: str) -> Any:
        start, start_params = compiler.compile(self.source_expressions[0])
        end, end_params = compiler.compile(self.source_expressions[1])
        return template % {"start": start, "end": end}, [*end_params, *start_params]


def _by_scope(queryset: QuerySet[Any], region: str, institute: str, **measures: Any) -> dict[str, Any]:
    """The same measures for the nation, per region and per institute: three grouped queries."""
    return {
        "national": queryset.aggregate(**measures),
        "regions": grouped(
            queryset.values(region).annotate(**measures).order_by(), region, **{m: m for m in measures}
        ),
        "institutes": grouped(
            queryset.values(institute).annotate(**measures).order_by(), institute, **{m: m for m in measures}
        ),
    }


# --- Skills -----------------------------------------------------------------------------------------------


def trained(snapshot: Snapshot) -> dict[str, Any]:
    """People holding a valid certificate at the end of the quarter, and how many are women and men."""

    def compute() -> dict[str, Any]:
        cutoff = snapshot.cutoff
        valid = Certificate.objects.filter(issued_at__lt=cutoff).filter(
            Q(revoked_at__isnull=True) | Q(revoked_at__gte=cutoff)
        )
        person = "registration__person"
        return _by_scope(
            valid,
            "registration__activity__region",
            "registration__activity__organiser",
            people=Count(person, distinct=True),
            women=Count(person, distinct=True, filter=Q(registration__person__gender="female")),
            men=Count(person, distinct=True, filter=Q(registration__person__gender="male")),
        )

    result: dict[str, Any] = snapshot.memo("trained", compute)
    return result


@indicator(
    "people_trained",
    priority="skills",
    name=_("People trained in AI"),
    definition=_(
        "Unique persons holding at least one valid certificate of an AI training of the network at the end "
        "of the quarter: issued by then and not revoked by then. A person trained several times counts "
        "once. By region and institute: the region and the organising institute of the training."
    ),
    unit="persons",
    breakdowns=(REGION, INSTITUTE, GENDER),
    counts_people=True,
    regional_share=True,
)
def people_trained(snapshot: Snapshot) -> Figures:
    """Unique persons with a valid certificate: the roadmap's headline skills target (200,000 by 2030)."""
    counts = trained(snapshot)
    return Figures(
        national=count_cell(counts["national"]["people"], people=True),
        regions={pk: count_cell(row["people"], people=True) for pk, row in counts["regions"].items()},
        institutes={pk: count_cell(row["people"], people=True) for pk, row in counts["institutes"].items()},
    )


@indicator(
    "training_person_hours",
    priority="skills",
    name=_("Training person-hours"),
    definition=_(
        "The hours of every training session ended by the end of the quarter, counted once for each person "
        "recorded present at it. By region and institute: those of the training."
    ),
    unit="hours",
    breakdowns=(REGION, INSTITUTE),
    counts_people=True,
    regional_share=True,
)
def training_person_hours(snapshot: Snapshot) -> Figures:
    """Hours of training attended, summed over the people present at each session."""
    attended = Attendance.objects.filter(
        present=True, session__activity__kind=Activity.Kind.TRAINING, session__ends_at__lt=snapshot.cutoff
    )
    rows = _by_scope(
        attended,
        "session__activity__region",
        "session__activity__organiser",
        seconds=Sum(SecondsBetween(F("session__starts_at"), F("session__ends_at"))),
        people=Count("person", distinct=True),
    )

    def cell(row: dict[str, Any]) -> Cell:
        seconds = Decimal(str(row["seconds"] or 0))
        people = int(row["people"] or 0)
        hours = (seconds / 3600).quantize(Decimal("0.1"))
        return Cell(value=hours, people=people, smallest_group=people)

    return Figures(
        national=cell(rows["national"]),
        regions={pk: cell(row) for pk, row in rows["regions"].items()},
        institutes={pk: cell(row) for pk, row in rows["institutes"].items()},
    )


@indicator(
    "women_share_trained",
    priority="skills",
    name=_("Share of women among people trained"),
    definition=_(
        "Among the people trained (see above), the percentage of women. Gender is self-declared and "
        "optional: people who did not give it are left out of both the count of women and the total."
    ),
    unit="percent",
    breakdowns=(REGION, INSTITUTE),
    counts_people=True,
    decimals=2,
)
def women_share_trained(snapshot: Snapshot) -> Figures:
    """Parity among people trained, over those who declared a gender."""
    counts = trained(snapshot)

    def cell(row: dict[str, Any]) -> Cell | None:
        return share_cell(int(row["women"] or 0), int(row["women"] or 0) + int(row["men"] or 0), people=True)

    figures = Figures(national=cell(counts["national"]))
    for target, rows in ((figures.regions, counts["regions"]), (figures.institutes, counts["institutes"])):
        for pk, row in rows.items():
            value = cell(row)
            if value is not None:
                target[pk] = value
    return figures


@indicator(
    "experts_public",
    priority="skills",
    name=_("Experts with a public profile"),
    definition=_(
        "People who agreed, by the end of the quarter, to publish their profile. By region: the region they "
        "gave; by institute: the institutes they were affiliated with on the last day of the quarter."
    ),
    unit="persons",
    breakdowns=(REGION, INSTITUTE),
    counts_people=True,
    regional_share=True,
)
def experts_public(snapshot: Snapshot) -> Figures:
    """Experts who can be found on the public portal."""
    public = Person.objects.filter(consent_public_profile=True, consent_public_profile_at__lt=snapshot.cutoff)
    end = snapshot.quarter.end
    affiliations = Affiliation.objects.filter(
        Q(start_date__isnull=True) | Q(start_date__lte=end),
        Q(end_date__isnull=True) | Q(end_date__gte=end),
        institute__isnull=False,
        person__consent_public_profile=True,
        person__consent_public_profile_at__lt=snapshot.cutoff,
    )
    by_region = public.values("region").annotate(people=Count("pk")).order_by()
    by_institute = affiliations.values("institute").annotate(people=Count("person", distinct=True)).order_by()
    return Figures(
        national=count_cell(public.count(), people=True),
        regions={
            pk: count_cell(row["people"], people=True)
            for pk, row in grouped(by_region, "region", people="people").items()
        },
        institutes={
            pk: count_cell(row["people"], people=True)
            for pk, row in grouped(by_institute, "institute", people="people").items()
        },
    )


# --- Territorial balance -----------------------------------------------------------------------------------


def institutes_by_region(snapshot: Snapshot) -> dict[int, int]:
    def compute() -> dict[int, int]:
        rows = (
            Institute.objects.filter(status__in=ESTABLISHED, status_date__lte=snapshot.quarter.end)
            .values("region")
            .annotate(institutes=Count("pk"))
            .order_by()
        )
        return {row["region"]: row["institutes"] for row in rows}

    result: dict[int, int] = snapshot.memo("institutes_by_region", compute)
    return result


@indicator(
    "regions_with_institute",
    priority="territorial_balance",
    name=_("Regions with an institute"),
    definition=_(
        "Regions, of the twelve, with at least one institute of the network whose founding agreement was "
        "signed by the end of the quarter (agreement signed, launched or operational, not closed)."
    ),
    unit="regions",
)
def regions_with_institute(snapshot: Snapshot) -> Figures:
    """Coverage of the territory by the network (target: all 12 regions)."""
    counts = institutes_by_region(snapshot)
    return Figures(national=count_cell(sum(1 for number in counts.values() if number), people=False))


@indicator(
    "institutes",
    priority="territorial_balance",
    name=_("Institutes in the network"),
    definition=_(
        "Institutes, hub and lab included, whose founding agreement was signed by the end of the quarter and "
        "that are not closed, in the region where they are based."
    ),
    unit="institutes",
    breakdowns=(REGION,),
)
def institutes(snapshot: Snapshot) -> Figures:
    """The size of the network."""
    counts = institutes_by_region(snapshot)
    return Figures(
        national=count_cell(sum(counts.values()), people=False),
        regions={pk: count_cell(number, people=False) for pk, number in counts.items()},
    )


def _per_100k(people: int, population: int) -> Decimal:
    return Decimal(people) * PER / Decimal(population) if population else Decimal(0)


@indicator(
    "trained_per_100k",
    priority="territorial_balance",
    name=_("People trained per 100,000 inhabitants"),
    definition=_(
        "People trained (see above) divided by the population of the 2024 census, times 100,000, rounded to "
        "two decimals: per region, and for the whole country."
    ),
    unit="per 100,000",
    breakdowns=(REGION,),
    counts_people=True,
    decimals=2,
)
def trained_per_100k(snapshot: Snapshot) -> Figures:
    """People trained relative to the population, so that regions of different sizes compare."""
    counts = trained(snapshot)

    def cell(people: int, population: int) -> Cell:
        value = _per_100k(people, population).quantize(Decimal("0.01"))
        return Cell(
            value=value,
            numerator=Decimal(people),
            denominator=Decimal(population),
            people=people,
            smallest_group=people,
        )

    national = int(counts["national"]["people"] or 0)
    return Figures(
        national=cell(national, snapshot.population),
        regions={
            region.pk: cell(int(counts["regions"].get(region.pk, {}).get("people") or 0), region.population)
            for region in snapshot.regions
        },
    )


def gini(values: list[Decimal]) -> Decimal | None:
    """The Gini coefficient: the mean absolute difference of all pairs over twice the mean (None if 0)."""
    if not values or not sum(values):
        return None
    count = len(values)
    mean = sum(values, Decimal(0)) / count
    differences = sum((abs(a - b) for a in values for b in values), Decimal(0))
    return differences / (2 * count * count * mean)


@indicator(
    "balance_index",
    priority="territorial_balance",
    name=_("Territorial balance index"),
    definition=_(
        "One minus the Gini coefficient of the people trained per inhabitant of the twelve regions: 1 when "
        "every region trains the same share of its population, towards 0 when one region trains everyone. "
        "Not computed before anyone is trained."
    ),
    unit="index",
    decimals=4,
)
def balance_index(snapshot: Snapshot) -> Figures:
    """How evenly training reaches the regions, relative to their population."""
    counts = trained(snapshot)
    values = [
        _per_100k(int(counts["regions"].get(region.pk, {}).get("people") or 0), region.population)
        for region in snapshot.regions
    ]
    coefficient = gini(values)
    if coefficient is None:
        return Figures()
    return Figures(national=Cell(value=(1 - coefficient).quantize(Decimal("0.0001"))))


@indicator(
    "activities_outside_poles",
    priority="territorial_balance",
    name=_("Share of activities outside Rabat and Casablanca"),
    definition=_(
        "Among the activities held or announced by the end of the quarter (published or completed, not "
        "cancelled), the percentage held outside the regions Rabat-Salé-Kénitra and Casablanca-Settat."
    ),
    unit="percent",
    decimals=2,
)
def activities_outside_poles(snapshot: Snapshot) -> Figures:
    """Whether the network's activities reach beyond the two largest poles."""
    rows = (
        Activity.objects.filter(status__in=HELD, starts_at__lt=snapshot.cutoff)
        .values("region__code")
        .annotate(activities=Count("pk"))
        .order_by()
    )
    by_code = {row["region__code"]: row["activities"] for row in rows}
    whole = sum(by_code.values())
    outside = sum(number for code, number in by_code.items() if code not in POLE_REGIONS)
    return Figures(national=share_cell(outside, whole, people=False))


# --- Shared by the projects, deliverables and needs ---------------------------------------------------------

# The stages a project reaches once its proof of concept has passed its gate.
PROOF_OF_CONCEPT_OR_BEYOND = (Stage.PROOF_OF_CONCEPT, Stage.PROTOTYPE, Stage.PILOT, Stage.DEPLOYMENT)
# Organisations that count as companies: large companies, startups and small or medium enterprises.
COMPANIES = (Organisation.Kind.COMPANY, Organisation.Kind.STARTUP, Organisation.Kind.SME)


def _count_figures(rows: dict[str, Any], measure: str) -> Figures:
    """The figures of a count that is not about people, from `_by_scope` rows."""
    return Figures(
        national=count_cell(rows["national"][measure], people=False),
        regions={pk: count_cell(row[measure], people=False) for pk, row in rows["regions"].items()},
        institutes={pk: count_cell(row[measure], people=False) for pk, row in rows["institutes"].items()},
    )


def _assignments() -> QuerySet[Match]:
    """The hub's assignments of needs to institutes that stand: matches naming an institute, not declined."""
    return Match.objects.filter(institute__isnull=False).exclude(status=Match.Status.DECLINED)


# --- Local innovation --------------------------------------------------------------------------------------


@indicator(
    "pocs_prototypes_passed",
    priority="local_innovation",
    name=_("Proofs of concept and prototypes that passed their stage gate"),
    definition=_(
        "Projects with at least one stage decision approved by the end of the quarter that moved them to "
        "proof of concept, prototype, pilot or deployment: their proof of concept passed its gate. Rejected "
        "and deferred decisions, and closing a project, do not count. A project counts once, in its lead "
        "institute and that institute's region."
    ),
    unit="projects",
    breakdowns=(REGION, INSTITUTE),
)
def pocs_prototypes_passed(snapshot: Snapshot) -> Figures:
    """Work that has shown it can be done: projects past the proof-of-concept gate."""
    gates = StageGate.objects.filter(
        decision=StageGate.Decision.APPROVED,
        to_stage__in=PROOF_OF_CONCEPT_OR_BEYOND,
        decided_at__lt=snapshot.cutoff,
    )
    rows = _by_scope(
        gates, "project__region", "project__lead_institute", projects=Count("project", distinct=True)
    )
    return _count_figures(rows, "projects")


@indicator(
    "needs_solved",
    priority="local_innovation",
    name=_("Needs solved"),
    definition=_(
        "Needs brought by companies, cooperatives and administrations that were marked solved before the "
        "end of the quarter (the date a need is closed as solved). By region: the need's region; by "
        "institute: the institutes the hub assigned it to (matches naming an institute, not declined)."
    ),
    unit="needs",
    breakdowns=(REGION, INSTITUTE),
)
def needs_solved(snapshot: Snapshot) -> Figures:
    """Challenges of regional actors that the network answered."""
    solved = Need.objects.filter(status=Need.Status.SOLVED, closed_at__lt=snapshot.cutoff)
    by_region = solved.values("region").annotate(needs=Count("pk")).order_by()
    by_institute = (
        _assignments()
        .filter(need__status=Need.Status.SOLVED, need__closed_at__lt=snapshot.cutoff)
        .values("institute")
        .annotate(needs=Count("need", distinct=True))
        .order_by()
    )
    return Figures(
        national=count_cell(solved.count(), people=False),
        regions={
            pk: count_cell(row["needs"], people=False)
            for pk, row in grouped(by_region, "region", needs="needs").items()
        },
        institutes={
            pk: count_cell(row["needs"], people=False)
            for pk, row in grouped(by_institute, "institute", needs="needs").items()
        },
    )


def _median_days(seconds: list[Decimal]) -> Cell:
    days = (median(seconds) / 86400).quantize(Decimal("0.1"))
    return Cell(value=days)


@indicator(
    "need_days_to_assignment",
    priority="local_innovation",
    name=_("Median days from a need submitted to its assignment"),
    definition=_(
        "Over the needs assigned by the end of the quarter, the median of the days from the moment the need "
        "was recorded on the platform (its submission) to its assignment, to one decimal. A need assigned "
        "again (after being sent back to qualification) counts with its last assignment, the only one "
        "recorded. By region: the need's region; by institute: the institutes it was assigned to."
    ),
    unit="days",
    direction="lower",
    breakdowns=(REGION, INSTITUTE),
    decimals=1,
)
def need_days_to_assignment(snapshot: Snapshot) -> Figures:
    """How fast the hub finds an answer for a need (lower is better)."""
    waited = SecondsBetween(F("created_at"), F("assigned_at"))
    rows = Need.objects.filter(assigned_at__lt=snapshot.cutoff).annotate(waited=waited)
    every: list[Decimal] = []
    by_region: dict[int, list[Decimal]] = {}
    for region, seconds in rows.values_list("region", "waited"):
        every.append(Decimal(str(seconds)))
        by_region.setdefault(region, []).append(Decimal(str(seconds)))
    assignments = (
        _assignments()
        .filter(need__assigned_at__lt=snapshot.cutoff)
        .annotate(waited=SecondsBetween(F("need__created_at"), F("need__assigned_at")))
        .values_list("institute", "need", "waited")
        .distinct()
    )
    by_institute: dict[int, list[Decimal]] = {}
    for institute, _need, seconds in assignments:
        by_institute.setdefault(institute, []).append(Decimal(str(seconds)))
    return Figures(
        national=_median_days(every) if every else None,
        regions={pk: _median_days(values) for pk, values in by_region.items()},
        institutes={pk: _median_days(values) for pk, values in by_institute.items()},
    )


@indicator(
    "organisations_engaged",
    priority="local_innovation",
    name=_("Companies and startups engaged"),
    definition=_(
        "Distinct companies, startups and small or medium enterprises of the registry that, by the end of "
        "the quarter, took part in a project (recorded as its participant by then) or brought a need "
        "(recorded by then, not rejected, the organisation identified by the hub). By region and "
        "institute: those of the project (its lead institute) or of the need (its region, the institutes "
        "it was assigned to); an organisation counts once in each."
    ),
    unit="organisations",
    breakdowns=(REGION, INSTITUTE),
)
def organisations_engaged(snapshot: Snapshot) -> Figures:
    """The companies the network works with, through its projects and the needs they bring."""
    cutoff = snapshot.cutoff
    participants = Participant.objects.filter(
        organisation__kind__in=COMPANIES, created_at__lt=cutoff
    ).values_list("project__region", "project__lead_institute", "organisation")
    needs = (
        Need.objects.filter(organisation__kind__in=COMPANIES, created_at__lt=cutoff)
        .exclude(status=Need.Status.REJECTED)
        .values_list("region", "organisation")
    )
    assigned = (
        _assignments()
        .filter(
            need__organisation__kind__in=COMPANIES,
            need__created_at__lt=cutoff,
        )
        .exclude(need__status=Need.Status.REJECTED)
        .values_list("institute", "need__organisation")
    )
    national: set[int] = set()
    regions: dict[int, set[int]] = {}
    institutes: dict[int, set[int]] = {}
    for region, institute, organisation in participants.distinct():
        national.add(organisation)
        regions.setdefault(region, set()).add(organisation)
        institutes.setdefault(institute, set()).add(organisation)
    for region, organisation in needs.distinct():
        national.add(organisation)
        regions.setdefault(region, set()).add(organisation)
    for institute, organisation in assigned.distinct():
        institutes.setdefault(institute, set()).add(organisation)
    return Figures(
        national=count_cell(len(national), people=False),
        regions={pk: count_cell(len(found), people=False) for pk, found in regions.items()},
        institutes={pk: count_cell(len(found), people=False) for pk, found in institutes.items()},
    )


# --- Technological independence ----------------------------------------------------------------------------


@indicator(
    "reusable_components",
    priority="independence",
    name=_("Reusable components developed in the network"),
    definition=_(
        "Projects of the kind reusable component (the platform records no other mark of reuse) started by "
        "the end of the quarter: their start date falls in or before it, or, without a start date, the "
        "project was recorded by then. In their lead institute and that institute's region."
    ),
    unit="projects",
    breakdowns=(REGION, INSTITUTE),
)
def reusable_components(snapshot: Snapshot) -> Figures:
    """Building blocks the network makes for others to reuse."""
    components = Project.objects.filter(kind=Project.Kind.COMPONENT).filter(
        Q(starts_on__lte=snapshot.quarter.end) | Q(starts_on__isnull=True, created_at__lt=snapshot.cutoff)
    )
    rows = _by_scope(components, "region", "lead_institute", projects=Count("pk"))
    return _count_figures(rows, "projects")


# --- Trust -------------------------------------------------------------------------------------------------


@indicator(
    "deliverables_approved",
    priority="trust",
    name=_("Deliverables approved through review"),
    definition=_(
        "Deliverables (reports, datasets, models, software...) approved by a reviewer who is not one of "
        "their authors, by the end of the quarter: approved or published, approved on a date before its "
        "end (or, where no approval date is recorded, published before it). By institute: the project's "
        "lead institute, or the deliverable's own institute outside a project; by region: that institute's."
    ),
    unit="deliverables",
    breakdowns=(REGION, INSTITUTE),
)
def deliverables_approved(snapshot: Snapshot) -> Figures:
    """Results that passed an independent review."""
    approved = (
        Deliverable.objects.filter(status__in=Deliverable.EVIDENCE)
        .annotate(
            reviewed_at=Coalesce("approved_at", "published_at"),
            scope_institute=Coalesce("project__lead_institute", "institute"),
            scope_region=Coalesce("project__region", "institute__region"),
        )
        .filter(reviewed_at__lt=snapshot.cutoff)
    )
    rows = _by_scope(approved, "scope_region", "scope_institute", deliverables=Count("pk"))
    return _count_figures(rows, "deliverables")
