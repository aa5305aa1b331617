"""The form of a month's accounts or a tertial's forecast: one amount ``b__<id>`` per
account group or post of the budget, and for a forecast its explanation ``f__<id>``."""

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from budsjett.models import Budsjettrapport
from budsjett.services import tolk_belop
from styring.arbeidsflyt.forms import Verdiskjema, verdifelt


class RapportSkjema(Verdiskjema):
    def __init__(self, *args, rapport, budsjett, **kwargs):
        super().__init__(*args, **kwargs)
        self.kontoer = list(budsjett)
        self.prognose = rapport.type == Budsjettrapport.Type.PROGNOSE
        self.fields["versjon"].initial = rapport.versjon
        saved = rapport.art().les(rapport)
        for konto in self.kontoer:
            amount, explanation = saved.get(konto.pk, (None, ""))
            field = verdifelt(etikett=konto.etikett, element_id=f"b-{konto.pk:d}")
            field.initial = "" if amount is None else str(amount)
            self.legg_til(f"belop|{konto.pk:d}", f"b__{konto.pk:d}", field)
            if self.prognose:
                field = verdifelt(
                    etikett=_("Explanation, %(account)s") % {"account": konto.etikett},
                    element_id=f"f-{konto.pk:d}",
                    tekst=True,
                )
                field.initial = explanation
                self.legg_til(f"forklaring|{konto.pk:d}", f"f__{konto.pk:d}", field)

    def raw(self):
        data = self.cleaned_data
        return {
            konto.pk: (data[f"b__{konto.pk:d}"], data.get(f"f__{konto.pk:d}", ""))
            for konto in self.kontoer
        }

    def belop(self, konto):
        return self.celle(f"b__{konto.pk:d}")

    def tall(self, konto):
        """The amount shown for ``konto`` as a number; None when empty or not a whole
        number."""
        try:
            return tolk_belop(self.belop(konto)["verdi"])
        except ValidationError:
            return None

    def forklaring(self, konto):
        return self.celle(f"f__{konto.pk:d}") if self.prognose else None
