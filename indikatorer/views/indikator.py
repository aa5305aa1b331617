"""Pages of indicators: the list across organisations and one indicator over the years.
What they show comes from ``indikatorer.selectors``, as the API's does."""

from django.utils import timezone
from django.views.generic import DetailView, TemplateView

from indikatorer import selectors
from indikatorer.forms.indikator import OversiktFilter
from indikatorer.models import Indikator
from indikatorer.reports import indikatordiagram
from styring.access import Action, permits
from styring.views.scoped import ScopedObjectMixin
from styring.views.sider import side_av


class OversiktView(TemplateView):
    """Every indicator the user may see, with its target, latest result and status."""

    template_name = "indikatorer/oversikt.html"

    def get_context_data(self, **kwargs):
        user = self.request.user
        # The list opens on the year of the user's latest letter up to this year; an
        # empty year shows all years.
        params = self.request.GET.copy()
        if "aar" not in params:
            params["aar"] = str(selectors.siste_brevaar(user=user, idag=timezone.localdate()) or "")
        organisations, sets = selectors.indikatorfiltre(user=user)
        form = OversiktFilter(params, virksomheter=organisations, sett=sets)
        oversikt = selectors.indikatoroversikt(
            user=user, **(form.cleaned_data if form.is_valid() else {})
        )
        side = side_av(self.request, oversikt.rader)
        return super().get_context_data(
            form=form,
            rader=side.object_list,
            side=side,
            antall=oversikt.antall,
            aar=oversikt.aar,
            **kwargs,
        )


class IndikatorDetailView(ScopedObjectMixin, DetailView):
    """One indicator: what it is, its targets and results over the years with the status
    computed for each, and for department staff the change log."""

    model = Indikator
    template_name = "indikatorer/detalj.html"
    context_object_name = "indikator"

    def get_queryset(self):
        return selectors.indikatorer(user=self.request.user).prefetch_related("bidragsytere")

    def get_context_data(self, **kwargs):
        user, indikator = self.request.user, self.object
        side = selectors.indikatorside(indikator=indikator, user=user)
        results = [row["resultat"] for row in side["aarsrader"] if row["resultat"] is not None]
        return super().get_context_data(
            **side,
            diagram=indikatordiagram(indikator, results, side["naa"]["maalverdi"]),
            endringer=selectors.endringer(indikator=indikator, user=user)
            if permits(user, Action.AUDIT, indikator)
            else None,
            **kwargs,
        )
