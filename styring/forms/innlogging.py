from django import forms
from django.conf import settings
from django.contrib.auth.forms import AuthenticationForm
from django.utils.translation import gettext_lazy as _

from styring import login_throttle

LOCKED_MESSAGE = _(
    "Too many failed logins. Wait %(minutes)s minutes and try again, or contact user support."
)


class InnloggingForm(AuthenticationForm):
    """Django's login form, refusing attempts while the account or address is locked."""

    def clean(self):
        username = self.cleaned_data.get("username", "")
        address = login_throttle.client_address(self.request)
        if login_throttle.is_locked(username, address):
            raise forms.ValidationError(
                LOCKED_MESSAGE,
                code="throttled",
                params={"minutes": max(1, settings.LOGIN_LOCKOUT_SECONDS // 60)},
            )
        try:
            cleaned = super().clean()
        except forms.ValidationError:
            login_throttle.register_failure(username, address)
            raise
        login_throttle.register_success(username)
        return cleaned
