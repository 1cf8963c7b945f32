"""Writes on projects, deliverables and matches; the same functions serve the pages, the API and the seed.

- `project_change_stage`: the only way a project's stage or TRL changes, through a recorded StageGate;
- `deliverable_add_version`, `deliverable_submit`, `deliverable_review`, `deliverable_publish`: the review
  workflow draft → submitted → changes requested / approved → published, where nobody reviews their own work;
- `need_assign`, `project_from_need`, `activity_from_need`: the hub's answer to a need.

Each runs in one transaction; emails leave after it commits.
"""

from collections.abc import Iterable
from datetime import timedelta
from typing import IO, Any

from django.core.files.base import File
from django.core.mail import send_mail
from django.db import transaction
from django.db.models import Max
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from jazari.accounts.models import Membership, Role, ScopeKind, User
from jazari.accounts.permissions import MANAGE_ROLES
from jazari.activities.models import Activity
from jazari.needs.models import Need
from jazari.needs.services import need_change_status
from jazari.network.models import Institute, Organisation, Person
from jazari.projects.files import check_upload
from jazari.projects.models import (
    STAGE_ORDER,
    Deliverable,
    DeliverableReview,
    DeliverableVersion,
    Match,
    Participant,
    Project,
    Stage,
    StageGate,
)


class ActionRefused(ValueError):
    """A write the rules or the workflow do not allow, with a reason people can act on."""


# --- Stage gates ------------------------------------------------------------------------------------------


def project_change_stage(
    *,
    project: Project,
    to_stage: str,
    decision: str,
    decided_by: Any,
    evidence: Iterable[Deliverable] = (),
    to_trl: int | None = None,
    note: str = "",
) -> StageGate:
    """Record a stage decision; an approved one moves the project (and its TRL) to what was asked.

    A gate moves forward (or closes the project); an approval needs evidence: approved or published
    deliverables of this project.
    """
    with transaction.atomic():
        project = Project.objects.select_for_update().get(pk=project.pk)
        if to_stage not in STAGE_ORDER:
            raise ActionRefused(_("Choose a stage among the project stages."))
        if project.stage == Stage.CLOSED:
            raise ActionRefused(_("This project is closed: no further stage decision can be recorded."))
        if to_stage != Stage.CLOSED and STAGE_ORDER.index(to_stage) <= project.stage_index:
            raise ActionRefused(_("A stage gate moves a project forward: choose a later stage."))
        wanted_trl = project.trl if to_trl is None else int(to_trl)
        if not 1 <= wanted_trl <= 9:
            raise ActionRefused(_("A TRL lies between 1 and 9."))
        if decision not in StageGate.Decision.values:
            raise ActionRefused(_("The decision is approved, rejected or deferred."))
        evidence = list(evidence)
        wrong = [d for d in evidence if d.project_id != project.pk or d.status not in Deliverable.EVIDENCE]
        if wrong:
            raise ActionRefused(
                _("Only this project's approved or published deliverables are evidence; not: %(titles)s.")
                % {"titles": ", ".join(d.title for d in wrong)}
            )
        if decision == StageGate.Decision.APPROVED and to_stage != Stage.CLOSED and not evidence:
            raise ActionRefused(_("Approving a stage needs evidence: at least one approved deliverable."))
        gate = StageGate.objects.create(
            project=project,
            from_stage=project.stage,
            to_stage=to_stage,
            from_trl=project.trl,
            to_trl=wanted_trl,
            decision=decision,
            decided_by=decided_by,
            note=note,
        )
        gate.evidence.set(evidence)
        if decision == StageGate.Decision.APPROVED:
            project.stage, project.trl = to_stage, wanted_trl
            project.save()
    return gate


# --- Deliverables -----------------------------------------------------------------------------------------


def deliverable_add_version(
    *, deliverable: Deliverable, upload: IO[bytes], name: str, size: int, uploaded_by: Any, note: str = ""
) -> DeliverableVersion:
    """Check the file (size, type from the content) and store it under a random name; a refused file is not
    kept anywhere (`files.FileRefused`)."""
    if deliverable.status in (Deliverable.Status.APPROVED, Deliverable.Status.PUBLISHED):
        raise ActionRefused(_("An approved deliverable cannot change: add a new deliverable instead."))
    checked = check_upload(upload, name, size)
    with transaction.atomic():
        locked = Deliverable.objects.select_for_update().get(pk=deliverable.pk)
        number = (locked.versions.aggregate(last=Max("number"))["last"] or 0) + 1
        version = DeliverableVersion(
            deliverable=locked,
            number=number,
            original_name=checked.original_name,
            content_type=checked.content_type,
            size=checked.size,
            sha256=checked.sha256,
            note=note,
            uploaded_by=uploaded_by,
        )
        version.file.save(checked.original_name, File(upload), save=False)
        stored = version.file.name
        try:
            version.save()
        except Exception:
            version.file.storage.delete(stored)
            raise
    return version


def reviewers_of(deliverable: Deliverable) -> list[User]:
    """Who is told a deliverable waits for review: the managers of its institute, else the hub's
    coordinators; never its authors."""
    authors = set(deliverable.authors.values_list("pk", flat=True))
    managers = Membership.objects.filter(
        scope_kind=ScopeKind.INSTITUTE, institute=deliverable.institute, role__in=MANAGE_ROLES
    ).values_list("user", flat=True)
    people = list(User.objects.filter(pk__in=managers, is_active=True).exclude(pk__in=authors))
    if not people:
        hub = Membership.objects.filter(scope_kind=ScopeKind.NATIONAL, role=Role.COORDINATOR).values_list(
            "user", flat=True
        )
        people = list(User.objects.filter(pk__in=hub, is_active=True).exclude(pk__in=authors))
    return people


def deliverable_submit(*, deliverable: Deliverable, by: Any, base_url: str = "") -> Deliverable:
    """Send a deliverable with at least one version for review, and tell its reviewers by email."""
    with transaction.atomic():
        deliverable = Deliverable.objects.select_for_update().get(pk=deliverable.pk)
        if deliverable.status not in (Deliverable.Status.DRAFT, Deliverable.Status.CHANGES_REQUESTED):
            raise ActionRefused(_("Only a draft, or a deliverable with changes requested, can be submitted."))
        if not deliverable.versions.exists():
            raise ActionRefused(_("Upload a file before submitting the deliverable for review."))
        deliverable.status = Deliverable.Status.SUBMITTED
        deliverable.submitted_at = timezone.now()
        deliverable.save()
        recipients = [user.email for user in reviewers_of(deliverable)]
        path = reverse("projects_workspace:deliverable", kwargs={"public_id": deliverable.public_id})
        link = f"{base_url}{path}"
        subject = _("Review asked: %(title)s") % {"title": deliverable.title}
        body = _("The deliverable “%(title)s” was submitted for review by %(author)s.\n%(link)s") % {
            "title": deliverable.title,
            "author": getattr(by, "email", ""),
            "link": link,
        }
        if recipients:
            transaction.on_commit(lambda: send_mail(subject, body, None, recipients))
    return deliverable


def deliverable_review(
    *, deliverable: Deliverable, reviewer: Any, decision: str, comment: str = ""
) -> DeliverableReview:
    """Approve a submitted deliverable or ask for changes. Its authors may never review it."""
    with transaction.atomic():
        deliverable = Deliverable.objects.select_for_update().get(pk=deliverable.pk)
        if not reviewer.has_perm("projects.review_deliverable", deliverable):
            if deliverable.is_author(reviewer):
                raise ActionRefused(
                    _("You are an author of this deliverable: another person must review it.")
                )
            raise ActionRefused(_("Only a manager of the deliverable's institute or the hub may review it."))
        if deliverable.status != Deliverable.Status.SUBMITTED:
            raise ActionRefused(_("Only a deliverable submitted for review can be reviewed."))
        if decision not in DeliverableReview.Decision.values:
            raise ActionRefused(_("The decision is “approved” or “changes requested”."))
        if decision == DeliverableReview.Decision.CHANGES_REQUESTED and not comment.strip():
            raise ActionRefused(_("Say which changes are needed in the comment."))
        review = DeliverableReview.objects.create(
            deliverable=deliverable,
            version=deliverable.versions.order_by("-number").first(),
            reviewer=reviewer,
            decision=decision,
            comment=comment,
        )
        deliverable.status = decision
        if decision == DeliverableReview.Decision.APPROVED:
            deliverable.approved_at = timezone.now()
        deliverable.save()
        authors = [a.email for a in deliverable.authors.all() if a.email]
        subject = _("Review of %(title)s: %(decision)s") % {
            "title": deliverable.title,
            "decision": review.get_decision_display(),
        }
        if authors:
            transaction.on_commit(lambda: send_mail(subject, comment or subject, None, authors))
    return review


def deliverable_publish(*, deliverable: Deliverable, by: Any) -> Deliverable:
    if not by.has_perm("projects.publish_deliverable", deliverable):
        raise ActionRefused(_("Only a manager of the deliverable's institute or the hub may publish it."))
    if deliverable.status != Deliverable.Status.APPROVED:
        raise ActionRefused(_("Only an approved deliverable can be published."))
    deliverable.status = Deliverable.Status.PUBLISHED
    deliverable.published_at = timezone.now()
    deliverable.save()
    return deliverable


# --- Needs ------------------------------------------------------------------------------------------------


def need_assign(
    *,
    need: Need,
    by: Any,
    note: str,
    institute: Institute | None = None,
    person: Person | None = None,
    project: Project | None = None,
    organisation: Organisation | None = None,
    base_url: str = "",
) -> Match:
    """The hub assigns a need, with a note saying why: a Match, and the need becomes "assigned"."""
    if not any((institute, person, project, organisation)):
        raise ActionRefused(_("Choose an institute, an expert, a project or an organisation."))
    if not note.strip():
        raise ActionRefused(_("Say in a few words why this answer fits the need."))
    with transaction.atomic():
        if need.status != Need.Status.ASSIGNED:
            need = need_change_status(need=need, status=Need.Status.ASSIGNED, base_url=base_url)
        match = Match.objects.create(
            need=need,
            institute=institute or (project.lead_institute if project else None),
            person=person,
            project=project,
            organisation=organisation,
            note=note.strip(),
            made_by=by,
        )
        if project is not None:
            project.needs.add(need)
    return match


def project_from_need(*, need: Need, institute: Institute, by: Any, base_url: str = "") -> Project:
    """Open a project of `institute` answering `need` (stage idea, internal); the need is in progress."""
    if not need.is_open:
        raise ActionRefused(_("This need is no longer open."))
    with transaction.atomic():
        project = Project.objects.create(
            title=need.title,
            summary=need.description,
            kind=Project.Kind.PROOF_OF_CONCEPT,
            lead_institute=institute,
        )
        project.themes.set(need.themes.all())
        project.needs.add(need)
        Participant.objects.create(project=project, role=Participant.Role.LEAD, institute=institute)
        if need.organisation_id:
            Participant.objects.create(
                project=project, role=Participant.Role.END_USER, organisation_id=need.organisation_id
            )
        if not need.matches.filter(institute=institute).exists():
            Match.objects.create(
                need=need, institute=institute, project=project, note=_("Answered by a project."), made_by=by
            )
        if need.status != Need.Status.IN_PROGRESS:
            if need.status != Need.Status.ASSIGNED:
                need = need_change_status(need=need, status=Need.Status.ASSIGNED, notify=False)
            need_change_status(need=need, status=Need.Status.IN_PROGRESS, base_url=base_url)
    return project


def activity_from_need(*, need: Need, institute: Institute, by: Any, base_url: str = "") -> Activity:
    """Open a co-design session of `institute` on `need` (a draft to complete and publish)."""
    if not need.is_open:
        raise ActionRefused(_("This need is no longer open."))
    with transaction.atomic():
        starts = timezone.now().replace(minute=0, second=0, microsecond=0) + timedelta(days=30)
        activity = Activity.objects.create(
            title=_("Co-design: %(title)s") % {"title": need.title},
            kind=Activity.Kind.CO_DESIGN,
            organiser=institute,
            region=need.region,
            starts_at=starts,
            ends_at=starts + timedelta(hours=3),
            languages=need.language,
            description=need.description,
            is_public=False,
        )
        activity.themes.set(need.themes.all())
        if not need.matches.filter(institute=institute).exists():
            Match.objects.create(need=need, institute=institute, note=_("Co-design session."), made_by=by)
        if need.status != Need.Status.IN_PROGRESS:
            if need.status != Need.Status.ASSIGNED:
                need = need_change_status(need=need, status=Need.Status.ASSIGNED, notify=False)
            need_change_status(need=need, status=Need.Status.IN_PROGRESS, base_url=base_url)
    return activity
