"""The abstract model of a report in the workflow: its status, version, who submitted
and approved it and when, the return comment, and the lock.

ikke påbegynt / utkast / returnert are open: the reporting organisation may change the
values. levert and godkjent are locked until the department returns the report. A kind of
report may lock an open report as well (``laast``): a monthly submission after its
deadline, until the department logs an exception.

``versjon`` goes up with every change of state and every save of the values
(``styring.arbeidsflyt.services``): whoever acts on an older version gets a conflict.
"""

import functools

from django.conf import settings
from django.db import models
from django.utils.module_loading import import_string
from django.utils.translation import gettext_lazy as _

from styring.audit import AuditedModel


class Status(models.TextChoices):
    IKKE_PAABEGYNT = "ikke_paabegynt", _("Not started")
    UTKAST = "utkast", _("Draft")
    LEVERT = "levert", _("Submitted")
    GODKJENT = "godkjent", _("Approved")
    RETURNERT = "returnert", _("Returned")


# The statuses in which the reporting organisation may change the values.
AAPNE = (Status.IKKE_PAABEGYNT, Status.UTKAST, Status.RETURNERT)


class Arbeidsflyt(AuditedModel):
    """A report that is saved, submitted, approved or returned."""

    Status = Status
    AAPNE = AAPNE

    # The dotted path of the kind's ``Art`` (a subclass of ``styring.arbeidsflyt.art.Art``).
    art_klasse = None

    status = models.CharField(
        _("status"), max_length=20, choices=Status.choices, default=Status.IKKE_PAABEGYNT
    )
    # Raised by every save and every change of status; acting on an older one is refused.
    versjon = models.PositiveIntegerField(_("version"), default=0)
    levert = models.DateTimeField(_("submitted"), null=True, blank=True)
    levert_av = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    godkjent = models.DateTimeField(_("approved"), null=True, blank=True)
    godkjent_av = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    returkommentar = models.TextField(_("comment on return"), blank=True)
    endret_etter_godkjenning = models.BooleanField(_("changed after approval"), default=False)

    class Meta:
        abstract = True

    @classmethod
    def art(cls):
        """The kind of report: what it supplies to the workflow."""
        return _art(cls.art_klasse)

    @property
    def aapen(self):
        """Whether the status lets the reporting organisation change the values."""
        return self.status in self.AAPNE

    def laast(self, idag):
        """Whether the kind locks the report on ``idag`` although its status is open."""
        return False

    def redigerbar(self, idag):
        """Open, and not locked by the kind."""
        return self.aapen and not self.laast(idag)


@functools.cache
def _art(path):
    return import_string(path)()
