"""Forms of the account pages."""

from typing import Any

from django import forms
from django.utils.functional import lazy
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from jazari.accounts.models import API_TOKEN_DEFAULT_DAYS, API_TOKEN_MAX_DAYS
from jazari.core.validators import PLAIN_TEXT


def _days_out_of_range() -> str:
    return gettext("Choose a number of days between 1 and %(max)s.") % {"max": API_TOKEN_MAX_DAYS}


def _days_help() -> str:
    return gettext("From 1 to %(max)s days; the token stops working afterwards.") % {
        "max": API_TOKEN_MAX_DAYS
    }


# Translated when shown, in the language of the page, not once when the module is imported.
days_out_of_range = lazy(_days_out_of_range, str)()
days_help = lazy(_days_help, str)()


class ApiTokenForm(forms.Form):
    """A new personal API token: what it is for, and how long it lasts."""

    name = forms.CharField(
        label=_("Name"),
        max_length=100,
        help_text=_("What the token is for, e.g. “weekly export script”."),
        error_messages={"required": _("Give the token a name, to recognise it later.")},
        validators=PLAIN_TEXT,
    )
    days = forms.IntegerField(
        label=_("Valid for (days)"),
        initial=API_TOKEN_DEFAULT_DAYS,
        min_value=1,
        max_value=API_TOKEN_MAX_DAYS,
        help_text=days_help,
        error_messages={
            "required": days_out_of_range,
            "invalid": _("Enter a whole number of days."),
            "min_value": days_out_of_range,
            "max_value": days_out_of_range,
        },
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            field.widget.attrs["class"] = "form-control"

    def full_clean(self) -> None:
        """Mark the fields in error for Bootstrap (Django itself sets aria-invalid)."""
        super().full_clean()
        for name in self.errors:
            if name in self.fields:
                self.fields[name].widget.attrs["class"] = "form-control is-invalid"
