from typing import Any, cast

from django import forms
from django.utils.translation import gettext_lazy as _

from jazari.accounts.models import User
from jazari.accounts.permissions import EDIT_ROLES, visible_to
from jazari.core.forms import bootstrap_fields
from jazari.network.forms import ScopedForm
from jazari.network.models import Institute, Organisation, Person
from jazari.projects.files import accepted_extensions
from jazari.projects.models import (
    STAGE_ORDER,
    Deliverable,
    DeliverableReview,
    Participant,
    Project,
    Stage,
    StageGate,
)

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class ProjectForm(ScopedForm):
    """A project of an institute the user edits. Its stage and TRL change only through stage gates."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.limit("lead_institute", Institute.objects.order_by("slug"))

    class Meta:
        model = Project
        fields = [
            "title", "title_ar", "kind", "lead_institute", "themes", "summary", "target_trl", "starts_on",
            "ends_on", "budget_mad", "licence", "source_url", "is_open_source", "is_public",
        ]  # fmt: skip
        widgets = {"starts_on": DATE, "ends_on": DATE, "summary": forms.Textarea(attrs={"rows": 4})}

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("starts_on") and data.get("ends_on") and data["ends_on"] < data["starts_on"]:
            self.add_error("ends_on", _("A project cannot end before it starts."))
        return data


class DeliverableForm(ScopedForm):
    """A deliverable of a project or an institute the user edits; its authors come from that institute."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.limit("institute", Institute.objects.order_by("slug"))
        self.limit("project", Project.objects.order_by("title"))
        # Authors are chosen among the staff of the institutes the user edits (no one else's address shows).
        edited = visible_to(Institute.objects.all(), self.user, EDIT_ROLES)
        cast(forms.ModelChoiceField, self.fields["authors"]).queryset = (
            User.objects.filter(is_active=True, memberships__institute__in=edited)
            .distinct()
            .order_by("email")
        )
        self.fields["authors"].help_text = _("The people who wrote it: none of them may review it.")

    class Meta:
        model = Deliverable
        fields = ["title", "kind", "project", "institute", "description", "due_on", "authors", "is_public"]
        widgets = {"due_on": DATE, "description": forms.Textarea(attrs={"rows": 3})}

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        project, institute = data.get("project"), data.get("institute")
        if project and institute and project.lead_institute_id != institute.pk:
            self.add_error("institute", _("A project's deliverable belongs to its lead institute."))
        return data


class ProjectDeliverableForm(forms.ModelForm):
    """A new deliverable from the project's page; the user becomes its first author."""

    class Meta:
        model = Deliverable
        fields = ["title", "kind", "due_on", "description", "is_public"]
        widgets = {"due_on": DATE, "description": forms.Textarea(attrs={"rows": 2})}

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        bootstrap_fields(self)


class ParticipantForm(forms.ModelForm):
    """An institute (chosen from the list) or an organisation (by the identifier shown on its page)."""

    organisation = forms.ModelChoiceField(
        label=_("Organisation (its identifier)"),
        queryset=Organisation.objects.all(),
        to_field_name="public_id",
        required=False,
        widget=forms.TextInput,
    )

    class Meta:
        model = Participant
        fields = ["role", "institute", "organisation"]

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        cast(forms.ModelChoiceField, self.fields["institute"]).queryset = Institute.objects.order_by("slug")
        bootstrap_fields(self)

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if not data.get("institute") and not data.get("organisation"):
            raise forms.ValidationError(_("Choose an institute or an organisation."))
        return data


class VersionUploadForm(forms.Form):
    file = forms.FileField(
        label=_("File"),
        help_text=_("PDF, office documents, archives or data files (%(extensions)s).")
        % {"extensions": ", ".join(accepted_extensions())},
    )
    note = forms.CharField(label=_("What changed"), max_length=300, required=False)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        bootstrap_fields(self)


class ReviewForm(forms.Form):
    decision = forms.ChoiceField(label=_("Decision"), choices=DeliverableReview.Decision.choices)
    comment = forms.CharField(label=_("Comment"), widget=forms.Textarea(attrs={"rows": 3}), required=False)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        bootstrap_fields(self)


class StageGateForm(forms.Form):
    to_stage = forms.ChoiceField(label=_("To stage"), choices=Stage.choices)
    decision = forms.ChoiceField(label=_("Decision"), choices=StageGate.Decision.choices)
    to_trl = forms.IntegerField(label=_("TRL"), min_value=1, max_value=9)
    evidence = forms.ModelMultipleChoiceField(
        label=_("Evidence (approved deliverables)"), queryset=Deliverable.objects.none(), required=False
    )
    note = forms.CharField(label=_("Reasons"), widget=forms.Textarea(attrs={"rows": 2}), required=False)

    def __init__(self, *args: Any, project: Project, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        later = [
            (value, label)
            for value, label in Stage.choices
            if value == Stage.CLOSED or STAGE_ORDER.index(value) > project.stage_index
        ]
        cast(forms.ChoiceField, self.fields["to_stage"]).choices = later
        self.fields["to_trl"].initial = project.trl
        cast(forms.ModelChoiceField, self.fields["evidence"]).queryset = project.deliverables.filter(
            status__in=Deliverable.EVIDENCE
        )
        bootstrap_fields(self)


class NeedAssignForm(forms.Form):
    """The hub's assignment of a need. Projects, organisations and experts are many: they are given by their
    public identifier (shown on their pages), not chosen from a list of thousands."""

    institute = forms.ModelChoiceField(
        label=_("Institute"), queryset=Institute.objects.order_by("slug"), required=False
    )
    project = forms.ModelChoiceField(
        label=_("Project (its identifier)"), queryset=Project.objects.exclude(stage=Stage.CLOSED),
        to_field_name="public_id", required=False, widget=forms.TextInput,
    )  # fmt: skip
    organisation = forms.ModelChoiceField(
        label=_("Organisation (its identifier)"), queryset=Organisation.objects.all(),
        to_field_name="public_id", required=False, widget=forms.TextInput,
    )  # fmt: skip
    person = forms.ModelChoiceField(
        label=_("Expert with a public profile (identifier)"), queryset=Person.objects.public(),
        to_field_name="public_id", required=False, widget=forms.TextInput,
    )  # fmt: skip
    note = forms.CharField(label=_("Why this answer fits"), widget=forms.Textarea(attrs={"rows": 2}))

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        bootstrap_fields(self)

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if not any(data.get(name) for name in ("institute", "project", "organisation", "person")):
            raise forms.ValidationError(_("Choose an institute, an expert, a project or an organisation."))
        return data
