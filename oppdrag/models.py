"""Assignments (oppdrag) given in a letter, their deadline and their follow-up."""

import datetime

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Count, Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from oppdrag.frist import Frist, Milepael
from oppdrag.frist import Type as FristType
from styring.access import ScopedQuerySet
from styring.audit import AuditedModel
from styring.models import maalfelt
from styring.perioder import Tertial


class Status(models.TextChoices):
    IKKE_STARTET = "ikke_startet", _("Not started")
    PAAGAAR = "paagaar", _("In progress")
    LEVERT = "levert", _("Delivered")
    GODKJENT = "godkjent", _("Approved")
    RETURNERT = "returnert", _("Returned")
    UTSATT = "utsatt", _("Postponed")
    BORTFALT = "bortfalt", _("Dropped")


# Statuses in which the agency still owes something.
AAPNE = (Status.IKKE_STARTET, Status.PAAGAAR, Status.RETURNERT, Status.UTSATT)

# Statuses that end the follow-up: no more deliveries or status reports.
LUKKET = (Status.GODKJENT, Status.BORTFALT)


# How far ahead "due soon" looks, in days: the overview pages, the API and to-do lists.
FRIST_VARSEL_DAGER = 30

# The ``?vindu=`` values of the assignment list and the API, by follow-up group.
VINDUER = {"forfalt": "forfalt", "30": "snart", "venter": "venter", "avklares": "avklares"}


def oppfolging(idag, dager=FRIST_VARSEL_DAGER):
    """The follow-up groups of the overview and the agencies' to-do lists, as conditions:
    overdue, due within ``dager`` days, awaiting approval, deadline to be resolved."""
    return {
        "forfalt": Q(status__in=AAPNE, forfall__lt=idag),
        "snart": Q(
            status__in=AAPNE,
            forfall__gte=idag,
            forfall__lte=idag + datetime.timedelta(days=dager),
        ),
        "venter": Q(status=Status.LEVERT),
        "avklares": Q(frist_type=FristType.UKJENT),
    }


def _tellinger(idag):
    # Distinct: counted through the responsible organisations, an assignment of several
    # would otherwise count once for each.
    return {
        "alle": Count("pk", distinct=True),
        **{navn: Count("pk", filter=q, distinct=True) for navn, q in oppfolging(idag).items()},
    }


class OppdragQuerySet(ScopedQuerySet):
    """An assignment belongs to its letter's issuer and to the organisations responsible."""

    scope_path = "brev__utsteder"
    shared_with = ("ansvarlige",)
    reporter_path = "ansvarlige"
    steering_path = "brev__utsteder"

    def aapne(self):
        return self.filter(status__in=AAPNE)

    def i_vindu(self, vindu, idag):
        """The assignments in the follow-up window ``vindu`` (a key of ``VINDUER``)."""
        return self.filter(oppfolging(idag)[VINDUER[vindu]])

    def oppfolgingstall(self, idag):
        """How many of these assignments are in each follow-up group, and in all (one query)."""
        return self.order_by().aggregate(**_tellinger(idag))

    def oppfolgingstall_per_ansvarlig(self, idag):
        """``oppfolgingstall`` per responsible organisation (its id, code and name), by
        name, in one query."""
        rows = (
            self.order_by()
            .values("ansvarlige", "ansvarlige__kode", "ansvarlige__navn")
            .annotate(**_tellinger(idag))
            .order_by("ansvarlige__navn")
        )
        return [row for row in rows if row["ansvarlige"] is not None]

    def i_brev(self, brev):
        return self.filter(Q(brev=brev) | Q(brev_i=brev)).distinct()


class Oppdrag(AuditedModel):
    """An assignment from a letter to one or more agencies, with its deadline."""

    class Art(models.TextChoices):
        NYTT = "nytt", _("New")
        VIDEREFORT = "viderefort", _("Continued")
        LOPENDE = "lopende", _("Ongoing")

    brev = models.ForeignKey(
        "styring.Tildelingsbrev",
        verbose_name=_("given in"),
        on_delete=models.PROTECT,
        related_name="oppdrag",
    )
    brev_i = models.ManyToManyField(
        "styring.Tildelingsbrev",
        verbose_name=_("carried over into"),
        blank=True,
        related_name="videreforte_oppdrag",
    )
    kode = models.CharField(_("code"), max_length=20, blank=True)
    tekst = models.TextField(_("assignment"))
    art = models.CharField(_("kind"), max_length=20, choices=Art.choices)
    kategori = models.CharField(_("heading in the letter"), max_length=200, blank=True)
    ansvarlige = models.ManyToManyField(
        "styring.Virksomhet", verbose_name=_("responsible"), related_name="oppdrag"
    )
    samarbeid = models.CharField(_("in cooperation with"), max_length=300, blank=True)
    ansvarlig_enhet = models.CharField(
        _("responsible unit at the issuer"), max_length=200, blank=True
    )
    utforende_enhet = models.CharField(
        _("responsible unit at the recipient"), max_length=300, blank=True
    )
    maal = maalfelt(related_name="oppdrag")
    oppdragsbrev = models.TextField(_("separate assignment letter"), blank=True)
    rekkefolge = models.PositiveIntegerField(_("order"), default=0)

    frist_tekst = models.TextField(_("deadline as written"), blank=True)
    frist_type = models.CharField(
        _("kind of deadline"),
        max_length=20,
        choices=[(t.value, t.value) for t in FristType],
        default=FristType.UKJENT.value,
    )
    frist_dato = models.DateField(_("deadline"), null=True, blank=True)
    frist_forelopig = models.BooleanField(_("tentative"), default=False)
    frist_gjentakelse = models.CharField(_("recurs"), max_length=30, blank=True)
    frist_milepaeler = models.JSONField(_("milestones"), default=list, blank=True)

    status = models.CharField(
        _("status"), max_length=20, choices=Status.choices, default=Status.IKKE_STARTET
    )
    utsatt_til = models.DateField(_("postponed to"), null=True, blank=True)
    # When the assignment is next due: the deadline, a postponement or, for recurring
    # assignments, the next date after the last delivery. Kept for filtering.
    forfall = models.DateField(_("due"), null=True, blank=True, db_index=True)

    objects = OppdragQuerySet.as_manager()

    class Meta:
        verbose_name = _("assignment")
        verbose_name_plural = _("assignments")
        ordering = ["brev", "rekkefolge", "pk"]

    def __str__(self):
        label = self.kode or _("Assignment")
        return f"{label}: {self.tekst[:80]}"

    def get_absolute_url(self):
        return reverse("oppdrag:oppdrag", args=[self.pk])

    @property
    def frist(self):
        return Frist(
            tekst=self.frist_tekst,
            type=FristType(self.frist_type),
            dato=self.frist_dato,
            forelopig=self.frist_forelopig,
            gjentakelse=self.frist_gjentakelse or None,
            milepaeler=tuple(
                Milepael(m["navn"], _date(m["dato"]), m.get("forelopig", False))
                for m in self.frist_milepaeler
            ),
        )

    def sett_frist(self, frist):
        data = frist.som_dict()
        self.frist_tekst = data["tekst"]
        self.frist_type = data["type"]
        self.frist_dato = frist.dato
        self.frist_forelopig = data["forelopig"]
        self.frist_gjentakelse = data["gjentakelse"] or ""
        self.frist_milepaeler = data["milepaeler"]

    def beregn_forfall(self, siste_levering=None):
        """The date the assignment is next due, or None when no date is set."""
        if self.status == Status.UTSATT and self.utsatt_til:
            return self.utsatt_til
        frist = self.frist
        if frist.type == FristType.GJENTAKENDE:
            return frist.neste_forfall(siste_levering=siste_levering, aar=self.brev.aar)
        return frist.dato

    @property
    def er_aapent(self):
        return self.status in AAPNE

    @property
    def er_lukket(self):
        return self.status in LUKKET


def _date(value):
    return datetime.date.fromisoformat(value) if isinstance(value, str) else value


class OppdragsdelQuerySet(ScopedQuerySet):
    scope_path = "oppdrag__brev__utsteder"
    shared_with = ("oppdrag__ansvarlige",)
    reporter_path = "oppdrag__ansvarlige"
    steering_path = "oppdrag__brev__utsteder"


class Statusendring(models.Model):
    """One step in an assignment's status history; never changed once written."""

    oppdrag = models.ForeignKey(Oppdrag, on_delete=models.CASCADE, related_name="statusendringer")
    tidspunkt = models.DateTimeField(_("time"), auto_now_add=True)
    bruker = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    utfort_av = models.CharField(_("done by"), max_length=200)
    fra_status = models.CharField(_("from"), max_length=20, choices=Status.choices)
    til_status = models.CharField(_("to"), max_length=20, choices=Status.choices)
    kommentar = models.TextField(_("comment"), blank=True)
    ny_frist = models.DateField(_("new deadline"), null=True, blank=True)

    objects = OppdragsdelQuerySet.as_manager()

    class Meta:
        verbose_name = _("status change")
        verbose_name_plural = _("status changes")
        ordering = ["tidspunkt", "pk"]

    def __str__(self):
        return f"{self.get_fra_status_display()} → {self.get_til_status_display()}"


class Statusrapport(AuditedModel):
    """The agency's account of an assignment for one tertial."""

    oppdrag = models.ForeignKey(Oppdrag, on_delete=models.CASCADE, related_name="statusrapporter")
    aar = models.PositiveSmallIntegerField(_("year"))
    tertial = models.PositiveSmallIntegerField(_("tertial"), choices=Tertial.choices)
    tekst = models.TextField(_("status"))
    skrevet_av = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    oppdatert = models.DateTimeField(_("updated"), auto_now=True)

    objects = OppdragsdelQuerySet.as_manager()

    class Meta:
        verbose_name = _("status report")
        verbose_name_plural = _("status reports")
        ordering = ["aar", "tertial"]
        constraints = [
            models.UniqueConstraint(
                fields=["oppdrag", "aar", "tertial"], name="en_statusrapport_per_tertial"
            )
        ]


# File types a delivery may have (form and API).
LEVERANSE_FILTYPER = ["pdf", "docx", "xlsx", "odt", "ods", "pptx"]


class Leveranse(AuditedModel):
    """What the agency delivered: a file or a link, and when."""

    oppdrag = models.ForeignKey(Oppdrag, on_delete=models.CASCADE, related_name="leveranser")
    dato = models.DateField(_("delivered on"))
    beskrivelse = models.TextField(_("description"), blank=True)
    fil = models.FileField(_("file"), upload_to="leveranser/%Y/", blank=True)
    lenke = models.URLField(_("link"), blank=True)
    levert_av = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    registrert = models.DateTimeField(_("registered"), auto_now_add=True)

    objects = OppdragsdelQuerySet.as_manager()

    class Meta:
        verbose_name = _("delivery")
        verbose_name_plural = _("deliveries")
        ordering = ["dato", "pk"]

    def clean(self):
        if not self.fil and not self.lenke:
            raise ValidationError(_("Upload a file or give a link."), code="uten_innhold")


class Paaminnelse(models.Model):
    """A reminder that was sent: one per assignment, threshold and due date."""

    oppdrag = models.ForeignKey(Oppdrag, on_delete=models.CASCADE, related_name="paaminnelser")
    terskel = models.CharField(_("threshold"), max_length=20)
    forfall = models.DateField(_("due"))
    mottakere = models.TextField(_("recipients"), blank=True)
    opprettet = models.DateTimeField(auto_now_add=True)
    sendt = models.DateTimeField(_("sent"), null=True, blank=True)

    objects = OppdragsdelQuerySet.as_manager()

    class Meta:
        verbose_name = _("reminder")
        verbose_name_plural = _("reminders")
        constraints = [
            models.UniqueConstraint(
                fields=["oppdrag", "terskel", "forfall"], name="en_paaminnelse_per_terskel"
            )
        ]

    def __str__(self):
        return f"{self.oppdrag_id}: {self.terskel} ({self.forfall:%d.%m.%Y})"
