"""The forms of a report's page: its values (one field per value the kind asks for), and
the workflow's actions. They only read and shape what was posted; the service decides."""

from django import forms

HANDLINGER = ("lagre", "lever", "godkjenn", "returner", "aapne")


class Verdiskjema(forms.Form):
    """Base of a kind's values form: the version the values were read at, the values as
    typed (``raw``), and the service's errors shown at their fields (``vis_feil``)."""

    versjon = forms.IntegerField(required=False, min_value=0, widget=forms.HiddenInput)

    # {error key of the kind ("felt|rad", "belop|<id>"): form field name}
    feltnavn = None

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.feltnavn = {}

    def legg_til(self, nokkel, navn, field):
        """Add ``field`` as ``navn``; the service's errors keyed ``nokkel`` land on it."""
        self.fields[navn] = field
        self.feltnavn[nokkel] = navn

    def lest_versjon(self):
        """The version the page was read at; -1 (never current) when it did not say."""
        versjon = self.cleaned_data.get("versjon")
        return -1 if versjon is None else versjon

    def raw(self):
        """The values as typed, keyed as the kind's ``kontroller`` wants them."""
        raise NotImplementedError

    def vis_feil(self, feil):
        """Put the service's errors ({key: [messages]}) on their fields."""
        for nokkel, messages in feil.items():
            navn = self.feltnavn.get(nokkel)
            for message in messages:
                self.add_error(navn, message)

    def celle(self, navn):
        """The bound field ``navn`` with what a table cell needs to show it."""
        bound = self[navn]
        value = bound.value()
        return {
            "navn": bound.html_name,
            "id": bound.field.widget.attrs["id"],
            "etikett": bound.label,
            "verdi": "" if value is None else value,
            "feil": list(bound.errors),
            "tekst": isinstance(bound.field.widget, forms.Textarea),
        }

    def oppsummering(self):
        """The error summary: a link to each field with an error, in the form's order."""
        summary = [{"id": "", "tekst": str(error)} for error in self.non_field_errors()]
        for bound in self:
            for error in bound.errors:
                target = bound.field.widget.attrs.get("id", bound.auto_id)
                summary.append({"id": target, "tekst": f"{bound.label}: {error}"})
        return summary


def verdifelt(*, etikett, element_id, tekst=False):
    """One value as typed: text on one line, or a text area for free text."""
    attrs = {"id": element_id}
    widget = forms.Textarea(attrs={**attrs, "rows": 2}) if tekst else forms.TextInput(attrs)
    return forms.CharField(label=etikett, required=False, widget=widget)


class Handlingsskjema(forms.Form):
    """Which action a page's button asked for, and the version the page showed."""

    handling = forms.ChoiceField(choices=[(h, h) for h in HANDLINGER], required=False)
    versjon = forms.IntegerField(required=False, min_value=0)
    kommentar = forms.CharField(required=False, strip=False)

    def valgt(self):
        """The action asked for; a form without a button's value saves."""
        return self.cleaned_data.get("handling") or "lagre"


class Gjenaapningsskjema(forms.Form):
    """The department lifts a lock: why, and until when (the service says what is missing)."""

    grunn = forms.CharField(required=False)
    gyldig_til = forms.DateField(required=False, input_formats=["%Y-%m-%d"])

    def verdier(self):
        """(reason, date); a date that cannot be read is no date."""
        self.is_valid()
        return self.cleaned_data.get("grunn", ""), self.cleaned_data.get("gyldig_til")
