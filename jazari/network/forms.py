"""Forms of the workspace. Choices of regions, institutes and organisations are limited to the user's scope,
so that what a user creates stays inside what they may edit."""

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from jazari.accounts.permissions import EDIT_ROLES, holds_national_role, visible_to
from jazari.core.forms import bootstrap_fields
from jazari.network.models import Affiliation, Institute, Organisation, Person, Region
from jazari.network.rules import INSTITUTE_IDENTITY_FIELDS


class ScopedForm(forms.ModelForm):
    """A model form that knows who fills it in."""

    def __init__(self, *args: Any, user: Any, **kwargs: Any) -> None:
        self.user = user
        super().__init__(*args, **kwargs)
        bootstrap_fields(self)

    def limit(self, name: str, queryset: Any) -> None:
        field = self.fields[name]
        assert isinstance(field, forms.ModelChoiceField)
        field.queryset = visible_to(queryset, self.user, EDIT_ROLES)


class InstituteForm(ScopedForm):
    """An institute. Its identity fields (`INSTITUTE_IDENTITY_FIELDS`) are offered only to whoever may change
    them, the hub: for anyone else they are not in the form, so a value posted for them is ignored."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if not self.may_change_identity:
            for name in INSTITUTE_IDENTITY_FIELDS:
                self.fields.pop(name, None)

    @property
    def may_change_identity(self) -> bool:
        institute = self.instance if self.instance.pk else None
        return bool(self.user.has_perm("network.change_institute_identity", institute))

    class Meta:
        model = Institute
        fields = [
            "name_fr", "name_ar", "name_en", "name_zgh", "slug", "kind", "region", "city", "status",
            "status_date", "focus", "themes", "contact_email", "website",
        ]  # fmt: skip
        widgets = {
            "status_date": forms.DateInput(attrs={"type": "date"}),
            "focus": forms.Textarea(attrs={"rows": 3}),
        }


class OrganisationForm(ScopedForm):
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if not holds_national_role(self.user, EDIT_ROLES) and self.instance.pk is None:
            # Outside the hub, a new organisation must lie in a region the user edits.
            self.limit("region", Region.objects.all())
            self.fields["region"].required = True

    class Meta:
        model = Organisation
        fields = [
            "name",
            "name_ar",
            "acronym",
            "kind",
            "region",
            "city",
            "sector",
            "size_band",
            "network_role",
            "website",
        ]


class PersonForm(ScopedForm):
    """A person; a new one is affiliated at once to an institute or organisation the user edits."""

    institute = forms.ModelChoiceField(
        label=_("Affiliated to the institute"), queryset=Institute.objects.none()
    )
    role = forms.ChoiceField(label=_("Role"), choices=Affiliation.Role.choices)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if self.instance.pk is None:
            self.limit("institute", Institute.objects.order_by("slug"))
        else:
            del self.fields["institute"]
            del self.fields["role"]

    class Meta:
        model = Person
        fields = [
            "given_name", "family_name", "given_name_ar", "family_name_ar", "gender", "email", "region",
            "skills", "themes", "keywords", "languages", "consent_public_profile", "consent_contactable",
        ]  # fmt: skip

    def save(self, commit: bool = True) -> Person:
        person = super().save(commit=commit)
        if commit and "institute" in self.cleaned_data:
            Affiliation.objects.create(
                person=person, institute=self.cleaned_data["institute"], role=self.cleaned_data["role"]
            )
        return person


class AffiliationForm(ScopedForm):
    """An affiliation of a given person (chosen from the person's page, not from a list of everyone)."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.limit("institute", Institute.objects.order_by("slug"))
        self.limit("organisation", Organisation.objects.order_by("name"))
        self.fields["institute"].required = False
        self.fields["organisation"].required = False

    class Meta:
        model = Affiliation
        fields = ["institute", "organisation", "role", "start_date", "end_date"]
        widgets = {
            "start_date": forms.DateInput(attrs={"type": "date"}),
            "end_date": forms.DateInput(attrs={"type": "date"}),
        }

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if bool(data.get("institute")) == bool(data.get("organisation")):
            raise forms.ValidationError(_("Choose either an institute or an organisation."))
        return data
