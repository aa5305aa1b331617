"""Pages of periodic reporting: the user's submissions, one submission's form with its
workflow buttons (``styring.arbeidsflyt``), and the department's overview of who has
reported. Reading a page never opens a period: the beat task and the first save do."""

import datetime

from django import forms
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect
from django.utils import timezone
from django.utils.formats import number_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.generic import TemplateView

from indikatorer import selectors, skjematyper
from indikatorer.forms.indikator import InnsendingSkjema, som_tekst
from indikatorer.models.rapportering import Innsending, Skjema, Verdi
from indikatorer.skjematyper import beleggsprosent, under_terskel
from styring.arbeidsflyt.views import ArbeidsflytMixin
from styring.models import Virksomhet
from styring.perioder import dager_i_maaned, maaneder_fram_til
from styring.views.sider import side_av

Status = Innsending.Status
# Periods due and not opened yet are listed above the submissions, at most this many.
UAAPNEDE_MAKS = 50


class InnsendingFilter(forms.Form):
    skjema = forms.ChoiceField(label=gettext_lazy("Obligation"), required=False)
    status = forms.ChoiceField(label=gettext_lazy("Status"), required=False)
    aar = forms.IntegerField(label=gettext_lazy("Year"), required=False, min_value=2000)

    def __init__(self, *args, skjemaer=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["skjema"].choices = [("", _("All"))] + [(s.kode, s.navn) for s in skjemaer]
        self.fields["status"].choices = [("", _("All"))] + list(Status.choices)


class InnsendingListeView(TemplateView):
    template_name = "indikatorer/innsending/liste.html"

    def get_context_data(self, **kwargs):
        user, idag = self.request.user, timezone.localdate()
        skjemaer = Skjema.objects.for_user(user).order_by("navn")
        form = InnsendingFilter(self.request.GET or None, skjemaer=skjemaer)
        innsendinger = (
            Innsending.objects.for_user(user)
            .select_related("skjema", "virksomhet")
            .order_by("-periode_fra", "skjema__navn", "virksomhet__navn")
        )
        data = form.cleaned_data if form.is_bound and form.is_valid() else {}
        if data.get("skjema"):
            innsendinger = innsendinger.filter(skjema__kode=data["skjema"])
        if data.get("status"):
            innsendinger = innsendinger.filter(status=data["status"])
        if data.get("aar"):
            innsendinger = innsendinger.filter(periode_fra__year=data["aar"])
        side = side_av(self.request, innsendinger)
        for innsending in side.object_list:
            innsending.for_sent = innsending.aapen and innsending.frist < idag
        uaapnede = []
        if data.get("status") in (None, "", Status.IKKE_PAABEGYNT):
            uaapnede = selectors.uaapnede_innsendinger(
                user=user, idag=idag, skjema_kode=data.get("skjema"), aar=data.get("aar")
            )
            for innsending in uaapnede:
                innsending.for_sent = innsending.frist < idag
        return super().get_context_data(
            form=form,
            innsendinger=side.object_list,
            side=side,
            uaapnede=uaapnede[:UAAPNEDE_MAKS],
            uaapnede_antall=len(uaapnede),
            idag=idag,
            **kwargs,
        )


def _prosent(value):
    return f"{number_format(value, 1)} %"


class InnsendingSideMixin(ArbeidsflytMixin):
    """The page of a submission: its numbers as a table, occupancy and its history for
    belegg, the workflow's buttons, the Excel template."""

    template_name = "indikatorer/innsending/detalj.html"
    meldinger = {
        "lagre": gettext_lazy("The numbers have been saved."),
        "lever": gettext_lazy("The submission has been submitted."),
        "godkjenn": gettext_lazy("The submission has been approved."),
        "returner": gettext_lazy("The submission has been returned."),
        "aapne": gettext_lazy("The period has been reopened."),
    }
    levertekst = gettext_lazy(
        "Submitting sends the numbers to the department. They can then no longer be changed."
    )
    konfliktkolonner = (
        gettext_lazy("Row"),
        gettext_lazy("Field"),
        gettext_lazy("Your numbers"),
        gettext_lazy("Saved by somebody else"),
    )

    def get(self, request, *args, **kwargs):
        self.objekt = self.arbeidsflyt_objekt()
        return self.vis()

    def verdiskjema(self, objekt, data=None):
        return InnsendingSkjema(data, innsending=objekt)

    def konfliktrader(self, skjema, deres):
        names = {rad.nokkel: rad.navn for rad in skjema.rader}
        fields = {f.kode: f for f in skjema.felt}
        rows = []
        for (code, rad), typed in skjema.raw().items():
            theirs = som_tekst(deres.get((code, rad)))
            parsed, _error = skjematyper.tolk_verdi(fields[code], typed)
            mine = som_tekst(parsed) if parsed is not None else (typed or "").strip()
            if mine != theirs:
                rows.append(
                    {
                        "navn": [names.get(rad, rad), fields[code].navn],
                        "mine": mine,
                        "deres": theirs,
                    }
                )
        return rows

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        innsending, skjema = self.objekt, context["skjema"]
        handler = skjematyper.for_skjema(innsending.skjema)
        shown = skjema.viste()
        beregnet = handler.kontroller(innsending, shown).beregnet
        belegg = innsending.skjema.type == Skjema.Type.BELEGG
        tabell = []
        for rad in skjema.rader:
            b = beregnet.get(rad.nokkel)
            tabell.append(
                {
                    "rad": rad,
                    "plasser": rad.fakta.get("plasser"),
                    "celler": [
                        {"felt": f, **skjema.celle(skjema.navn[(f.kode, rad.nokkel)])}
                        for f in skjema.felt
                    ],
                    "belegg": _prosent(b["belegg"]) if b else None,
                    "terskel": b["terskel"] if b else None,
                    "under_terskel": b["under_terskel"] if b else False,
                }
            )
        context.update(
            innsending=innsending,
            felt=skjema.felt,
            tabell=tabell,
            belegg=belegg,
            historikk=self.historikk(innsending, skjema.rader) if belegg else None,
            idag=timezone.localdate(),
        )
        return context

    def historikk(self, innsending, rader):
        """Occupancy per institution over the 12 months before this period."""
        months = maaneder_fram_til(innsending.periode_fra, antall=12)
        values = Verdi.objects.filter(
            innsending__skjema=innsending.skjema,
            innsending__virksomhet=innsending.virksomhet,
            innsending__periode_fra__gte=months[0],
            innsending__periode_fra__lt=innsending.periode_fra,
            felt__kode="liggedogn",
            tall__isnull=False,
        ).values_list("rad", "innsending__periode_fra", "tall")
        by_key = {(rad, fra): tall for rad, fra, tall in values}
        rows = []
        for rad in rader:
            institution = rad.fakta.get("institusjon")
            if institution is None:
                continue
            cells = []
            for month in months:
                bed_days = by_key.get((rad.nokkel, month))
                places = institution.plasser_paa(month)
                share = beleggsprosent(
                    liggedogn=bed_days,
                    plassdogn=places * dager_i_maaned(month) if places else None,
                )
                if share is None:
                    cells.append(None)
                else:
                    cells.append(
                        {
                            "tekst": _prosent(share),
                            "under": under_terskel(share, institution.type),
                        }
                    )
            rows.append({"navn": rad.navn, "celler": cells})
        return {"maaneder": months, "rader": rows}


class InnsendingView(InnsendingSideMixin, TemplateView):
    """A submission that has been opened."""

    def arbeidsflyt_objekt(self):
        return get_object_or_404(
            Innsending.objects.for_user(self.request.user).select_related(
                "skjema", "skjema__eier", "virksomhet"
            ),
            pk=self.kwargs["pk"],
        )


class NyInnsendingView(InnsendingSideMixin, TemplateView):
    """The submission of a period that has ended but is not opened yet: its page shows an
    empty form, and its first save opens it. Once opened, its own page answers."""

    def arbeidsflyt_objekt(self):
        try:
            periode_fra = datetime.date(self.kwargs["aar"], self.kwargs["maaned"], 1)
        except ValueError:
            raise Http404 from None
        innsending = selectors.innsending_for_periode(
            user=self.request.user,
            skjema_kode=self.kwargs["skjema"],
            virksomhet_kode=self.kwargs["virksomhet"],
            periode_fra=periode_fra,
            idag=timezone.localdate(),
        )
        if innsending is None:
            raise Http404
        return innsending

    def get(self, request, *args, **kwargs):
        self.objekt = self.arbeidsflyt_objekt()
        if self.objekt.pk is not None:
            return redirect(self.objekt)
        return self.vis()


STATUS_KODER = ("mangler", "forsinket", "utkast", "levert", "returnert", "godkjent")


def _status_kode(innsending, idag):
    if innsending is not None:
        if innsending.status == Status.GODKJENT:
            return "godkjent"
        if innsending.status == Status.LEVERT:
            return "levert"
        if innsending.status == Status.RETURNERT:
            return "returnert"
    frist = innsending.frist if innsending is not None else None
    if frist is not None and frist < idag:
        return "forsinket"
    if innsending is not None and innsending.status == Status.UTKAST:
        return "utkast"
    return "mangler"


class OversiktView(TemplateView):
    template_name = "indikatorer/innsending/oversikt.html"
    antall_perioder = 6

    def get_context_data(self, **kwargs):
        user, idag = self.request.user, timezone.localdate()
        labels = {
            "mangler": _("Missing"),
            "forsinket": _("Late"),
            "utkast": _("Draft"),
            "levert": _("Submitted"),
            "returnert": _("Returned"),
            "godkjent": _("Approved"),
        }
        skjemaer = list(Skjema.objects.for_user(user).prefetch_related("rapportorer"))
        visible = (
            None
            if user.is_superuser
            else set(Virksomhet.objects.for_user(user).values_list("pk", flat=True))
        )
        periods = {
            s.pk: s.perioder(fra=s.aktiv_fra, til=idag)[-self.antall_perioder :] for s in skjemaer
        }
        earliest = min((p[0][0] for p in periods.values() if p), default=idag)
        submissions = {
            (i.skjema_id, i.virksomhet_id, i.periode_fra): i
            for i in Innsending.objects.for_user(user).filter(
                skjema__in=skjemaer, periode_fra__gte=earliest
            )
        }
        blocks = []
        for skjema in skjemaer:
            columns = list(reversed(periods[skjema.pk]))
            reporters = sorted(skjema.rapportorer.all(), key=lambda v: v.navn)
            if visible is not None and skjema.eier_id not in visible:
                reporters = [v for v in reporters if v.pk in visible]
            if not reporters or not columns:
                continue
            counts = [dict.fromkeys(STATUS_KODER, 0) for _c in columns]
            rows = []
            for org in reporters:
                cells = []
                for index, (fra, til) in enumerate(columns):
                    innsending = submissions.get((skjema.pk, org.pk, fra))
                    code = _status_kode(innsending, idag)
                    if innsending is None and skjema.frist_for(til) < idag:
                        code = "forsinket"
                    counts[index][code] += 1
                    cells.append({"kode": code, "tekst": labels[code], "innsending": innsending})
                rows.append({"virksomhet": org, "celler": cells})
            blocks.append(
                {
                    "skjema": skjema,
                    "perioder": [
                        {"fra": fra, "til": til, "frist": skjema.frist_for(til)}
                        for fra, til in columns
                    ],
                    "rader": rows,
                    "tellinger": [
                        [(labels[code], c[code]) for code in STATUS_KODER] for c in counts
                    ],
                }
            )
        return super().get_context_data(blokker=blocks, idag=idag, **kwargs)
