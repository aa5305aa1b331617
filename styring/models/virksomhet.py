from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from styring.access import ScopedQuerySet
from styring.audit import AuditedModel


class VirksomhetQuerySet(ScopedQuerySet):
    scope_path = ""


class VirksomhetManager(models.Manager.from_queryset(VirksomhetQuerySet)):
    def get_by_natural_key(self, kode):
        return self.get(kode=kode)


class Virksomhet(AuditedModel):
    """An organisation: a department, an agency, a district, a directorate or a region."""

    class Type(models.TextChoices):
        BYRAADSAVDELING = "byraadsavdeling", _("City government department")
        ETAT = "etat", _("Agency")
        BYDEL = "bydel", _("District")
        DEPARTEMENT = "departement", _("Ministry")
        DIREKTORAT = "direktorat", _("Directorate")
        REGION = "region", _("Region")

    # Kinds whose staff steer other organisations; only these can have a *styrer*.
    STEERING_TYPES = (Type.BYRAADSAVDELING, Type.DEPARTEMENT, Type.DIREKTORAT)

    kode = models.SlugField(
        _("code"),
        max_length=40,
        unique=True,
        allow_unicode=True,
        help_text=_("Short code used in links and reports, for example BFE."),
    )
    navn = models.CharField(_("name"), max_length=200)
    type = models.CharField(_("kind"), max_length=20, choices=Type.choices)
    styres_av = models.ForeignKey(
        "self",
        verbose_name=_("steered by"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="styrte",
    )
    epost = models.EmailField(
        _("e-mail"),
        blank=True,
        help_text=_("Mailbox for reports and notices."),
    )

    objects = VirksomhetManager()

    class Meta:
        verbose_name = _("organisation")
        verbose_name_plural = _("organisations")
        ordering = ["type", "navn"]

    def __str__(self):
        return self.navn

    def natural_key(self):
        return (self.kode,)

    def get_absolute_url(self):
        return reverse("styring:virksomhet", kwargs={"kode": self.kode})

    @property
    def styrende(self):
        """Whether this kind of organisation steers others (a department or directorate);
        only such an organisation can have department staff."""
        return self.type in self.STEERING_TYPES
