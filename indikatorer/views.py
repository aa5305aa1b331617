"""Pages of indicators: the list across organisations and one indicator over the years."""

from django.contrib.contenttypes.models import ContentType
from django.db.models import Max, Q
from django.utils import timezone
from django.views.generic import DetailView, TemplateView

from indikatorer import maaltall as mt
from indikatorer.forms import OversiktFilter
from indikatorer.models import (
    STATUS_LABELS,
    Indikator,
    Indikatorsett,
    Maalverdi,
    Resultat,
    Vurdering,
)
from indikatorer.reports import indikatordiagram
from styring.access import Action, permits
from styring.models import Endring, Tildelingsbrev, Virksomhet
from styring.views.scoped import ScopedObjectMixin
from styring.views.sider import side_av


def _matching(queryset, condition):
    """``queryset`` narrowed to ``condition`` over a many-valued relation, without
    repeating rows."""
    return queryset.filter(pk__in=Indikator.objects.filter(condition).values("pk"))


def rad(indikator, aar=None):
    """One row of a table: the target of ``aar`` (else the latest), the latest result up
    to that year and the status between them."""
    targets = indikator.maalverdier_liste()
    if aar is None and targets:
        aar = targets[-1].aar
    return {
        "indikator": indikator,
        "aar": aar,
        "maalverdi": indikator.maalverdi_for(aar) if aar else None,
        "resultat": indikator.siste_resultat(til_og_med=aar),
        "vurdering": indikator.vurdering(aar) if aar else Vurdering(mt.Status.MANGLER_DATA),
    }


class OversiktView(TemplateView):
    """Every indicator the user may see, with its target, latest result and status."""

    template_name = "indikatorer/oversikt.html"

    def get_context_data(self, **kwargs):
        user = self.request.user
        visible = Indikator.objects.for_user(user)
        organisations = (
            Virksomhet.objects.for_user(user)
            .filter(Q(pk__in=visible.values("eier")) | Q(pk__in=visible.values("bidragsytere")))
            .order_by("navn")
        )
        # The list opens on the year of the user's latest letter up to this year; an
        # empty year shows all years.
        params = self.request.GET.copy()
        if "aar" not in params:
            latest = (
                Tildelingsbrev.objects.for_user(user)
                .filter(aar__lte=timezone.localdate().year)
                .aggregate(aar=Max("aar"))["aar"]
            )
            params["aar"] = str(latest or "")
        form = OversiktFilter(
            params,
            virksomheter=organisations,
            sett=Indikatorsett.objects.for_user(user).order_by("navn"),
        )
        indikatorer = visible.med_tall(user).order_by("type", "eier__navn", "rekkefolge", "pk")
        aar = status = None
        if form.is_bound and form.is_valid():
            data = form.cleaned_data
            aar, status = data["aar"], data["status"]
            if aar:
                indikatorer = _matching(indikatorer, Q(brev__aar=aar))
            if data["virksomhet"]:
                code = data["virksomhet"]
                indikatorer = _matching(
                    indikatorer, Q(eier__kode=code) | Q(bidragsytere__kode=code)
                )
            if data["sett"]:
                indikatorer = indikatorer.filter(sett_id=data["sett"])
        rows = [rad(indikator, aar) for indikator in indikatorer]
        counts = dict.fromkeys(mt.Status, 0)
        for row in rows:
            counts[row["vurdering"].status] += 1
        if status:
            rows = [row for row in rows if row["vurdering"].status == status]
        side = side_av(self.request, rows)
        return super().get_context_data(
            form=form,
            rader=side.object_list,
            side=side,
            antall=[(STATUS_LABELS[s], s.value, n) for s, n in counts.items()],
            aar=aar,
            **kwargs,
        )


class IndikatorDetailView(ScopedObjectMixin, DetailView):
    """One indicator: what it is, its targets and results over the years with the status
    computed for each, and for department staff the change log."""

    model = Indikator
    template_name = "indikatorer/detalj.html"
    context_object_name = "indikator"

    def get_queryset(self):
        return super().get_queryset().med_tall(self.request.user).prefetch_related("bidragsytere")

    def aarsrader(self, indikator):
        """Per year: the target, the result of the whole indicator and the status."""
        targets = {t.aar: t for t in indikator.maalverdier_liste()}
        results = {
            r.aar: r
            for r in indikator.resultater_liste()
            if not r.periode and r.virksomhet_id is None
        }
        rows = []
        for aar in sorted(set(targets) | set(results)):
            result, target = results.get(aar), targets.get(aar)
            if result is not None:
                vurdering = result.vurdering()
            elif target is not None and not target.maaltall.maalbar:
                vurdering = Vurdering(mt.Status.IKKE_MAALBAR, target)
            else:
                vurdering = Vurdering(mt.Status.MANGLER_DATA, target)
            rows.append(
                {"aar": aar, "maalverdi": target, "resultat": result, "vurdering": vurdering}
            )
        return rows

    def endringer(self, indikator):
        """The latest changes of the indicator, its targets and its results."""
        user = self.request.user
        if not permits(user, Action.AUDIT, indikator):
            return None
        condition = Q()
        for model, ids in [
            (Indikator, [indikator.pk]),
            (Maalverdi, [t.pk for t in indikator.maalverdier_liste()]),
            (Resultat, [r.pk for r in indikator.resultater_liste()]),
        ]:
            if ids:
                condition |= Q(
                    content_type=ContentType.objects.get_for_model(model),
                    objekt_id__in=[str(pk) for pk in ids],
                )
        entries = list(
            Endring.objects.for_user(user, Action.AUDIT)
            .filter(condition)
            .select_related("content_type")[:30]
        )
        for entry in entries:
            model = entry.content_type.model_class()
            entry.del_navn = model._meta.verbose_name if model else ""
        return entries

    def get_context_data(self, **kwargs):
        indikator = self.object
        targets = indikator.maalverdier_liste()
        rows = self.aarsrader(indikator)
        # The letters it appears in that the user may open (a contributor to a shared
        # set may not see another organisation's letter).
        letters = list(
            Tildelingsbrev.objects.for_user(self.request.user)
            .filter(indikatorer=indikator)
            .order_by("aar", "pk")
        )
        return super().get_context_data(
            brevliste=letters,
            maal_synlig=indikator.maal is not None
            and indikator.maal.brev_id in {b.pk for b in letters},
            naa=rad(indikator, targets[-1].aar if targets else None),
            aarsrader=rows,
            diagram=indikatordiagram(
                indikator,
                [r["resultat"] for r in rows if r["resultat"] is not None],
                targets[-1] if targets else None,
            ),
            delresultater=[
                (r, r.vurdering())
                for r in indikator.resultater_liste()
                if r.periode or r.virksomhet_id is not None
            ],
            endringer=self.endringer(indikator),
            **kwargs,
        )
