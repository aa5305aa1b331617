"""Producing a report: run its job, archive the files with their checksums, fill the outbox
for the subscribers (and subscribe or unsubscribe).

A job is claimed and finished under a row lock, so a retried task (after a worker died,
say) or a second worker finds the job done and stops. A scheduled job is unique per
(type, organisation, period): running the schedule twice makes one job, one report and
one e-mail per subscriber.
"""

import hashlib
import logging

from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.db import IntegrityError, transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _

from styring.access import Action, permits
from styring.models import Abonnement, Rapport, Rapportjobb, Utsending, Virksomhet
from styring.perioder import siste_avsluttede_periode
from styring.registries import rapporttyper
from styring.reports import gjengivelse

logger = logging.getLogger(__name__)


def sha256(data):
    return hashlib.sha256(data).hexdigest()


def bestill(*, type_kode, virksomhet, periode_fra, periode_til, user=None, planlagt=False):
    """A job for a report; a scheduled one only once per period. Enqueued after commit.

    Returns (job, created).
    """
    from styring import tasks

    if planlagt:
        existing = Rapportjobb.objects.filter(
            type=type_kode, virksomhet=virksomhet, periode_fra=periode_fra, planlagt=True
        ).first()
        if existing is not None:
            return existing, False
    try:
        with transaction.atomic():
            jobb = Rapportjobb.objects.create(
                type=type_kode,
                virksomhet=virksomhet,
                periode_fra=periode_fra,
                periode_til=periode_til,
                planlagt=planlagt,
                bestilt_av=user,
            )
    except IntegrityError:
        # Another scheduler made the same job a moment ago.
        return Rapportjobb.objects.get(
            type=type_kode, virksomhet=virksomhet, periode_fra=periode_fra, planlagt=True
        ), False
    transaction.on_commit(lambda: tasks.lag_rapport.delay(jobb.pk))
    return jobb, True


def _start(jobb_id):
    """Mark the job running (its own short transaction, so the page shows it)."""
    with transaction.atomic():
        jobb = Rapportjobb.objects.select_for_update().get(pk=jobb_id)
        if jobb.status == Rapportjobb.Status.FERDIG:
            return False
        jobb.status = Rapportjobb.Status.KJORER
        jobb.startet = timezone.now()
        jobb.forsok += 1
        jobb.save(update_fields=["status", "startet", "forsok"])
    return True


def kjor(*, jobb_id):
    """Produce the job's report (once). Returns the report, or None if the job was done."""
    if not _start(jobb_id):
        return None
    with transaction.atomic():
        jobb = Rapportjobb.objects.select_for_update().select_related("virksomhet").get(pk=jobb_id)
        if jobb.status == Rapportjobb.Status.FERDIG:
            return None
        rapport = arkiver(
            type_kode=jobb.type,
            virksomhet=jobb.virksomhet,
            periode_fra=jobb.periode_fra,
            periode_til=jobb.periode_til,
            user=jobb.bestilt_av,
        )
        if jobb.planlagt:
            legg_i_utboks(rapport=rapport)
        jobb.status = Rapportjobb.Status.FERDIG
        jobb.ferdig = timezone.now()
        jobb.rapport = rapport
        jobb.feilmelding = ""
        jobb.save()
    return rapport


def feilet(*, jobb_id, feil):
    Rapportjobb.objects.filter(pk=jobb_id).exclude(status=Rapportjobb.Status.FERDIG).update(
        status=Rapportjobb.Status.FEILET, feilmelding=str(feil)[:2000], ferdig=timezone.now()
    )


def arkiver(*, type_kode, virksomhet, periode_fra, periode_til, user=None):
    """Render the report and store it as the next version of its period."""
    generert = timezone.now()
    html, innhold, tittel = gjengivelse.bygg(
        type_kode=type_kode,
        virksomhet=virksomhet,
        periode_fra=periode_fra,
        periode_til=periode_til,
        user=None,
        generert=generert,
    )
    pdf = gjengivelse.html_til_pdf(html)
    excel = gjengivelse.tabeller_til_excel(innhold.tabeller, tittel=tittel)
    latest = Rapport.objects.filter(
        type=type_kode, virksomhet=virksomhet, periode_fra=periode_fra
    ).aggregate(n=Max("versjon"))["n"]
    rapport = Rapport(
        type=type_kode,
        virksomhet=virksomhet,
        periode_fra=periode_fra,
        periode_til=periode_til,
        versjon=(latest or 0) + 1,
        tittel=tittel[:300],
        pdf_sha256=sha256(pdf),
        excel_sha256=sha256(excel),
        generert=generert,
        generert_av=user,
        har_data=innhold.har_data,
        datagrunnlag=innhold.datagrunnlag,
    )
    stem = f"{type_kode}-{virksomhet.kode}-{periode_fra:%Y-%m}-v{rapport.versjon}"
    rapport.pdf.save(f"{stem}.pdf", ContentFile(pdf), save=False)
    rapport.excel.save(f"{stem}.xlsx", ContentFile(excel), save=False)
    rapport.save()
    return rapport


def legg_i_utboks(*, rapport):
    """One e-mail per subscriber who may see the report; none when it has no data."""
    if not rapport.har_data:
        return []
    created = []
    subscriptions = Abonnement.objects.filter(
        type=rapport.type, virksomhet=rapport.virksomhet, bruker__is_active=True
    ).select_related("bruker")
    for abonnement in subscriptions:
        user = abonnement.bruker
        if not user.email or not permits(user, Action.VIEW, rapport):
            continue
        utsending, was_created = Utsending.objects.get_or_create(
            bruker=user,
            type=rapport.type,
            virksomhet=rapport.virksomhet,
            periode_fra=rapport.periode_fra,
            defaults={"rapport": rapport, "epost": user.email},
        )
        if was_created:
            created.append(utsending)
    if created:
        from styring import tasks

        ids = [u.pk for u in created]
        transaction.on_commit(lambda: [tasks.send_utsending.delay(pk) for pk in ids])
    return created


def abonner(*, user, type_kode, virksomhet):
    """``bruker`` gets the scheduled reports of this type and organisation by e-mail.
    Refused without an e-mail address; subscribing twice keeps one subscription."""
    if not user.email:
        raise ValidationError(_("Your user has no e-mail address."), code="uten_epost")
    abonnement, _created = Abonnement.objects.get_or_create(
        bruker=user, type=type_kode, virksomhet=virksomhet
    )
    return abonnement


def avslutt_abonnement(*, user, type_kode, virksomhet):
    Abonnement.objects.filter(bruker=user, type=type_kode, virksomhet=virksomhet).delete()


def planlegg(*, idag):
    """Order the scheduled reports whose period has ended and whose day has come."""
    from django.conf import settings

    made = []
    for rapporttype in rapporttyper.values():
        fra, til = siste_avsluttede_periode(frekvens=rapporttype.frekvens, idag=idag)
        if (idag - til).days < settings.RAPPORT_DAGER_ETTER_PERIODE[rapporttype.frekvens]:
            continue
        for virksomhet in Virksomhet.objects.order_by("kode"):
            if not rapporttype.gjelder(virksomhet):
                continue
            jobb, created = bestill(
                type_kode=rapporttype.kode,
                virksomhet=virksomhet,
                periode_fra=fra,
                periode_til=til,
                planlagt=True,
            )
            if created:
                made.append(jobb)
    return made


def sjekk_arkiv():
    """Every stored file checked against its checksum: (report, file kind, problem)."""
    problems = []
    for rapport in Rapport.objects.order_by("pk").iterator():
        for kind, field, expected in (
            ("pdf", rapport.pdf, rapport.pdf_sha256),
            ("excel", rapport.excel, rapport.excel_sha256),
        ):
            try:
                with field.open("rb") as handle:
                    actual = sha256(handle.read())
            except (FileNotFoundError, OSError) as error:
                problems.append((rapport, kind, f"missing: {error}"))
                continue
            if actual != expected:
                problems.append((rapport, kind, f"checksum {actual} != {expected}"))
    return problems
