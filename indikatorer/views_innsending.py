"""Pages of periodic reporting: the user's submissions, one submission's form with its
workflow buttons, and the department's overview of who has reported."""

import datetime
from decimal import Decimal

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import redirect
from django.utils import timezone
from django.utils.formats import number_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.generic import DetailView, TemplateView

from indikatorer import innsending as tjeneste
from indikatorer import skjematyper
from indikatorer.rapporteringsmodeller import Innsending, Skjema, Verdi
from indikatorer.skjematyper import beleggsprosent, dager_i_maaned, under_terskel
from styring.access import Action
from styring.models import Endring, Virksomhet
from styring.views.scoped import ScopedObjectMixin
from styring.views.sider import side_av

Status = Innsending.Status


def _sikre_perioder(user, idag):
    """Open the missing periods of the obligations ``user`` sees (two queries when
    nothing is missing).

    Periods are opened in order, so a reporter that has the latest ended period has the
    ones before it; only the latest is checked.
    """
    skjemaer = list(Skjema.objects.for_user(user).prefetch_related("rapportorer"))
    latest = {}
    for skjema in skjemaer:
        periods = skjema.perioder(fra=skjema.aktiv_fra, til=idag)
        if periods:
            latest[skjema.pk] = periods[-1][0]
    existing = set(
        Innsending.objects.filter(
            skjema__in=list(latest), periode_fra__in=set(latest.values())
        ).values_list("skjema_id", "virksomhet_id", "periode_fra")
    )
    for skjema in skjemaer:
        if skjema.pk not in latest:
            continue
        wanted = {(skjema.pk, org.pk, latest[skjema.pk]) for org in skjema.rapportorer.all()}
        if wanted - existing:
            tjeneste.opprett_innsendinger(skjema=skjema, idag=idag)
    return skjemaer


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
        skjemaer = _sikre_perioder(user, idag)
        form = InnsendingFilter(self.request.GET or None, skjemaer=skjemaer)
        innsendinger = (
            Innsending.objects.for_user(user)
            .select_related("skjema", "virksomhet")
            .order_by("-periode_fra", "skjema__navn", "virksomhet__navn")
        )
        if form.is_bound and form.is_valid():
            data = form.cleaned_data
            if data["skjema"]:
                innsendinger = innsendinger.filter(skjema__kode=data["skjema"])
            if data["status"]:
                innsendinger = innsendinger.filter(status=data["status"])
            if data["aar"]:
                innsendinger = innsendinger.filter(periode_fra__year=data["aar"])
        side = side_av(self.request, innsendinger)
        for innsending in side.object_list:
            innsending.for_sent = innsending.kan_endres and innsending.frist < idag
        return super().get_context_data(
            form=form, innsendinger=side.object_list, side=side, idag=idag, **kwargs
        )


def _tekst(value):
    """A stored value as the text a person would type (no trailing zeros, decimal comma)."""
    if value is None:
        return ""
    if isinstance(value, Decimal):
        if value == value.to_integral_value():
            return str(int(value))
        return f"{value.normalize():f}".replace(".", ",")
    return str(value)


def _prosent(value):
    return f"{number_format(value, 1)} %"


class InnsendingView(ScopedObjectMixin, DetailView):
    model = Innsending
    template_name = "indikatorer/innsending/detalj.html"
    context_object_name = "innsending"

    def get_queryset(self):
        return super().get_queryset().select_related("skjema", "skjema__eier", "virksomhet")

    # Who may do what now

    def roller(self, innsending):
        user, idag = self.request.user, timezone.localdate()
        aapen = innsending.kan_endres and not innsending.laast(idag)
        rapport = Innsending.objects.permits(user, Action.REPORT, innsending)
        egen = user.is_superuser or user.virksomhet_id == innsending.virksomhet_id
        avdeling = tjeneste.kan_godkjenne(user, innsending)
        return {
            "kan_rapportere": rapport and aapen,
            "kan_levere": aapen
            and egen
            and Innsending.objects.permits(user, Action.SUBMIT, innsending),
            "kan_godkjenne": avdeling and innsending.status == Status.LEVERT,
            "kan_returnere": avdeling and innsending.status in (Status.LEVERT, Status.GODKJENT),
            "kan_aapne": avdeling and innsending.kan_endres and innsending.laast(idag),
        }

    def lagrede(self, innsending):
        return {
            (v.felt.kode, v.rad): (v.tekst if v.tekst else v.tall)
            for v in Verdi.objects.filter(innsending=innsending).select_related("felt")
        }

    def get_context_data(self, *, raw=None, feil=None, konflikt=None, **kwargs):
        innsending, user = self.object, self.request.user
        handler = skjematyper.for_skjema(innsending.skjema)
        rader = handler.rader(innsending)
        felt = handler.felt(innsending)
        if raw is None:
            raw = {key: _tekst(value) for key, value in self.lagrede(innsending).items()}
        feil = feil or {}
        beregnet = handler.kontroller(innsending, raw).beregnet
        belegg = innsending.skjema.type == Skjema.Type.BELEGG
        tabell, oppsummering = [], []
        for rad in rader:
            celler = []
            for f in felt:
                errors = feil.get(f"{f.kode}|{rad.nokkel}", [])
                cell_id = f"v-{f.kode}-{rad.nokkel}".replace("|", "-")
                celler.append(
                    {
                        "felt": f,
                        "navn": f"v__{f.kode}__{rad.nokkel}",
                        "id": cell_id,
                        "verdi": raw.get((f.kode, rad.nokkel)) or "",
                        "feil": errors,
                        "tekst": f.enhet == f.Enhet.TEKST,
                    }
                )
                for error in errors:
                    oppsummering.append({"id": cell_id, "tekst": f"{rad.navn}, {f.navn}: {error}"})
            b = beregnet.get(rad.nokkel)
            tabell.append(
                {
                    "rad": rad,
                    "plasser": rad.fakta.get("plasser"),
                    "celler": celler,
                    "belegg": _prosent(b["belegg"]) if b else None,
                    "terskel": b["terskel"] if b else None,
                    "under_terskel": b["under_terskel"] if b else False,
                }
            )
        roller = self.roller(innsending)
        kan_se_logg = Innsending.objects.permits(user, Action.AUDIT, innsending)
        return super().get_context_data(
            felt=felt,
            tabell=tabell,
            belegg=belegg,
            historikk=self.historikk(innsending, rader) if belegg else None,
            oppsummering=oppsummering,
            konflikt=konflikt,
            versjon=kwargs.pop("versjon", innsending.versjon),
            endringer=(
                Endring.objects.for_user(user, Action.AUDIT)
                .for_object(innsending)
                .select_related("content_type")[:20]
                if kan_se_logg
                else None
            ),
            idag=timezone.localdate(),
            **roller,
            **kwargs,
        )

    def historikk(self, innsending, rader):
        """Occupancy per institution over the 12 months before this period."""
        start = innsending.periode_fra
        months = []
        for _i in range(12):
            start = (start - datetime.timedelta(days=1)).replace(day=1)
            months.insert(0, start)
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

    # Actions

    def post(self, request, pk):
        self.object = innsending = self.get_object()
        handling = request.POST.get("handling", "lagre")
        user = request.user
        try:
            if handling == "lagre":
                return self.lagre(innsending)
            if handling == "lever":
                tjeneste.lever(innsending=innsending, bruker=user)
                messages.success(request, _("The submission has been submitted."))
            elif handling == "godkjenn":
                tjeneste.godkjenn(innsending=innsending, bruker=user)
                messages.success(request, _("The submission has been approved."))
            elif handling == "returner":
                tjeneste.returner(
                    innsending=innsending, bruker=user, kommentar=request.POST.get("kommentar", "")
                )
                messages.success(request, _("The submission has been returned."))
            elif handling == "aapne":
                if not tjeneste.kan_godkjenne(user, innsending):
                    raise PermissionDenied
                try:
                    gyldig_til = datetime.date.fromisoformat(request.POST.get("gyldig_til", ""))
                except ValueError:
                    raise ValidationError(
                        {"gyldig_til": _("Enter the date the period is open until.")}
                    ) from None
                tjeneste.aapne_periode(
                    innsending=innsending,
                    bruker=user,
                    grunn=request.POST.get("grunn", ""),
                    gyldig_til=gyldig_til,
                )
                messages.success(request, _("The period has been reopened."))
            else:
                return redirect(innsending)
        except ValidationError as error:
            return self.render_to_response(
                self.get_context_data(handlingsfeil=error.messages, handling=handling)
            )
        return redirect(innsending)

    def lagre(self, innsending):
        handler = skjematyper.for_skjema(innsending.skjema)
        raw = {
            (f.kode, rad.nokkel): self.request.POST.get(f"v__{f.kode}__{rad.nokkel}", "")
            for rad in handler.rader(innsending)
            for f in handler.felt(innsending)
        }
        try:
            versjon = int(self.request.POST.get("versjon", ""))
        except ValueError:
            versjon = -1
        try:
            tjeneste.lagre(
                innsending=innsending, bruker=self.request.user, raw=raw, versjon=versjon
            )
        except tjeneste.Samtidighetskonflikt as conflict:
            innsending.refresh_from_db()
            return self.render_to_response(
                self.get_context_data(
                    raw=raw,
                    konflikt=self.konflikt(innsending, raw, conflict),
                    versjon=innsending.versjon,
                )
            )
        except ValidationError as error:
            if hasattr(error, "error_dict"):
                return self.render_to_response(
                    self.get_context_data(raw=raw, feil=error.message_dict, versjon=versjon)
                )
            return self.render_to_response(
                self.get_context_data(raw=raw, handlingsfeil=error.messages, versjon=versjon)
            )
        messages.success(self.request, _("The numbers have been saved."))
        return redirect(innsending)

    def konflikt(self, innsending, raw, conflict):
        handler = skjematyper.for_skjema(innsending.skjema)
        names = {rad.nokkel: rad.navn for rad in handler.rader(innsending)}
        fields = {f.kode: f for f in handler.felt(innsending)}
        rows = []
        for (code, rad), mine in raw.items():
            theirs = _tekst(conflict.deres.get((code, rad)))
            parsed, _error = skjematyper.tolk_verdi(fields[code], mine)
            mine_text = _tekst(parsed) if parsed is not None else (mine or "").strip()
            if mine_text != theirs:
                rows.append(
                    {
                        "rad": names.get(rad, rad),
                        "felt": fields[code].navn,
                        "mine": mine_text,
                        "deres": theirs,
                    }
                )
        return {"melding": conflict.messages[0], "rader": rows}


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
