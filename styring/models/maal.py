"""The goal chain and the directives of a letter."""

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from styring.access import Action
from styring.models.brev import (
    Brevdel,
    BrevdelQuerySet,
    Rapporteringskrav,
    Seksjon,
    brevfelt,
)


class MaalQuerySet(BrevdelQuerySet):
    def for_user(self, user, action=Action.VIEW):
        scoped = super().for_user(user, action)
        # The municipality's goals are public policy: every signed-in user reads them.
        if action == Action.VIEW and getattr(user, "is_authenticated", False):
            return self.filter(Q(pk__in=scoped.values("pk")) | Q(brev__isnull=True))
        return scoped

    def tre(self):
        """Goals ordered as the letter prints them, parents before children."""
        return self.order_by("rekkefolge", "pk")


class Maal(Brevdel):
    """One node of a goal tree: a goal, a sub-goal or a measure.

    The same tree serves the municipality (kommunemål → sektormål → tiltak) and the
    state (hovedmål → delmål). Kommunemål belong to a plan period, not to a letter.
    """

    class Nivaa(models.TextChoices):
        KOMMUNEMAAL = "kommunemaal", _("Municipal goal")
        SEKTORMAAL = "sektormaal", _("Sector goal")
        TILTAK = "tiltak", _("Measure")
        HOVEDMAAL = "hovedmaal", _("Main goal")
        DELMAAL = "delmaal", _("Sub-goal")

    # Which level may sit under which; a root has no parent.
    PARENT_LEVEL = {
        Nivaa.KOMMUNEMAAL: None,
        Nivaa.SEKTORMAAL: Nivaa.KOMMUNEMAAL,
        Nivaa.TILTAK: Nivaa.SEKTORMAAL,
        Nivaa.HOVEDMAAL: None,
        Nivaa.DELMAAL: Nivaa.HOVEDMAAL,
    }

    brev = brevfelt(related_name="maal")
    planperiode = models.ForeignKey(
        "styring.Planperiode",
        verbose_name=_("municipal plan"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="kommunemaal",
    )
    forelder = models.ForeignKey(
        "self",
        verbose_name=_("under"),
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="barn",
    )
    nivaa = models.CharField(_("level"), max_length=20, choices=Nivaa.choices)
    kode = models.CharField(_("code"), max_length=20)
    tekst = models.TextField(_("goal"))
    beskrivelse = models.TextField(_("description"), blank=True)
    presisering = models.TextField(_("clarification"), blank=True)
    rapportering = models.TextField(_("how it is reported"), blank=True)
    samarbeid = models.CharField(_("in cooperation with"), max_length=300, blank=True)
    kopiert_fra = models.ForeignKey(
        "self",
        verbose_name=_("copied from"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="kopier",
    )

    objects = MaalQuerySet.as_manager()

    # What a department officer enters, on the page and through the API alike.
    EDITABLE_FIELDS = [
        "nivaa",
        "forelder",
        "kode",
        "tekst",
        "beskrivelse",
        "presisering",
        "rapportering",
        "samarbeid",
        "rekkefolge",
    ]

    class Meta(Brevdel.Meta):
        verbose_name = _("goal")
        verbose_name_plural = _("goals")
        constraints = [
            models.CheckConstraint(
                condition=Q(brev__isnull=False) | Q(planperiode__isnull=False),
                name="maal_tilhorer_brev_eller_plan",
            )
        ]

    def __str__(self):
        return f"{self.kode} {self.tekst}"

    @property
    def anker(self):
        return f"maal-{self.pk}"

    @property
    def kode_visning(self):
        """The code as the letter prints it: "Mål 1", "Delmål 1.1", "1.2.1"."""
        prefix = {
            self.Nivaa.KOMMUNEMAAL: _("Goal %(code)s"),
            self.Nivaa.HOVEDMAAL: _("Main goal %(code)s"),
            self.Nivaa.DELMAAL: _("Sub-goal %(code)s"),
        }.get(self.nivaa)
        return prefix % {"code": self.kode} if prefix else self.kode

    def clean(self):
        super().clean()
        expected = self.PARENT_LEVEL.get(self.nivaa)
        parent = self.forelder
        if expected is None and parent is not None:
            raise ValidationError({"forelder": _("A goal at this level has no parent.")})
        if expected is not None and (parent is None or parent.nivaa != expected):
            message = _("Choose a parent goal of the level above (%(level)s).")
            raise ValidationError({"forelder": message % {"level": self.Nivaa(expected).label}})
        if self.nivaa == self.Nivaa.KOMMUNEMAAL:
            if self.planperiode_id is None:
                raise ValidationError({"planperiode": _("A municipal goal needs its plan.")})
        elif self.brev_id is None:
            raise ValidationError({"brev": _("The goal must belong to a letter.")})
        letter = self.brev if self.brev_id else None
        allowed = {None, self.brev_id, letter.supplerer_id if letter else None}
        if parent is not None and parent.brev_id not in allowed:
            raise ValidationError({"forelder": _("The parent goal belongs to another letter.")})


class Foring(Brevdel):
    """A directive of the letter, under a theme, perhaps with a duty to report on it."""

    brev = models.ForeignKey(
        "styring.Tildelingsbrev",
        verbose_name=_("letter"),
        on_delete=models.CASCADE,
        related_name="foringer",
    )
    seksjon = models.ForeignKey(
        Seksjon,
        verbose_name=_("section"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="foringer",
    )
    tema = models.CharField(_("theme"), max_length=300, blank=True)
    tekst = models.TextField(_("text"))
    rapporteringsplikt = models.TextField(
        _("reporting duty"), blank=True, help_text=_("What the agency must report on.")
    )
    rapporteres_i = models.ForeignKey(
        Rapporteringskrav,
        verbose_name=_("reported in"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="foringer",
    )
    kopiert_fra = models.ForeignKey(
        "self", on_delete=models.SET_NULL, null=True, blank=True, related_name="kopier"
    )

    class Meta(Brevdel.Meta):
        verbose_name = _("directive")
        verbose_name_plural = _("directives")

    def __str__(self):
        return self.tema or self.tekst[:60]

    def clean(self):
        super().clean()
        for field in ("seksjon", "rapporteres_i"):
            related = getattr(self, field)
            if related is not None and related.brev_id != self.brev_id:
                raise ValidationError({field: _("Choose one from the same letter.")})


def maalfelt(*, related_name, help_text=""):
    """An app's optional link to the goal or measure its object serves (the *rød tråd*);
    the link is cleared, not the object, when the goal goes."""
    return models.ForeignKey(
        "styring.Maal",
        verbose_name=_("goal or measure"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name=related_name,
        help_text=help_text,
    )
