"""Report pages: the organisations' archives, ordering and previewing a report, the job
progress (polled with htmx), downloads and subscriptions."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views import View
from django.views.generic import TemplateView

from styring.access import Action, permits
from styring.models import Rapport, Virksomhet
from styring.reports import arkiv, gjengivelse
from styring.selectors import rapporter as selectors


def _virksomhet(user, kode):
    return get_object_or_404(Virksomhet.objects.for_user(user), kode=kode)


class RapportOversiktView(TemplateView):
    """The organisations whose reports the user may see."""

    template_name = "styring/rapporter/oversikt.html"

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            virksomheter=selectors.rapportvirksomheter(user=self.request.user), **kwargs
        )


class RapportSideView(TemplateView):
    """One organisation's reports: archive, ordering, preview, progress, subscriptions."""

    template_name = "styring/rapporter/side.html"

    def dispatch(self, request, *args, **kwargs):
        self.virksomhet = _virksomhet(request.user, kwargs["kode"])
        return super().dispatch(request, *args, **kwargs)

    def get_context_data(self, **kwargs):
        user, virksomhet = self.request.user, self.virksomhet
        return super().get_context_data(
            **selectors.rapportside(user=user, virksomhet=virksomhet, idag=timezone.localdate()),
            virksomhet=virksomhet,
            kan_bestille=permits(user, Action.ORDER, virksomhet),
            **kwargs,
        )

    def post(self, request, *args, **kwargs):
        user, virksomhet = request.user, self.virksomhet
        rapporttype = selectors.rapporttype_for(
            kode=request.POST.get("type", ""), virksomhet=virksomhet
        )
        handling = request.POST.get("handling")
        if rapporttype is None:
            messages.error(request, _("Choose a report type."))
        elif handling == "abonner":
            self.abonner(rapporttype)
        elif handling == "avslutt":
            arkiv.avslutt_abonnement(user=user, type_kode=rapporttype.kode, virksomhet=virksomhet)
            messages.success(request, _("You will no longer get this report by e-mail."))
        else:
            self.bestill(rapporttype)
        return redirect("styring:rapporter-virksomhet", virksomhet.kode)

    def abonner(self, rapporttype):
        request = self.request
        try:
            arkiv.abonner(user=request.user, type_kode=rapporttype.kode, virksomhet=self.virksomhet)
        except ValidationError as error:
            messages.error(request, error.messages[0])
        else:
            messages.success(request, _("You will get this report by e-mail."))

    def bestill(self, rapporttype):
        request = self.request
        if not permits(request.user, Action.ORDER, self.virksomhet):
            raise PermissionDenied
        periode = selectors.bestillbar_periode(
            rapporttype=rapporttype,
            fra=request.POST.get("periode", ""),
            idag=timezone.localdate(),
        )
        if periode is None:
            messages.error(request, _("Choose a period that has ended."))
            return
        arkiv.bestill(
            type_kode=rapporttype.kode,
            virksomhet=self.virksomhet,
            periode_fra=periode[0],
            periode_til=periode[1],
            user=request.user,
        )
        messages.success(request, _("The report is being made. This page shows when it is done."))


class JobberView(TemplateView):
    """The job table alone, for htmx to refresh while a job is queued or running."""

    template_name = "styring/rapporter/_jobber.html"

    def get_context_data(self, **kwargs):
        virksomhet = _virksomhet(self.request.user, self.kwargs["kode"])
        return super().get_context_data(
            virksomhet=virksomhet,
            **selectors.siste_jobber(user=self.request.user, virksomhet=virksomhet),
            typenavn=selectors.typenavn(),
            **kwargs,
        )


class ForhandsvisningView(View):
    """The report as HTML, made now from what the user may see; nothing is archived."""

    def get(self, request, kode):
        virksomhet = _virksomhet(request.user, kode)
        rapporttype = selectors.rapporttype_for(
            kode=request.GET.get("type", ""), virksomhet=virksomhet
        )
        if rapporttype is None:
            raise Http404
        if not permits(request.user, Action.ORDER, virksomhet):
            raise PermissionDenied
        periode = selectors.bestillbar_periode(
            rapporttype=rapporttype,
            fra=request.GET.get("periode", ""),
            idag=timezone.localdate(),
        )
        if periode is None:
            raise Http404
        html, _innhold, _tittel = gjengivelse.bygg(
            type_kode=rapporttype.kode,
            virksomhet=virksomhet,
            periode_fra=periode[0],
            periode_til=periode[1],
            user=request.user,
        )
        return HttpResponse(html)


class RapportFilView(View):
    """An archived file, for those who may see the report."""

    def get(self, request, pk, format):
        rapport = get_object_or_404(Rapport.objects.for_user(request.user), pk=pk)
        field = {"pdf": rapport.pdf, "xlsx": rapport.excel}.get(format)
        if not field:
            raise Http404
        try:
            handle = field.open("rb")
        except FileNotFoundError as error:
            raise Http404 from error
        return FileResponse(handle, as_attachment=True, filename=field.name.rsplit("/", 1)[-1])
