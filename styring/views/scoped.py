"""Base classes for pages over domain data: they start from the user's scope."""

from django.core.exceptions import PermissionDenied

from styring.access import Action, permits


class ScopedObjectMixin:
    """Objects outside the user's scope give 404; actions beyond the role give 403."""

    model = None
    action = Action.VIEW

    def get_queryset(self):
        return self.model.objects.for_user(self.request.user)

    def get_object(self, queryset=None):
        obj = super().get_object(queryset)
        if self.action != Action.VIEW and not permits(self.request.user, self.action, obj):
            raise PermissionDenied
        return obj
