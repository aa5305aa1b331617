"""The audit trail as the pages show it: the latest changes to one object."""

from styring.access import Action, permits
from styring.models import Endring


def endringer(*, user, obj, antall=20):
    """The latest ``antall`` changes to ``obj``, or None for a user who may not audit it
    (the page then leaves the change log out rather than showing it empty)."""
    if not permits(user, Action.AUDIT, obj):
        return None
    return (
        Endring.objects.for_user(user, Action.AUDIT)
        .for_object(obj)
        .select_related("content_type")[:antall]
    )
