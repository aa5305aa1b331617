"""Indicators: what a letter measures an organisation by, their targets and results.

An ``Indikator`` is one measure (a result indicator, a state steering parameter, a
climate budget indicator) with one ``Maalverdi`` (target) per year and its
``Resultat``er. The same indicator appears in several letters: it is carried into next
year's letter, and an indicator of a shared set (``Indikatorsett``, such as the city's
«Ungt utenforskap») is one object several organisations contribute to, never a copy per
organisation.

A result's status (achieved or not) is computed from the result and its target by
``indikatorer.maaltall.vurder``; it is never stored or typed in by hand.
"""

from dataclasses import dataclass
from decimal import Decimal

from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from indikatorer import maaltall as mt
from styring.access import ScopedQuerySet
from styring.audit import AuditedModel
from styring.models import maalfelt

YEAR_VALIDATORS = [MinValueValidator(2000), MaxValueValidator(2100)]
MAX_DIGITS, DECIMAL_PLACES = 14, 4

SAMMENLIGNING_LABELS = {
    mt.Sammenligning.LIK: _("Exactly"),
    mt.Sammenligning.MINST: _("At least"),
    mt.Sammenligning.MAKS: _("At most"),
    mt.Sammenligning.UNDER: _("Below"),
    mt.Sammenligning.OVER: _("Above"),
    mt.Sammenligning.FAERRE_ENN: _("Fewer than in the base year"),
    mt.Sammenligning.FLERE_ENN: _("More than in the base year"),
    mt.Sammenligning.LAVERE_ENN: _("Lower than the baseline"),
    mt.Sammenligning.HOYERE_ENN: _("Higher than the baseline"),
    mt.Sammenligning.OKT: _("Increase from the year before"),
    mt.Sammenligning.REDUSERT: _("Reduction from the year before"),
    mt.Sammenligning.KVALITATIV: _("Assessed, not computed"),
    mt.Sammenligning.IKKE_RELEVANT: _("Not relevant"),
    mt.Sammenligning.UKJENT: _("Not read: to be resolved"),
}

ENHET_LABELS = {
    mt.Enhet.PROSENT: _("Per cent"),
    mt.Enhet.ANTALL: _("Number"),
    mt.Enhet.PER_1000: _("Per 1,000"),
    mt.Enhet.TIMER: _("Hours"),
    mt.Enhet.DAGER: _("Days"),
    mt.Enhet.UKER: _("Weeks"),
    mt.Enhet.MAANEDER: _("Months"),
    mt.Enhet.KRONER: _("Kroner"),
    mt.Enhet.JA_NEI: _("Yes / no"),
    mt.Enhet.TEKST: _("Text"),
}

# The status in words: never shown by colour alone.
STATUS_LABELS = {
    mt.Status.OPPNAADD: _("Achieved"),
    mt.Status.IKKE_OPPNAADD: _("Not achieved"),
    mt.Status.MANGLER_DATA: _("No data"),
    mt.Status.IKKE_MAALBAR: _("Not measurable"),
}


def _choices(enum, labels):
    return [(member.value, labels.get(member, member.value)) for member in enum]


def tilpass_desimal(verdi):
    """``verdi`` as stored (four decimals), or None when it does not fit the field."""
    if verdi is None:
        return None
    verdi = Decimal(verdi).quantize(Decimal(1).scaleb(-DECIMAL_PLACES))
    if verdi.adjusted() >= MAX_DIGITS - DECIMAL_PLACES:
        return None
    return verdi


@dataclass(frozen=True)
class Vurdering:
    """A computed status, in words, with the target it was measured against."""

    status: mt.Status
    maalverdi: "Maalverdi | None" = None

    @property
    def tekst(self):
        return STATUS_LABELS[self.status]

    def __str__(self):
        return str(self.tekst)


class IndikatorsettQuerySet(ScopedQuerySet):
    """A set belongs to its owner; everybody who sees one of its indicators sees it too."""

    scope_path = "eier"
    shared_with = ("indikatorer__eier", "indikatorer__bidragsytere", "indikatorer__brev__utsteder")


class Indikatorsett(AuditedModel):
    """A named group of indicators several organisations contribute to («Ungt utenforskap»)."""

    navn = models.CharField(_("name"), max_length=200, unique=True)
    beskrivelse = models.TextField(_("description"), blank=True)
    eier = models.ForeignKey(
        "styring.Virksomhet",
        verbose_name=_("owner"),
        on_delete=models.PROTECT,
        related_name="indikatorsett",
    )

    objects = IndikatorsettQuerySet.as_manager()

    class Meta:
        verbose_name = _("indicator set")
        verbose_name_plural = _("indicator sets")
        ordering = ["navn"]

    def __str__(self):
        return self.navn


class IndikatorQuerySet(ScopedQuerySet):
    """Seen by the owner, the contributors and the issuers of the letters it appears in."""

    scope_path = "eier"
    shared_with = ("bidragsytere", "brev__utsteder")
    steering_path = "brev__utsteder"

    def i_brev(self, brev):
        return self.filter(brev=brev)

    def med_tall(self, user):
        """With owner, set and goal, and the targets and results ``user`` may see: what
        the tables show, in a fixed number of queries."""
        return self.select_related("eier", "sett", "maal").prefetch_related(
            models.Prefetch("maalverdier", queryset=Maalverdi.objects.for_user(user)),
            models.Prefetch(
                "resultater", queryset=Resultat.objects.for_user(user).select_related("virksomhet")
            ),
        )


class Indikator(AuditedModel):
    """One measure an organisation is steered by, with its targets and results by year."""

    class Type(models.TextChoices):
        RESULTATINDIKATOR = "resultatindikator", _("Result indicator")
        STYRINGSPARAMETER = "styringsparameter", _("Steering parameter")
        KLIMAINDIKATOR = "klimaindikator", _("Climate indicator")

    class Enhet(models.TextChoices):
        PROSENT = "prosent", _("Per cent")
        ANTALL = "antall", _("Number")
        PER_1000 = "per_1000", _("Per 1,000")
        TIMER = "timer", _("Hours")
        DAGER = "dager", _("Days")
        UKER = "uker", _("Weeks")
        MAANEDER = "maaneder", _("Months")
        KRONER = "kroner", _("Kroner")
        JA_NEI_DELVIS = "ja_nei_delvis", _("Yes / no / partly")
        TEKST = "tekst", _("Text")

    class Retning(models.TextChoices):
        LAVERE_ER_BEDRE = "lavere_er_bedre", _("Lower is better")
        HOYERE_ER_BEDRE = "hoyere_er_bedre", _("Higher is better")
        EKSAKT = "eksakt", _("Exactly the target")
        INGEN = "ingen", _("No direction")

    class Frekvens(models.TextChoices):
        MAANED = "maaned", _("Monthly")
        TRE_GANGER = "tre_ganger", _("1st quarter, 2nd tertial and annual report")
        TERTIAL_OG_AAR = "tertial_og_aar", _("Per tertial and in the annual report")
        AAR = "aar", _("In the annual report")

    # The direction as ``mt.vurder`` takes it.
    VURDER_RETNING = {Retning.LAVERE_ER_BEDRE: "lav", Retning.HOYERE_ER_BEDRE: "hoy"}

    kode = models.CharField(_("code"), max_length=20, blank=True)
    navn = models.CharField(_("name"), max_length=500)
    type = models.CharField(_("kind"), max_length=20, choices=Type.choices)
    enhet = models.CharField(_("unit"), max_length=20, choices=Enhet.choices, blank=True)
    retning = models.CharField(
        _("direction"), max_length=20, choices=Retning.choices, default=Retning.INGEN
    )
    kilde = models.CharField(_("source"), max_length=200, blank=True)
    kategori = models.CharField(
        _("category"),
        max_length=300,
        blank=True,
        help_text=_("The heading the letter lists it under."),
    )
    beskrivelse = models.TextField(
        _("description"), blank=True, help_text=_("For a climate indicator: the measure.")
    )
    merknad = models.TextField(_("note"), blank=True)
    rapportering = models.TextField(_("how it is reported"), blank=True)
    rapporteringsfrekvens = models.CharField(
        _("reporting frequency"), max_length=20, choices=Frekvens.choices, blank=True
    )
    sett = models.ForeignKey(
        Indikatorsett,
        verbose_name=_("indicator set"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="indikatorer",
    )
    eier = models.ForeignKey(
        "styring.Virksomhet",
        verbose_name=_("owner"),
        on_delete=models.PROTECT,
        related_name="eide_indikatorer",
    )
    bidragsytere = models.ManyToManyField(
        "styring.Virksomhet",
        verbose_name=_("contributors"),
        blank=True,
        related_name="indikatorbidrag",
    )
    maal = maalfelt(related_name="indikatorer")
    brev = models.ManyToManyField(
        "styring.Tildelingsbrev",
        verbose_name=_("letters"),
        blank=True,
        related_name="indikatorer",
    )
    ansvarlig_enhet = models.CharField(
        _("responsible unit at the issuer"), max_length=200, blank=True
    )
    rekkefolge = models.PositiveIntegerField(_("order"), default=0)

    objects = IndikatorQuerySet.as_manager()

    class Meta:
        verbose_name = _("indicator")
        verbose_name_plural = _("indicators")
        ordering = ["rekkefolge", "pk"]

    def __str__(self):
        return f"{self.kode} {self.navn}".strip()

    def get_absolute_url(self):
        return reverse("indikatorer:indikator", args=[self.pk])

    def _prefetched(self, name):
        return getattr(self, "_prefetched_objects_cache", {}).get(name)

    def maalverdier_liste(self):
        """The targets by year (prefetched when there are any)."""
        targets = self._prefetched("maalverdier")
        if targets is None:
            targets = self.maalverdier.all()
        return sorted(targets, key=lambda target: target.aar)

    def resultater_liste(self):
        """The results by year and period (prefetched when there are any)."""
        results = self._prefetched("resultater")
        if results is None:
            results = self.resultater.all()
        return sorted(results, key=lambda r: (r.aar, r.periode, r.virksomhet_id or 0))

    def maalverdi_for(self, aar):
        return next((t for t in self.maalverdier_liste() if t.aar == aar), None)

    def gjeldende_maalverdi(self, aar):
        """The target a result of ``aar`` is measured against: that year's, or else the
        next one set (the letters compare earlier results with the new target)."""
        later = [t for t in self.maalverdier_liste() if t.aar >= aar]
        return later[0] if later else None

    def samlet_resultat(self, aar):
        """The result of the whole indicator (no organisation) for the whole year."""
        return next(
            (
                r
                for r in self.resultater_liste()
                if r.aar == aar and not r.periode and r.virksomhet_id is None
            ),
            None,
        )

    def siste_resultat(self, til_og_med=None):
        """The latest result of the whole indicator for a whole year with a value."""
        results = [
            r
            for r in self.resultater_liste()
            if not r.periode
            and r.virksomhet_id is None
            and not r.som_maaltall().mangler
            and (til_og_med is None or r.aar <= til_og_med)
        ]
        return results[-1] if results else None

    def vurdering(self, aar):
        """The status at the target of ``aar``: the latest result up to that year
        measured against it. "No data" without a result, "Not measurable" for a
        qualitative target."""
        target = self.maalverdi_for(aar)
        if target is None:
            return Vurdering(mt.Status.MANGLER_DATA)
        result = self.siste_resultat(til_og_med=aar)
        if result is None:
            if not target.maaltall.maalbar:
                return Vurdering(mt.Status.IKKE_MAALBAR, target)
            return Vurdering(mt.Status.MANGLER_DATA, target)
        return result.vurdering(target)


class IndikatordelQuerySet(ScopedQuerySet):
    """Targets follow their indicator."""

    scope_path = "indikator__eier"
    shared_with = ("indikator__bidragsytere", "indikator__brev__utsteder")
    steering_path = "indikator__brev__utsteder"


class Maalverdi(AuditedModel):
    """The target of an indicator for one year: as written, and as read."""

    indikator = models.ForeignKey(
        Indikator, verbose_name=_("indicator"), on_delete=models.CASCADE, related_name="maalverdier"
    )
    aar = models.PositiveSmallIntegerField(_("year"), validators=YEAR_VALIDATORS)
    tekst = models.TextField(_("target as written"))
    sammenligning = models.CharField(
        _("comparison"),
        max_length=20,
        choices=_choices(mt.Sammenligning, SAMMENLIGNING_LABELS),
        blank=True,
        help_text=_("Read from the text when empty or when only the text changes."),
    )
    verdi = models.DecimalField(
        _("value"), max_digits=MAX_DIGITS, decimal_places=DECIMAL_PLACES, null=True, blank=True
    )
    enhet = models.CharField(
        _("unit"), max_length=20, choices=_choices(mt.Enhet, ENHET_LABELS), blank=True
    )
    basisaar = models.PositiveSmallIntegerField(
        _("base year"), null=True, blank=True, validators=YEAR_VALIDATORS
    )
    beskrivelse = models.TextField(_("what is measured"), blank=True)
    delkrav = models.JSONField(_("further requirements"), default=list, blank=True)
    kopiert_fra = models.ForeignKey(
        "self",
        verbose_name=_("carried over from"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="kopier",
    )

    objects = IndikatordelQuerySet.as_manager()

    class Meta:
        verbose_name = _("target")
        verbose_name_plural = _("targets")
        ordering = ["indikator", "aar"]
        constraints = [
            models.UniqueConstraint(fields=["indikator", "aar"], name="en_maalverdi_per_aar")
        ]

    def __str__(self):
        return f"{self.aar}: {self.tekst}"

    @property
    def maaltall(self):
        """The target as ``indikatorer.maaltall.Maaltall``."""
        if not self.sammenligning:
            return mt.tolk_maaltall(self.tekst)
        return mt.Maaltall(
            tekst=self.tekst,
            sammenligning=mt.Sammenligning(self.sammenligning),
            verdi=self.verdi,
            enhet=mt.Enhet(self.enhet) if self.enhet else None,
            basisaar=self.basisaar,
            beskrivelse=self.beskrivelse,
            delkrav=tuple(mt.Maaltall.fra_dict(krav) for krav in self.delkrav or ()),
        )

    @maaltall.setter
    def maaltall(self, value):
        self.tekst = value.tekst
        verdi = tilpass_desimal(value.verdi)
        self.sammenligning = (
            value.sammenligning.value
            if verdi is not None or value.verdi is None
            else mt.Sammenligning.UKJENT.value
        )
        self.verdi = verdi
        self.enhet = value.enhet.value if value.enhet else ""
        self.basisaar = value.basisaar
        self.beskrivelse = value.beskrivelse
        self.delkrav = [krav.som_dict() for krav in value.delkrav]

    @property
    def er_overfort(self):
        return self.kopiert_fra_id is not None

    def save(self, *args, **kwargs):
        # The reading follows the text: a target not read yet, or whose text changed while
        # its reading did not, is read again. A reading a person corrected stays.
        loaded = getattr(self, "_audit_loaded", None) or {}
        text_changed = loaded.get("tekst", self.tekst) != self.tekst
        reading_kept = loaded.get("sammenligning") == self.sammenligning
        if not self.sammenligning or (text_changed and reading_kept):
            self.maaltall = mt.tolk_maaltall(self.tekst)
        super().save(*args, **kwargs)


class ResultatQuerySet(ScopedQuerySet):
    """A result of the whole indicator is seen by all who see the indicator; one
    organisation's result only by that organisation, the owner and the issuers."""

    scope_path = "indikator__eier"
    shared_with = ("indikator__brev__utsteder", "virksomhet")
    steering_path = "indikator__brev__utsteder"

    def scope_condition(self, owners, action):
        return super().scope_condition(owners, action) | self.path_condition(
            "indikator__bidragsytere", owners, virksomhet__isnull=True
        )


class Resultat(AuditedModel):
    """What an indicator measured in a year (or a period of it), for the whole indicator
    or for one organisation."""

    class Periode(models.TextChoices):
        T1 = "t1", _("1st tertial")
        T2 = "t2", _("2nd tertial")
        T3 = "t3", _("3rd tertial")
        K1 = "k1", _("1st quarter")
        K2 = "k2", _("2nd quarter")
        K3 = "k3", _("3rd quarter")
        K4 = "k4", _("4th quarter")
        M01 = "m01", _("January")
        M02 = "m02", _("February")
        M03 = "m03", _("March")
        M04 = "m04", _("April")
        M05 = "m05", _("May")
        M06 = "m06", _("June")
        M07 = "m07", _("July")
        M08 = "m08", _("August")
        M09 = "m09", _("September")
        M10 = "m10", _("October")
        M11 = "m11", _("November")
        M12 = "m12", _("December")

    indikator = models.ForeignKey(
        Indikator, verbose_name=_("indicator"), on_delete=models.CASCADE, related_name="resultater"
    )
    aar = models.PositiveSmallIntegerField(_("year"), validators=YEAR_VALIDATORS)
    periode = models.CharField(
        _("period"),
        max_length=3,
        choices=Periode.choices,
        blank=True,
        help_text=_("Empty: the whole year."),
    )
    virksomhet = models.ForeignKey(
        "styring.Virksomhet",
        verbose_name=_("organisation"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="indikatorresultater",
        help_text=_("Empty: the result of the whole indicator."),
    )
    tekst = models.CharField(_("result as written"), max_length=200, blank=True)
    verdi = models.DecimalField(
        _("value"), max_digits=MAX_DIGITS, decimal_places=DECIMAL_PLACES, null=True, blank=True
    )
    kommentar = models.TextField(_("comment"), blank=True)
    fra_rapportering = models.BooleanField(
        _("computed from approved submissions"),
        default=False,
        help_text=_("Kept up to date by the periodic reporting; a result typed in is not."),
    )

    objects = ResultatQuerySet.as_manager()

    class Meta:
        verbose_name = _("result")
        verbose_name_plural = _("results")
        ordering = ["indikator", "aar", "periode", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["indikator", "aar", "periode"],
                condition=Q(virksomhet__isnull=True),
                name="ett_samlet_resultat_per_periode",
            ),
            models.UniqueConstraint(
                fields=["indikator", "aar", "periode", "virksomhet"],
                condition=Q(virksomhet__isnull=False),
                name="ett_resultat_per_virksomhet_og_periode",
            ),
        ]

    def __str__(self):
        return f"{self.aar}: {self.tekst or self.verdi}"

    def save(self, *args, **kwargs):
        # A value written as text ("93,7 %") is also kept as a number, and follows the
        # text when only the text changed.
        loaded = getattr(self, "_audit_loaded", None) or {}
        text_changed = loaded.get("tekst", self.tekst) != self.tekst
        value_kept = loaded.get("verdi") == self.verdi
        if self.tekst and (self.verdi is None or (text_changed and value_kept)):
            self.verdi = tilpass_desimal(mt.tolk_resultat(self.tekst).verdi)
        super().save(*args, **kwargs)

    def som_maaltall(self, enhet=None):
        """The result as ``indikatorer.maaltall.Resultat``; ``enhet`` for a bare number."""
        lest = mt.tolk_resultat(self.tekst) if self.tekst else None
        if self.verdi is None:
            return lest or mt.Resultat(tekst="")
        unit = lest.enhet if lest is not None and lest.verdi is not None else None
        return mt.Resultat(
            tekst=self.tekst or str(self.verdi), verdi=self.verdi, enhet=unit or enhet
        )

    def _basis(self, target):
        """The result a relative target compares with: the base year's, else the year
        before's (same organisation and period)."""
        year = target.basisaar or self.aar - 1
        for other in self.indikator.resultater_liste():
            if (other.aar, other.periode, other.virksomhet_id) == (
                year,
                self.periode,
                self.virksomhet_id,
            ):
                return other.som_maaltall()
        return None

    def vurdering(self, maalverdi=None):
        """The status against ``maalverdi``, by default the target the result's year is
        measured against (see ``Indikator.gjeldende_maalverdi``)."""
        if maalverdi is None:
            maalverdi = self.indikator.gjeldende_maalverdi(self.aar)
        if maalverdi is None:
            return Vurdering(mt.Status.MANGLER_DATA)
        target = maalverdi.maaltall
        # Relative targets, and "at least the baseline" without a value of its own,
        # compare with an earlier result; a reference outside the letter (a budget) is
        # not known here, so such a target has no data.
        needs_basis = target.sammenligning in mt.RELATIVE or (
            target.sammenligning == mt.Sammenligning.MINST and target.verdi is None
        )
        basis = self._basis(target) if needs_basis else None
        status = mt.vurder(
            target,
            self.som_maaltall(enhet=target.enhet),
            basis=basis,
            retning=Indikator.VURDER_RETNING.get(self.indikator.retning),
        )
        return Vurdering(status, maalverdi)

    @property
    def status(self):
        """Achieved or not (``mt.Status``), computed against the year's target."""
        return self.vurdering().status
