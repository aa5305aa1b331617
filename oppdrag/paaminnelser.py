"""Deadline reminders for assignments, sent once per assignment, threshold and due date.

Each threshold has a window: with thresholds 14 and 3, the 14-day reminder goes out
when 4–14 days remain, the 3-day one when 0–3 remain; so a day the task did not run is
caught up the next day. The first day an assignment is overdue the agency is told, and
``OPPDRAG_ESKALERING_DAGER`` later its leader (godkjenner) too.

A reminder is claimed by inserting its row (unique per assignment, threshold and due
date) and locking it; it is marked sent after the mail went out, in the same
transaction. A second run, or a retried task, finds the row sent and sends nothing; a
failed send rolls the claim back so the next run tries again.
"""

from django.conf import settings
from django.core.mail import send_mail
from django.db import transaction
from django.utils import timezone
from django.utils.text import Truncator
from django.utils.translation import gettext as _

from oppdrag.models import Oppdrag, Paaminnelse
from styring.access import Rolle
from styring.models import Bruker

FORFALT = "forfalt"
ESKALERT = "eskalert"


def terskel_for(dager_igjen):
    """The reminder due for an assignment ``dager_igjen`` days before its date, or None."""
    thresholds = settings.OPPDRAG_PAAMINNELSE_DAGER  # largest first
    if dager_igjen <= -settings.OPPDRAG_ESKALERING_DAGER:
        return ESKALERT
    if dager_igjen < 0:
        return FORFALT
    for index, days in enumerate(thresholds):
        smaller = thresholds[index + 1] if index + 1 < len(thresholds) else -1
        if smaller < dager_igjen <= days:
            return str(days)
    return None


def mottakere(oppdrag, terskel):
    """E-mail addresses of the responsible agencies' people for this reminder."""
    roles = [Rolle.GODKJENNER] if terskel == ESKALERT else [Rolle.RAPPORTOR, Rolle.GODKJENNER]
    organisations = list(oppdrag.ansvarlige.all())
    addresses = set(
        Bruker.objects.filter(virksomhet__in=organisations, rolle__in=roles, is_active=True)
        .exclude(email="")
        .values_list("email", flat=True)
    )
    if not addresses:
        addresses = {org.epost for org in organisations if org.epost}
    return sorted(addresses)


def _melding(oppdrag, terskel, dager_igjen):
    name = oppdrag.kode or Truncator(oppdrag.tekst).chars(60)
    if terskel == ESKALERT:
        subject = _("Overdue for %(days)s days: %(name)s") % {"days": -dager_igjen, "name": name}
    elif terskel == FORFALT:
        subject = _("Deadline passed: %(name)s") % {"name": name}
    else:
        subject = _("Deadline in %(days)s days: %(name)s") % {"days": dager_igjen, "name": name}
    body = "\n\n".join(
        [
            oppdrag.tekst,
            _("Deadline: %(deadline)s (%(text)s)")
            % {"deadline": oppdrag.forfall.strftime("%d.%m.%Y"), "text": oppdrag.frist_tekst},
            _("Status: %(status)s") % {"status": oppdrag.get_status_display()},
            settings.SITE_URL + oppdrag.get_absolute_url(),
        ]
    )
    return f"[Etatsstyring] {subject}", body


def send_paaminnelser(*, idag):
    """Send the reminders due on ``idag``; returns how many mails went out."""
    sent = 0
    candidates = (
        Oppdrag.objects.aapne()
        .filter(forfall__isnull=False)
        .select_related("brev")
        .prefetch_related("ansvarlige")
    )
    for oppdrag in candidates:
        dager_igjen = (oppdrag.forfall - idag).days
        terskel = terskel_for(dager_igjen)
        if terskel is None:
            continue
        sent += _send_once(oppdrag, terskel, dager_igjen)
    return sent


@transaction.atomic
def _send_once(oppdrag, terskel, dager_igjen):
    claim, _created = Paaminnelse.objects.get_or_create(
        oppdrag=oppdrag, terskel=terskel, forfall=oppdrag.forfall
    )
    claim = Paaminnelse.objects.select_for_update().get(pk=claim.pk)
    if claim.sendt is not None:
        return 0
    addresses = mottakere(oppdrag, terskel)
    if addresses:
        subject, body = _melding(oppdrag, terskel, dager_igjen)
        send_mail(subject, body, None, addresses)
    claim.mottakere = ", ".join(addresses)
    claim.sendt = timezone.now()
    claim.save()
    return 1 if addresses else 0
