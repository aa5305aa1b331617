from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from styring.access import ScopedQuerySet
from styring.audit import AuditedModel
from styring.perioder import Tertial

SCALE = [MinValueValidator(1), MaxValueValidator(5)]


class RisikovurderingQuerySet(ScopedQuerySet):
    scope_path = "virksomhet"

    def for_brev(self, brev, virksomhet):
        """The assessments ``virksomhet`` made of the goals of the letter ``brev``."""
        return self.filter(maal__brev=brev, virksomhet=virksomhet)

    def siste_tertial(self):
        """The latest tertial among these assessments, or None when there are none."""
        return self.aggregate(siste=models.Max("tertial"))["siste"]


class Risikovurdering(AuditedModel):
    """The agency's assessment of the risk that a goal or measure is not reached.

    One row per goal and tertial, so the history shows how the risk moved.
    """

    class Nivaa(models.TextChoices):
        LAV = "lav", _("Low")
        MIDDELS = "middels", _("Medium")
        HOY = "hoy", _("High")

    virksomhet = models.ForeignKey(
        "styring.Virksomhet",
        verbose_name=_("agency"),
        on_delete=models.PROTECT,
        related_name="risikovurderinger",
    )
    maal = models.ForeignKey(
        "styring.Maal",
        verbose_name=_("goal or measure"),
        on_delete=models.CASCADE,
        related_name="risikovurderinger",
    )
    aar = models.PositiveSmallIntegerField(_("year"))
    tertial = models.PositiveSmallIntegerField(_("tertial"), choices=Tertial.choices)
    risiko = models.TextField(_("risk"), help_text=_("What could stop the goal being reached."))
    sannsynlighet = models.PositiveSmallIntegerField(_("likelihood (1–5)"), validators=SCALE)
    konsekvens = models.PositiveSmallIntegerField(_("consequence (1–5)"), validators=SCALE)
    risikotoleranse = models.CharField(
        _("risk tolerance"),
        max_length=10,
        choices=Nivaa.choices,
        help_text=_("The highest risk level the agency accepts for this goal."),
    )
    tiltak = models.TextField(_("mitigating measures"), blank=True)
    eier = models.CharField(_("risk owner"), max_length=200)

    objects = RisikovurderingQuerySet.as_manager()

    class Meta:
        verbose_name = _("risk assessment")
        verbose_name_plural = _("risk assessments")
        ordering = ["maal__rekkefolge", "maal__pk", "aar", "tertial"]
        constraints = [
            models.UniqueConstraint(
                fields=["virksomhet", "maal", "aar", "tertial"],
                name="en_risikovurdering_per_tertial",
            )
        ]

    def __str__(self):
        return f"{self.maal.kode} {self.aar} T{self.tertial}"

    @property
    def risikotall(self):
        return self.sannsynlighet * self.konsekvens

    @staticmethod
    def nivaa_for(score):
        if score >= 15:
            return Risikovurdering.Nivaa.HOY
        if score >= 5:
            return Risikovurdering.Nivaa.MIDDELS
        return Risikovurdering.Nivaa.LAV

    @property
    def nivaa(self):
        return self.nivaa_for(self.risikotall)

    @property
    def over_toleranse(self):
        order = list(self.Nivaa.values)
        return order.index(self.nivaa) > order.index(self.risikotoleranse)

    def clean(self):
        maal = getattr(self, "maal", None)
        if maal is None or maal.brev_id is None:
            return
        letter = maal.brev
        if not letter.mottakere.filter(pk=self.virksomhet_id).exists():
            raise ValidationError({"maal": _("The goal is not in a letter to this agency.")})
        if self.aar and self.aar != letter.aar:
            raise ValidationError({"aar": _("The year must be the letter's year.")})


SKALA = range(1, 6)


def risikomatrise(vurderinger):
    """The 5×5 matrix: rows consequence 5→1, columns likelihood 1→5, with their goals."""
    per_celle = {}
    for vurdering in vurderinger:
        per_celle.setdefault((vurdering.sannsynlighet, vurdering.konsekvens), []).append(vurdering)
    return [
        {
            "konsekvens": k,
            "celler": [
                {
                    "sannsynlighet": s,
                    "konsekvens": k,
                    "nivaa": Risikovurdering.nivaa_for(s * k),
                    "vurderinger": per_celle.get((s, k), []),
                }
                for s in SKALA
            ],
        }
        for k in reversed(SKALA)
    ]
