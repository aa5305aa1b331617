from rest_framework.permissions import SAFE_METHODS, BasePermission

from styring.access import Action, permits


class ScopedActionPermission(BasePermission):
    """Writes need the view's ``write_action`` on the object; reads are scoped already.

    Objects outside the user's scope never get here: the view's scoped queryset
    answers 404 first.
    """

    def has_object_permission(self, request, view, obj):
        if request.method in SAFE_METHODS:
            return True
        action = getattr(view, "write_action", Action.STEER)
        return permits(request.user, action, obj)
