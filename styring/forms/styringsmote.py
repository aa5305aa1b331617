"""Forms of the steering calendar: a new meeting, and a meeting with its minutes."""

from pathlib import Path

from django import forms
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from styring.models import Styringsmote, Tildelingsbrev

# Allowed minutes files: extension → how the file starts (ODT and DOCX are ZIP files).
REFERAT_FILTYPER = {"pdf": b"%PDF-", "docx": b"PK\x03\x04", "odt": b"PK\x03\x04"}


class ReferatInput(forms.ClearableFileInput):
    """A file input whose "currently" link goes to the scoped download, not to /media/."""

    download_url = None

    def format_value(self, value):
        value = super().format_value(value)
        if value and self.download_url:
            return _Lagret(Path(value.name).name, self.download_url)
        return value


class _Lagret:
    def __init__(self, name, url):
        self.name, self.url = name, url

    def __str__(self):
        return self.name


class StyringsmoteForm(forms.ModelForm):
    """A meeting of one organisation; the letter is one of the letters to that organisation."""

    class Meta:
        model = Styringsmote
        fields = ["type", "dato", "start", "slutt", "sted", "tema", "saker", "brev"]
        widgets = {
            "dato": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
            "start": forms.TimeInput(attrs={"type": "time"}, format="%H:%M"),
            "slutt": forms.TimeInput(attrs={"type": "time"}, format="%H:%M"),
            "tema": forms.Textarea(attrs={"rows": 3}),
            "saker": forms.Textarea(attrs={"rows": 6}),
        }

    def __init__(self, *args, user, virksomhet, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["brev"].queryset = Tildelingsbrev.objects.for_user(user).filter(
            mottakere=virksomhet
        )

    def clean(self):
        cleaned = super().clean()
        start, slutt = cleaned.get("start"), cleaned.get("slutt")
        if slutt and not start and "start" not in self.errors:
            self.add_error("start", _("Enter a start time when you enter an end time."))
        elif start and slutt and slutt <= start:
            self.add_error("slutt", _("The meeting must end after it starts."))
        return cleaned


class StyringsmoteEndreForm(StyringsmoteForm):
    """A meeting with its minutes: as text, as a PDF, DOCX or ODT file, or both."""

    class Meta(StyringsmoteForm.Meta):
        fields = [*StyringsmoteForm.Meta.fields, "referat", "referat_fil"]
        widgets = {
            **StyringsmoteForm.Meta.widgets,
            "referat": forms.Textarea(attrs={"rows": 10}),
            "referat_fil": ReferatInput(attrs={"accept": ".pdf,.docx,.odt"}),
        }
        help_texts = {"referat_fil": _("PDF, DOCX or ODT.")}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk and self.instance.referat_fil:
            self.fields["referat_fil"].widget.download_url = reverse(
                "styring:styringsmote-referat", args=[self.instance.pk]
            )

    def clean_referat_fil(self):
        fil = self.cleaned_data.get("referat_fil")
        if isinstance(fil, UploadedFile):
            extension = Path(fil.name).suffix.lower().lstrip(".")
            signature = REFERAT_FILTYPER.get(extension)
            fil.seek(0)
            head = fil.read(len(signature or b""))
            fil.seek(0)
            if signature is None or head != signature:
                raise ValidationError(
                    _("Upload the minutes as a PDF, DOCX or ODT file."), code="filtype"
                )
        return fil
