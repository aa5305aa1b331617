"""The allocation letter and what it is made of: sections, attachments, reporting duties."""

import datetime
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from styring import perioder
from styring.access import Action, ScopedQuerySet
from styring.audit import AuditedModel
from styring.perioder import Frekvens

LETTER_IS_ISSUED = _(
    "The letter has been issued and can no longer be changed. "
    "Changes are made through a supplementary letter."
)


class PlanperiodeQuerySet(ScopedQuerySet):
    """The municipal plan is public: every signed-in user reads it; nobody owns it."""

    scope_path = None

    def for_user(self, user, action=Action.VIEW):
        if action == Action.VIEW and getattr(user, "is_authenticated", False):
            return self.all()
        return self.filter(pk__in=[]) if not getattr(user, "is_superuser", False) else self.all()


class Planperiode(AuditedModel):
    """A municipal plan (the KPS) whose goals every letter of its period serves."""

    navn = models.CharField(_("name"), max_length=200)
    kortnavn = models.CharField(_("short name"), max_length=40, unique=True)
    vedtatt_aar = models.PositiveSmallIntegerField(_("adopted in"))

    objects = PlanperiodeQuerySet.as_manager()

    class Meta:
        verbose_name = _("plan period")
        verbose_name_plural = _("plan periods")
        ordering = ["-vedtatt_aar"]

    def __str__(self):
        return self.kortnavn


class TildelingsbrevQuerySet(ScopedQuerySet):
    scope_path = "utsteder"
    shared_with = ("mottakere",)
    reporter_path = "mottakere"
    steering_path = "utsteder"


class Tildelingsbrev(AuditedModel):
    """The yearly letter in which a department or directorate steers its agencies."""

    class Type(models.TextChoices):
        TILDELINGSBREV = "tildelingsbrev", _("Allocation letter")
        DISPONERINGSBREV = "disponeringsbrev", _("Disposition letter")
        SUPPLERENDE = "supplerende", _("Supplementary allocation letter")

    class Status(models.TextChoices):
        UTKAST = "utkast", _("Draft")
        UTSTEDT = "utstedt", _("Issued")

    type = models.CharField(_("kind"), max_length=20, choices=Type.choices)
    tittel = models.CharField(_("title"), max_length=200, blank=True)
    utsteder = models.ForeignKey(
        "styring.Virksomhet",
        verbose_name=_("issued by"),
        on_delete=models.PROTECT,
        related_name="utstedte_brev",
    )
    mottakere = models.ManyToManyField(
        "styring.Virksomhet", verbose_name=_("recipients"), related_name="tildelingsbrev"
    )
    aar = models.PositiveSmallIntegerField(
        _("year"), validators=[MinValueValidator(2000), MaxValueValidator(2100)]
    )
    saksnr = models.CharField(_("case number"), max_length=40, blank=True)
    dato = models.DateField(_("date"), null=True, blank=True)
    saksbehandler = models.CharField(_("case officer"), max_length=200, blank=True)
    planperiode = models.ForeignKey(
        Planperiode,
        verbose_name=_("municipal plan"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="brev",
    )
    status = models.CharField(
        _("status"), max_length=20, choices=Status.choices, default=Status.UTKAST
    )
    utstedt = models.DateTimeField(_("issued at"), null=True, blank=True)
    supplerer = models.ForeignKey(
        "self",
        verbose_name=_("supplements"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="supplerende_brev",
    )
    forrige = models.ForeignKey(
        "self",
        verbose_name=_("created from"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="neste",
    )
    # Which transcription in fixtures/brev a loaded letter came from (loads once).
    kilde = models.CharField(_("source"), max_length=100, blank=True, editable=False)

    objects = TildelingsbrevQuerySet.as_manager()

    # What a department officer enters, on the page and through the API alike.
    EDITABLE_FIELDS = [
        "type",
        "tittel",
        "mottakere",
        "aar",
        "saksnr",
        "dato",
        "saksbehandler",
        "planperiode",
    ]

    class Meta:
        verbose_name = _("allocation letter")
        verbose_name_plural = _("allocation letters")
        ordering = ["-aar", "utsteder__navn", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["kilde"], condition=~models.Q(kilde=""), name="brev_kilde_unik"
            ),
            models.CheckConstraint(
                condition=models.Q(type="supplerende") ^ models.Q(supplerer__isnull=True),
                name="brev_supplerende_har_opphav",
            ),
        ]

    def __str__(self):
        return self.tittel or f"{self.get_type_display()} {self.aar}"

    def get_absolute_url(self):
        return reverse("styring:brev", args=[self.pk])

    @property
    def er_utstedt(self):
        return self.status == self.Status.UTSTEDT

    def sjekk_kan_endres(self):
        """Raise ValidationError when the letter is issued and therefore locked."""
        if self.er_utstedt:
            raise ValidationError(LETTER_IS_ISSUED, code="utstedt")

    def clean(self):
        if self.supplerer_id and self.type != self.Type.SUPPLERENDE:
            raise ValidationError({"type": _("Only a supplementary letter supplements another.")})


def brevfelt(*, related_name):
    """The letter an object was printed in; empty for one that did not come from a letter
    (a municipal goal of the plan period, a table entered afterwards)."""
    return models.ForeignKey(
        "styring.Tildelingsbrev",
        verbose_name=_("letter"),
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name=related_name,
    )


class BrevdelQuerySet(ScopedQuerySet):
    """Parts of a letter belong to the letter's issuer and recipients."""

    scope_path = "brev__utsteder"
    shared_with = ("brev__mottakere",)
    reporter_path = "brev__mottakere"
    steering_path = "brev__utsteder"


class Brevdel(AuditedModel):
    """Abstract base of the parts of a letter: they lock with the letter."""

    rekkefolge = models.PositiveIntegerField(
        _("order"), default=0, blank=True, help_text=_("Empty: after the others.")
    )

    objects = BrevdelQuerySet.as_manager()

    class Meta:
        abstract = True
        ordering = ["rekkefolge", "pk"]

    def letter(self):
        return self.brev

    def clean(self):
        letter = self.letter()
        if letter is not None:
            letter.sjekk_kan_endres()


class Seksjon(Brevdel):
    """A numbered section of the letter's prose, in the letter's own order.

    ``innhold`` names the structured parts shown after the prose (goals, directives,
    assignments ...); apps contribute how each part is shown, see ``styring.letter``.
    """

    brev = models.ForeignKey(
        Tildelingsbrev, verbose_name=_("letter"), on_delete=models.CASCADE, related_name="seksjoner"
    )
    nummer = models.CharField(_("number"), max_length=10, blank=True)
    tittel = models.CharField(_("title"), max_length=300)
    tekst = models.TextField(_("text"), blank=True)
    innhold = models.JSONField(_("contents"), default=list, blank=True)
    tekst_etter = models.TextField(
        _("text after the contents"),
        blank=True,
        help_text=_("Prose the letter prints after the goals, directives or tables."),
    )
    kopiert_fra = models.ForeignKey(
        "self", on_delete=models.SET_NULL, null=True, blank=True, related_name="kopier"
    )

    class Meta(Brevdel.Meta):
        verbose_name = _("section")
        verbose_name_plural = _("sections")

    def __str__(self):
        return f"{self.nummer} {self.tittel}".strip()

    @property
    def nivaa(self):
        """1 for a main section, 2 for 4.1 or an unnumbered sub-heading."""
        return self.nummer.count(".") + 1 if self.nummer else 2

    @property
    def anker(self):
        return f"seksjon-{self.nummer or self.pk}".replace(".", "-")


class Vedlegg(Brevdel):
    brev = models.ForeignKey(
        Tildelingsbrev, verbose_name=_("letter"), on_delete=models.CASCADE, related_name="vedlegg"
    )
    navn = models.CharField(_("name"), max_length=300)

    class Meta(Brevdel.Meta):
        verbose_name = _("attachment")
        verbose_name_plural = _("attachments")

    def __str__(self):
        return self.navn


@dataclass(frozen=True)
class Rapporteringsperiode:
    """One delivery of a report: the period it covers and when it is due."""

    fra: datetime.date
    til: datetime.date
    frist: datetime.date | None


# A letter's report recurs with one of the shared frequencies, or once, or continuously.
RAPPORTFREKVENSER = [
    *perioder.valg(Frekvens.MAANED, Frekvens.KVARTAL, Frekvens.TERTIAL, Frekvens.AAR),
    ("engang", _("Once")),
    ("lopende", _("Continuously")),
]


class Rapporteringskrav(Brevdel):
    """A report the recipient delivers under the letter, with its period and deadline."""

    class Rapporttype(models.TextChoices):
        MAANEDSRAPPORT = "maanedsrapport", _("Monthly report")
        KVARTAL_1 = "kvartal1", _("1st quarter")
        TERTIAL_1 = "tertial1", _("1st tertial")
        TERTIAL_2 = "tertial2", _("2nd tertial")
        TERTIAL_3 = "tertial3", _("3rd tertial")
        AARSRAPPORT = "aarsrapport", _("Annual report")
        ANNET = "annet", _("Other")

    # The period each fixed report covers (frequency, number in the year), for letters
    # that give no period.
    STANDARDPERIODE = {
        Rapporttype.KVARTAL_1: (Frekvens.KVARTAL, 1),
        Rapporttype.TERTIAL_1: (Frekvens.TERTIAL, 1),
        Rapporttype.TERTIAL_2: (Frekvens.TERTIAL, 2),
        Rapporttype.TERTIAL_3: (Frekvens.TERTIAL, 3),
        Rapporttype.AARSRAPPORT: (Frekvens.AAR, 1),
    }

    brev = models.ForeignKey(
        Tildelingsbrev,
        verbose_name=_("letter"),
        on_delete=models.CASCADE,
        related_name="rapporteringskrav",
    )
    rapporttype = models.CharField(_("report"), max_length=20, choices=Rapporttype.choices)
    navn = models.CharField(_("name"), max_length=300)
    frekvens = models.CharField(
        _("frequency"), max_length=20, choices=RAPPORTFREKVENSER, blank=True
    )
    periode_fra = models.DateField(_("period from"), null=True, blank=True)
    periode_til = models.DateField(_("period to"), null=True, blank=True)
    frist = models.DateField(_("deadline"), null=True, blank=True)
    frist_dag_i_maaned = models.PositiveSmallIntegerField(
        _("day of month due"),
        null=True,
        blank=True,
        validators=[MinValueValidator(1), MaxValueValidator(28)],
    )
    frist_tekst = models.CharField(_("deadline as written"), max_length=200, blank=True)
    mottaker = models.CharField(_("delivered to"), max_length=200, blank=True)
    tekst = models.TextField(_("text"), blank=True)

    class Meta(Brevdel.Meta):
        verbose_name = _("reporting requirement")
        verbose_name_plural = _("reporting requirements")

    # What a department officer enters, on the page and through the API alike.
    EDITABLE_FIELDS = [
        "rapporttype",
        "navn",
        "frekvens",
        "periode_fra",
        "periode_til",
        "frist",
        "frist_dag_i_maaned",
        "frist_tekst",
        "mottaker",
        "tekst",
        "rekkefolge",
    ]

    def __str__(self):
        return self.navn

    def perioder(self):
        """The deliveries this requirement asks for in the letter's year.

        Monthly reports cover each month and fall due on the given day of the next
        month; fixed reports cover their period as printed, or else the standard one.
        """
        year = self.brev.aar
        if self.rapporttype == self.Rapporttype.MAANEDSRAPPORT:
            result = []
            for fra, til in perioder.perioder_i_aar(year, frekvens=Frekvens.MAANED):
                frist = None
                if self.frist_dag_i_maaned:
                    frist = perioder.legg_til_maaneder(fra, 1).replace(day=self.frist_dag_i_maaned)
                result.append(Rapporteringsperiode(fra, til, frist))
            return result
        fra, til = self.periode_fra, self.periode_til
        if self.rapporttype in self.STANDARDPERIODE:
            frekvens, nummer = self.STANDARDPERIODE[self.rapporttype]
            standard = perioder.periode_i_aar(aar=year, nummer=nummer, frekvens=frekvens)
            fra, til = fra or standard[0], til or standard[1]
        if not fra or not til:
            return []
        return [Rapporteringsperiode(fra, til, self.frist)]
