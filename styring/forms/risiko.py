"""Forms of the risk assessments: a new assessment, and changes to one."""

from django import forms
from django.utils.text import Truncator
from django.utils.translation import gettext_lazy as _

from styring.forms.versjon import VersjonertModelForm
from styring.models import Risikovurdering
from styring.perioder import Tertial

# What the agency assesses; the goal, year and tertial say which assessment it is.
VURDERING_FELT = ["risiko", "sannsynlighet", "konsekvens", "risikotoleranse", "tiltak", "eier"]

ALREADY_ASSESSED = _(
    "This goal already has a risk assessment for this tertial. Edit that one instead."
)

WIDGETS = {
    "risiko": forms.Textarea(attrs={"rows": 3}),
    "tiltak": forms.Textarea(attrs={"rows": 3}),
}

HELP_TEXTS = {
    "sannsynlighet": _("1 = very unlikely, 5 = almost certain."),
    "konsekvens": _("1 = insignificant, 5 = critical."),
}


class MaalValg(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        return f"{obj.kode} {Truncator(obj.tekst).chars(80)}"


def skala_1_til_5(form):
    """Tell the number inputs the scale is 1–5 (the model field alone says 0–5)."""
    for name in ("sannsynlighet", "konsekvens"):
        form.fields[name].widget.attrs.update(min=1, max=5)


class RisikovurderingForm(forms.ModelForm):
    """A new assessment of one of the letter's goals; the view fixes agency and year."""

    class Meta:
        model = Risikovurdering
        fields = ["maal", "tertial", *VURDERING_FELT]
        field_classes = {"maal": MaalValg}
        widgets = WIDGETS
        help_texts = HELP_TEXTS

    def __init__(self, *args, maal_queryset, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["maal"].queryset = maal_queryset
        self.fields["tertial"].choices = Tertial.choices
        skala_1_til_5(self)

    def clean(self):
        cleaned = super().clean()
        maal, tertial = cleaned.get("maal"), cleaned.get("tertial")
        # The form has no year field, so Django skips the unique constraint: check it here.
        if (
            maal is not None
            and tertial
            and Risikovurdering.objects.filter(
                virksomhet=self.instance.virksomhet_id,
                maal=maal,
                aar=self.instance.aar,
                tertial=tertial,
            ).exists()
        ):
            raise forms.ValidationError(ALREADY_ASSESSED, code="finnes")
        return cleaned


class RisikovurderingEndreForm(VersjonertModelForm):
    """Changes to an assessment; refuses to overwrite what somebody else saved meanwhile."""

    class Meta:
        model = Risikovurdering
        fields = VURDERING_FELT
        widgets = WIDGETS
        help_texts = HELP_TEXTS

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        skala_1_til_5(self)
