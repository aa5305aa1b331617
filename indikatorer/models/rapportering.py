"""Periodic reporting: obligations (skjema), their fields, submissions and their values.

One engine serves every periodic report. An obligation (``Skjema``) says who reports what,
how often and by when, and whether the numbers are broken down per institution, district
or category. Department staff define new obligations in the UI: fields are rows, not
columns, so a new obligation needs no code and no migration. The two reports the letters
name — belegg and bistandsplikt — are obligations too; a small handler in code adds their
computed columns and rules (``indikatorer.skjematyper``).
"""

import datetime
from decimal import Decimal

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from styring import perioder
from styring.access import ScopedQuerySet
from styring.arbeidsflyt.models import Arbeidsflyt
from styring.audit import AuditedModel
from styring.perioder import Frekvens

# The frequencies an obligation may have: each has its indicator period codes
# (``Resultat.Periode``), so there is no half-yearly obligation.
SKJEMAFREKVENSER = perioder.valg(Frekvens.MAANED, Frekvens.KVARTAL, Frekvens.TERTIAL, Frekvens.AAR)


class SkjemaQuerySet(ScopedQuerySet):
    """The issuing department owns an obligation; the reporting organisations share it."""

    scope_path = "eier"
    shared_with = ("rapportorer",)
    reporter_path = "rapportorer"
    steering_path = "eier"


class Skjema(AuditedModel):
    """A reporting obligation: what is reported, by whom, how often and by when."""

    class Type(models.TextChoices):
        GENERISK = "generisk", _("Defined in the application")
        BELEGG = "belegg", _("Occupancy of institutions")
        BISTANDSPLIKT = "bistandsplikt", _("Duty to provide placements")

    class Inndeling(models.TextChoices):
        INGEN = "ingen", _("One row per organisation")
        INSTITUSJON = "institusjon", _("Per institution")
        BYDEL = "bydel", _("Per district")
        KATEGORI = "kategori", _("Per category")

    kode = models.SlugField(_("code"), max_length=60, unique=True)
    navn = models.CharField(_("name"), max_length=200)
    beskrivelse = models.TextField(_("description"), blank=True)
    type = models.CharField(_("kind"), max_length=20, choices=Type.choices, default=Type.GENERISK)
    eier = models.ForeignKey(
        "styring.Virksomhet",
        verbose_name=_("owner"),
        on_delete=models.PROTECT,
        related_name="eide_skjema",
    )
    rapportorer = models.ManyToManyField(
        "styring.Virksomhet", verbose_name=_("reported by"), related_name="rapporteringsskjema"
    )
    rapporteringskrav = models.ForeignKey(
        "styring.Rapporteringskrav",
        verbose_name=_("reporting requirement in the letter"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="skjema",
    )
    frekvens = models.CharField(_("frequency"), max_length=20, choices=SKJEMAFREKVENSER)
    frist_dag = models.PositiveSmallIntegerField(
        _("deadline: day of month"),
        default=15,
        validators=[MinValueValidator(1), MaxValueValidator(28)],
    )
    frist_maaneder_etter = models.PositiveSmallIntegerField(
        _("deadline: months after the period"),
        default=1,
        validators=[MaxValueValidator(12)],
        help_text=_("1: the report for March is due in April."),
    )
    inndeling = models.CharField(
        _("breakdown"), max_length=20, choices=Inndeling.choices, default=Inndeling.INGEN
    )
    kategorier = models.JSONField(_("categories"), default=list, blank=True)
    aktiv_fra = models.DateField(_("reported from"))
    aktiv_til = models.DateField(_("reported until"), null=True, blank=True)

    objects = SkjemaQuerySet.as_manager()

    class Meta:
        verbose_name = _("reporting obligation")
        verbose_name_plural = _("reporting obligations")
        ordering = ["navn"]

    def __str__(self):
        return self.navn

    def get_absolute_url(self):
        return reverse("indikatorer:skjema", args=[self.kode])

    def periode(self, dato):
        """The (first day, last day) of the period holding ``dato``."""
        return perioder.periode(dato, frekvens=self.frekvens)

    def frist_for(self, periode_til):
        """When the report for a period ending ``periode_til`` is due."""
        month = perioder.legg_til_maaneder(
            perioder.maanedsstart(periode_til), self.frist_maaneder_etter
        )
        return month.replace(day=self.frist_dag)

    def perioder(self, *, fra, til):
        """Every period that has ended by ``til``, from the one holding ``fra``, while
        the obligation is in force."""
        return [
            (first, last)
            for first, last in perioder.avsluttede_perioder(
                fra=max(fra, self.aktiv_fra), til=til, frekvens=self.frekvens
            )
            if self.aktiv_til is None or first <= self.aktiv_til
        ]


class SkjemadelQuerySet(ScopedQuerySet):
    scope_path = "skjema__eier"
    shared_with = ("skjema__rapportorer",)
    reporter_path = "skjema__rapportorer"
    steering_path = "skjema__eier"


class InnsendingsdelQuerySet(ScopedQuerySet):
    scope_path = "innsending__virksomhet"
    shared_with = ("innsending__skjema__eier",)
    steering_path = "innsending__skjema__eier"


class KapasitetQuerySet(ScopedQuerySet):
    scope_path = "institusjon__virksomhet"


class Skjemafelt(AuditedModel):
    """One number or text an obligation asks for, with how it is checked."""

    class Enhet(models.TextChoices):
        HELTALL = "heltall", _("Whole number")
        DESIMAL = "desimal", _("Decimal number")
        PROSENT = "prosent", _("Percentage")
        TEKST = "tekst", _("Text")
        JA_NEI = "ja_nei", _("Yes / no")

    skjema = models.ForeignKey(Skjema, on_delete=models.CASCADE, related_name="felt")
    kode = models.SlugField(_("code"), max_length=60)
    navn = models.CharField(_("name"), max_length=200)
    enhet = models.CharField(_("unit"), max_length=20, choices=Enhet.choices)
    minimum = models.DecimalField(
        _("lowest value"), max_digits=14, decimal_places=2, null=True, blank=True
    )
    maksimum = models.DecimalField(
        _("highest value"), max_digits=14, decimal_places=2, null=True, blank=True
    )
    paakrevd = models.BooleanField(_("required"), default=True)
    hjelpetekst = models.CharField(_("help text"), max_length=300, blank=True)
    indikator = models.ForeignKey(
        "indikatorer.Indikator",
        verbose_name=_("indicator"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="skjemafelt",
    )
    rekkefolge = models.PositiveIntegerField(_("order"), default=0)

    objects = SkjemadelQuerySet.as_manager()

    class Meta:
        verbose_name = _("field")
        verbose_name_plural = _("fields")
        ordering = ["rekkefolge", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["skjema", "kode"], name="skjemafelt_kode_unik")
        ]

    def __str__(self):
        return self.navn


class Institusjon(AuditedModel):
    """A child-welfare institution run by an agency; its places change over time."""

    class Type(models.TextChoices):
        AKUTT = "akutt", _("Acute")
        OMSORG = "omsorg", _("Care")
        BEHANDLING = "behandling", _("Treatment")

    # Minimum occupancy by kind (the state's S 1.1.1 and S 1.1.2; Oslo follows them).
    TERSKEL = {Type.AKUTT: 80, Type.OMSORG: 83, Type.BEHANDLING: 83}

    virksomhet = models.ForeignKey(
        "styring.Virksomhet",
        verbose_name=_("agency"),
        on_delete=models.PROTECT,
        related_name="institusjoner",
    )
    navn = models.CharField(_("name"), max_length=200)
    type = models.CharField(_("kind"), max_length=20, choices=Type.choices)
    demo = models.BooleanField(
        _("demo"), default=False, help_text=_("A made-up name: the sources do not give one.")
    )

    objects = ScopedQuerySet.as_manager()

    class Meta:
        verbose_name = _("institution")
        verbose_name_plural = _("institutions")
        ordering = ["type", "navn"]

    def __str__(self):
        return self.navn

    def plasser_paa(self, dato):
        """Budgeted places on ``dato`` (from the latest capacity change before it)."""
        capacities = [k for k in self.kapasiteter.all() if k.gjelder_fra <= dato]
        return max(capacities, key=lambda k: k.gjelder_fra).plasser if capacities else None


class Kapasitet(AuditedModel):
    """From ``gjelder_fra`` the institution has ``plasser`` budgeted places."""

    institusjon = models.ForeignKey(
        Institusjon, on_delete=models.CASCADE, related_name="kapasiteter"
    )
    gjelder_fra = models.DateField(_("from"))
    plasser = models.PositiveSmallIntegerField(_("budgeted places"))
    kilde = models.CharField(_("source"), max_length=200, blank=True)

    objects = KapasitetQuerySet.as_manager()

    class Meta:
        verbose_name = _("capacity")
        verbose_name_plural = _("capacities")
        ordering = ["gjelder_fra"]
        constraints = [
            models.UniqueConstraint(
                fields=["institusjon", "gjelder_fra"], name="en_kapasitet_per_dato"
            )
        ]


class InnsendingQuerySet(ScopedQuerySet):
    """The reporting organisation owns a submission; the obligation's owner follows it."""

    scope_path = "virksomhet"
    shared_with = ("skjema__eier",)
    steering_path = "skjema__eier"


class Innsending(Arbeidsflyt):
    """One organisation's report for one obligation and period, in the shared workflow.

    The department's own logged exception (``Unntak``) lifts the period lock after the
    deadline; the kind (``indikatorer.services.innsending.InnsendingArt``) gives its rows, fields
    and checks, and recomputes the indicator results when it is approved or returned.
    """

    art_klasse = "indikatorer.services.innsending.InnsendingArt"

    skjema = models.ForeignKey(Skjema, on_delete=models.PROTECT, related_name="innsendinger")
    virksomhet = models.ForeignKey(
        "styring.Virksomhet",
        verbose_name=_("organisation"),
        on_delete=models.PROTECT,
        related_name="innsendinger",
    )
    periode_fra = models.DateField(_("period from"))
    periode_til = models.DateField(_("period to"))
    frist = models.DateField(_("deadline"))
    demo = models.BooleanField(
        _("demo"), default=False, help_text=_("Made by the demo data generator, not reported.")
    )

    objects = InnsendingQuerySet.as_manager()

    class Meta:
        verbose_name = _("submission")
        verbose_name_plural = _("submissions")
        ordering = ["-periode_fra", "virksomhet__navn"]
        constraints = [
            models.UniqueConstraint(
                fields=["skjema", "virksomhet", "periode_fra"],
                name="en_innsending_per_periode",
            )
        ]

    def __str__(self):
        return f"{self.skjema} – {self.virksomhet} – {self.periode_fra:%m.%Y}"

    def get_absolute_url(self):
        if self.pk is None:
            # A period that is due but not opened yet: its page opens it on the first save.
            return reverse(
                "indikatorer:innsending-ny",
                args=[
                    self.skjema.kode,
                    self.virksomhet.kode,
                    self.periode_fra.year,
                    self.periode_fra.month,
                ],
            )
        return reverse("indikatorer:innsending", args=[self.pk])

    def laast(self, idag):
        """Past the deadline plus the grace days, and no exception is open."""
        grace = datetime.timedelta(days=settings.INNSENDING_LAAS_DAGER)
        if idag <= self.frist + grace:
            return False
        if self.pk is None:
            return True
        return not self.unntak.filter(gyldig_til__gte=idag).exists()


def verdi_som_tekst(value):
    """A saved value as text the way a person writes it ("400", "62.5"); None when empty."""
    if value is None or value == "":
        return None
    if isinstance(value, Decimal):
        if value == value.to_integral_value():
            return str(int(value))
        return f"{value.normalize():f}"
    return str(value)


class Verdi(models.Model):
    """One number or text of a submission, for one field and one row of the breakdown.

    Changes are audited through the submission (its version and the change log entry
    written by the service that saves the numbers), not row by row.
    """

    innsending = models.ForeignKey(Innsending, on_delete=models.CASCADE, related_name="verdier")
    felt = models.ForeignKey(Skjemafelt, on_delete=models.PROTECT, related_name="verdier")
    rad = models.CharField(_("row"), max_length=100, blank=True)
    tall = models.DecimalField(max_digits=14, decimal_places=2, null=True, blank=True)
    tekst = models.TextField(blank=True)

    objects = InnsendingsdelQuerySet.as_manager()

    class Meta:
        verbose_name = _("value")
        verbose_name_plural = _("values")
        constraints = [
            models.UniqueConstraint(
                fields=["innsending", "felt", "rad"], name="en_verdi_per_felt_og_rad"
            )
        ]

    def __str__(self):
        return f"{self.felt.kode}[{self.rad}] = {self.tekst or self.tall}"


class Unntak(AuditedModel):
    """A department officer reopens a locked period for one organisation, with a reason."""

    innsending = models.ForeignKey(Innsending, on_delete=models.CASCADE, related_name="unntak")
    grunn = models.TextField(_("reason"))
    gyldig_til = models.DateField(_("open until"))
    aapnet_av = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    aapnet = models.DateTimeField(_("opened"), auto_now_add=True)

    objects = InnsendingsdelQuerySet.as_manager()

    class Meta:
        verbose_name = _("exception")
        verbose_name_plural = _("exceptions")
        ordering = ["-aapnet"]

    def __str__(self):
        return f"{self.innsending}: {self.gyldig_til:%d.%m.%Y}"
