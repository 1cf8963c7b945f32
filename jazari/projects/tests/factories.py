"""Test data for projects, deliverables and needs, built with the models and services the product uses."""

import io
import zipfile
from datetime import timedelta
from typing import Any

from django.utils import timezone

from jazari.accounts.models import Role, User
from jazari.accounts.services import account_ensure, membership_grant
from jazari.conftest import PASSWORD
from jazari.needs.models import Need
from jazari.needs.services import need_submit
from jazari.network.models import Institute, Region
from jazari.projects.models import Deliverable, Project
from jazari.projects.services import deliverable_add_version, deliverable_submit

PDF_BYTES = b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n"


def project_of(institute: Institute, **fields: Any) -> Project:
    values = {
        "title": "Détection des maladies du palmier dattier",
        "kind": Project.Kind.PROTOTYPE,
        "lead_institute": institute,
    }
    values.update(fields)
    return Project.objects.create(**values)


def deliverable_of(project: Project, *, authors: tuple[User, ...] = (), **fields: Any) -> Deliverable:
    values = {
        "title": "Rapport d'évaluation du modèle",
        "kind": Deliverable.Kind.TECHNICAL,
        "project": project,
        "institute": project.lead_institute,
    }
    values.update(fields)
    deliverable = Deliverable.objects.create(**values)
    deliverable.authors.set(authors)
    return deliverable


def upload_pdf(deliverable: Deliverable, by: User, name: str = "rapport.pdf") -> Any:
    return deliverable_add_version(
        deliverable=deliverable, upload=io.BytesIO(PDF_BYTES), name=name, size=len(PDF_BYTES), uploaded_by=by
    )


def submitted_deliverable(project: Project, author: User) -> Deliverable:
    deliverable = deliverable_of(project, authors=(author,))
    upload_pdf(deliverable, author)
    return deliverable_submit(deliverable=deliverable, by=author)


def docx_bytes() -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("word/document.xml", "<document/>")
    return buffer.getvalue()


def zip_bytes() -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("data/readme.txt", "hello")
    return buffer.getvalue()


def staff_of(institute: Institute, email: str, role: str = Role.EDITOR) -> User:
    user = account_ensure(email=email, password=PASSWORD)
    membership_grant(user=user, role=role, scope=institute)
    return user


def need_in(region_code: str = "MA-02", **fields: Any) -> Need:
    values: dict[str, Any] = {
        "title": "Prévoir la demande d'eau d'irrigation",
        "description": "Nous voulons prévoir la consommation d'eau de nos adhérents.",
        "kind": Need.Kind.TECHNOLOGY,
        "organisation_name": "Coopérative Al Amal",
        "organisation_kind": "cooperative",
        "contact_name": "Samira Bennani",
        "contact_email": "samira@example.ma",
        "region": Region.objects.get(code=region_code),
    }
    values.update(fields)
    return need_submit(**values)


def days_ago(days: int) -> Any:
    return timezone.localdate() - timedelta(days=days)
