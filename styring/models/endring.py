from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.utils.translation import gettext_lazy as _

from styring.access import ScopedQuerySet, scope_owner_id


class EndringQuerySet(ScopedQuerySet):
    scope_path = "virksomhet"

    def for_object(self, obj):
        return self.filter(
            content_type=ContentType.objects.get_for_model(obj), objekt_id=str(obj.pk)
        )


class Endring(models.Model):
    """One entry in the audit trail: who changed what, when, from which value to which."""

    class Handling(models.TextChoices):
        OPPRETTET = "opprettet", _("Created")
        ENDRET = "endret", _("Changed")
        SLETTET = "slettet", _("Deleted")
        # A change that was refused because somebody else had saved first.
        AVVIST = "avvist", _("Refused (saved by someone else first)")

    tidspunkt = models.DateTimeField(_("time"), auto_now_add=True, db_index=True)
    bruker = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("user"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    # Kept as text so the trail still names the actor after the account is gone.
    utfort_av = models.CharField(_("done by"), max_length=200)
    handling = models.CharField(_("action"), max_length=20, choices=Handling.choices)
    content_type = models.ForeignKey(ContentType, on_delete=models.PROTECT)
    objekt_id = models.CharField(max_length=64)
    objekt_tekst = models.CharField(_("object"), max_length=300)
    virksomhet = models.ForeignKey(
        "styring.Virksomhet",
        verbose_name=_("organisation"),
        # The trail outlives the organisation: keep its id even after a delete.
        on_delete=models.DO_NOTHING,
        null=True,
        blank=True,
        related_name="+",
        db_constraint=False,
    )
    endringer = models.JSONField(_("changes"), default=dict)
    # Names of related objects as they were at the time, so the trail stays readable
    # after they are renamed or deleted: {attname: [old name, new name]}.
    visning = models.JSONField(default=dict, blank=True)

    objects = EndringQuerySet.as_manager()

    class Meta:
        verbose_name = _("change")
        verbose_name_plural = _("changes")
        ordering = ["-tidspunkt", "-pk"]
        indexes = [models.Index(fields=["content_type", "objekt_id"])]

    def __str__(self):
        return f"{self.get_handling_display()} {self.objekt_tekst}"

    @classmethod
    def record(cls, instance, *, handling, endringer, actor):
        user = actor if getattr(actor, "pk", None) else None
        visning = {}
        for field in instance._meta.concrete_fields:
            if field.is_relation and field.attname in endringer:
                ids = [v for v in endringer[field.attname] if v is not None]
                names = {
                    str(obj.pk): str(obj)
                    for obj in field.related_model._base_manager.filter(pk__in=ids)
                }
                visning[field.attname] = [
                    names.get(str(v), v) if v is not None else None
                    for v in endringer[field.attname]
                ]
        return cls.objects.create(
            bruker=user,
            utfort_av=user.get_username() if user else (str(actor) if actor else "system"),
            handling=handling,
            content_type=ContentType.objects.get_for_model(instance),
            objekt_id=str(instance.pk),
            objekt_tekst=str(instance)[:300],
            virksomhet_id=scope_owner_id(instance),
            endringer=endringer,
            visning=visning,
        )

    def rader(self):
        """(field label, old, new) for display: related objects by name, choices by label."""
        model = self.content_type.model_class()
        fields = {f.attname: f for f in model._meta.concrete_fields} if model else {}
        rows = []
        for name, values in self.endringer.items():
            field = fields.get(name)
            if name in self.visning:
                values = self.visning[name]
            elif field is not None and field.choices:
                labels = dict(field.flatchoices)
                values = [labels.get(v, v) if v is not None else None for v in values]
            elif isinstance(field, models.SmallIntegerField | models.PositiveSmallIntegerField):
                # Years and scores read as written, without a thousands separator.
                values = [str(v) if v is not None else None for v in values]
            rows.append((field.verbose_name if field else name, *values))
        return rows
