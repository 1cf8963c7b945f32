from typing import Any

from django import forms


def bootstrap_fields(form: forms.BaseForm) -> Any:
    """Give every widget of `form` Bootstrap's class for its kind; returns the form."""
    for field in form.fields.values():
        widget = field.widget
        if isinstance(widget, forms.CheckboxInput):
            css = "form-check-input"
        elif isinstance(widget, forms.Select | forms.SelectMultiple):
            css = "form-select"
        else:
            css = "form-control"
        widget.attrs.setdefault("class", css)
    return form
