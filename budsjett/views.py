"""Pages of the budget: the letter's tables per organisation and year, the follow-up
against accounts and forecasts, the forms for a month's accounts and a tertial's forecast,
the import of accounts, exports, and the department's overview of deviations.

An organisation outside the user's scope answers 404 (``Virksomhet.objects.for_user``), as
does a year without a budget; an action beyond the user's role answers 403.
"""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views import View
from django.views.generic import TemplateView

from budsjett import exports, imports, selectors, services
from budsjett.forms import RapportSkjema
from budsjett.models import Budsjettrapport
from styring.access import Action, permits
from styring.arbeidsflyt.services import Samtidighetskonflikt
from styring.arbeidsflyt.views import ArbeidsflytMixin
from styring.models import Virksomhet
from styring.regneark import OpplastingFeil

Type = Budsjettrapport.Type
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


class VirksomhetAarMixin:
    """The organisation in the URL (404 outside the user's scope) and the year."""

    def dispatch(self, request, *args, **kwargs):
        self.virksomhet = get_object_or_404(
            Virksomhet.objects.for_user(request.user), kode=kwargs["kode"]
        )
        self.aar = kwargs["aar"]
        return super().dispatch(request, *args, **kwargs)

    def get_context_data(self, **kwargs):
        kwargs.update(virksomhet=self.virksomhet, aar=self.aar)
        return super().get_context_data(**kwargs)


class BudsjettListeView(TemplateView):
    template_name = "budsjett/liste.html"

    def get_context_data(self, **kwargs):
        user = self.request.user
        return super().get_context_data(
            budsjetter=selectors.budsjettliste(user=user),
            er_styrer=permits(user, Action.STEER),
            **kwargs,
        )


class BudsjettView(VirksomhetAarMixin, TemplateView):
    """The letter's tables for one organisation and year, with the reconciliation."""

    template_name = "budsjett/budsjett.html"

    def get_context_data(self, **kwargs):
        where = {"virksomhet": self.virksomhet, "aar": self.aar, "user": self.request.user}
        shown = selectors.budsjettvisning(**where)
        if shown is None:
            raise Http404
        return super().get_context_data(
            **shown, har_oppfolging=selectors.har_oppfolging(**where), **kwargs
        )


class BudsjettEksportView(VirksomhetAarMixin, View):
    def get(self, request, kode, aar, format):
        shown = selectors.budsjettvisning(
            virksomhet=self.virksomhet, aar=self.aar, user=request.user
        )
        if shown is None:
            raise Http404
        return exports.svar(
            filnavn=f"budsjett-{self.virksomhet.kode}-{self.aar:d}".lower(),
            ark=_("Budget"),
            kolonner=exports.budsjett_kolonner(),
            rader=exports.budsjett_rader(shown["data"]["tabeller"]),
            format=format,
        )


class OppfolgingView(VirksomhetAarMixin, TemplateView):
    """Budget, accounts to date, the latest forecast and the deviation."""

    template_name = "budsjett/oppfolging.html"

    def get_context_data(self, **kwargs):
        user = self.request.user
        page = selectors.oppfolgingsside(virksomhet=self.virksomhet, aar=self.aar, user=user)
        if page is None:
            raise Http404
        return super().get_context_data(
            **page, rapporterer=permits(user, Action.REPORT, self.virksomhet), **kwargs
        )


class OppfolgingEksportView(VirksomhetAarMixin, View):
    def get(self, request, kode, aar, format):
        result = selectors.budsjettoppfolging(
            virksomhet=self.virksomhet, aar=self.aar, user=request.user
        )
        if not result.har_budsjett:
            raise Http404
        return exports.svar(
            filnavn=f"budsjettoppfolging-{self.virksomhet.kode}-{self.aar:d}".lower(),
            ark=_("Budget follow-up"),
            kolonner=exports.oppfolging_kolonner(),
            rader=exports.oppfolging_rader([result]),
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
        if kwargs["periode"] not in services.PERIODER[self.type]:
            raise Http404
        self.periode = kwargs["periode"]
        return super().dispatch(request, *args, **kwargs)

    def budsjett(self):
        budget = selectors.budsjett_per_konto(
            virksomhet=self.virksomhet, aar=self.aar, user=self.request.user
        )
        if not budget:
            raise Http404
        return budget

    def arbeidsflyt_objekt(self):
        self.budget = self.budsjett()
        found = services.finn_rapport(
            virksomhet=self.virksomhet,
            aar=self.aar,
            type=self.type,
            periode=self.periode,
            user=self.request.user,
        )
        return found or services.ny_rapport(
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
                mine = services.tolk_belop(typed)
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
        context.update(
            selectors.rapportside(
                virksomhet=self.virksomhet,
                rapport=self.objekt,
                budsjett=self.budget,
                skjema=context["skjema"],
                user=self.request.user,
            ),
            rapport=self.objekt,
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
        back = reverse("budsjett:budsjett-oppfolging", args=[self.virksomhet.kode, self.aar])
        if fil is None:
            return self.errors([_("Choose a file to upload.")], back)
        try:
            saved = imports.importer_regnskap(
                virksomhet=self.virksomhet, aar=self.aar, user=request.user, fil=fil
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
        if not selectors.har_oppfolging(
            virksomhet=self.virksomhet, aar=self.aar, user=request.user
        ):
            raise Http404
        content = imports.lag_mal(virksomhet=self.virksomhet, aar=self.aar, user=request.user)
        response = HttpResponse(content, content_type=XLSX)
        name = f"regnskap-{self.virksomhet.kode}-{self.aar:d}.xlsx".lower()
        response["Content-Disposition"] = f'attachment; filename="{name}"'
        return response


class AvvikView(TemplateView):
    """The department's overview: deviations across the organisations it steers."""

    template_name = "budsjett/avvik.html"

    def get_context_data(self, **kwargs):
        chosen = self.request.GET.get("aar", "")
        shown = selectors.avviksoversikt(
            aar=int(chosen) if chosen.isdigit() else None, user=self.request.user
        )
        return super().get_context_data(**shown, **kwargs)


class AvvikEksportView(View):
    def get(self, request, format):
        aar = request.GET.get("aar", "")
        if not aar.isdigit():
            raise Http404
        return exports.svar(
            filnavn=f"budsjettavvik-{int(aar):d}",
            ark=_("Deviations"),
            kolonner=exports.oppfolging_kolonner(),
            rader=exports.oppfolging_rader(
                selectors.avvik_per_virksomhet(aar=int(aar), user=request.user)
            ),
            format=format,
        )
