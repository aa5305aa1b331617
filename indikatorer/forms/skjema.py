"""Forms with which department staff define a reporting obligation and its fields."""

from django import forms
from django.utils.translation import gettext_lazy as _

from indikatorer.models import Indikator
from indikatorer.models.rapportering import Skjema, Skjemafelt
from styring.access import Action
from styring.forms.versjon import VersjonertModelForm
from styring.models import Rapporteringskrav, Virksomhet


class KategoriFelt(forms.CharField):
    """Categories typed one per line; stored as a list."""

    widget = forms.Textarea(attrs={"rows": 4})

    def prepare_value(self, value):
        if isinstance(value, list):
            return "\n".join(value)
        return value

    def to_python(self, value):
        lines = [line.strip() for line in (value or "").splitlines()]
        return [line for line in lines if line]


class SkjemaForm(VersjonertModelForm):
    kategorier = KategoriFelt(
        label=_("Categories"),
        required=False,
        help_text=_("One per line. Only for a breakdown per category."),
    )

    class Meta:
        model = Skjema
        fields = [
            "navn",
            "beskrivelse",
            "frekvens",
            "frist_dag",
            "frist_maaneder_etter",
            "inndeling",
            "kategorier",
            "rapportorer",
            "rapporteringskrav",
            "aktiv_fra",
            "aktiv_til",
        ]
        widgets = {
            "rapportorer": forms.CheckboxSelectMultiple,
            "beskrivelse": forms.Textarea(attrs={"rows": 3}),
            "aktiv_fra": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
            "aktiv_til": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        }

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        # Only the organisations this user steers can be told to report.
        self.fields["rapportorer"].queryset = Virksomhet.objects.for_user(
            user, Action.STEER
        ).order_by("navn")
        self.fields["rapporteringskrav"].queryset = (
            Rapporteringskrav.objects.for_user(user)
            .select_related("brev")
            .order_by("-brev__aar", "navn")
        )
        self.fields["rapporteringskrav"].label_from_instance = lambda krav: (
            f"{krav.navn} ({krav.brev.aar})"
        )
        if self.instance.pk and self.instance.type != Skjema.Type.GENERISK:
            # The breakdown of belegg and bistandsplikt is fixed by their rules in code.
            for name in ("inndeling", "kategorier"):
                self.fields[name].disabled = True

    def clean(self):
        cleaned = super().clean()
        fra, til = cleaned.get("aktiv_fra"), cleaned.get("aktiv_til")
        if fra and til and til < fra:
            self.add_error("aktiv_til", _("The end cannot be before the start."))
        if cleaned.get("inndeling") == Skjema.Inndeling.KATEGORI and not cleaned.get("kategorier"):
            self.add_error("kategorier", _("Give at least one category."))
        return cleaned


class SkjemafeltForm(forms.ModelForm):
    class Meta:
        model = Skjemafelt
        fields = ["navn", "enhet", "minimum", "maksimum", "paakrevd", "hjelpetekst", "indikator"]
        localized_fields = ["minimum", "maksimum"]

    def __init__(self, *args, indikatorer=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["indikator"].queryset = (
            indikatorer if indikatorer is not None else Indikator.objects.none()
        )
        self.fields["indikator"].help_text = _(
            "Approved numbers of this field become results of the indicator."
        )
        self.fields["paakrevd"].required = False
        self.has_values = bool(self.instance.pk) and self.instance.verdier.exists()
        if self.has_values:
            # Stored values were checked against this unit; changing it would change them.
            self.fields["enhet"].disabled = True

    def clean(self):
        cleaned = super().clean()
        lowest, highest = cleaned.get("minimum"), cleaned.get("maksimum")
        unit = cleaned.get("enhet")
        if unit in (Skjemafelt.Enhet.TEKST, Skjemafelt.Enhet.JA_NEI) and (
            lowest is not None or highest is not None
        ):
            self.add_error("minimum", _("Text and yes/no fields have no limits."))
        if lowest is not None and highest is not None and highest < lowest:
            self.add_error("maksimum", _("The highest value cannot be below the lowest."))
        if unit == Skjemafelt.Enhet.PROSENT and highest is not None and highest > 100:
            self.add_error("maksimum", _("A percentage cannot be above 100."))
        return cleaned


class BaseSkjemafeltFormSet(forms.BaseInlineFormSet):
    def clean(self):
        super().clean()
        kept, removed = [], []
        for form in self.forms:
            if self.can_delete and self._should_delete_form(form):
                removed.append(form)
            elif form.has_changed() or form.instance.pk:
                kept.append(form)
        for form in removed:
            if form.has_values:
                raise forms.ValidationError(
                    _("«%(name)s» has reported values and cannot be removed."),
                    code="har_verdier",
                    params={"name": form.instance.navn},
                )
        names = [form.cleaned_data.get("navn", "").strip().lower() for form in kept]
        if not any(names):
            raise forms.ValidationError(_("The obligation needs at least one field."))
        repeated = sorted({name for name in names if name and names.count(name) > 1})
        if repeated:
            raise forms.ValidationError(
                _("Two fields have the same name: %(names)s."),
                params={"names": ", ".join(repeated)},
            )


SkjemafeltFormSet = forms.inlineformset_factory(
    Skjema,
    Skjemafelt,
    form=SkjemafeltForm,
    formset=BaseSkjemafeltFormSet,
    extra=3,
    can_delete=True,
)
