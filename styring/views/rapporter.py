"""Report pages: the organisations' archives, ordering and previewing a report, the job
progress (polled with htmx), downloads and subscriptions."""

import datetime

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views import View
from django.views.generic import TemplateView

from styring.access import Action, permits
from styring.models import Abonnement, Rapport, Rapportjobb, Virksomhet
from styring.rapporter import arkiv, gjengivelse, tilgang
from styring.registries import rapporttyper


def _virksomhet(user, kode):
    return get_object_or_404(Virksomhet.objects.for_user(user), kode=kode)


class RapportOversiktView(TemplateView):
    """The organisations whose reports the user may see."""

    template_name = "styring/rapporter/oversikt.html"

    def get_context_data(self, **kwargs):
        visible = Virksomhet.objects.for_user(self.request.user).order_by("navn")
        return super().get_context_data(
            virksomheter=[
                {"virksomhet": v, "typer": typer}
                for v, typer in tilgang.typer_per_virksomhet(visible)
                if typer
            ],
            **kwargs,
        )


def _valgt_periode(rapporttype, verdi, idag):
    """The (from, to) the form names, if it is one the user may order; else None."""
    for fra, til in tilgang.perioder(frekvens=rapporttype.frekvens, idag=idag):
        if fra.isoformat() == verdi:
            return fra, til
    return None


class RapportSideView(TemplateView):
    """One organisation's reports: archive, ordering, preview, progress, subscriptions."""

    template_name = "styring/rapporter/side.html"

    def dispatch(self, request, *args, **kwargs):
        self.virksomhet = _virksomhet(request.user, kwargs["kode"])
        return super().dispatch(request, *args, **kwargs)

    def get_context_data(self, **kwargs):
        user, virksomhet, idag = self.request.user, self.virksomhet, timezone.localdate()
        typer = tilgang.typer_for(virksomhet)
        subscribed = set(
            Abonnement.objects.filter(bruker=user, virksomhet=virksomhet).values_list(
                "type", flat=True
            )
        )
        return super().get_context_data(
            virksomhet=virksomhet,
            typer=[
                {
                    "type": t,
                    "perioder": tilgang.perioder(frekvens=t.frekvens, idag=idag),
                    "abonnert": t.kode in subscribed,
                }
                for t in typer
            ],
            rapporter=Rapport.objects.for_user(user)
            .filter(virksomhet=virksomhet)
            .select_related("generert_av"),
            **jobbkontekst(user, virksomhet),
            kan_bestille=permits(user, Action.ORDER, virksomhet),
            typenavn={kode: t.navn for kode, t in rapporttyper.items()},
            **kwargs,
        )

    def post(self, request, *args, **kwargs):
        user, virksomhet = request.user, self.virksomhet
        rapporttype = rapporttyper.get(request.POST.get("type", ""))
        if rapporttype is None or not rapporttype.gjelder(virksomhet):
            messages.error(request, _("Choose a report type."))
            return redirect("rapporter-virksomhet", virksomhet.kode)
        if request.POST.get("handling") == "abonner":
            if not user.email:
                messages.error(request, _("Your user has no e-mail address."))
            else:
                Abonnement.objects.get_or_create(
                    bruker=user, type=rapporttype.kode, virksomhet=virksomhet
                )
                messages.success(request, _("You will get this report by e-mail."))
            return redirect("rapporter-virksomhet", virksomhet.kode)
        if request.POST.get("handling") == "avslutt":
            Abonnement.objects.filter(
                bruker=user, type=rapporttype.kode, virksomhet=virksomhet
            ).delete()
            messages.success(request, _("You will no longer get this report by e-mail."))
            return redirect("rapporter-virksomhet", virksomhet.kode)
        if not permits(user, Action.ORDER, virksomhet):
            raise PermissionDenied
        periode = _valgt_periode(rapporttype, request.POST.get("periode", ""), timezone.localdate())
        if periode is None:
            messages.error(request, _("Choose a period that has ended."))
            return redirect("rapporter-virksomhet", virksomhet.kode)
        arkiv.bestill(
            type_kode=rapporttype.kode,
            virksomhet=virksomhet,
            periode_fra=periode[0],
            periode_til=periode[1],
            bruker=user,
        )
        messages.success(request, _("The report is being made. This page shows when it is done."))
        return redirect("rapporter-virksomhet", virksomhet.kode)


def jobbkontekst(user, virksomhet):
    """The latest orders, and whether any is still queued or running (then htmx polls)."""
    jobs = list(
        Rapportjobb.objects.for_user(user)
        .filter(virksomhet=virksomhet)
        .select_related("rapport")
        .order_by("-bestilt", "-pk")[:10]
    )
    return {"jobber": jobs, "aktive": any(not job.avsluttet for job in jobs)}


class JobberView(TemplateView):
    """The job table alone, for htmx to refresh while a job is queued or running."""

    template_name = "styring/rapporter/_jobber.html"

    def get_context_data(self, **kwargs):
        virksomhet = _virksomhet(self.request.user, self.kwargs["kode"])
        return super().get_context_data(
            virksomhet=virksomhet,
            **jobbkontekst(self.request.user, virksomhet),
            typenavn={kode: t.navn for kode, t in rapporttyper.items()},
            **kwargs,
        )


class ForhandsvisningView(View):
    """The report as HTML, made now from what the user may see; nothing is archived."""

    def get(self, request, kode):
        virksomhet = _virksomhet(request.user, kode)
        rapporttype = rapporttyper.get(request.GET.get("type", ""))
        if rapporttype is None or not rapporttype.gjelder(virksomhet):
            raise Http404
        if not permits(request.user, Action.ORDER, virksomhet):
            raise PermissionDenied
        try:
            fra = datetime.date.fromisoformat(request.GET.get("periode", ""))
        except ValueError:
            raise Http404 from None
        periode = _valgt_periode(rapporttype, fra.isoformat(), timezone.localdate())
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
