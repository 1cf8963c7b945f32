from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from jazari.core.forms import bootstrap_fields
from jazari.core.models import Theme
from jazari.core.validators import PLAIN_TEXT
from jazari.needs.models import Need
from jazari.network.forms import ScopedForm
from jazari.network.models import Organisation, Region


class NeedSubmitForm(forms.Form):
    """The public "submit a challenge" form, for organisations with or without an account."""

    title = forms.CharField(label=_("Your challenge in one sentence"), max_length=250, validators=PLAIN_TEXT)
    description = forms.CharField(
        label=_("Describe the need"),
        widget=forms.Textarea(attrs={"rows": 6}),
        max_length=10_000,
        help_text=_("In the language of your choice: what you want to achieve, your data, your constraints."),
    )
    kind = forms.ChoiceField(label=_("Kind of need"), choices=Need.Kind.choices)
    organisation_name = forms.CharField(
        label=_("Name of your organisation"), max_length=250, validators=PLAIN_TEXT
    )
    organisation_kind = forms.ChoiceField(label=_("Kind of organisation"), choices=Organisation.Kind.choices)
    region = forms.ModelChoiceField(label=_("Region"), queryset=Region.objects.order_by("code"))
    themes = forms.ModelMultipleChoiceField(
        label=_("Themes"), queryset=Theme.objects.order_by("code"), required=False
    )
    urgency = forms.ChoiceField(label=_("Urgency"), choices=Need.Urgency.choices, initial=Need.Urgency.MEDIUM)
    budget_band = forms.ChoiceField(label=_("Budget"), choices=Need.BudgetBand.choices, required=False)
    contact_name = forms.CharField(label=_("Contact person"), max_length=150, validators=PLAIN_TEXT)
    contact_email = forms.EmailField(
        label=_("Contact email"),
        help_text=_("We send the private link to follow your need to this address."),
        validators=PLAIN_TEXT,
    )
    consent = forms.BooleanField(
        label=_(
            "I have read the privacy notice and agree that this need and the contact details are recorded "
            "and shared with the network's institutes."
        ),
        error_messages={"required": _("Submitting a need needs your consent to the privacy notice.")},
    )
    # Left empty by people (it is hidden), filled by robots.
    website = forms.CharField(
        required=False, widget=forms.TextInput(attrs={"tabindex": "-1", "autocomplete": "off"})
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        bootstrap_fields(self)


class NeedForm(ScopedForm):
    """What the hub may correct in a need (the status changes through the need's page)."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        # Organisations are many: the hub gives the identifier shown on the organisation's page.
        self.fields["organisation"] = forms.ModelChoiceField(
            label=_("Organisation in the registry (its identifier)"),
            queryset=Organisation.objects.all(),
            to_field_name="public_id",
            required=False,
            widget=forms.TextInput(attrs={"class": "form-control"}),
        )
        if self.instance.organisation_id:
            self.initial["organisation"] = self.instance.organisation.public_id

    class Meta:
        model = Need
        fields = [
            "title", "description", "kind", "organisation", "organisation_name", "organisation_kind",
            "region", "themes", "urgency", "budget_band", "hub_note",
        ]  # fmt: skip
        widgets = {
            "description": forms.Textarea(attrs={"rows": 5}),
            "hub_note": forms.Textarea(attrs={"rows": 3}),
        }
