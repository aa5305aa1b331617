"""Dashboards of the monthly reports: bistandsplikt and belegg, for a chosen period.

A dashboard shows the same content as the monthly report (one place lays out both,
``indikatorer.reports``, from the figures of ``indikatorer.selectors``), for the months
the user picks and within the user's scope.
"""

from django import forms
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.views.generic import TemplateView

from indikatorer import reports, selectors
from indikatorer.models.rapportering import Institusjon
from indikatorer.selectors.maanedstall import BELEGG, BISTANDSPLIKT


class MaanedFelt(forms.DateField):
    """A month as «2026-03» (the browser's month input) or «03.2026»."""

    widget = forms.DateInput(attrs={"type": "month"}, format="%Y-%m")
    input_formats = ["%Y-%m", "%m.%Y"]


class DashboardFilter(forms.Form):
    fra = MaanedFelt(label=_("From month"), required=False)
    til = MaanedFelt(label=_("To month"), required=False)
    bydel = forms.ChoiceField(label=_("District"), required=False)
    type = forms.ChoiceField(
        label=_("Kind of institution"),
        required=False,
        choices=[("", _("All")), *Institusjon.Type.choices],
    )

    def __init__(self, *args, bydeler=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["bydel"].choices = [("", _("All")), *((b.kode, b.navn) for b in bydeler)]

    def clean(self):
        cleaned = super().clean()
        fra, til = cleaned.get("fra"), cleaned.get("til")
        if fra and til and til < fra:
            self.add_error("til", _("The end cannot be before the start."))
        return cleaned

    def valg(self):
        """The filters given: a wrong one shows its message, the rest apply."""
        if not self.is_bound:
            return {}
        self.is_valid()
        return self.cleaned_data


# Each dashboard: the report it shows, its title, and which filter narrows it as which
# argument of the report.
DASHBOARDS = {
    BISTANDSPLIKT: (reports.hent_bistandsplikt, _("Bistandsplikt"), "bydel", "bydel"),
    BELEGG: (reports.hent_belegg, _("Occupancy of the institutions"), "type", "institusjonstype"),
}


class DashboardView(TemplateView):
    template_name = "indikatorer/dashboard.html"

    def get_context_data(self, **kwargs):
        kode, user = kwargs.pop("kode"), self.request.user
        skjema = selectors.dashboardskjema(user=user, kode=kode) if kode in DASHBOARDS else None
        if skjema is None:
            raise Http404
        hent, title, field, argument = DASHBOARDS[kode]
        # The report names all the districts the obligation covers.
        bydeler = selectors.bydeler(skjema) if kode == BISTANDSPLIKT else []
        form = DashboardFilter(self.request.GET or None, bydeler=bydeler)
        data = form.valg()
        fra, til = selectors.dashboardperiode(
            idag=timezone.localdate(), fra=data.get("fra"), til=data.get("til")
        )
        innhold = hent(
            virksomhet=skjema.eier,
            periode_fra=fra,
            periode_til=til,
            user=user,
            **{argument: data.get(field)},
        )
        return super().get_context_data(
            form=form,
            tittel=title,
            kode=kode,
            innhold=innhold,
            **innhold.context,
            mangler=innhold.datagrunnlag.get("mangler", []),
            forelopige=innhold.datagrunnlag.get("forelopige", 0),
            **kwargs,
        )
