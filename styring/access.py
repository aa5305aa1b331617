"""Who may see and do what: the one scoping rule every domain model uses.

A user works in one organisation (``Bruker.virksomhet``) with one role. The role
decides which actions the user may take; the organisation decides where:

- department staff (*styrer*) see their own organisation and every organisation it
  steers, with the audit trail, and steer and approve the steered ones;
- everybody else sees, and within their role acts on, their own organisation only.

Each domain model's queryset inherits ``ScopedQuerySet`` and names the path from the
model to its owning organisation. ``Model.objects.for_user(user, action)`` is then the
only way pages, the API, exports, reports and e-mails reach domain data.
"""

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _


class Rolle(models.TextChoices):
    STYRER = "styrer", _("Department officer")
    GODKJENNER = "godkjenner", _("Approver")
    RAPPORTOR = "rapportor", _("Reporter")
    LESER = "leser", _("Reader")


class Action(models.TextChoices):
    VIEW = "view", _("view")
    REPORT = "report", _("report")
    APPROVE = "approve", _("approve")
    STEER = "steer", _("steer")
    AUDIT = "audit", _("view change log")


ROLE_ACTIONS = {
    Rolle.STYRER: {Action.VIEW, Action.AUDIT, Action.APPROVE, Action.STEER},
    Rolle.GODKJENNER: {Action.VIEW, Action.REPORT, Action.APPROVE},
    Rolle.RAPPORTOR: {Action.VIEW, Action.REPORT},
    Rolle.LESER: {Action.VIEW},
}


def organisation_filter(user, action=Action.VIEW):
    """A Q over Virksomhet for the organisations where ``user`` may take ``action``.

    Returns None when the user may act everywhere (superusers), and a Q that
    matches nothing when the user may act nowhere.
    """
    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return Q(pk__in=[])
    if user.is_superuser:
        return None
    if user.virksomhet_id is None or action not in ROLE_ACTIONS.get(user.rolle, ()):
        return Q(pk__in=[])
    if user.rolle == Rolle.STYRER:
        steered = Q(styres_av_id=user.virksomhet_id)
        if action in (Action.VIEW, Action.AUDIT):
            return steered | Q(pk=user.virksomhet_id)
        return steered
    return Q(pk=user.virksomhet_id)


class ScopedQuerySet(models.QuerySet):
    """Base queryset of every domain model.

    ``scope_path`` is the lookup from the model to its owning Virksomhet; an empty
    string means the model *is* the organisation. ``shared_with`` names further,
    possibly many-valued, paths to organisations that take part in the object on the
    same terms as its owner (the recipients of a letter, say).
    """

    scope_path = "virksomhet"
    shared_with = ()

    def for_user(self, user, action=Action.VIEW):
        condition = organisation_filter(user, action)
        if condition is None:
            return self
        if not self.scope_path:
            return self.filter(condition)
        from styring.models import Virksomhet

        owners = Virksomhet.objects.filter(condition).values("pk")
        return self.filter(self.scope_condition(owners, action))

    def scope_condition(self, owners, action):
        """A Q matching the objects of the organisations in ``owners``."""
        condition = self.path_condition(self.scope_path, owners)
        for path in self.shared_with:
            condition |= self.path_condition(path, owners)
        return condition

    def path_condition(self, path, owners, **extra):
        """A Q matching the objects whose ``path`` leads into ``owners``.

        A many-valued path gets a subquery of its own: joined into the outer query it
        would repeat rows, and one subquery over all paths ORed together is several
        times slower on PostgreSQL than one per path.
        """
        lookup = Q(**{f"{path}__in": owners}, **extra)
        if not _many_valued(self.model, path):
            return lookup
        return Q(pk__in=self.model._base_manager.filter(lookup).values("pk"))

    def permits(self, user, action, obj):
        """Whether ``user`` may take ``action`` on ``obj`` (one query)."""
        return self.for_user(user, action).filter(pk=obj.pk).exists()


def _many_valued(model, path):
    """Whether following ``path`` from ``model`` can reach more than one object."""
    for hop in path.split("__"):
        field = model._meta.get_field(hop)
        if field.many_to_many or field.one_to_many:
            return True
        model = field.related_model
    return False


def scope_owner_id(instance):
    """The id of the organisation that owns ``instance``, following its scope path."""
    path = getattr(type(instance)._default_manager.get_queryset(), "scope_path", None)
    if path is None:
        return None
    if not path:
        return instance.pk
    *hops, last = path.split("__")
    target = instance
    for hop in hops:
        target = getattr(target, hop, None)
        if target is None:
            return None
    return getattr(target, f"{last}_id", None)
