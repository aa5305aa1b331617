"""Pages of assignments: the overview across agencies, one assignment with its timeline,
and the follow-up forms (status, status report, delivery, deadline)."""

from pathlib import Path

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import F, Q
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, redirect
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views import View
from django.views.generic import DetailView, TemplateView

from oppdrag import eksport, tjenester
from oppdrag.forms import FristForm, LeveranseForm, OversiktFilter, StatusForm, StatusrapportForm
from oppdrag.models import FRIST_VARSEL_DAGER, Leveranse, Oppdrag, Status, oppfolging
from styring.access import Action, permits
from styring.models import Endring, Virksomhet
from styring.views.scoped import ScopedObjectMixin
from styring.views.sider import side_av


def filtrerte_oppdrag(request):
    """The user's assignments narrowed by the overview's filters, and the filter form."""
    user = request.user
    responsible = Oppdrag.ansvarlige.through.objects.values("virksomhet_id")
    agencies = Virksomhet.objects.for_user(user).filter(pk__in=responsible)
    form = OversiktFilter(request.GET or None, virksomheter=agencies.order_by("navn"))
    assignments = (
        Oppdrag.objects.for_user(user)
        .select_related("brev", "brev__utsteder")
        .prefetch_related("ansvarlige")
        .order_by(F("forfall").asc(nulls_last=True), "brev", "rekkefolge", "pk")
    )
    idag = timezone.localdate()
    if form.is_bound and form.is_valid():
        data = form.cleaned_data
        if data["aar"]:
            carried_over = Oppdrag.brev_i.through.objects.filter(tildelingsbrev__aar=data["aar"])
            assignments = assignments.filter(
                Q(brev__aar=data["aar"]) | Q(pk__in=carried_over.values("oppdrag_id"))
            )
        if data["virksomhet"]:
            responsible = Oppdrag.ansvarlige.through.objects.filter(
                virksomhet__kode=data["virksomhet"]
            )
            assignments = assignments.filter(pk__in=responsible.values("oppdrag_id"))
        if data["status"]:
            assignments = assignments.filter(status=data["status"])
        if data["art"]:
            assignments = assignments.filter(art=data["art"])
        if data["vindu"]:
            assignments = assignments.i_vindu(data["vindu"], idag)
    # Many-valued relations are filtered through subqueries, so rows never repeat.
    return form, assignments


class OversiktView(TemplateView):
    """Counts and the lists behind them; a list shows its first rows and links to all."""

    template_name = "oppdrag/oversikt.html"
    rader_per_seksjon = 10

    def get_context_data(self, **kwargs):
        form, assignments = filtrerte_oppdrag(self.request)
        idag = timezone.localdate()
        grupper = oppfolging(idag)
        rader = {
            navn: list(assignments.filter(q)[: self.rader_per_seksjon])
            for navn, q in grupper.items()
        }
        antall = assignments.oppfolgingstall(idag)
        side = side_av(self.request, assignments, antall=antall["alle"])
        return super().get_context_data(
            form=form,
            idag=idag,
            dager=FRIST_VARSEL_DAGER,
            antall=antall,
            **rader,
            alle=list(side.object_list),
            side=side,
            per_virksomhet=assignments.oppfolgingstall_per_ansvarlig(idag),
            query=self.request.GET.urlencode(),
            **kwargs,
        )


class EksportView(View):
    """The overview's rows, with the same filters, as CSV or Excel."""

    def get(self, request, format):
        _form, assignments = filtrerte_oppdrag(request)
        if format == "csv":
            return eksport.som_csv(assignments)
        if format == "xlsx":
            return eksport.som_excel(assignments)
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
        valg = tjenester.mulige_statuser(oppdrag=oppdrag, bruker=user)
        idag = timezone.localdate()
        kwargs.setdefault(
            "statusskjema",
            StatusForm(valg=valg, initial={"forventet_status": oppdrag.status}) if valg else None,
        )
        if kan_rapportere and oppdrag.status not in (Status.GODKJENT, Status.BORTFALT):
            tertial = (idag.month - 1) // 4 + 1
            kwargs.setdefault(
                "rapportskjema", StatusrapportForm(initial={"aar": idag.year, "tertial": tertial})
            )
            kwargs.setdefault("leveranseskjema", LeveranseForm(initial={"dato": idag}))
        kwargs.setdefault(
            "fristskjema",
            FristForm(initial={"frist_tekst": oppdrag.frist_tekst, "dato": oppdrag.frist_dato})
            if kan_styre
            else None,
        )
        return super().get_context_data(
            tidslinje=tjenester.tidslinje(oppdrag),
            endringer=(
                Endring.objects.for_user(user, Action.AUDIT)
                .for_object(oppdrag)
                .select_related("content_type")[:20]
                if permits(user, Action.AUDIT, oppdrag)
                else None
            ),
            kan_rapportere=kan_rapportere,
            kan_styre=kan_styre,
            **kwargs,
        )


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
        valg = tjenester.mulige_statuser(oppdrag=self.object, bruker=self.request.user)
        if not valg:
            raise PermissionDenied
        return StatusForm(self.request.POST, valg=valg)

    def act(self, data):
        tjenester.endre_status(
            oppdrag=self.object,
            bruker=self.request.user,
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
        tjenester.skriv_statusrapport(oppdrag=self.object, bruker=self.request.user, **data)


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
        tjenester.registrer_leveranse(oppdrag=self.object, bruker=self.request.user, **data)


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
        tjenester.rett_frist(
            oppdrag=self.object,
            bruker=self.request.user,
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
