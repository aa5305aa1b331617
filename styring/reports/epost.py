"""Sending the outbox: each row is claimed by a conditional update, so it is sent once.

A send that fails is marked failed with the error (visible in the admin) and retried by
the task with backoff. A row left «sending» by a worker that died is not sent again on its
own: an administrator sees it and decides (the mail server may have taken it).
"""

from django.core.mail import EmailMessage
from django.db.models import F, Q
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from styring.access import Action, permits
from styring.models import Utsending

Status = Utsending.Status


def send(*, utsending_id):
    """Send one outbox row if nobody has; returns True when this call sent it."""
    claimed = Utsending.objects.filter(
        Q(status=Status.VENTER) | Q(status=Status.FEILET), pk=utsending_id
    ).update(status=Status.SENDER, forsok=F("forsok") + 1)
    if not claimed:
        return False
    utsending = Utsending.objects.select_related("rapport", "bruker", "virksomhet").get(
        pk=utsending_id
    )
    rapport = utsending.rapport
    if not utsending.bruker.is_active or not permits(utsending.bruker, Action.VIEW, rapport):
        _mark(utsending_id, Status.FEILET, "The subscriber may no longer see the report.")
        return False
    try:
        message = melding(utsending)
        message.send(fail_silently=False)
    except Exception as error:
        _mark(utsending_id, Status.FEILET, f"{type(error).__name__}: {error}")
        raise
    _mark(utsending_id, Status.SENDT, "", sendt=timezone.now())
    return True


def melding(utsending):
    rapport = utsending.rapport
    with translation.override("nb"):
        subject = rapport.tittel
        body = _(
            "Attached is %(title)s, version %(version)s, generated %(time)s.\n\n"
            "You get this e-mail because you subscribe to this report in Etatsstyring.\n"
            "SHA-256 of the PDF: %(checksum)s"
        ) % {
            "title": rapport.tittel,
            "version": rapport.versjon,
            "time": timezone.localtime(rapport.generert).strftime("%d.%m.%Y %H:%M"),
            "checksum": rapport.pdf_sha256,
        }
    message = EmailMessage(subject=subject, body=body, to=[utsending.epost])
    with rapport.pdf.open("rb") as handle:
        message.attach(rapport.pdf.name.rsplit("/", 1)[-1], handle.read(), "application/pdf")
    return message


def _mark(utsending_id, status, feil, sendt=None):
    values = {"status": status, "feilmelding": feil[:2000]}
    if sendt is not None:
        values["sendt"] = sendt
    Utsending.objects.filter(pk=utsending_id).update(**values)
