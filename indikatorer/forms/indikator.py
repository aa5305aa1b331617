from decimal import Decimal

from django import forms
from django.utils.translation import gettext_lazy as _

from indikatorer import maaltall as mt
from indikatorer import skjematyper
from indikatorer.models import STATUS_LABELS
from indikatorer.models.rapportering import Skjemafelt
from styring.arbeidsflyt.forms import Verdiskjema, verdifelt


class OversiktFilter(forms.Form):
    """The filters of the indicator list; invalid values are simply ignored."""

    aar = forms.IntegerField(label=_("Year"), required=False, min_value=2000, max_value=2100)
    virksomhet = forms.ChoiceField(label=_("Organisation"), required=False)
    sett = forms.ChoiceField(label=_("Indicator set"), required=False)
    status = forms.ChoiceField(
        label=_("Status"),
        required=False,
        choices=[("", _("All"))] + [(s.value, STATUS_LABELS[s]) for s in mt.Status],
    )

    def __init__(self, *args, virksomheter, sett, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["virksomhet"].choices = [("", _("All"))] + [
            (v.kode, v.navn) for v in virksomheter
        ]
        self.fields["sett"].choices = [("", _("All"))] + [(str(s.pk), s.navn) for s in sett]


def som_tekst(value):
    """A saved value as a person would type it: no trailing zeros, a decimal comma."""
    if value is None:
        return ""
    if isinstance(value, Decimal):
        if value == value.to_integral_value():
            return str(int(value))
        return f"{value.normalize():f}".replace(".", ",")
    return str(value)


class InnsendingSkjema(Verdiskjema):
    """The numbers of a submission: one field ``v__<field>__<row>`` per field of the
    obligation and row of its breakdown, filled in with what is saved."""

    def __init__(self, *args, innsending, **kwargs):
        super().__init__(*args, **kwargs)
        handler = skjematyper.for_skjema(innsending.skjema)
        self.rader = handler.rader(innsending)
        self.felt = handler.felt(innsending)
        self.fields["versjon"].initial = innsending.versjon
        saved = innsending.art().les(innsending)
        self.navn = {}
        for rad in self.rader:
            for felt in self.felt:
                key = (felt.kode, rad.nokkel)
                field = verdifelt(
                    etikett=f"{rad.navn}, {felt.navn}",
                    element_id=f"v-{felt.kode}-{rad.nokkel}".replace("|", "-"),
                    tekst=felt.enhet == Skjemafelt.Enhet.TEKST,
                )
                field.initial = som_tekst(saved.get(key))
                self.navn[key] = f"v__{felt.kode}__{rad.nokkel}"
                self.legg_til(f"{felt.kode}|{rad.nokkel}", self.navn[key], field)

    def raw(self):
        return {key: self.cleaned_data[name] for key, name in self.navn.items()}

    def viste(self):
        """The values as the form shows them: typed when posted, else saved."""
        return {key: self[name].value() or "" for key, name in self.navn.items()}
