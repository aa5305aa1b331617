"""Dashboards of the monthly reports: bistandsplikt and belegg, for a chosen period.

A dashboard shows the same content as the monthly report (one place builds both:
``indikatorer.reports``), for the months the user picks and within the user's scope.
"""

import datetime

from django import forms
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.views.generic import TemplateView

from indikatorer import reports
from indikatorer.rapporteringsmodeller import Institusjon, Skjema
from styring.models import Virksomhet


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


DASHBOARDS = {
    "bistandsplikt": (reports.hent_bistandsplikt, _("Bistandsplikt")),
    "belegg": (reports.hent_belegg, _("Occupancy of the institutions")),
}


class DashboardView(TemplateView):
    template_name = "indikatorer/dashboard.html"

    def get_context_data(self, **kwargs):
        kode = kwargs.pop("kode")
        if kode not in DASHBOARDS:
            raise Http404
        hent, title = DASHBOARDS[kode]
        user = self.request.user
        skjema = Skjema.objects.for_user(user).filter(kode=kode).select_related("eier").first()
        if skjema is None:
            raise Http404
        # The districts the obligation covers (the report names them all).
        bydeler = (
            list(skjema.rapportorer.filter(type=Virksomhet.Type.BYDEL).order_by("navn"))
            if kode == "bistandsplikt"
            else []
        )
        form = DashboardFilter(self.request.GET or None, bydeler=bydeler)
        data = {}
        if form.is_bound:
            form.is_valid()
            data = form.cleaned_data  # a wrong filter shows its message; the rest apply
        last_month = timezone.localdate().replace(day=1) - datetime.timedelta(days=1)
        til = data.get("til") or last_month.replace(day=1)
        # By default the twelve months up to the last one: the latest month alone is
        # often not reported yet.
        fra = data.get("fra") or _elleve_maaneder_foer(til)
        extra = {"institusjonstype": data["type"]} if kode == "belegg" and data.get("type") else {}
        innhold = hent(
            virksomhet=skjema.eier,
            periode_fra=fra,
            periode_til=reports.maanedsslutt(til),
            user=user,
            **extra,
        )
        context = dict(innhold.context)
        bydel = data.get("bydel")
        if bydel and kode == "bistandsplikt":
            name = next((b.navn for b in bydeler if b.kode == bydel), None)
            context["bydelsrader"] = [
                r for r in context.get("bydelsrader", []) if r["navn"] == name
            ]
            context["bruddliste"] = [r for r in context.get("bruddliste", []) if r["bydel"] == name]
        return super().get_context_data(
            form=form,
            tittel=title,
            kode=kode,
            innhold=innhold,
            **context,
            mangler=innhold.datagrunnlag.get("mangler", []),
            forelopige=innhold.datagrunnlag.get("forelopige", 0),
            **kwargs,
        )


def _elleve_maaneder_foer(day):
    """The first day of the month eleven months before ``day``'s (a twelve-month span)."""
    month, year = day.month - 11, day.year
    if month < 1:
        month, year = month + 12, year - 1
    return datetime.date(year, month, 1)
