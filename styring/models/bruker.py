from django.contrib.auth.models import AbstractUser, UserManager
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _

from styring.access import Rolle, ScopedQuerySet
from styring.audit import AuditedModel

ONLY_STEERING_ORGANISATIONS = _(
    "Only staff of a department, ministry or directorate can be department officers."
)


class BrukerQuerySet(ScopedQuerySet):
    scope_path = "virksomhet"


class BrukerManager(UserManager.from_queryset(BrukerQuerySet)):
    pass


class Bruker(AuditedModel, AbstractUser):
    """A person who works in one organisation, with one role there."""

    audit_exclude = ("password", "last_login")

    virksomhet = models.ForeignKey(
        "styring.Virksomhet",
        verbose_name=_("organisation"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="brukere",
    )
    rolle = models.CharField(_("role"), max_length=20, choices=Rolle.choices, blank=True)

    objects = BrukerManager()

    class Meta:
        verbose_name = _("user")
        verbose_name_plural = _("users")

    def clean(self):
        super().clean()
        if bool(self.virksomhet_id) != bool(self.rolle):
            raise ValidationError(
                _("A user must have both an organisation and a role, or neither.")
            )
        if self.rolle == Rolle.STYRER and self.virksomhet and not self.virksomhet.styrende:
            raise ValidationError({"rolle": ONLY_STEERING_ORGANISATIONS})
