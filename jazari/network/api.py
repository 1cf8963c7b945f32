"""The network registry in the API: regions, institutes, organisations and public expert profiles.

The same rules as the pages: lists use the pages' FilterSets (`filters.py`), writes go through the
workspace's forms (`forms.py`: the same validation, the same choices limited to the caller's scope) and every
object check is `request.user.has_perm(...)` (`rules.py`). Codes stand for related rows: a region is
`MA-01`, a theme or a skill its `code`, an institute its `slug`, an organisation or a person its `public_id`.
"""

import re
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from typing import Annotated, Any
from uuid import UUID

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import models, transaction
from django.http import Http404, HttpRequest
from django.utils.translation import gettext as _
from ninja import Field, Path, Router, Schema
from ninja.errors import AuthenticationError, HttpError
from ninja.pagination import paginate
from ninja.responses import Status
from pydantic import (
    AfterValidator,
    BaseModel,
    BeforeValidator,
    ConfigDict,
    GetCoreSchemaHandler,
    GetJsonSchemaHandler,
    StringConstraints,
    WithJsonSchema,
)
from pydantic_core import PydanticCustomError, core_schema

from jazari.accounts.api import ANYONE, SIGNED_IN
from jazari.accounts.permissions import EDIT_ROLES, holds_national_role, visible_to
from jazari.core.models import Skill, Theme
from jazari.network.filters import InstituteFilter, OrganisationFilter, PersonFilter
from jazari.network.forms import InstituteForm, OrganisationForm, ScopedForm
from jazari.network.models import Institute, Organisation, Person, Region
from jazari.network.rules import INSTITUTE_IDENTITY_FIELDS

router = Router(auth=SIGNED_IN)


# --- Schemas --------------------------------------------------------------------------------------------


def _no_null_character(value: str) -> str:
    # A NUL cannot be stored in PostgreSQL text: refuse it as bad input rather than fail on saving.
    if "\x00" in value:
        raise ValueError("null characters are not allowed")
    return value


Text = Annotated[str, AfterValidator(_no_null_character)]

# The characters a model's validators may refuse in text (null, direction controls), and the white space a
# form strips (Python's), written for a pattern that JSON Schema, Python and pydantic read alike.
PROBED_CHARACTERS = "\x00\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069"
WHITE_SPACE = (
    "\\t\\n\\x0b\\x0c\\r\\x1c-\\x1f \\x85\\xa0\\u1680\\u2000-\\u200a\\u2028\\u2029\\u202f\\u205f\\u3000"
)
# Shapes the form accepts, narrowed to what a script sends: ASCII addresses.
LABEL = "[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?"
EMAIL = (
    "^(?:[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+(?:\\.[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+)*"
    f"@(?:{LABEL}\\.)+[A-Za-z][A-Za-z-]{{0,61}}[A-Za-z])?$"
)
URL = f"^(?:https?://(?:{LABEL}\\.)+[A-Za-z]{{2,63}}(?:/[A-Za-z0-9._~%/-]*)?)?$"
SLUG = "^[-a-zA-Z0-9_]+$"


def _refuses(field: models.Field[Any, Any], character: str) -> bool:
    try:
        for validator in field.validators:
            validator(f"a{character}")
    except ValidationError:
        return True
    return False


def _no_default(schema: dict[str, Any]) -> None:
    schema.pop("default", None)


def text_of(model: type[models.Model], field_name: str, shape: str | None = None) -> Any:
    """The type of a model's text field in a request, declared and checked as the form and the model check
    it: its length, not blank when it is required, without the characters its validators refuse (refused
    with the validator's own message); or in `shape`, a pattern within what the form accepts."""
    field = model._meta.get_field(field_name)
    assert isinstance(field, models.Field)
    if shape is not None:
        return StringConstraints(max_length=field.max_length, pattern=shape)
    refused = [c for c in PROBED_CHARACTERS if _refuses(field, c)]
    return plain_text(max_length=field.max_length, blank=field.blank, refused=refused, field=field)


def plain_text(
    *,
    max_length: int | None = None,
    blank: bool = True,
    refused: Iterable[str] = (),
    field: models.Field[Any, Any] | None = None,
) -> "PlainText":
    """Text of at most `max_length` characters, never with a null character (the API refuses it everywhere:
    `jazari.api.parser`) nor with those `refused`; with something else than white space unless `blank`."""
    return PlainText(
        max_length=max_length, blank=blank, refused="".join(dict.fromkeys(["\x00", *refused])), field=field
    )


@dataclass(frozen=True)
class PlainText:
    """Request text whose document declares the pattern it must match, and whose check says in words what
    is wrong: a refused character with the model validator's message, blank text with the form's."""

    max_length: int | None
    blank: bool
    refused: str
    field: models.Field[Any, Any] | None = None

    @property
    def pattern(self) -> str:
        characters = "".join(f"\\x{ord(c):02x}" if c < "\x80" else f"\\u{ord(c):04x}" for c in self.refused)
        allowed = f"[^{characters}]*"
        return f"^{allowed}$" if self.blank else f"^{allowed}[^{characters}{WHITE_SPACE}]{allowed}$"

    def __get_pydantic_core_schema__(self, source: Any, handler: GetCoreSchemaHandler) -> Any:
        text = core_schema.str_schema(max_length=self.max_length)
        return core_schema.no_info_after_validator_function(self._check, text)

    def __get_pydantic_json_schema__(self, schema: Any, handler: GetJsonSchemaHandler) -> dict[str, Any]:
        declared = handler(schema)
        declared["pattern"] = self.pattern
        return declared

    def _check(self, value: str) -> str:
        if any(character in self.refused for character in value):
            if self.field is not None:
                try:
                    self.field.run_validators(value)
                except ValidationError as error:
                    raise PydanticCustomError("refused_characters", " ".join(error.messages)) from None
            raise PydanticCustomError(
                "refused_characters", str(_("This text holds characters that are refused."))
            )
        if not self.blank and re.fullmatch(f"[{WHITE_SPACE}]*", value):
            raise PydanticCustomError("blank", str(_("This field cannot be blank.")))
        return value


def _date_as_text(value: Any) -> Any:
    if not isinstance(value, str) or not re.match(r"^[0-9]{4}-[0-9]{2}-[0-9]{2}$", value):
        raise ValueError("a date is written YYYY-MM-DD")
    return value


# A date in a request: text in the form YYYY-MM-DD, as declared (not a number, nor a date and time).
IsoDate = Annotated[date, BeforeValidator(_date_as_text)]


def optional(description: str | None = None) -> Any:
    """The default of a field a client may leave out (PATCH), documented without a default value."""
    return Field(None, description=description, json_schema_extra=_no_default)


@dataclass(frozen=True)
class CodeOf:
    """A related row named by its code: the OpenAPI document lists the codes that exist when it is written,
    "" too where the relation may be empty."""

    model: type[models.Model]
    blank: bool = False
    field: str = "code"

    def __get_pydantic_json_schema__(self, core_schema: Any, handler: GetJsonSchemaHandler) -> dict[str, Any]:
        codes = list(self.model._default_manager.order_by(self.field).values_list(self.field, flat=True))
        return {"type": "string", "enum": [*codes, *([""] if self.blank else [])]}


def values_of(model: type[models.Model], field_name: str) -> dict[str, Any]:
    """The documented values (`enum`) of a field with choices, "" too if it may be blank; the form checks
    them."""
    field = model._meta.get_field(field_name)
    values = [str(value) for value, _label in field.choices or []]  # type: ignore[union-attr]
    if getattr(field, "blank", False) and "" not in values:
        values.append("")
    return {"enum": values}


def one_of(model: type[models.Model], field_name: str) -> WithJsonSchema:
    """A string documented with the values of a field with choices. Unlike `Field(json_schema_extra=...)`,
    it stays right on an optional field: `anyOf: [{"type": "string", "enum": [...]}, {"type": "null"}]`."""
    return WithJsonSchema({"type": "string", **values_of(model, field_name)})


InstituteKind = Annotated[str, one_of(Institute, "kind")]
InstituteStatus = Annotated[str, one_of(Institute, "status")]
OrganisationKind = Annotated[str, one_of(Organisation, "kind")]
SizeBand = Annotated[str, one_of(Organisation, "size_band")]
NetworkRole = Annotated[str, one_of(Organisation, "network_role")]


class RegionOut(Schema):
    code: str = Field(examples=["MA-02"])
    name: str = Field(description="In the language of the request (Accept-Language), or its fallback.")
    name_fr: str
    name_ar: str
    name_en: str
    name_zgh: str
    capital: str
    capital_lat: float
    capital_lon: float
    population_2024: int


class InstituteOut(Schema):
    slug: str
    name: str = Field(description="In the language of the request (Accept-Language), or its fallback.")
    name_fr: str
    name_ar: str
    name_en: str
    name_zgh: str
    kind: InstituteKind
    status: InstituteStatus
    status_date: date | None
    region: str = Field(description="Region code.")
    city: str
    latitude: float | None
    longitude: float | None
    focus: str
    themes: list[str] = Field(description="Theme codes.")
    parent: str | None = Field(description="Short name of the parent institute (the hub).")
    contact_email: str
    website: str

    @staticmethod
    def resolve_region(institute: Institute) -> str:
        return institute.region.code

    @staticmethod
    def resolve_themes(institute: Institute) -> list[str]:
        return [theme.code for theme in institute.themes.all()]

    @staticmethod
    def resolve_parent(institute: Institute) -> str | None:
        return institute.parent.slug if institute.parent else None


class InstitutePatch(Schema):
    """The fields to change; the others keep their value. `null` empties a field that may be empty. The
    identity fields (`slug`, `kind`, `region`, `status`, `status_date`) are the national coordinator's
    to change (`network.change_institute_identity`): anyone else's change to one of them is a 403."""

    model_config = ConfigDict(extra="forbid")

    name_fr: Annotated[str, text_of(Institute, "name_fr")] = optional()
    name_ar: Annotated[str, text_of(Institute, "name_ar")] | None = None
    name_en: Annotated[str, text_of(Institute, "name_en")] | None = None
    name_zgh: Annotated[str, text_of(Institute, "name_zgh")] | None = None
    slug: Annotated[str, text_of(Institute, "slug", SLUG)] = optional()
    kind: InstituteKind = optional()
    region: Annotated[str, CodeOf(Region)] = optional("Region code.")
    city: Annotated[str, text_of(Institute, "city")] = optional()
    status: InstituteStatus = optional()
    status_date: IsoDate | None = None
    focus: Annotated[str, text_of(Institute, "focus")] | None = None
    themes: list[Annotated[str, CodeOf(Theme)]] | None = Field(
        None, description="Theme codes; replaces the current themes."
    )
    contact_email: Annotated[str, text_of(Institute, "contact_email", EMAIL)] | None = None
    website: Annotated[str, text_of(Institute, "website", URL)] | None = None


class OrganisationOut(BaseModel):
    """An organisation as the API shows it. Built from `.values()` rows (`_organisation_rows`), not from model
    instances: a page of 50 is read and checked without creating 150 objects (the row and its joins)."""

    public_id: UUID
    name: str
    name_ar: str
    acronym: str
    kind: OrganisationKind
    region: str | None = Field(validation_alias="region__code", description="Region code.")
    city: str
    sector: str | None = Field(validation_alias="sector__code", description="Theme code.")
    size_band: SizeBand
    network_role: NetworkRole
    website: str


class OrganisationPatch(Schema):
    """The fields to change; the others keep their value. `null` empties a field that may be empty."""

    model_config = ConfigDict(extra="forbid")

    name: Annotated[str, text_of(Organisation, "name")] = optional()
    name_ar: Annotated[str, text_of(Organisation, "name_ar")] | None = None
    acronym: Annotated[str, text_of(Organisation, "acronym")] | None = None
    kind: OrganisationKind = optional()
    region: Annotated[str, CodeOf(Region, blank=True)] | None = Field(None, description="Region code.")
    city: Annotated[str, text_of(Organisation, "city")] | None = None
    sector: Annotated[str, CodeOf(Theme, blank=True)] | None = Field(None, description="Theme code.")
    size_band: SizeBand | None = None
    network_role: NetworkRole | None = None
    website: Annotated[str, text_of(Organisation, "website", URL)] | None = None


class OrganisationIn(OrganisationPatch):
    """A new organisation. Outside the hub, it must lie in a region the caller edits."""

    name: Annotated[str, text_of(Organisation, "name")]
    kind: OrganisationKind


class PersonOut(Schema):
    """What a person agreed to publish: never their email address, gender or consent details."""

    public_id: UUID
    given_name: str
    family_name: str
    given_name_ar: str
    family_name_ar: str
    region: str | None = Field(description="Region code.")
    skills: list[str] = Field(description="Skill codes.")
    themes: list[str] = Field(description="Theme codes.")
    languages: list[str] = Field(description="Codes of the languages spoken (ar, zgh, fr, en).")
    keywords: str

    @staticmethod
    def resolve_region(person: Person) -> str | None:
        return person.region.code if person.region else None

    @staticmethod
    def resolve_skills(person: Person) -> list[str]:
        return [skill.code for skill in person.skills.all()]

    @staticmethod
    def resolve_themes(person: Person) -> list[str]:
        return [theme.code for theme in person.themes.all()]

    @staticmethod
    def resolve_languages(person: Person) -> list[str]:
        return person.languages.split()


INSTITUTE_COLUMNS = [
    "slug", "name_fr", "name_ar", "name_en", "name_zgh", "kind", "status", "status_date", "region", "city",
    "latitude", "longitude", "focus", "parent", "contact_email", "website",
]  # fmt: skip
ORGANISATION_ROW = [
    "public_id", "name", "name_ar", "acronym", "kind", "region__code", "city", "sector__code", "size_band",
    "network_role", "website",
]  # fmt: skip
PERSON_COLUMNS = [
    "public_id", "given_name", "family_name", "given_name_ar", "family_name_ar", "region", "languages",
    "keywords",
]  # fmt: skip


# --- Helpers ----------------------------------------------------------------------------------------------


def _require(request: HttpRequest, perm: str, obj: models.Model | None = None) -> None:
    """401 for an anonymous caller, 403 for a signed-in one without the permission."""
    if not request.user.is_authenticated:
        raise AuthenticationError()
    if not request.user.has_perm(perm, obj):
        raise PermissionDenied(_("You may not do this to this record."))


# Lists read only the columns their schema shows (a forgotten one would cost a query per row: the query-count
# tests would fail), and related rows through one join or one prefetch each. One record is read whole, as it
# may be saved.
def _institutes(*, listed: bool = False) -> models.QuerySet[Institute]:
    institutes = Institute.objects.select_related("region", "parent")
    if listed:
        institutes = institutes.only(*INSTITUTE_COLUMNS, "region__code", "parent__slug")
    return institutes.prefetch_related(models.Prefetch("themes", Theme.objects.only("code")))


def _organisation_rows(organisations: models.QuerySet[Organisation]) -> models.QuerySet[Any]:
    """The organisations as the rows `OrganisationOut` reads: one query, with the region and sector joined."""
    return organisations.values(*ORGANISATION_ROW)


def _people() -> models.QuerySet[Person]:
    return (
        Person.objects.public()
        .select_related("region")
        .only(*PERSON_COLUMNS, "region__code")
        .prefetch_related(
            models.Prefetch("skills", Skill.objects.only("code")),
            models.Prefetch("themes", Theme.objects.only("code")),
        )
    )


def _institute(slug: str) -> Institute:
    institute = _institutes().filter(slug=slug).first()
    if institute is None:
        raise Http404(_("No institute has the short name “%(slug)s”.") % {"slug": slug})
    return institute


def _organisation(public_id: UUID) -> Organisation:
    organisation = Organisation.objects.filter(public_id=public_id).first()
    if organisation is None:
        raise Http404(_("No organisation has this identifier."))
    return organisation


def _organisation_row(public_id: UUID) -> dict[str, Any]:
    row = _organisation_rows(Organisation.objects.filter(public_id=public_id)).first()
    if row is None:
        raise Http404(_("No organisation has this identifier."))
    return row


# A form's errors when another record already has the same short name, or the same name in the region.
UNIQUE_ERRORS = frozenset({"unique", "unique_together"})

# Related rows are named by their code in the API and by their primary key in the forms.
CODES: dict[str, type[models.Model]] = {"region": Region, "sector": Theme, "themes": Theme}


def _form_value(name: str, value: Any) -> Any:
    model = CODES.get(name)
    if model is None or value is None:
        return value
    if isinstance(value, list):
        found = dict(model._default_manager.filter(code__in=value).values_list("code", "pk"))
        return [found.get(code, code) for code in value]
    # An unknown code stays as it is: the form refuses it ("Select a valid choice").
    return model._default_manager.filter(code=value).values_list("pk", flat=True).first() or value


def _initial_value(value: Any) -> Any:
    if isinstance(value, list):  # many-to-many: model instances
        return [getattr(item, "pk", item) for item in value]
    return value


def _filled_form(
    form_class: type[ScopedForm],
    request: HttpRequest,
    instance: models.Model | None,
    changes: dict[str, Any],
) -> ScopedForm:
    """The workspace's form for `instance` (None: a new one): its current values with `changes` on top,
    validated as on the pages. Invalid data raise a ValidationError (422)."""
    current = form_class(instance=instance, user=request.user)
    data = {
        name: _form_value(name, changes[name])
        if name in changes
        else _initial_value(current.initial.get(name))
        for name in current.fields
    }
    form = form_class(data, instance=instance, user=request.user)
    if not form.is_valid():
        errors = form.errors.as_data()
        if all(error.code in UNIQUE_ERRORS for field_errors in errors.values() for error in field_errors):
            # Valid data, that another record already has: a conflict with it, not a mistake in the request.
            messages = [
                str(message) for errs in errors.values() for error in errs for message in error.messages
            ]
            raise HttpError(409, " ".join(messages))
        raise ValidationError(errors)
    return form


def _check_identity_changes(request: HttpRequest, institute: Institute, changes: dict[str, Any]) -> None:
    """403, naming the fields, when the caller changes identity fields they may not change. A field sent
    with its current value (a record read, edited and sent back whole) is no change, and is left alone."""
    if request.user.has_perm("network.change_institute_identity", institute):
        return
    shown = InstituteOut.model_validate(institute).model_dump()
    refused = [name for name in INSTITUTE_IDENTITY_FIELDS if name in changes and changes[name] != shown[name]]
    if refused:
        raise PermissionDenied(
            _(
                "Only the national coordinator may change an institute's identity; "
                "you may not change: %(fields)s."
            )
            % {"fields": ", ".join(refused)}
        )


def _check_region_for_new_organisation(request: HttpRequest, region_code: str | None) -> None:
    """Outside the hub, one adds organisations only in a region one edits, so one may edit them afterwards."""
    if holds_national_role(request.user, EDIT_ROLES):
        return
    regions = visible_to(Region.objects.filter(code=region_code or ""), request.user, EDIT_ROLES)
    if not regions.exists():
        raise PermissionDenied(_("You may add organisations only in a region you edit."))


# --- Regions ----------------------------------------------------------------------------------------------


@router.get("/regions", response=list[RegionOut], auth=ANYONE, summary="List the 12 regions")
@paginate
def region_list(request: HttpRequest) -> models.QuerySet[Region]:
    return Region.objects.order_by("code")


@router.get("/regions/{slug:code}", response=RegionOut, auth=ANYONE, summary="One region")
def region_detail(request: HttpRequest, code: Annotated[str, Path(example="MA-02")]) -> Region:
    region = Region.objects.filter(code=code).first()
    if region is None:
        raise Http404(_("No region has the code “%(code)s”.") % {"code": code})
    return region


# --- Institutes -------------------------------------------------------------------------------------------


@router.get("/institutes", response=list[InstituteOut], auth=ANYONE, summary="List the institutes")
@paginate(filterset=InstituteFilter)
def institute_list(request: HttpRequest) -> models.QuerySet[Institute]:
    return _institutes(listed=True)


@router.get("/institutes/{slug:slug}", response=InstituteOut, auth=ANYONE, summary="One institute")
def institute_detail(request: HttpRequest, slug: Annotated[str, Path(example="jazari-nador")]) -> Institute:
    return _institute(slug)


@router.patch("/institutes/{slug:slug}", response=InstituteOut, summary="Change an institute")
def institute_update(
    request: HttpRequest, slug: Annotated[str, Path(example="jazari-nador")], payload: InstitutePatch
) -> Institute:
    """Needs `network.change_institute` on this institute: its managers and editors, its region's, the hub."""
    institute = _institute(slug)
    _require(request, "network.change_institute", institute)
    changes = payload.model_dump(exclude_unset=True)
    _check_identity_changes(request, institute, changes)
    form = _filled_form(InstituteForm, request, institute, changes)
    with transaction.atomic():
        saved = form.save()
    return _institute(saved.slug)


# --- Organisations ----------------------------------------------------------------------------------------


@router.get("/organisations", response=list[OrganisationOut], auth=ANYONE, summary="List the organisations")
@paginate(filterset=OrganisationFilter, rows=_organisation_rows)
def organisation_list(request: HttpRequest) -> models.QuerySet[Organisation]:
    return Organisation.objects.all()


@router.get(
    "/organisations/{uuid:public_id}", response=OrganisationOut, auth=ANYONE, summary="One organisation"
)
def organisation_detail(request: HttpRequest, public_id: UUID) -> dict[str, Any]:
    return _organisation_row(public_id)


@router.post("/organisations", response={201: OrganisationOut}, summary="Add an organisation")
def organisation_create(request: HttpRequest, payload: OrganisationIn) -> Status:
    """Needs `network.add_organisation`; outside the hub, the region must be one the caller edits."""
    _require(request, "network.add_organisation")
    _check_region_for_new_organisation(request, payload.region)
    form = _filled_form(OrganisationForm, request, None, payload.model_dump(exclude_unset=True))
    with transaction.atomic():
        organisation = form.save()
    return Status(201, _organisation_row(organisation.public_id))


@router.patch("/organisations/{uuid:public_id}", response=OrganisationOut, summary="Change an organisation")
def organisation_update(request: HttpRequest, public_id: UUID, payload: OrganisationPatch) -> dict[str, Any]:
    """Needs `network.change_organisation` on this organisation: its editors, its region's, the hub."""
    organisation = _organisation(public_id)
    _require(request, "network.change_organisation", organisation)
    form = _filled_form(OrganisationForm, request, organisation, payload.model_dump(exclude_unset=True))
    with transaction.atomic():
        form.save()
    return _organisation_row(public_id)


# --- People -----------------------------------------------------------------------------------------------


@router.get("/people", response=list[PersonOut], auth=ANYONE, summary="List the public expert profiles")
@paginate(filterset=PersonFilter)
def person_list(request: HttpRequest) -> models.QuerySet[Person]:
    """Only people who consented to a public profile, for every caller, and only what they published."""
    return _people()
