"""Pages of assignments: the overview across agencies, one assignment with its timeline,
and the follow-up forms (status, status report, delivery, deadline)."""

from pathlib import Path

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, redirect
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views import View
from django.views.generic import DetailView, TemplateView

from oppdrag import exports, selectors, services
from oppdrag.forms import FristForm, LeveranseForm, OversiktFilter, StatusForm, StatusrapportForm
from oppdrag.models import FRIST_VARSEL_DAGER, Leveranse, Oppdrag
from styring import perioder
from styring.access import Action, permits
from styring.selectors.endringer import endringer
from styring.views.scoped import ScopedObjectMixin
from styring.views.sider import side_av


def oversiktsfilter(request):
    """The overview's filter form, and the filters to apply: all of them when the form
    is valid, none otherwise (invalid values are simply ignored)."""
    agencies = selectors.ansvarlige_virksomheter(user=request.user)
    form = OversiktFilter(request.GET or None, virksomheter=agencies)
    return form, (form.cleaned_data if form.is_bound and form.is_valid() else {})


class OversiktView(TemplateView):
    """Counts and the lists behind them; a list shows its first rows and links to all."""

    template_name = "oppdrag/oversikt.html"
    rader_per_seksjon = 10

    def get_context_data(self, **kwargs):
        form, filtre = oversiktsfilter(self.request)
        idag = timezone.localdate()
        assignments = selectors.oppdragsliste(user=self.request.user, idag=idag, **filtre)
        tall = selectors.oppfolgingstall(
            oppdrag=assignments, idag=idag, rader=self.rader_per_seksjon
        )
        side = side_av(self.request, assignments, antall=tall["antall"]["alle"])
        return super().get_context_data(
            **tall,
            form=form,
            idag=idag,
            dager=FRIST_VARSEL_DAGER,
            alle=list(side.object_list),
            side=side,
            query=self.request.GET.urlencode(),
            **kwargs,
        )


class EksportView(View):
    """The overview's rows, with the same filters, as CSV or Excel."""

    def get(self, request, format):
        _form, filtre = oversiktsfilter(request)
        assignments = selectors.oppdragsliste(
            user=request.user, idag=timezone.localdate(), **filtre
        )
        if format == "csv":
            return exports.som_csv(assignments)
        if format == "xlsx":
            return exports.som_excel(assignments)
        raise Http404


class OppdragDetailView(ScopedObjectMixin, DetailView):
    model = Oppdrag
    template_name = "oppdrag/detalj.html"
    context_object_name = "oppdrag"

    def get_queryset(self):
        return (
            super()
            .get_queryset()
            .select_related("brev", "brev__utsteder", "maal")
            .prefetch_related("ansvarlige", "brev_i")
        )

    def get_context_data(self, **kwargs):
        oppdrag, user = self.object, self.request.user
        kan_rapportere = permits(user, Action.REPORT, oppdrag)
        kan_styre = permits(user, Action.STEER, oppdrag)
        # A form posted with errors (in kwargs) is shown instead of the empty one.
        skjemaer = self.skjemaer(kan_rapportere=kan_rapportere, kan_styre=kan_styre)
        return super().get_context_data(
            **{**skjemaer, **kwargs},
            tidslinje=selectors.tidslinje(oppdrag=oppdrag),
            endringer=endringer(user=user, obj=oppdrag),
            kan_rapportere=kan_rapportere,
            kan_styre=kan_styre,
        )

    def skjemaer(self, *, kan_rapportere, kan_styre):
        """The empty follow-up forms the user may fill in on this assignment."""
        oppdrag, idag = self.object, timezone.localdate()
        valg = services.mulige_statuser(oppdrag=oppdrag, user=self.request.user)
        skjemaer = {
            "statusskjema": (
                StatusForm(valg=valg, initial={"forventet_status": oppdrag.status})
                if valg
                else None
            ),
            "fristskjema": (
                FristForm(initial={"frist_tekst": oppdrag.frist_tekst, "dato": oppdrag.frist_dato})
                if kan_styre
                else None
            ),
        }
        if kan_rapportere and not oppdrag.er_lukket:
            skjemaer["rapportskjema"] = StatusrapportForm(
                initial={"aar": idag.year, "tertial": perioder.tertial(idag)}
            )
            skjemaer["leveranseskjema"] = LeveranseForm(initial={"dato": idag})
        return skjemaer


class OppdragHandlingView(OppdragDetailView):
    """POST one of the follow-up forms; errors re-show the page with the form."""

    form_name = ""
    melding = ""

    def post(self, request, pk):
        self.object = self.get_object()
        form = self.build_form()
        if form.is_valid():
            try:
                self.act(form.cleaned_data)
            except ValidationError as error:
                if hasattr(error, "error_dict"):
                    for field, errors in error.error_dict.items():
                        for item in errors:
                            form.add_error(field if field in form.fields else None, item)
                else:
                    form.add_error(None, error)
            else:
                messages.success(request, self.melding)
                return redirect(self.object)
        return self.render_to_response(self.get_context_data(**{self.form_name: form}))

    def get(self, request, pk):
        # The form lives on the assignment's page; outside the user's scope that is 404.
        return redirect(self.get_object())


class StatusView(OppdragHandlingView):
    form_name = "statusskjema"

    @property
    def melding(self):
        return _("The status has been changed.")

    def build_form(self):
        valg = services.mulige_statuser(oppdrag=self.object, user=self.request.user)
        if not valg:
            raise PermissionDenied
        return StatusForm(self.request.POST, valg=valg)

    def act(self, data):
        services.endre_status(
            oppdrag=self.object,
            user=self.request.user,
            til=data["til"],
            kommentar=data["kommentar"],
            ny_frist=data["ny_frist"],
            forventet_status=data["forventet_status"],
        )


class StatusrapportView(OppdragHandlingView):
    form_name = "rapportskjema"

    @property
    def melding(self):
        return _("The status report has been saved.")

    def build_form(self):
        if not permits(self.request.user, Action.REPORT, self.object):
            raise PermissionDenied
        return StatusrapportForm(self.request.POST)

    def act(self, data):
        services.skriv_statusrapport(oppdrag=self.object, user=self.request.user, **data)


class LeveranseView(OppdragHandlingView):
    form_name = "leveranseskjema"

    @property
    def melding(self):
        return _("The delivery has been registered.")

    def build_form(self):
        if not permits(self.request.user, Action.REPORT, self.object):
            raise PermissionDenied
        return LeveranseForm(self.request.POST, self.request.FILES)

    def act(self, data):
        services.registrer_leveranse(oppdrag=self.object, user=self.request.user, **data)


class FristView(OppdragHandlingView):
    form_name = "fristskjema"

    @property
    def melding(self):
        return _("The deadline has been changed.")

    def build_form(self):
        if not permits(self.request.user, Action.STEER, self.object):
            raise PermissionDenied
        return FristForm(self.request.POST)

    def act(self, data):
        services.rett_frist(
            oppdrag=self.object,
            user=self.request.user,
            tekst=data["frist_tekst"],
            dato=data["dato"],
        )


class LeveransefilView(View):
    """A delivered file, only for those who see the assignment."""

    def get(self, request, pk):
        leveranse = get_object_or_404(Leveranse.objects.for_user(request.user), pk=pk)
        if not leveranse.fil:
            raise Http404
        return FileResponse(
            leveranse.fil.open("rb"),
            as_attachment=True,
            filename=Path(leveranse.fil.name).name,
        )
