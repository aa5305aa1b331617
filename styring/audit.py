"""The audit trail: every create, update and delete of a domain object is recorded.

Domain models inherit ``AuditedModel``. Values as loaded from the database are kept
on the instance, so an update records old → new without an extra query. The actor is
the user of the current request (set by ``RequestContextMiddleware``) or, outside a
request, whoever ``acting_as`` names (a management command, a Celery task).

``QuerySet.update()`` and ``bulk_create()`` bypass this: domain code uses ``save()``.
"""

import contextvars
import json
from contextlib import contextmanager

from django.core.serializers.json import DjangoJSONEncoder
from django.db import models
from django.db.models.fields.files import FieldFile
from django.db.models.signals import post_delete, post_save, pre_save
from django.dispatch import receiver

_current_request = contextvars.ContextVar("current_request", default=None)
_current_actor = contextvars.ContextVar("current_actor", default=None)


@contextmanager
def request_context(request):
    token = _current_request.set(request)
    try:
        yield
    finally:
        _current_request.reset(token)


@contextmanager
def acting_as(actor):
    """Attribute changes made in this block to ``actor``: a user or a short label."""
    token = _current_actor.set(actor)
    try:
        yield
    finally:
        _current_actor.reset(token)


def current_actor():
    actor = _current_actor.get()
    if actor is not None:
        return actor
    request = _current_request.get()
    user = getattr(request, "user", None)
    if user is not None and user.is_authenticated:
        return user
    return None


def _plain(value):
    if isinstance(value, FieldFile):
        value = value.name or None
    return json.loads(json.dumps(value, cls=DjangoJSONEncoder))


class AuditedModel(models.Model):
    """Abstract base of every domain model whose changes must be traceable."""

    # Fields never written to the trail (secrets, bookkeeping timestamps).
    audit_exclude = ()

    class Meta:
        abstract = True

    @classmethod
    def from_db(cls, db, field_names, values):
        instance = super().from_db(db, field_names, values)
        instance._audit_loaded = dict(zip(field_names, values, strict=True))
        return instance

    def audit_values(self):
        return {
            f.attname: getattr(self, f.attname)
            for f in self._meta.concrete_fields
            if f.attname not in self.audit_exclude
        }


@receiver(pre_save)
def _load_missing_snapshot(sender, instance, raw, **kwargs):
    if raw or not isinstance(instance, AuditedModel) or instance.pk is None:
        return
    # An instance built by hand with an existing pk: read the row it will overwrite.
    if getattr(instance, "_audit_loaded", None) is None:
        fields = [f.attname for f in instance._meta.concrete_fields]
        instance._audit_loaded = sender._base_manager.filter(pk=instance.pk).values(*fields).first()


@receiver(post_save)
def _record_save(sender, instance, created, raw, **kwargs):
    if raw or not isinstance(instance, AuditedModel):
        return
    from styring.models import Endring

    current = instance.audit_values()
    before = getattr(instance, "_audit_loaded", None) or {}
    pk_name = instance._meta.pk.attname
    if created or not before:
        changes = {k: [None, _plain(v)] for k, v in current.items() if k != pk_name}
    else:
        changes = {
            k: [_plain(before[k]), _plain(v)]
            for k, v in current.items()
            if k in before and _plain(before[k]) != _plain(v)
        }
    instance._audit_loaded = current
    if not changes:
        return
    Endring.record(
        instance,
        handling=Endring.Handling.OPPRETTET if created else Endring.Handling.ENDRET,
        endringer=changes,
        actor=current_actor(),
    )


@receiver(post_delete)
def _record_delete(sender, instance, **kwargs):
    if not isinstance(instance, AuditedModel):
        return
    from styring.models import Endring

    pk_name = instance._meta.pk.attname
    changes = {k: [_plain(v), None] for k, v in instance.audit_values().items() if k != pk_name}
    Endring.record(
        instance, handling=Endring.Handling.SLETTET, endringer=changes, actor=current_actor()
    )
