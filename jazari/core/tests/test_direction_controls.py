"""Direction controls (U+202A–U+202E, U+2066–U+2069) are refused in every name, title, code and email
address, whichever way it arrives: a workspace form, the API, a public form.

Which fields hold such text is read from the models and forms themselves, so a new one must carry the check
from the day it is added."""

import re

import pytest
from django import forms
from django.apps import apps
from django.db import models
from django.test import Client
from django.urls import get_resolver

from jazari.activities.tests.factories import open_training
from jazari.api.tests.conftest import bearer, token_for
from jazari.conftest import client_for
from jazari.core.validators import DIRECTION_CONTROLS, validate_no_direction_controls
from jazari.needs.models import Need
from jazari.needs.tests.test_needs import form_data
from jazari.network.models import Organisation, Person

SHORT_TEXT = re.compile(r"(^|_)(name|title|code|email|acronym)(_|$)")
CONTROLS = [chr(point) for point in [*range(0x202A, 0x202F), *range(0x2066, 0x206A)]]
SPOOF = "Coopérative \u202eeliforP\u202c"


def short_text_fields(fields) -> list:
    return [
        field
        for name, field in fields
        if SHORT_TEXT.search(name)
        and isinstance(field, models.CharField | forms.CharField)
        and not isinstance(field, models.SlugField | forms.SlugField)  # letters, digits and dashes only
        and not getattr(field, "choices", None)
    ]


def all_forms(cls=forms.BaseForm) -> set[type]:
    found = set()
    for sub in cls.__subclasses__():
        if sub.__module__.startswith("jazari."):
            found.add(sub)
        found |= all_forms(sub)
    return found


def test_it_knows_exactly_the_direction_controls():
    assert all(DIRECTION_CONTROLS.search(control) for control in CONTROLS)
    assert not DIRECTION_CONTROLS.search("سلمى Bennani \u200f 2030 ⵜⴰⵎⴰⵣⵉⵖⵜ")  # marks and scripts stay


def test_every_model_name_title_code_and_email_refuses_them():
    missing = [
        f"{model._meta.label}.{field.name}"
        for model in apps.get_models()
        if model.__module__.startswith("jazari.")
        and not model._meta.label.split(".")[1].startswith("Historical")
        for field in short_text_fields((field.name, field) for field in model._meta.concrete_fields)
        if field.editable and validate_no_direction_controls not in field.validators
    ]
    assert missing == []


def test_every_form_name_title_code_and_email_refuses_them():
    get_resolver().url_patterns  # import every view module, and the forms they declare  # noqa: B018
    missing = [
        f"{form.__module__}.{form.__name__}.{field_name}"
        for form in all_forms()
        # a model form's own fields are checked by its model (above); only the fields it declares itself here
        for field_name, field in (
            form.declared_fields if issubclass(form, forms.BaseModelForm) else form.base_fields
        ).items()
        if field in short_text_fields([(field_name, field)])
        and validate_no_direction_controls not in field.validators
    ]
    assert missing == []


@pytest.mark.django_db
def test_it_refuses_an_organisation_name_with_an_override_in_the_api(coordinator):
    response = Client().post(
        "/api/v1/organisations",
        {"name": SPOOF, "kind": "cooperative", "region": "MA-02"},
        content_type="application/json",
        headers={**bearer(token_for(coordinator)), "Accept-Language": "en"},
    )
    assert response.status_code == 422
    details = response.json()["error"]["details"]
    assert [detail["loc"] for detail in details] == [["body", "name"]]
    assert "direction-control" in details[0]["message"]
    assert not Organisation.objects.filter(name=SPOOF).exists()


@pytest.mark.django_db
def test_it_refuses_them_in_the_workspace_form(coordinator):
    response = client_for(coordinator).post(
        "/en/workspace/organisations/new/", {"name": SPOOF, "kind": "cooperative", "network_role": "partner"}
    )
    assert response.status_code == 200
    assert "invisible direction-control characters" in response.text
    assert not Organisation.objects.filter(name=SPOOF).exists()


@pytest.mark.django_db
@pytest.mark.parametrize("control", CONTROLS)
def test_it_refuses_each_of_them_in_an_arabic_name_at_registration(institute_a, control):
    activity = open_training(institute_a)
    form = {
        "given_name": "Salma",
        "family_name": "Bennani",
        "given_name_ar": f"سلمى{control}",
        "email": "salma@example.ma",
        "consent": "on",
    }
    response = Client().post(f"/en/activities/{activity.public_id}/register/", form)
    assert response.status_code == 400
    assert "invisible direction-control characters" in response.text
    assert not Person.objects.filter(email="salma@example.ma").exists()


@pytest.mark.django_db
def test_it_refuses_them_in_the_public_needs_form(reference):
    response = Client().post("/en/needs/submit/", form_data(contact_name="Karim \u2067Alaoui"))
    assert response.status_code == 400
    assert "invisible direction-control characters" in response.text
    assert not Need.objects.exists()
