"""Project-wide form rendering: Punkt classes and accessible error references."""

from django import forms
from django.forms.boundfield import BoundField
from django.forms.renderers import DjangoTemplates

_UNSTYLED = (forms.CheckboxInput, forms.RadioSelect, forms.CheckboxSelectMultiple)


class PunktBoundField(BoundField):
    def build_widget_attrs(self, attrs, widget=None):
        attrs = super().build_widget_attrs(attrs, widget)
        widget = widget or self.field.widget
        if not isinstance(widget, _UNSTYLED):
            attrs["class"] = " ".join(filter(None, [attrs.get("class"), "pkt-input"]))
        if self.errors:
            # Screen readers read the error together with the field.
            described = [attrs.get("aria-describedby"), f"{self.auto_id}_error"]
            attrs["aria-describedby"] = " ".join(filter(None, described))
        return attrs


class PunktFormRenderer(DjangoTemplates):
    bound_field_class = PunktBoundField
