from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from jazari.activities.models import Activity, Session, TrainingProgramme
from jazari.core.validators import PLAIN_TEXT
from jazari.network.forms import ScopedForm
from jazari.network.models import Institute

DATETIME = forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M")


class ActivityForm(ScopedForm):
    """An activity of an institute the user edits; a training names the programme it runs."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.limit("organiser", Institute.objects.order_by("slug"))
        self.limit("programme", TrainingProgramme.objects.order_by("code"))
        self.fields["programme"].required = False

    class Meta:
        model = Activity
        fields = [
            "title", "title_ar", "kind", "programme", "organiser", "region", "format", "venue", "starts_at",
            "ends_at", "languages", "themes", "skills", "audience", "capacity", "registration_opens_at",
            "registration_closes_at", "is_public", "description",
        ]  # fmt: skip
        widgets = {
            "starts_at": DATETIME,
            "ends_at": DATETIME,
            "registration_opens_at": DATETIME,
            "registration_closes_at": DATETIME,
            "description": forms.Textarea(attrs={"rows": 4}),
        }

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("kind") == Activity.Kind.TRAINING and not data.get("programme"):
            self.add_error("programme", _("A training runs a training programme: choose one."))
        starts, ends = data.get("starts_at"), data.get("ends_at")
        if starts and ends and ends < starts:
            self.add_error("ends_at", _("An activity cannot end before it starts."))
        opens, closes = data.get("registration_opens_at"), data.get("registration_closes_at")
        if opens and closes and closes <= opens:
            self.add_error("registration_closes_at", _("Registration must close after it opens."))
        return data


class SessionForm(forms.ModelForm):
    class Meta:
        model = Session
        fields = ["title", "starts_at", "ends_at", "venue"]
        widgets = {"starts_at": DATETIME, "ends_at": DATETIME}

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("starts_at") and data.get("ends_at") and data["ends_at"] < data["starts_at"]:
            self.add_error("ends_at", _("A session cannot end before it starts."))
        return data


class CheckInForm(forms.Form):
    code = forms.CharField(
        label=_("Check-in code"),
        max_length=64,
        widget=forms.TextInput(attrs={"autocomplete": "off", "autofocus": True, "inputmode": "text"}),
        help_text=_("Scan the QR code of the participant's confirmation, or type the code shown on it."),
        validators=PLAIN_TEXT,
    )
