"""Pages of the budget: the letter's tables per organisation and year, the follow-up
against accounts and forecasts, the forms for a month's accounts and a tertial's forecast,
the import of accounts, exports, and the department's overview of deviations.

An organisation outside the user's scope answers 404 (``Virksomhet.objects.for_user``), as
does a year without a budget; an action beyond the user's role answers 403.
"""

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Q
from django.http import Http404, HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils.formats import number_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views import View
from django.views.generic import TemplateView

from budsjett import eksport, importering, oppfolging, tjenester, visning
from budsjett.forms import RapportSkjema
from budsjett.models import Budsjettabell, Budsjettlinje, Budsjettrapport, Investering, periodetekst
from styring.access import Action, permits
from styring.arbeidsflyt.services import Samtidighetskonflikt
from styring.arbeidsflyt.views import ArbeidsflytMixin
from styring.models import Virksomhet
from styring.regneark import OpplastingFeil

Type = Budsjettrapport.Type
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def prosent_tekst(value):
    return "" if value is None else f"{number_format(value, 1)} %"


def budsjetter(user):
    """[(organisation, year)] of the budgets ``user`` may open, newest first."""
    pairs = set(
        Budsjettlinje.objects.for_user(user).values_list("virksomhet", "tabell__aar").distinct()
    )
    pairs |= set(
        Investering.objects.for_user(user).values_list("virksomhet", "tabell__aar").distinct()
    )
    pairs |= set(
        Budsjettabell.objects.for_user(user).values_list("kapittel__eier", "aar").distinct()
    )
    organisations = Virksomhet.objects.for_user(user).in_bulk([pk for pk, _year in pairs])
    found = [(organisations[pk], year) for pk, year in pairs if pk in organisations]
    return sorted(found, key=lambda pair: (-pair[1], pair[0].type, pair[0].navn))


class VirksomhetAarMixin:
    """The organisation in the URL (404 outside the user's scope) and the year."""

    def dispatch(self, request, *args, **kwargs):
        self.virksomhet = get_object_or_404(
            Virksomhet.objects.for_user(request.user), kode=kwargs["kode"]
        )
        self.aar = kwargs["aar"]
        return super().dispatch(request, *args, **kwargs)

    def tabeller(self):
        """The budget tables of the organisation and year that the user may see."""
        org = self.virksomhet
        visible = Budsjettabell.objects.for_user(self.request.user).filter(aar=self.aar)
        mine = Budsjettabell.objects.filter(
            Q(linjer__virksomhet=org)
            | Q(endringer__virksomhet=org)
            | Q(investeringer__virksomhet=org)
            | Q(kapittel__eier=org)
        ).values("pk")
        return visible.filter(pk__in=mine).select_related("kapittel", "brev")

    def get_context_data(self, **kwargs):
        kwargs.update(virksomhet=self.virksomhet, aar=self.aar)
        return super().get_context_data(**kwargs)


class BudsjettListeView(TemplateView):
    template_name = "budsjett/liste.html"

    def get_context_data(self, **kwargs):
        user = self.request.user
        followed = set(
            Budsjettlinje.objects.for_user(user)
            .budsjett()
            .values_list("virksomhet", "tabell__aar")
            .distinct()
        )
        return super().get_context_data(
            budsjetter=[
                {"virksomhet": v, "aar": aar, "oppfolging": (v.pk, aar) in followed}
                for v, aar in budsjetter(user)
            ],
            er_styrer=permits(user, Action.STEER),
            **kwargs,
        )


class BudsjettView(VirksomhetAarMixin, TemplateView):
    """The letter's tables for one organisation and year, with the reconciliation."""

    template_name = "budsjett/budsjett.html"

    def get_context_data(self, **kwargs):
        tabeller = list(self.tabeller())
        if not tabeller:
            raise Http404
        data = visning.for_tabeller(
            tabeller=tabeller, user=self.request.user, virksomhet=self.virksomhet
        )
        letters = sorted({t.brev for t in tabeller if t.brev}, key=lambda b: b.pk)
        has_followup = bool(
            oppfolging.budsjett_per_konto(
                virksomhet=self.virksomhet, aar=self.aar, user=self.request.user
            )
        )
        return super().get_context_data(
            data=data, brevliste=letters, har_oppfolging=has_followup, **kwargs
        )


class BudsjettEksportView(VirksomhetAarMixin, View):
    def get(self, request, kode, aar, format):
        tabeller = list(self.tabeller())
        if not tabeller:
            raise Http404
        data = visning.for_tabeller(
            tabeller=tabeller, user=request.user, virksomhet=self.virksomhet
        )
        return eksport.svar(
            filnavn=f"budsjett-{self.virksomhet.kode}-{self.aar:d}".lower(),
            ark=_("Budget"),
            kolonner=eksport.budsjett_kolonner(),
            rader=eksport.budsjett_rader(data["tabeller"]),
            format=format,
        )


def _perioder(oppfolging_, virksomhet, aar, type, antall):
    result = []
    for periode in range(1, antall + 1):
        rapport = oppfolging_.rapporter.get((type, periode))
        name = "budsjett-regnskap" if type == Type.REGNSKAP else "budsjett-prognose"
        result.append(
            {
                "periode": periode,
                "tekst": periodetekst(type, aar, periode),
                "rapport": rapport,
                "url": reverse(name, args=[virksomhet.kode, aar, periode]),
            }
        )
    return result


class OppfolgingView(VirksomhetAarMixin, TemplateView):
    """Budget, accounts to date, the latest forecast and the deviation."""

    template_name = "budsjett/oppfolging.html"

    def get_context_data(self, **kwargs):
        user = self.request.user
        result = oppfolging.beregn(virksomhet=self.virksomhet, aar=self.aar, user=user)
        if not result.har_budsjett:
            raise Http404
        return super().get_context_data(
            oppfolging=result,
            maaneder=_perioder(result, self.virksomhet, self.aar, Type.REGNSKAP, 12),
            tertialer=_perioder(result, self.virksomhet, self.aar, Type.PROGNOSE, 3),
            rapporterer=permits(user, Action.REPORT, self.virksomhet),
            **kwargs,
        )


class OppfolgingEksportView(VirksomhetAarMixin, View):
    def get(self, request, kode, aar, format):
        result = oppfolging.beregn(virksomhet=self.virksomhet, aar=self.aar, user=request.user)
        if not result.har_budsjett:
            raise Http404
        return eksport.svar(
            filnavn=f"budsjettoppfolging-{self.virksomhet.kode}-{self.aar:d}".lower(),
            ark=_("Budget follow-up"),
            kolonner=eksport.oppfolging_kolonner(),
            rader=eksport.oppfolging_rader([result]),
            format=format,
        )


class RapportView(ArbeidsflytMixin, VirksomhetAarMixin, TemplateView):
    """A month's accounts or a tertial's forecast: the form, and its workflow
    (``styring.arbeidsflyt``). The report is opened by its first save."""

    template_name = "budsjett/rapport.html"
    type = None
    meldinger = {
        "lagre": gettext_lazy("The amounts have been saved."),
        "lever": gettext_lazy("The report has been submitted."),
        "godkjenn": gettext_lazy("The report has been approved."),
        "returner": gettext_lazy("The report has been returned."),
        "aapne": gettext_lazy("The period has been reopened."),
    }
    levertekst = gettext_lazy(
        "Submitting sends the amounts to the department. They can then no longer be changed."
    )
    konfliktkolonner = (
        gettext_lazy("Account group or post"),
        gettext_lazy("Your amount"),
        gettext_lazy("Saved by somebody else"),
    )

    def dispatch(self, request, *args, **kwargs):
        if kwargs["periode"] not in tjenester.PERIODER[self.type]:
            raise Http404
        self.periode = kwargs["periode"]
        return super().dispatch(request, *args, **kwargs)

    def budsjett(self):
        budget = oppfolging.budsjett_per_konto(
            virksomhet=self.virksomhet, aar=self.aar, user=self.request.user
        )
        if not budget:
            raise Http404
        return budget

    def arbeidsflyt_objekt(self):
        self.budget = self.budsjett()
        found = tjenester.finn_rapport(
            virksomhet=self.virksomhet,
            aar=self.aar,
            type=self.type,
            periode=self.periode,
            user=self.request.user,
        )
        return found or tjenester.ny_rapport(
            virksomhet=self.virksomhet, aar=self.aar, type=self.type, periode=self.periode
        )

    def etter_handling(self, objekt):
        return self.request.path

    def verdiskjema(self, objekt, data=None):
        return RapportSkjema(data, rapport=objekt, budsjett=self.budget)

    def konfliktrader(self, skjema, deres):
        rows = []
        for konto, (typed, _explanation) in zip(skjema.kontoer, skjema.raw().values(), strict=True):
            try:
                mine = tjenester.tolk_belop(typed)
            except ValidationError:
                mine = typed
            theirs = deres.get(konto.pk, (None, ""))[0]
            if mine != theirs:
                rows.append({"navn": [konto.etikett], "mine": mine, "deres": theirs})
        return rows

    def get(self, request, *args, **kwargs):
        self.objekt = self.arbeidsflyt_objekt()
        return self.vis()

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        user, rapport, skjema = self.request.user, self.objekt, context["skjema"]
        saved = tjenester.verdier(rapport)
        result = oppfolging.beregn(
            virksomhet=self.virksomhet,
            aar=self.aar,
            user=user,
            til_maaned=self.periode if self.type == Type.REGNSKAP else self.periode * 4,
        )
        followup = {row.konto.pk: row for row in result.rader}
        prognose = self.type == Type.PROGNOSE
        rows = []
        for konto, amount in self.budget.items():
            belop, forklaring = skjema.belop(konto), skjema.forklaring(konto)
            row = followup.get(konto.pk)
            try:
                forecast = tjenester.tolk_belop(belop["verdi"])
            except ValidationError:
                forecast = None
            deviation = None if forecast is None else forecast - amount
            rows.append(
                {
                    "konto": konto,
                    "budsjett": amount,
                    "regnskap_hittil": row.regnskap if row else None,
                    "belop": belop,
                    "lagret": saved.get(konto.pk, (None, ""))[0],
                    "forklaring": forklaring,
                    "avvik": deviation if prognose else None,
                    "avvik_prosent": prosent_tekst(oppfolging.prosent(deviation, amount))
                    if prognose
                    else "",
                    "vesentlig": prognose
                    and deviation is not None
                    and oppfolging.vesentlig(avvik=deviation, budsjett=amount),
                }
            )
        context.update(
            type=self.type,
            er_prognose=prognose,
            rapportperiode=self.periode,
            periodetekst=periodetekst(self.type, self.aar, self.periode),
            rapport=rapport,
            rader=rows,
            terskel_prosent=settings.BUDSJETT_VESENTLIGHET_PROSENT,
            terskel_belop=settings.BUDSJETT_VESENTLIGHET_BELOP,
        )
        return context


class RegnskapView(RapportView):
    type = Type.REGNSKAP


class PrognoseView(RapportView):
    type = Type.PROGNOSE


class ImportView(VirksomhetAarMixin, View):
    """POST ``fil``: a CSV or Excel file of accounts; saves everything or nothing."""

    http_method_names = ["post"]

    def post(self, request, kode, aar):
        if not permits(request.user, Action.REPORT, self.virksomhet):
            raise PermissionDenied
        fil = request.FILES.get("fil")
        back = reverse("budsjett-oppfolging", args=[self.virksomhet.kode, self.aar])
        if fil is None:
            return self.errors([_("Choose a file to upload.")], back)
        try:
            saved = importering.importer_regnskap(
                virksomhet=self.virksomhet, aar=self.aar, bruker=request.user, fil=fil
            )
        except OpplastingFeil as error:
            return self.errors(error.messages, back)
        except Samtidighetskonflikt as error:
            return self.errors(error.messages, back, status=409)
        except ValidationError as error:
            return self.errors(error.messages, back)
        messages.success(
            request,
            _("The accounts from the file are saved (%(count)s months).") % {"count": len(saved)},
        )
        return HttpResponseRedirect(back)

    def errors(self, feil, back, status=400):
        context = {
            "virksomhet": self.virksomhet,
            "aar": self.aar,
            "feil": feil,
            "tilbake": back,
        }
        return render(self.request, "budsjett/import_feil.html", context, status=status)


class ImportMalView(VirksomhetAarMixin, View):
    def get(self, request, kode, aar):
        if not oppfolging.budsjett_per_konto(
            virksomhet=self.virksomhet, aar=self.aar, user=request.user
        ):
            raise Http404
        content = importering.lag_mal(virksomhet=self.virksomhet, aar=self.aar, user=request.user)
        response = HttpResponse(content, content_type=XLSX)
        name = f"regnskap-{self.virksomhet.kode}-{self.aar:d}.xlsx".lower()
        response["Content-Disposition"] = f'attachment; filename="{name}"'
        return response


def _avvik(user, aar):
    """The follow-up of every organisation with a budget in ``aar`` that ``user`` sees."""
    organisations = {v for v, year in budsjetter(user) if year == aar}
    results = []
    for virksomhet in sorted(organisations, key=lambda v: (v.type, v.navn)):
        result = oppfolging.beregn(virksomhet=virksomhet, aar=aar, user=user)
        if result.har_budsjett:
            results.append(result)
    return results


class AvvikView(TemplateView):
    """The department's overview: deviations across the organisations it steers."""

    template_name = "budsjett/avvik.html"

    def get_context_data(self, **kwargs):
        user = self.request.user
        years = sorted({year for _v, year in budsjetter(user)}, reverse=True)
        chosen = self.request.GET.get("aar", "")
        aar = int(chosen) if chosen.isdigit() and int(chosen) in years else None
        if aar is None and years:
            aar = years[0]
        return super().get_context_data(
            aar=aar,
            aarvalg=years,
            oppfolginger=_avvik(user, aar) if aar else [],
            **kwargs,
        )


class AvvikEksportView(View):
    def get(self, request, format):
        aar = request.GET.get("aar", "")
        if not aar.isdigit():
            raise Http404
        return eksport.svar(
            filnavn=f"budsjettavvik-{int(aar):d}",
            ark=_("Deviations"),
            kolonner=eksport.oppfolging_kolonner(),
            rader=eksport.oppfolging_rader(_avvik(request.user, int(aar))),
            format=format,
        )
