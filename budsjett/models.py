"""Budgets as the letters print them, and their follow-up against accounts.

- ``Kapittel``: a budget chapter (kap. 360 Barne- og familieetaten, kap. 855 Barnevern, the
  income chapter 3855 ...), owned by one organisation. Its ``Konto``er are the account groups
  (Oslo: 10 Lønn, 11 ... 18) or the posts (state: 01, 21, 22, 70 ...) it is budgeted on.
- ``Budsjettabell``: one table of a letter, kept with its heading and prose so it can be
  shown as printed. Its ``Budsjettlinje``r hold one amount each: a row of the table, for one
  recipient organisation and one year. Printed totals are rows too (``Radtype.SUM``): they
  are kept as printed and checked against the lines, never replaced.
- ``Budsjettendring``: the itemised derivation of the adopted budget (carried-forward
  budget, earlier decisions, change items) and the general frame-reduction table, with an
  ``Endringsbelop`` per year.
- ``Investering``: the investment budget by project × account group × year.
- ``Budsjettrapport``: one organisation's accounts for a month (``Regnskap`` rows) or
  year-end forecast for a tertial (``Prognose`` rows), saved, submitted, approved or
  returned like the monthly reports.

Amounts are whole NOK 1 000; negative amounts are income. An income chapter of the state
(3842, 3855) prints its income requirement as positive numbers; those are stored negative
and ``belop_tekst`` keeps what was printed.
"""

from decimal import ROUND_HALF_UP, Decimal

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from styring.access import ScopedQuerySet
from styring.arbeidsflyt.models import Arbeidsflyt
from styring.audit import AuditedModel
from styring.models import brevfelt, maalfelt
from styring.perioder import Frekvens, periodenavn_i_aar

YEAR_VALIDATORS = [MinValueValidator(2000), MaxValueValidator(2100)]


class Radtype(models.TextChoices):
    LINJE = "linje", _("Line")
    DELSUM = "delsum", _("Subtotal")
    SUM = "sum", _("Total as printed")


class KapittelQuerySet(ScopedQuerySet):
    """The owner's chapter; recipients of its lines, changes or investments see it too."""

    scope_path = "eier"
    shared_with = ("linjer__virksomhet", "endringer__virksomhet", "investeringer__virksomhet")


class Kapittel(AuditedModel):
    """A budget chapter: kap. 360 Barne- og familieetaten, kap. 855 Barnevern, kap. 3855."""

    class Art(models.TextChoices):
        DRIFT = "drift", _("Operating")
        INVESTERING = "investering", _("Investment")

    class Inndeling(models.TextChoices):
        KONTOGRUPPE = "kontogruppe", _("Account group")
        POST = "post", _("Post")

    nummer = models.CharField(_("chapter number"), max_length=10)
    navn = models.CharField(_("name"), max_length=200)
    eier = models.ForeignKey(
        "styring.Virksomhet",
        verbose_name=_("owner"),
        on_delete=models.PROTECT,
        related_name="budsjettkapitler",
    )
    art = models.CharField(_("kind"), max_length=20, choices=Art.choices, default=Art.DRIFT)
    inndeling = models.CharField(
        _("budgeted by"), max_length=20, choices=Inndeling.choices, default=Inndeling.KONTOGRUPPE
    )
    inntekt = models.BooleanField(
        _("income chapter"),
        default=False,
        help_text=_("Its amounts are income (stored as negative amounts), such as kap. 3855."),
    )
    rekkefolge = models.PositiveIntegerField(_("order"), default=0)

    objects = KapittelQuerySet.as_manager()

    class Meta:
        verbose_name = _("chapter")
        verbose_name_plural = _("chapters")
        ordering = ["rekkefolge", "nummer"]
        constraints = [
            models.UniqueConstraint(fields=["eier", "nummer"], name="ett_kapittel_per_eier"),
        ]

    def __str__(self):
        return f"Kap. {self.nummer} {self.navn}"


class KontoQuerySet(ScopedQuerySet):
    scope_path = "kapittel__eier"
    shared_with = ("linjer__virksomhet",)


class Konto(AuditedModel):
    """An account group (Oslo) or a post (state) a chapter is budgeted and accounted on."""

    kapittel = models.ForeignKey(
        Kapittel, verbose_name=_("chapter"), on_delete=models.CASCADE, related_name="kontoer"
    )
    kode = models.CharField(_("code"), max_length=10)
    navn = models.CharField(_("name"), max_length=300, blank=True)
    rekkefolge = models.PositiveIntegerField(_("order"), default=0)

    objects = KontoQuerySet.as_manager()

    class Meta:
        verbose_name = _("account group or post")
        verbose_name_plural = _("account groups and posts")
        ordering = ["kapittel__rekkefolge", "kapittel__nummer", "rekkefolge", "kode"]
        constraints = [
            models.UniqueConstraint(fields=["kapittel", "kode"], name="en_konto_per_kode"),
        ]

    def __str__(self):
        if self.kapittel.inndeling == Kapittel.Inndeling.POST:
            return f"Post {self.kode} {self.navn}".strip()
        return f"{self.kode} {self.navn}".strip()

    @property
    def etikett(self):
        """The chapter and the account group or post: «360 / 10 Lønn»."""
        return f"{self.kapittel.nummer} / {self}"

    @staticmethod
    def normaliser(kode):
        """A code compared the way people write it: «01», «1» and «1.0» are the same post."""
        text = str(kode).strip()
        if text.endswith(".0"):
            text = text[:-2]
        if text.isdigit():
            return text.lstrip("0") or "0"
        return text.lower()


class BudsjettabellQuerySet(ScopedQuerySet):
    scope_path = "kapittel__eier"
    shared_with = ("linjer__virksomhet", "endringer__virksomhet", "investeringer__virksomhet")


class Budsjettabell(AuditedModel):
    """One budget table of a letter, with the heading and prose printed around it."""

    class Type(models.TextChoices):
        DRIFT = "drift", _("Budget by account group or post")
        ENDRINGER = "endringer", _("Budget with changes")
        RAMMEREDUKSJON = "rammereduksjon", _("General frame reduction")
        INVESTERING = "investering", _("Investment budget")

    brev = brevfelt(related_name="budsjettabeller")
    kapittel = models.ForeignKey(
        Kapittel, verbose_name=_("chapter"), on_delete=models.PROTECT, related_name="tabeller"
    )
    aar = models.PositiveSmallIntegerField(
        _("budget year"), validators=YEAR_VALIDATORS, help_text=_("The year of the budget.")
    )
    type = models.CharField(_("kind"), max_length=20, choices=Type.choices)
    kode = models.CharField(_("table"), max_length=40, blank=True)
    tittel = models.CharField(_("title"), max_length=300)
    overskrift = models.CharField(
        _("heading"),
        max_length=300,
        blank=True,
        help_text=_("The heading printed above the table, such as the post it belongs to."),
    )
    tekst = models.TextField(_("text"), blank=True)
    enhet = models.CharField(_("unit"), max_length=40, default="NOK 1 000")
    er_fordeling = models.BooleanField(
        _("breakdown"),
        default=False,
        help_text=_(
            "Breaks down a post shown in another table of the chapter; not added to the budget."
        ),
    )
    kilde = models.CharField(_("source"), max_length=100, blank=True)
    rekkefolge = models.PositiveIntegerField(_("order"), default=0)

    objects = BudsjettabellQuerySet.as_manager()

    class Meta:
        verbose_name = _("budget table")
        verbose_name_plural = _("budget tables")
        ordering = ["aar", "rekkefolge", "pk"]

    def __str__(self):
        return self.tittel

    @property
    def anker(self):
        return f"budsjettabell-{self.pk:d}"


class Belopsrad(AuditedModel):
    """A row of a printed table with an amount for one year: a budget line or an
    investment. Printed totals are rows too (``Radtype.SUM``)."""

    rad = models.PositiveSmallIntegerField(_("row"))
    radtype = models.CharField(
        _("kind of row"), max_length=10, choices=Radtype.choices, default=Radtype.LINJE
    )
    aar = models.PositiveSmallIntegerField(_("year"), validators=YEAR_VALIDATORS)
    belop = models.BigIntegerField(_("amount (NOK 1 000)"))
    belop_tekst = models.CharField(_("amount as printed"), max_length=40, blank=True)
    merknad = models.TextField(_("note"), blank=True)
    kilde = models.CharField(_("source"), max_length=100, blank=True)

    class Meta:
        abstract = True


class BudsjettlinjeQuerySet(ScopedQuerySet):
    """The recipient's lines; the chapter's owner sees them too."""

    scope_path = "virksomhet"
    shared_with = ("kapittel__eier",)

    def budsjett(self):
        """The lines that make up a budget: lines (not printed totals) of the operating
        tables, without the tables that only break a post down."""
        return self.filter(
            radtype=Radtype.LINJE,
            tabell__type=Budsjettabell.Type.DRIFT,
            tabell__er_fordeling=False,
        )


class Budsjettlinje(Belopsrad):
    """One amount of a budget table: a row, for one organisation and one year."""

    tabell = models.ForeignKey(
        Budsjettabell, verbose_name=_("table"), on_delete=models.CASCADE, related_name="linjer"
    )
    kapittel = models.ForeignKey(
        Kapittel, verbose_name=_("chapter"), on_delete=models.PROTECT, related_name="linjer"
    )
    konto = models.ForeignKey(
        Konto,
        verbose_name=_("account group or post"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="linjer",
        help_text=_("Empty for a chapter's total."),
    )
    virksomhet = models.ForeignKey(
        "styring.Virksomhet",
        verbose_name=_("organisation"),
        on_delete=models.PROTECT,
        related_name="budsjettlinjer",
    )
    navn = models.CharField(_("text"), max_length=300)

    objects = BudsjettlinjeQuerySet.as_manager()

    class Meta:
        verbose_name = _("budget line")
        verbose_name_plural = _("budget lines")
        ordering = ["tabell__aar", "tabell__rekkefolge", "rad", "virksomhet__navn", "aar"]
        constraints = [
            models.UniqueConstraint(
                fields=["tabell", "rad", "virksomhet", "aar"], name="en_budsjettlinje_per_celle"
            ),
        ]

    def __str__(self):
        return f"{self.navn} {self.aar:d} ({self.virksomhet.kode})"


class EndringQuerySet(ScopedQuerySet):
    scope_path = "virksomhet"
    shared_with = ("kapittel__eier",)


class Budsjettendring(AuditedModel):
    """A row of the itemised derivation of the adopted budget, or of the frame-reduction
    table: text, group, and an amount per year (``aarsbelop``)."""

    class Gruppe(models.TextChoices):
        VIDEREFORT = "viderefort", _("Adopted budget carried forward")
        FORRIGE_PERIODE = "forrige_periode", _("Decisions of the previous period")
        GENERELL_RAMMEENDRING = "generell_rammeendring", _("General frame change")
        TEKNISKE_JUSTERINGER = "tekniske_justeringer", _("Technical adjustments")
        NY_INNSATS = "ny_innsats", _("New initiatives")
        BYSTYRET = "bystyret", _("Changes during the city council's treatment")
        ANNET = "annet", _("Other changes")
        VEDTATT = "vedtatt", _("Adopted budget")

    tabell = models.ForeignKey(
        Budsjettabell, verbose_name=_("table"), on_delete=models.CASCADE, related_name="endringer"
    )
    kapittel = models.ForeignKey(
        Kapittel, verbose_name=_("chapter"), on_delete=models.PROTECT, related_name="endringer"
    )
    virksomhet = models.ForeignKey(
        "styring.Virksomhet",
        verbose_name=_("organisation"),
        on_delete=models.PROTECT,
        related_name="budsjettendringer",
    )
    gruppe = models.CharField(_("group"), max_length=30, choices=Gruppe.choices, blank=True)
    gruppe_tekst = models.CharField(_("group as printed"), max_length=200, blank=True)
    tekst = models.CharField(_("text"), max_length=300)
    radtype = models.CharField(
        _("kind of row"), max_length=10, choices=Radtype.choices, default=Radtype.LINJE
    )
    maal = maalfelt(
        related_name="budsjettendringer", help_text=_("The goal or measure the change funds.")
    )
    omtale_tittel = models.CharField(_("description heading"), max_length=300, blank=True)
    omtale = models.TextField(_("description"), blank=True)
    merknad = models.TextField(_("note"), blank=True)
    kilde = models.CharField(_("source"), max_length=100, blank=True)
    rekkefolge = models.PositiveIntegerField(_("order"), default=0)

    objects = EndringQuerySet.as_manager()

    class Meta:
        verbose_name = _("budget change")
        verbose_name_plural = _("budget changes")
        ordering = ["tabell__aar", "tabell__rekkefolge", "rekkefolge", "pk"]

    def __str__(self):
        return self.tekst


class EndringsbelopQuerySet(ScopedQuerySet):
    scope_path = "endring__virksomhet"
    shared_with = ("endring__kapittel__eier",)


class Endringsbelop(AuditedModel):
    """The amount of a budget change for one year."""

    endring = models.ForeignKey(
        Budsjettendring,
        verbose_name=_("budget change"),
        on_delete=models.CASCADE,
        related_name="aarsbelop",
    )
    aar = models.PositiveSmallIntegerField(_("year"), validators=YEAR_VALIDATORS)
    belop = models.BigIntegerField(_("amount (NOK 1 000)"))
    belop_tekst = models.CharField(_("amount as printed"), max_length=40, blank=True)

    objects = EndringsbelopQuerySet.as_manager()

    class Meta:
        verbose_name = _("amount of a budget change")
        verbose_name_plural = _("amounts of budget changes")
        ordering = ["aar"]
        constraints = [
            models.UniqueConstraint(fields=["endring", "aar"], name="ett_endringsbelop_per_aar"),
        ]

    def __str__(self):
        return f"{self.endring} {self.aar:d}: {self.belop:d}"


class InvesteringQuerySet(ScopedQuerySet):
    scope_path = "virksomhet"
    shared_with = ("kapittel__eier",)


class Investering(Belopsrad):
    """One amount of the investment budget: a project and account group, for one year."""

    tabell = models.ForeignKey(
        Budsjettabell,
        verbose_name=_("table"),
        on_delete=models.CASCADE,
        related_name="investeringer",
    )
    kapittel = models.ForeignKey(
        Kapittel,
        verbose_name=_("chapter"),
        on_delete=models.PROTECT,
        related_name="investeringer",
    )
    virksomhet = models.ForeignKey(
        "styring.Virksomhet",
        verbose_name=_("organisation"),
        on_delete=models.PROTECT,
        related_name="investeringer",
    )
    prosjekt = models.CharField(_("project number"), max_length=20, blank=True)
    prosjektnavn = models.CharField(_("project"), max_length=200)
    kontogruppe = models.CharField(_("account group"), max_length=10, blank=True)
    kontogruppe_navn = models.CharField(_("account group name"), max_length=200, blank=True)

    objects = InvesteringQuerySet.as_manager()

    class Meta:
        verbose_name = _("investment")
        verbose_name_plural = _("investments")
        ordering = ["tabell__aar", "tabell__rekkefolge", "rad", "aar"]
        constraints = [
            models.UniqueConstraint(
                fields=["tabell", "rad", "virksomhet", "aar"], name="en_investering_per_celle"
            ),
        ]

    def __str__(self):
        project = f"{self.prosjekt} {self.prosjektnavn}".strip()
        return f"{project} {self.kontogruppe} {self.aar:d}".replace("  ", " ")


class BudsjettrapportQuerySet(ScopedQuerySet):
    scope_path = "virksomhet"


class Budsjettrapport(Arbeidsflyt):
    """One organisation's accounts for a month, or its year-end forecast for a tertial.

    Reporters save the amounts, the organisation's approver submits, and staff of the
    department that steers it approve or return. Once submitted the amounts are locked;
    every save raises ``versjon``, and a save against an older version is refused.
    """

    art_klasse = "budsjett.services.BudsjettrapportArt"

    class Type(models.TextChoices):
        REGNSKAP = "regnskap", _("Accounts")
        PROGNOSE = "prognose", _("Forecast")

    # Accounts are reported per month, forecasts per tertial (``periode`` is its number).
    FREKVENS = {Type.REGNSKAP: Frekvens.MAANED, Type.PROGNOSE: Frekvens.TERTIAL}

    virksomhet = models.ForeignKey(
        "styring.Virksomhet",
        verbose_name=_("organisation"),
        on_delete=models.PROTECT,
        related_name="budsjettrapporter",
    )
    aar = models.PositiveSmallIntegerField(_("year"), validators=YEAR_VALIDATORS)
    type = models.CharField(_("kind"), max_length=10, choices=Type.choices)
    periode = models.PositiveSmallIntegerField(
        _("period"), help_text=_("The month (1–12) of accounts, the tertial (1–3) of a forecast.")
    )
    # Opened when the first amounts are saved: a report that exists is a draft.
    status = models.CharField(
        _("status"),
        max_length=20,
        choices=Arbeidsflyt.Status.choices,
        default=Arbeidsflyt.Status.UTKAST,
    )
    demo = models.BooleanField(
        _("demo"), default=False, help_text=_("Made by the demo data generator, not reported.")
    )

    objects = BudsjettrapportQuerySet.as_manager()

    class Meta:
        verbose_name = _("budget report")
        verbose_name_plural = _("budget reports")
        ordering = ["-aar", "type", "periode", "virksomhet__navn"]
        constraints = [
            models.UniqueConstraint(
                fields=["virksomhet", "aar", "type", "periode"],
                name="en_budsjettrapport_per_periode",
            ),
            models.CheckConstraint(
                condition=(
                    models.Q(type="regnskap", periode__gte=1, periode__lte=12)
                    | models.Q(type="prognose", periode__gte=1, periode__lte=3)
                ),
                name="budsjettrapport_gyldig_periode",
            ),
        ]

    def __str__(self):
        return f"{self.get_type_display()} {self.periodetekst} – {self.virksomhet.kode}"

    def get_absolute_url(self):
        name = (
            "budsjett:budsjett-regnskap"
            if self.type == self.Type.REGNSKAP
            else "budsjett:budsjett-prognose"
        )
        return reverse(name, args=[self.virksomhet.kode, self.aar, self.periode])

    @property
    def periodetekst(self):
        return periodetekst(self.type, self.aar, self.periode)


def periodetekst(type, aar, periode):
    """«januar 2026» for accounts, «1. tertial 2026» for a forecast."""
    return periodenavn_i_aar(aar=aar, nummer=periode, frekvens=Budsjettrapport.FREKVENS[type])


# The materiality rule. The deviation is the year-end forecast minus the budget, in NOK
# 1 000 and as a share of the budget. A deviation is material — and the forecast must
# explain it — when its share is at least ``BUDSJETT_VESENTLIGHET_PROSENT`` per cent, or,
# when ``BUDSJETT_VESENTLIGHET_BELOP`` is above 0, when it is at least that amount.

ONE_DECIMAL = Decimal("0.1")


def prosent(del_, helhet):
    """``del_`` as a share of the size of ``helhet`` in per cent, one decimal (a deviation
    keeps its sign whether the budget is spending or income); None when the whole is 0."""
    if del_ is None or not helhet:
        return None
    return (Decimal(del_) * 100 / abs(Decimal(helhet))).quantize(ONE_DECIMAL, ROUND_HALF_UP)


def andel(del_, helhet):
    """How much of ``helhet`` ``del_`` is, in per cent: income received of income budgeted
    is a positive share too."""
    if del_ is None or not helhet:
        return None
    return (Decimal(del_) * 100 / Decimal(helhet)).quantize(ONE_DECIMAL, ROUND_HALF_UP)


def vesentlig(*, avvik, budsjett):
    """Whether a deviation of ``avvik`` from ``budsjett`` (NOK 1 000) needs an explanation."""
    if not avvik:
        return False
    amount_limit = settings.BUDSJETT_VESENTLIGHET_BELOP
    if amount_limit > 0 and abs(avvik) >= amount_limit:
        return True
    if not budsjett:
        return True
    return abs(prosent(avvik, budsjett)) >= settings.BUDSJETT_VESENTLIGHET_PROSENT


class RapportdelQuerySet(ScopedQuerySet):
    scope_path = "rapport__virksomhet"


class Regnskap(models.Model):
    """The accounts of one month for one account group or post.

    Changes are written to the audit trail through the report (its version and the change
    log entry written by the service that saves the amounts), not row by row.
    """

    rapport = models.ForeignKey(
        Budsjettrapport, verbose_name=_("report"), on_delete=models.CASCADE, related_name="regnskap"
    )
    konto = models.ForeignKey(
        Konto,
        verbose_name=_("account group or post"),
        on_delete=models.PROTECT,
        related_name="regnskap",
    )
    belop = models.BigIntegerField(_("amount (NOK 1 000)"))

    objects = RapportdelQuerySet.as_manager()

    class Meta:
        verbose_name = _("accounts")
        verbose_name_plural = _("accounts")
        ordering = ["rapport", "konto"]
        constraints = [
            models.UniqueConstraint(fields=["rapport", "konto"], name="ett_regnskap_per_konto"),
        ]

    def __str__(self):
        return f"{self.konto.etikett} {self.rapport.periodetekst}: {self.belop:d}"


class Prognose(models.Model):
    """The year-end forecast of one account group or post, made in one tertial, with the
    explanation of its deviation from the budget. Audited through its report."""

    rapport = models.ForeignKey(
        Budsjettrapport,
        verbose_name=_("report"),
        on_delete=models.CASCADE,
        related_name="prognoser",
    )
    konto = models.ForeignKey(
        Konto,
        verbose_name=_("account group or post"),
        on_delete=models.PROTECT,
        related_name="prognoser",
    )
    belop = models.BigIntegerField(_("year-end forecast (NOK 1 000)"))
    forklaring = models.TextField(_("explanation of the deviation"), blank=True)

    objects = RapportdelQuerySet.as_manager()

    class Meta:
        verbose_name = _("forecast")
        verbose_name_plural = _("forecasts")
        ordering = ["rapport", "konto"]
        constraints = [
            models.UniqueConstraint(fields=["rapport", "konto"], name="en_prognose_per_konto"),
        ]

    def __str__(self):
        return f"{self.konto.etikett} {self.rapport.periodetekst}: {self.belop:d}"
