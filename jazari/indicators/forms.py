from decimal import Decimal
from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from jazari.core.forms import bootstrap_fields
from jazari.indicators.models import QUARTER_FORMAT, Indicator, InstituteReport
from jazari.indicators.periods import Quarter
from jazari.network.models import Region


class ReportedValueForm(forms.Form):
    """A value of a reported indicator (AI jobs, GDP contribution, startups), with its evidence."""

    indicator = forms.ModelChoiceField(
        label=_("Indicator"),
        queryset=Indicator.objects.filter(kind=Indicator.Kind.REPORTED),
        to_field_name="code",
    )
    period = forms.CharField(
        label=_("Quarter"), max_length=7, validators=[QUARTER_FORMAT], help_text=_("For example 2026-Q3.")
    )
    region = forms.ModelChoiceField(
        label=_("Region"),
        queryset=Region.objects.order_by("code"),
        to_field_name="code",
        required=False,
        help_text=_("Leave empty for a national value."),
    )
    value = forms.DecimalField(label=_("Value"), min_value=Decimal(0), max_digits=24, decimal_places=6)
    evidence_url = forms.URLField(label=_("Evidence (link)"), required=False, max_length=500)
    evidence_note = forms.CharField(
        label=_("Evidence (description)"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if not data.get("evidence_url") and not data.get("evidence_note"):
            raise forms.ValidationError(
                _("Give the evidence of the value: a link to the source or its description.")
            )
        indicator, region = data.get("indicator"), data.get("region")
        if indicator is not None and region is not None and "region" not in indicator.breakdowns:
            self.add_error("region", _("This indicator is reported for the whole country only."))
        if data.get("period"):
            data["quarter"] = Quarter.parse(data["period"])
        return data


class NarrativeForm(forms.Form):
    narrative = forms.CharField(
        label=_("Narrative of the quarter"),
        widget=forms.Textarea(attrs={"rows": 8}),
        max_length=20_000,
        help_text=_("What the institute did, what it achieved, what got in the way, what comes next."),
    )


class ReviewForm(forms.Form):
    decision = forms.ChoiceField(
        label=_("Decision"), choices=[("validate", _("Validate")), ("return", _("Return with comments"))]
    )
    comment = forms.CharField(label=_("Comments"), required=False, widget=forms.Textarea(attrs={"rows": 4}))


class InstituteReportForm(forms.ModelForm):
    """The narrative of a draft or returned report, from the workspace's generic list; submitting and
    reviewing happen on the report's own page."""

    def __init__(self, *args: Any, user: Any, **kwargs: Any) -> None:
        self.user = user
        super().__init__(*args, **kwargs)
        bootstrap_fields(self)

    class Meta:
        model = InstituteReport
        fields = ["narrative"]
        widgets = {"narrative": forms.Textarea(attrs={"rows": 8})}

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if self.instance.status not in (InstituteReport.Status.DRAFT, InstituteReport.Status.RETURNED):
            raise forms.ValidationError(_("A submitted or validated report can no longer be changed."))
        return data
