from django import forms
from django.core.validators import FileExtensionValidator
from django.utils.translation import gettext_lazy as _

from oppdrag.models import LEVERANSE_FILTYPER, Oppdrag, Status
from styring.perioder import Tertial

DATE_WIDGET = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class OversiktFilter(forms.Form):
    """The filters of the assignment overview; invalid values are simply ignored."""

    VINDUER = [
        ("", _("All")),
        ("forfalt", _("Overdue")),
        ("30", _("Due within 30 days")),
        ("venter", _("Delivered, awaiting approval")),
        ("avklares", _("Deadline to be resolved")),
    ]

    aar = forms.IntegerField(label=_("Year"), required=False, min_value=2000, max_value=2100)
    virksomhet = forms.ChoiceField(label=_("Agency"), required=False)
    status = forms.ChoiceField(
        label=_("Status"), required=False, choices=[("", _("All")), *Status.choices]
    )
    art = forms.ChoiceField(
        label=_("Kind"), required=False, choices=[("", _("All")), *Oppdrag.Art.choices]
    )
    vindu = forms.ChoiceField(label=_("Due"), required=False, choices=VINDUER)

    def __init__(self, *args, virksomheter, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["virksomhet"].choices = [("", _("All"))] + [
            (v.kode, v.navn) for v in virksomheter
        ]


class StatusForm(forms.Form):
    til = forms.ChoiceField(label=_("New status"))
    kommentar = forms.CharField(
        label=_("Comment"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Required when returning, postponing or dropping."),
    )
    ny_frist = forms.DateField(
        label=_("New deadline"),
        required=False,
        widget=DATE_WIDGET,
        help_text=_("Only when postponing."),
    )
    forventet_status = forms.CharField(widget=forms.HiddenInput)

    def __init__(self, *args, valg, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["til"].choices = [(status, Status(status).label) for status in valg]


class StatusrapportForm(forms.Form):
    aar = forms.IntegerField(label=_("Year"), min_value=2000, max_value=2100)
    tertial = forms.TypedChoiceField(label=_("Tertial"), choices=Tertial.choices, coerce=int)
    tekst = forms.CharField(label=_("Status"), widget=forms.Textarea(attrs={"rows": 5}))


class LeveranseForm(forms.Form):
    dato = forms.DateField(label=_("Delivered on"), widget=DATE_WIDGET)
    beskrivelse = forms.CharField(
        label=_("Description"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )
    fil = forms.FileField(
        label=_("File"),
        required=False,
        validators=[FileExtensionValidator(LEVERANSE_FILTYPER)],
        help_text=_("PDF, Word, Excel, OpenDocument or PowerPoint."),
    )
    lenke = forms.URLField(label=_("Link"), required=False, assume_scheme="https")

    def clean(self):
        cleaned = super().clean()
        if not cleaned.get("fil") and not cleaned.get("lenke") and not self.errors:
            raise forms.ValidationError(_("Upload a file or give a link."), code="uten_innhold")
        return cleaned


class FristForm(forms.Form):
    """Department staff resolve a deadline the parser could not read, or correct one."""

    frist_tekst = forms.CharField(
        label=_("Deadline as written"), widget=forms.Textarea(attrs={"rows": 2})
    )
    dato = forms.DateField(
        label=_("Deadline"),
        required=False,
        widget=DATE_WIDGET,
        help_text=_("Leave empty to read the date from the text."),
    )
