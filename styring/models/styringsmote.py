from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from styring.access import ScopedQuerySet
from styring.audit import AuditedModel


class StyringsmoteQuerySet(ScopedQuerySet):
    scope_path = "virksomhet"


class Styringsmote(AuditedModel):
    """A meeting of the steering calendar between the department and one agency."""

    class Type(models.TextChoices):
        ETATSSTYRINGSMOTE = "etatsstyringsmote", _("Agency steering meeting")
        VIRKSOMHETSSTYRINGSSAMTALE = "virksomhetsstyringssamtale", _("Steering dialogue")
        DIREKTORMOTE = "direktormote", _("Directors' meeting")
        ANNET = "annet", _("Other meeting")

    virksomhet = models.ForeignKey(
        "styring.Virksomhet",
        verbose_name=_("agency"),
        on_delete=models.PROTECT,
        related_name="styringsmoter",
    )
    brev = models.ForeignKey(
        "styring.Tildelingsbrev",
        verbose_name=_("letter"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="styringsmoter",
    )
    type = models.CharField(_("kind"), max_length=30, choices=Type.choices)
    dato = models.DateField(_("date"))
    start = models.TimeField(_("starts"), null=True, blank=True)
    slutt = models.TimeField(_("ends"), null=True, blank=True)
    sted = models.CharField(_("place"), max_length=200, blank=True)
    tema = models.TextField(_("theme"), blank=True)
    saker = models.TextField(_("agenda"), blank=True, help_text=_("One agenda item per line."))
    referat = models.TextField(_("minutes"), blank=True)
    referat_fil = models.FileField(_("minutes as file"), upload_to="referater/%Y/", blank=True)

    objects = StyringsmoteQuerySet.as_manager()

    class Meta:
        verbose_name = _("steering meeting")
        verbose_name_plural = _("steering meetings")
        ordering = ["dato", "start", "pk"]

    def __str__(self):
        return f"{self.get_type_display()} {self.virksomhet}"

    def get_absolute_url(self):
        return reverse("styring:styringsmote", args=[self.pk])

    @property
    def sakliste(self):
        return [line.strip() for line in self.saker.splitlines() if line.strip()]
