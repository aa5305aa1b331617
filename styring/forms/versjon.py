"""Detect that somebody else saved an object while this user had it open in a form."""

import hashlib
import json

from django import forms
from django.core.serializers.json import DjangoJSONEncoder
from django.utils.translation import gettext_lazy as _

CHANGED_BY_SOMEONE_ELSE = _(
    "Somebody else has changed this since you opened the form. "
    "Reload the page to see their changes, then make yours again."
)


def versjon(instance):
    """A fingerprint of the saved values of ``instance``."""
    values = {
        f.attname: getattr(instance, f.attname)
        for f in instance._meta.concrete_fields
        if not f.primary_key
    }
    for key, value in values.items():
        if hasattr(value, "name") and hasattr(value, "storage"):  # files
            values[key] = value.name
    raw = json.dumps(values, cls=DjangoJSONEncoder, sort_keys=True)
    return hashlib.sha256(raw.encode()).hexdigest()[:32]


class VersjonertModelForm(forms.ModelForm):
    """A model form that refuses to overwrite changes saved after it was opened."""

    versjon = forms.CharField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._saved_version = versjon(self.instance) if self.instance.pk else ""
        self.fields["versjon"].initial = self._saved_version

    def clean(self):
        cleaned = super().clean()
        if self.instance.pk and cleaned.get("versjon") != self._saved_version:
            raise forms.ValidationError(CHANGED_BY_SOMEONE_ELSE, code="samtidig_endring")
        return cleaned
