from django import forms
from django.utils.translation import gettext_lazy as _

from indikatorer import maaltall as mt
from indikatorer.models import STATUS_LABELS


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
