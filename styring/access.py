"""Who may see and do what: the rule book every page, API call, export, report and e-mail
asks through ``permits()`` and ``Model.objects.for_user(user, action)``.

A user works in one organisation (``Bruker.virksomhet``) with one role. Each action names
the roles that may take it and how far it reaches from the user's organisation:

- what the user *sees* (``SEES``): their own organisation and, for department staff, every
  organisation it steers — along each model's ``scope_path`` and ``shared_with``;
- what the user's organisation *reports* (``REPORTS``): objects whose ``reporter_path``
  leads to the user's own organisation — the agency writes its own numbers, status
  reports, deliveries and accounts, never those of another;
- what the user's organisation *steers* (``STEERS``): objects whose ``steering_path``
  leads to the user's own organisation — the department approves, returns and reopens
  what its agencies submit, writes their letters and sets their deadlines.

So a department user, whatever their role, never writes an agency's numbers: the
department steers, the agency reports.
"""

import enum
from dataclasses import dataclass

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
    AUDIT = "audit", _("view change log")
    ORDER = "order", _("order reports")
    REPORT = "report", _("report")
    SUBMIT = "submit", _("submit")
    APPROVE = "approve", _("approve")
    STEER = "steer", _("steer")


class Reach(enum.Enum):
    SEES = "sees"
    REPORTS = "reports"
    STEERS = "steers"


@dataclass(frozen=True)
class Rule:
    roles: frozenset
    reach: Reach
    doc: str


ALL_ROLES = frozenset(Rolle)

RULES = {
    Action.VIEW: Rule(ALL_ROLES, Reach.SEES, "read what the user's organisation sees"),
    Action.AUDIT: Rule(
        frozenset({Rolle.STYRER}), Reach.SEES, "department staff read the change log"
    ),
    Action.ORDER: Rule(
        frozenset({Rolle.STYRER, Rolle.GODKJENNER}),
        Reach.SEES,
        "order, preview and subscribe to reports of an organisation one sees",
    ),
    Action.REPORT: Rule(
        frozenset({Rolle.GODKJENNER, Rolle.RAPPORTOR}),
        Reach.REPORTS,
        "enter the organisation's own numbers, status reports, deliveries and risks",
    ),
    Action.SUBMIT: Rule(
        frozenset({Rolle.GODKJENNER}),
        Reach.REPORTS,
        "the organisation's approver submits its own reports to the department",
    ),
    Action.APPROVE: Rule(
        frozenset({Rolle.STYRER}),
        Reach.STEERS,
        "department staff approve, return and reopen what the agencies submitted",
    ),
    Action.STEER: Rule(
        frozenset({Rolle.STYRER}),
        Reach.STEERS,
        "department staff write letters, set deadlines, define obligations, hold meetings",
    ),
}


def role_allows(user, action):
    """Whether the user's role may take ``action`` at all (somewhere)."""
    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return False
    if user.is_superuser:
        return True
    return user.virksomhet_id is not None and user.rolle in RULES[action].roles


def permits(user, action, obj=None):
    """Whether ``user`` may take ``action`` on ``obj`` (one query); without ``obj``,
    whether the user may take it anywhere (the role alone, and for steering actions an
    organisation to steer)."""
    if obj is not None:
        manager = type(obj)._default_manager
        return manager.for_user(user, action).filter(pk=obj.pk).exists()
    if not role_allows(user, action):
        return False
    if RULES[action].reach is Reach.STEERS and not user.is_superuser:
        from styring.models import Virksomhet

        return Virksomhet.objects.filter(styres_av_id=user.virksomhet_id).exists()
    return True


def _visible_organisations(user):
    """A Q over Virksomhet: the user's own organisation, and those it steers."""
    own = Q(pk=user.virksomhet_id)
    if user.rolle == Rolle.STYRER:
        return own | Q(styres_av_id=user.virksomhet_id)
    return own


class ScopedQuerySet(models.QuerySet):
    """Base queryset of every domain model.

    ``scope_path`` is the lookup from the model to its owning Virksomhet; an empty
    string means the model *is* the organisation. ``shared_with`` names further,
    possibly many-valued, paths to organisations that take part in the object on the
    same terms as its owner (the recipients of a letter, say). ``reporter_path`` leads to
    the organisation that reports on the object (default: the owner), ``steering_path``
    to the one whose department staff steer it (default: the department steering the
    owner).
    """

    scope_path = "virksomhet"
    shared_with = ()
    reporter_path = None
    steering_path = None

    def for_user(self, user, action=Action.VIEW):
        if not role_allows(user, action):
            return self.none()
        if user.is_superuser:
            return self
        reach = RULES[action].reach
        if reach is Reach.SEES:
            return self._seen_by(user, action)
        path = self._reporter_path() if reach is Reach.REPORTS else self._steering_path()
        if path is None:
            return self.none()
        return self.filter(self.path_condition(path, [user.virksomhet_id]))

    def _seen_by(self, user, action):
        condition = _visible_organisations(user)
        if not self.scope_path:
            return self.filter(condition)
        from styring.models import Virksomhet

        owners = Virksomhet.objects.filter(condition).values("pk")
        return self.filter(self.scope_condition(owners, action))

    def _reporter_path(self):
        return self.scope_path if self.reporter_path is None else self.reporter_path

    def _steering_path(self):
        if self.steering_path is not None:
            return self.steering_path
        if self.scope_path is None:
            return None
        return f"{self.scope_path}__styres_av" if self.scope_path else "styres_av"

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
        lookup = Q(**{f"{path}__in" if path else "pk__in": owners}, **extra)
        if not path or not _many_valued(self.model, path):
            return lookup
        return Q(pk__in=self.model._base_manager.filter(lookup).values("pk"))


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
